// The assessment's "Check constraints" task (?task=assessment-constraints): the planning constraints on the
// site, pre-filled from the application and the designation data, each with where it came from; the officer
// confirms or removes each one, adds any the sources missed, and sees the consultees they call for.
// Also the save buttons every assessment task of this helper shares (taskSaveForm).
import { api } from "../../api.js";
import { flash } from "../../auth.js";
import { h, summaryList } from "../../dom.js";
import { tag } from "../../format.js";
import { clearErrors, errorsFromApi, form, radios, select, showErrors, textarea, textInput } from "../../forms.js";
import { caseUrl } from "../tasks.js";
import { reviewNote, reviewPart } from "./page.js";

const EDITABLE = ["assessment_in_progress", "to_be_reviewed"];

// Where a constraint came from -> [label, tag colour].
const SOURCES = {
  submission: ["From the application", "blue"],
  "planning.data": ["planning.data.gov.uk", "turquoise"],
  local: ["Local designation data", "turquoise"],
  officer: ["Added by an officer", "purple"],
};

// The datasets an officer may add (a copy of the names in bops/domain/data/constraints.json).
const DATASETS = [
  ["conservation-area", "Conservation area"],
  ["listed-building-outline", "Listed building"],
  ["locally-listed-building", "Locally listed building"],
  ["article-4-direction-area", "Article 4 direction area"],
  ["tree-preservation-zone", "Tree preservation order"],
  ["flood-risk-zone", "Flood risk zone"],
  ["green-belt", "Green belt"],
  ["scheduled-monument", "Scheduled monument"],
  ["site-of-special-scientific-interest", "Site of special scientific interest"],
  ["brownfield-land", "Brownfield land"],
  ["area-of-outstanding-natural-beauty", "National landscape (area of outstanding natural beauty)"],
  ["national-park", "National park"],
  ["world-heritage-site", "World heritage site"],
  ["park-and-garden", "Registered park and garden"],
  ["special-area-of-conservation", "Special area of conservation"],
  ["special-protection-area", "Special protection area"],
  ["ramsar", "Ramsar site"],
  ["ancient-woodland", "Ancient woodland"],
  ["classified-road", "Classified road"],
];

export const assessmentUrl = (reference) => caseUrl(reference, { task: "assessment" });
export const taskPath = (reference, task) =>
  `/api/v1/applications/${encodeURIComponent(reference)}/assessment/${encodeURIComponent(task)}`;

export function editable(ctx) {
  return EDITABLE.includes(ctx.application.status) && ctx.isOfficer;
}

/** A note when the task cannot be changed now (the application's status), else null. */
export function readOnlyNote(ctx) {
  return editable(ctx)
    ? null
    : h("div", { class: "govuk-inset-text" }, "You can change this task while the assessment is in progress.");
}

export function taskStatus(task) {
  if (task.status === "completed") return tag("Completed", "green");
  if (task.status === "in_progress") return tag("In progress", "light-blue");
  return tag("Not started", "blue");
}

/**
 * The form that saves an assessment task: "Save and mark as complete" (after `validate`) or "Save as draft".
 * `read()` gives the task's data; `aliases` map API field paths to the form's field names.
 */
export function taskSaveForm({ id, ctx, task, title, fields, read, validate, aliases = {} }) {
  const reference = ctx.application.reference;
  const save = async (status) => {
    await api(taskPath(reference, task), { method: "PUT", body: { status, data: read() } });
    flash({ success: true, title: status === "completed" ? `${title}: completed` : `${title}: draft saved` });
    window.location.assign(assessmentUrl(reference));
  };
  const draft = h("button", { type: "button", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button" }, "Save as draft");
  let busy = false;
  draft.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    clearErrors(fields);
    try {
      await save("in_progress");
    } catch (error) {
      showErrors(errorsFromApi(error, fields, aliases));
    } finally {
      busy = false;
    }
  });
  return form({
    id,
    fields,
    submitText: "Save and mark as complete",
    secondary: draft,
    aliases,
    validate,
    onSubmit: () => save("completed"),
  });
}

/** The consultees the site's constraints suggest: directory id -> the constraints' names ({} if unknown). */
export async function suggestedConsultees(reference) {
  try {
    const task = await api(taskPath(reference, "constraints"));
    const out = {};
    for (const s of task.data?.suggested_consultees || []) (out[s.consultee_id] ||= []).push(s.constraint_name.toLowerCase());
    return out;
  } catch {
    return {}; // the suggestions help; the consultation page works without them
  }
}

function describe(constraint) {
  const parts = [constraint.description, constraint.reference ? `reference ${constraint.reference}` : null];
  const entity = constraint.entity
    ? h("a", { class: "govuk-link", href: `https://www.planning.data.gov.uk/entity/${constraint.entity}`, rel: "noopener", target: "_blank" },
        `entity ${constraint.entity} (opens in a new tab)`)
    : null; // prettier-ignore
  return h("span", {}, parts.filter(Boolean).join(", "), entity ? [parts.some(Boolean) ? ", " : "", entity] : null);
}

