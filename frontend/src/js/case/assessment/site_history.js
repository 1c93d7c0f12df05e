// The assessment's "Check site history" task (?task=assessment-site_history): earlier applications at the
// same site (the council's own and those imported from its previous system), each marked relevant or not
// with a comment, and the officer's summary; and this application's reference in the previous system.
import { api, path } from "../../api.js";
import { flash } from "../../auth.js";
import { h, summaryList } from "../../dom.js";
import { date, tag } from "../../format.js";
import { checkboxes, form, textarea, textInput } from "../../forms.js";
import { caseUrl } from "../tasks.js";
import { reviewNote, reviewPart } from "./page.js";
import { assessmentUrl, editable, readOnlyNote, taskPath, taskSaveForm, taskStatus } from "./constraints.js";

const SOURCES = { council: ["This council", "blue"], legacy: ["Previous system", "grey"] };

function entryCard(entry, index, controls) {
  const [label, colour] = SOURCES[entry.source] || [entry.source, "grey"];
  const decided = [entry.decision, entry.decision_date ? date(entry.decision_date) : null].filter(Boolean).join(", ");
  const reference =
    entry.source === "council"
      ? h("a", { class: "govuk-link", href: caseUrl(entry.reference) }, entry.reference)
      : entry.reference;
  return h(
    "div",
    { class: "govuk-summary-card" },
    h(
      "div",
      { class: "govuk-summary-card__title-wrapper" },
      h("h2", { class: "govuk-summary-card__title", id: `history-${index}-title` }, reference, " ", tag(label, colour)),
    ),
    h(
      "div",
      { class: "govuk-summary-card__content" },
      summaryList([
        ["Previous system reference", entry.alternative_reference || ""],
        ["Address", entry.address],
        ["UPRN", entry.uprn || ""],
        ["Proposal", entry.description || ""],
        ["Decision", decided || (entry.status ? `Not decided (${entry.status.replaceAll("_", " ")})` : "Not recorded")],
      ]),
      controls,
    ),
  );
}

function alternativeReferenceForm(ctx) {
  const reference = ctx.application.reference;
  const field = textInput({
    name: "alternative_reference",
    id: "alternative-reference",
    label: "This application's reference in the previous system (optional)",
    hint: "Shown with this application when a later application at the site lists its history",
    width: 20,
    value: ctx.application.alternative_reference || "",
  });
  return form({
    id: "alternative-reference-form",
    fields: [field],
    submitText: "Save the reference",
    onSubmit: async () => {
      await api(path.action(reference, "alternative-reference"), {
        method: "PUT",
        body: { alternative_reference: field.read() || null },
      });
      flash({ success: true, title: "Reference in the previous system saved" });
      window.location.assign(caseUrl(reference, { task: "assessment-site_history" }));
    },
  });
}

export async function siteHistoryPage(ctx) {
  const reference = ctx.application.reference;
  const task = await api(taskPath(reference, "site_history"));
  const data = task.data || {};
  const entries = data.entries || [];
  const title = "Check site history";
  const back = [assessmentUrl(reference), "Back to the assessment"];
  const reviewing = reviewPart(ctx, task);
  const intro = [
    summaryList([["Status", taskStatus(task)]]),
    reviewNote(task),
    h(
      "p",
      { class: "govuk-body" },
      entries.length
        ? "Earlier applications at the same site (the same UPRN, else the same address), newest first."
        : "There are no earlier applications at this site, in this system or imported from the previous one.",
    ),
  ];

  if (!editable(ctx)) {
    return {
      title,
      back,
      content: [
        reviewing ? null : readOnlyNote(ctx),
        intro,
        entries.map((entry, index) =>
          entryCard(entry, index, entry.relevant ? h("p", { class: "govuk-body" }, `Relevant. ${entry.comment || ""}`) : null),
        ),
        data.summary ? [h("h2", { class: "govuk-heading-m" }, "Summary"), h("p", { class: "govuk-body" }, data.summary)] : null,
        reviewing?.content,
      ],
      start: reviewing?.start,
    };
  }

  const aliases = { "data.summary": "summary" };
  const controls = entries.map((entry, index) => {
    aliases[`data.entries[${index}].comment`] = `entry-${index}-comment`;
    const relevant = checkboxes({
      name: `entry-${index}-relevant`,
      id: `entry-${index}-relevant`,
      legend: `Is ${entry.reference} relevant to this application?`,
      small: true,
      options: [{ value: "yes", text: "Relevant" }],
      value: entry.relevant ? ["yes"] : [],
    });
    const comment = textarea({
      name: `entry-${index}-comment`,
      id: `entry-${index}-comment`,
      label: `Comment on ${entry.reference} (optional)`,
      rows: 2,
      value: entry.comment || "",
    });
    return { relevant, comment };
  });
  const summary = textarea({
    name: "summary",
    id: "site-history-summary",
    label: "Summary of the site's history",
    size: "m",
    value: data.summary || "",
    required: "Write a summary of the site's history",
  });
  const fields = [...controls.flatMap((c) => [c.relevant, c.comment]), summary];
  const read = () => ({
    entries: entries.map((entry, index) => ({
      ...entry,
      relevant: controls[index].relevant.read().includes("yes"),
      comment: controls[index].comment.read(),
    })),
    summary: summary.read(),
  });
  const cards = entries.map((entry, index) =>
    entryCard(entry, index, [controls[index].relevant.group, controls[index].comment.group]),
  );
  // The cards carry their own controls: the form holds them in place, then the summary.
  const saveForm = taskSaveForm({
    id: "site-history-form",
    ctx,
    task: "site_history",
    title,
    fields: [summary],
    read,
    aliases,
    validate: () => (entries.length && !summary.read() ? [{ field: summary, message: summary.required }] : []),
  });
  saveForm.prepend(...cards);
  const allFields = fields;
  const altForm = alternativeReferenceForm(ctx);
  return {
    title,
    back,
    content: [intro, saveForm, h("h2", { class: "govuk-heading-m" }, "This application in the previous system"), altForm],
    start: () => {
      saveForm.start();
      altForm.start();
      for (const field of allFields) field.init?.();
    },
  };
}
