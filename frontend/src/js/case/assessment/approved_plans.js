// The approved plans task (?task=assessment-approved_plans): the drawings listed on the decision notice,
// by drawing number. Pre-filled from the case's plan documents with the applicant's drawing numbers; the
// officer ticks which documents the permission approves and enters or corrects the numbers.
import { documentTypeLabel } from "../../document-types.js";
import { h } from "../../dom.js";
import { checkboxes, textInput } from "../../forms.js";
import { taskPage } from "./page.js";

function planRows(data) {
  return h(
    "table",
    { class: "govuk-table", id: "approved-plans" },
    h("caption", { class: "govuk-table__caption govuk-table__caption--s" }, "Plans listed on the decision notice"),
    h(
      "thead",
      { class: "govuk-table__head" },
      h("tr", { class: "govuk-table__row" }, ["Drawing number", "Title"].map((text) => h("th", { scope: "col", class: "govuk-table__header" }, text))),
    ),
    h(
      "tbody",
      { class: "govuk-table__body" },
      (data.plans || []).map((p) =>
        h("tr", { class: "govuk-table__row" }, h("td", { class: "govuk-table__cell" }, p.drawing_number || "None"), h("td", { class: "govuk-table__cell" }, p.title)),
      ),
    ),
  );
}

export const approvedPlansPage = taskPage("approved_plans", {
  prefilledFrom: "the application's plans and the drawing numbers the applicant gave them",
  build: (data, ctx) => {
    const listed = new Map((data.plans || []).map((p) => [p.document_id, p]));
    const documents = (ctx.detail.documents || []).filter((d) => d.status === "received" && !d.archived);
    // the listed plans first, in the notice's order, then the case's other documents
    const ordered = [
      ...(data.plans || []).map((p) => documents.find((d) => d.id === p.document_id)).filter(Boolean),
      ...documents.filter((d) => !listed.has(d.id)),
    ];
    const rows = ordered.map((document, index) => {
      const plan = listed.get(document.id);
      const id = `plan-${index + 1}`;
      return {
        document,
        include: checkboxes({
          name: `${id}-include`,
          id: `${id}-include`,
          legend: document.file_name,
          size: "s",
          small: true,
          value: plan ? ["yes"] : [],
          options: [{ value: "yes", text: "List on the decision notice", hint: (document.tags || []).map(documentTypeLabel).join(", ") || null }],
        }),
        number: textInput({ name: `${id}-number`, id: `${id}-number`, label: `Drawing number of ${document.file_name}`, width: 20, value: plan?.drawing_number || "" }),
        title: textInput({ name: `${id}-title`, id: `${id}-title`, label: `Title of ${document.file_name}`, width: 30, value: plan?.title || "" }),
      };
    });
    const aliases = {};
    return {
      fields: rows.flatMap((row) => [row.include, row.number, row.title]),
      aliases,
      before: documents.length ? [] : [h("p", { class: "govuk-body" }, "The application has no documents yet: upload the plans first.")],
      validate: (status) =>
        status === "completed"
          ? rows
              .filter((row) => row.include.read().length && !row.number.read())
              .map((row) => ({ field: row.number, message: `Enter the drawing number of ${row.document.file_name}` }))
          : [],
      read: () => {
        const chosen = rows.filter((row) => row.include.read().length);
        chosen.forEach((row, k) => {
          aliases[`plans[${k}].document_id`] = row.include.name;
          aliases[`plans[${k}].drawing_number`] = row.number.name;
          aliases[`plans[${k}].title`] = row.title.name;
        });
        return { plans: chosen.map((row) => ({ document_id: row.document.id, drawing_number: row.number.read(), title: row.title.read() })) };
      },
    };
  },
  show: (data) => (data.plans?.length ? planRows(data) : h("p", { class: "govuk-body" }, "No plans listed.")),
});