function suggestions(list, ctx) {
  if (!list.length) {
    return h("p", { class: "govuk-body" }, "None of the constraints calls for a consultee from the council's list.");
  }
  return [
    h(
      "ul",
      { class: "govuk-list govuk-list--bullet" },
      list.map((s) => h("li", {}, `${s.name} (${s.organisation}) – for the ${s.constraint_name.toLowerCase()}`)),
    ),
    h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: caseUrl(ctx.application.reference, { task: "consultation" }) }, "Consult them from the consultation page")),
  ];
}

export async function constraintsPage(ctx) {
  const reference = ctx.application.reference;
  const task = await api(taskPath(reference, "constraints"));
  const data = task.data || {};
  const constraints = data.constraints || [];
  const title = "Check constraints";
  const reviewing = reviewPart(ctx, task);
  const head = [
    summaryList([["Status", taskStatus(task)]]),
    reviewNote(task),
    data.lookup_note ? h("div", { class: "govuk-warning-text" },
      h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
      h("strong", { class: "govuk-warning-text__text" }, h("span", { class: "govuk-visually-hidden" }, "Warning"), data.lookup_note)) : null,
  ]; // prettier-ignore
  const consultees = [h("h2", { class: "govuk-heading-m" }, "Consultees the constraints suggest"), suggestions(data.suggested_consultees || [], ctx)];

  if (!editable(ctx)) {
    const rows = constraints.map((c) => [c.name, h("span", {}, describe(c), " ", tag(SOURCES[c.source]?.[0] || c.source, SOURCES[c.source]?.[1]), " ", c.status)]);
    const recorded = task.prefilled ? [] : [rows.length ? summaryList(rows) : h("p", { class: "govuk-body" }, "No constraints recorded."), data.notes ? h("p", { class: "govuk-body" }, data.notes) : null, consultees];
    return {
      title,
      back: [assessmentUrl(reference), "Back to the assessment"],
      content: reviewing ? [head, recorded, reviewing.content] : [readOnlyNote(ctx), head, recorded],
      start: reviewing?.start,
    };
  }

  const aliases = {};
  const choices = constraints.map((c, index) => {
    const [label, colour] = SOURCES[c.source] || [c.source, "grey"];
    aliases[`data.constraints[${index}].status`] = `constraint-${index}`;
    return radios({
      name: `constraint-${index}`,
      id: `constraint-${index}`,
      legend: `${c.name}`,
      size: "s",
      hint: h("span", {}, describe(c), " ", tag(label, colour)),
      inline: true,
      small: true,
      value: c.status === "suggested" ? "" : c.status,
      options: [
        { value: "confirmed", text: "Applies to the site" },
        { value: "removed", text: "Does not apply" },
      ],
      required: `Say whether the ${c.name.toLowerCase()} applies to the site`,
    });
  });
  const added = select({
    name: "add-dataset",
    id: "add-dataset",
    label: "Add a constraint the data missed (optional)",
    options: [{ value: "", text: "None" }, ...DATASETS.map(([value, text]) => ({ value, text }))],
  });
  const addedDescription = textInput({
    name: "add-description",
    id: "add-description",
    label: "Which one (optional)",
    hint: "For example, the area's or the building's name, or the order's reference",
  });
  const notes = textarea({ name: "notes", id: "constraints-notes", label: "Notes (optional)", value: data.notes || "" });
  aliases["data.notes"] = "notes";
  const fields = [...choices, added, addedDescription, notes];
  const read = () => {
    const list = constraints.map((c, index) => ({ ...c, status: choices[index].read() || "suggested" }));
    const dataset = added.read();
    if (dataset) {
      const name = DATASETS.find(([value]) => value === dataset)[1];
      list.push({ dataset, name, description: addedDescription.read() || null, source: "officer", status: "confirmed" });
    }
    return { constraints: list, notes: notes.read() };
  };
  const validate = () =>
    choices.filter((field) => !field.read()).map((field) => ({ field, message: field.required }));
  const saveForm = taskSaveForm({ id: "constraints-form", ctx, task: "constraints", title, fields, read, validate, aliases });
  return {
    title,
    back: [assessmentUrl(reference), "Back to the assessment"],
    content: [
      head,
      constraints.length
        ? h("p", { class: "govuk-body" }, "Say whether each constraint applies to the site. Each shows where it came from.")
        : h("p", { class: "govuk-body" }, "Neither the application nor the designation data shows a constraint on the site."),
      saveForm,
      consultees,
    ],
    start: () => saveForm.start(),
  };
}
