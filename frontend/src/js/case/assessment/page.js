// The officer's assessment in the front end: the task list and what every task page shares.
//
// Every assessment task is a page of the case, application.html?reference=..&task=assessment-<name>,
// registered in pages/application.js's LOADED_PAGES (a task without a page of its own falls back to
// the notes page, ./notes.js). Build a task's page with `taskPage`:
//
//   export const summariesPage = taskPage("summaries", {
//     prefilledFrom: "the comments and the consultees' responses",   // the inset text while `prefilled`
//     build: (data, ctx, task) => ({
//       fields: [field, ...],                // forms.js fields; a field's `name` is its path in `data`
//                                            // ("design", "visits[1].on"), so a 422's field path
//                                            // ("data.design") finds its input
//       read: () => ({ ...data, design: field.read() }),   // the task's data as the API takes it
//       validate: (status) => [],            // optional: errors before anything is sent (forms.js check)
//       before: [nodes], after: [nodes],     // optional: content above / below the fields
//       aliases: {},                         // optional: API path -> field name (forms.js errorsFromApi)
//       prepare: async (status) => {},       // optional: work before saving (e.g. uploading photos)
//     }),
//     show: (data, ctx, task) => nodes,      // optional: the read-only view (the reviewer's); by default a
//                                            // summary list of the data
//     editable: (data) => true,              // optional: false shows the task read-only even while open
//   });
//
// The page then shows, by the case's status and the officer's roles:
//   - while the assessment is open (in progress, or changes requested): the form, with "Mark as
//     complete" (status completed) and "Save and come back later" (in_progress), the reviewer's
//     comment when the task was returned, and the API's 422s in the error summary;
//   - awaiting determination, to a reviewer who did not make the recommendation: the task read-only
//     with "Agree" / "Return with comment" (POST .../assessment/<name>/review);
//   - otherwise the task read-only.
// Saving returns to the case page, whose Assessment section lists the tasks (`taskItems`).
import { api, ApiError, path } from "../../api.js";
import { flash } from "../../auth.js";
import { h, summaryList } from "../../dom.js";
import { dateTime, tag } from "../../format.js";
import { check, form, radios, textarea } from "../../forms.js";
import { caseUrl } from "../tasks.js";

/** The case's status while the case officer writes the assessment (bops.services.assessment.EDITABLE). */
export const EDITABLE = ["assessment_in_progress", "to_be_reviewed"];
/** The case's status while a reviewer agrees or returns each task (bops.services.assessment.REVIEWABLE). */
export const REVIEWABLE = ["awaiting_determination"];

export const assessmentPath = (reference, name) => path.action(reference, name ? `assessment/${name}` : "assessment");
export const taskUrl = (reference, name) => caseUrl(reference, { task: `assessment-${name}` });
export const taskListUrl = (reference) => caseUrl(reference, { task: "assessment-tasks" });

/** The task's status as the GOV.UK task list shows it: [text, tag colour or null for plain text]. */
export function taskStatus(task) {
  if (task.review?.state === "returned") return ["Returned by reviewer", "red"];
  if (task.status === "completed") return task.review?.state === "agreed" ? ["Agreed", "green"] : ["Completed", null];
  if (task.status === "in_progress") return ["In progress", "light-blue"];
  return ["Not started", "blue"];
}

/** The GOV.UK task list items of the assessment's tasks, each linking to its page. */
export function taskItems(reference, assessment) {
  return assessment.tasks.map((task) => {
    const [text, colour] = taskStatus(task);
    const statusId = `assessment-${task.name}-status`;
    const hintId = `assessment-${task.name}-hint`;
    return h(
      "li",
      { class: "govuk-task-list__item govuk-task-list__item--with-link", "data-task": task.name },
      h(
        "div",
        { class: "govuk-task-list__name-and-hint" },
        h(
          "a",
          {
            class: "govuk-link govuk-task-list__link",
            href: taskUrl(reference, task.name),
            "aria-describedby": `${task.required ? "" : `${hintId} `}${statusId}`,
          },
          task.title,
        ),
        task.required ? null : h("div", { id: hintId, class: "govuk-task-list__hint" }, "Optional"),
      ),
      h("div", { class: "govuk-task-list__status", id: statusId }, colour ? tag(text, colour) : text),
    );
  });
}

/** The task list page (?task=assessment-tasks): every task with its status. */
export async function taskListPage(ctx) {
  const reference = ctx.application.reference;
  const assessment = await api(assessmentPath(reference));
  const outstanding = assessment.tasks.filter((t) => assessment.outstanding.includes(t.name));
  return {
    title: "Assessment",
    back: [caseUrl(reference), "Back to the application"],
    content: [
      h(
        "p",
        { class: "govuk-body" },
        outstanding.length
          ? `${outstanding.length} required ${outstanding.length === 1 ? "task" : "tasks"} to complete before the recommendation.`
          : "Every required task is complete.",
      ),
      h("ul", { class: "govuk-task-list", id: "assessment-tasks" }, taskItems(reference, assessment)),
    ],
  };
}

/** The officer may change the assessment now (the API decides in the end). */
export function canEdit(ctx) {
  return EDITABLE.includes(ctx.application.status) && ctx.isOfficer;
}

/** A reviewer may agree or return the tasks now (not the officer who made the recommendation). */
export function canReview(ctx) {
  return REVIEWABLE.includes(ctx.application.status) && ctx.isReviewer && !ctx.recommendedByMe;
}

function humanise(key) {
  const text = String(key).replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function value(item) {
  if (item === null || item === undefined || item === "") return "None";
  if (typeof item === "boolean") return item ? "Yes" : "No";
  if (Array.isArray(item)) {
    if (!item.length) return "None";
    return h("ul", { class: "govuk-list" }, item.map((entry) => h("li", {}, value(entry))));
  }
  if (typeof item === "object") return summaryList(Object.entries(item).map(([k, v]) => [humanise(k), value(v)]), { wrap: true });
  return h("span", { class: "app-wrap" }, String(item));
}

/** The default read-only view: the task's data as a summary list. */
export function showData(data) {
  return summaryList(Object.entries(data || {}).map(([key, item]) => [humanise(key), value(item)]), { wrap: true });
}

/**
 * The reviewer's agreement or return, as the case officer and reviewer see it on every task page (the pages
 * built without `taskPage` show it too): a returned task's comment in a banner, with who returned it and when.
 */
export function reviewNote(task) {
  const review = task.review;
  if (!review) return null;
  if (review.state === "returned") {
    return h(
      "div",
      { class: "govuk-notification-banner", role: "region", "aria-labelledby": "returned-title", id: "returned" },
      h("div", { class: "govuk-notification-banner__header" }, h("h2", { class: "govuk-notification-banner__title", id: "returned-title" }, "Returned by reviewer")),
      h(
        "div",
        { class: "govuk-notification-banner__content" },
        h("p", { class: "govuk-body app-wrap" }, review.comment || ""),
        h("p", { class: "govuk-body-s" }, `${review.by}, ${dateTime(review.at)}`),
      ),
    );
  }
  return h("p", { class: "govuk-body", id: "agreed" }, tag("Agreed", "green"), ` by ${review.by}, ${dateTime(review.at)}`);
}

function statusLine(task) {
  const [text, colour] = taskStatus(task);
  return h(
    "p",
    { class: "govuk-body", id: "task-status" },
    "Status: ",
    colour ? tag(text, colour) : h("strong", {}, text),
    task.updated_by ? ` — last saved by ${task.updated_by}, ${dateTime(task.updated_at)}` : null,
  );
}

/** API field paths name the request body ("data.design"); the fields are named within the data. */
function withinData(error) {
  if (error instanceof ApiError) {
    error.fields = error.fields.map((f) => ({ ...f, path: String(f.path || "").replace(/^data\.?/, "") }));
  }
  return error;
}

function editForm(ctx, task, spec) {
  const reference = ctx.application.reference;
  const built = spec.build(task.data, ctx, task);
  let status = "completed";
  const later = h(
    "button",
    {
      type: "submit",
      class: "govuk-button govuk-button--secondary",
      "data-module": "govuk-button",
      id: "save-later",
      on: { click: () => (status = "in_progress") },
    },
    "Save and come back later",
  );
  const element = form({
    id: `assessment-${task.name}-form`,
    fields: built.fields,
    submitText: "Mark as complete",
    secondary: later,
    aliases: built.aliases || {},
    validate: () => (built.validate ? built.validate(status) : []),
    onSubmit: async () => {
      const chosen = status;
      try {
        await built.prepare?.(chosen);
        await api(assessmentPath(reference, task.name), { method: "PUT", body: { status: chosen, data: built.read() } });
      } catch (error) {
        throw withinData(error);
      }
      flash({
        success: true,
        title: `${task.title}: ${chosen === "completed" ? "completed" : "saved"}`,
        text: chosen === "completed" ? null : "You can come back to it later.",
      });
      window.location.assign(caseUrl(reference));
    },
  });
  // Which button sent the form decides the status (Enter in a text input "clicks" the first: complete).
  element
    .querySelector("button.govuk-button:not(.govuk-button--secondary)")
    .addEventListener("click", () => (status = "completed"));
  return { element, before: built.before || [], after: built.after || [] };
}

/** "Do you agree with this task?": Agree, or Return with comment (POST .../assessment/<name>/review). */
function reviewForm(ctx, task) {
  const reference = ctx.application.reference;
  const comment = textarea({
    name: "comment",
    id: "review-comment",
    label: "What needs changing",
    required: "Say what needs changing",
    rows: 4,
  });
  const choice = radios({
    name: "action",
    id: "review-action",
    legend: "Do you agree with this task?",
    size: "m",
    required: "Select if you agree with this task",
    value: task.review?.state === "returned" ? "return" : task.review?.state === "agreed" ? "agree" : undefined,
    options: [
      { value: "agree", text: "Agree" },
      { value: "return", text: "Return with comment", conditional: [comment] },
    ],
  });
  return form({
    id: "assessment-review-form",
    fields: [choice],
    submitText: "Save review",
    validate: () => {
      const errors = check([choice]);
      if (!errors.length && choice.read() === "return") errors.push(...check([comment]));
      return errors;
    },
    onSubmit: async () => {
      const action = choice.read();
      await api(`${assessmentPath(reference, task.name)}/review`, {
        method: "POST",
        body: action === "return" ? { action, comment: comment.read() } : { action },
      });
      flash({ success: true, title: `${task.title}: ${action === "agree" ? "agreed" : "returned to the case officer"}` });
      window.location.assign(caseUrl(reference));
    },
  });
}

/**
 * The reviewer's part of a task page, for `taskPage` and the task pages built without it (constraints, site
 * history, policies, conditions, EIA): null unless the signed-in officer may review now (`canReview`); else
 * { content, start } with the review form, or a note when the case officer never saved the task (the API
 * has nothing to review then).
 */
export function reviewPart(ctx, task) {
  if (!canReview(ctx)) return null;
  if (task.prefilled) {
    return { content: h("p", { class: "govuk-body", id: "not-recorded" }, "The case officer has not recorded this task."), start: () => {} };
  }
  const element = reviewForm(ctx, task);
  return { content: element, start: () => element.start() };
}

/**
 * A task page for LOADED_PAGES: async (ctx) => ({ title, back, content, start }). See the top of this file.
 */
export function taskPage(name, spec = {}) {
  return async (ctx) => {
    const reference = ctx.application.reference;
    const task = await api(assessmentPath(reference, name));
    const back = [caseUrl(reference), "Back to the application"];
    const prefilled = task.prefilled && spec.prefilledFrom
      ? h("div", { class: "govuk-inset-text", id: "prefilled" }, `Pre-filled from ${spec.prefilledFrom}. Check it before you mark the task as complete.`)
      : null;
    const show = () => (spec.show ? spec.show(task.data, ctx, task) : showData(task.data));
    if (canEdit(ctx) && spec.build && (spec.editable?.(task.data) ?? true)) {
      const { element, before, after } = editForm(ctx, task, spec);
      return {
        title: task.title,
        back,
        content: [statusLine(task), reviewNote(task), prefilled, before, element, after],
        start: () => element.start(),
      };
    }
    const reviewing = reviewPart(ctx, task);
    if (reviewing) {
      return {
        title: task.title,
        back,
        content: [statusLine(task), reviewNote(task), task.prefilled ? null : show(), reviewing.content],
        start: reviewing.start,
      };
    }
    const why = canEdit(ctx) && spec.build ? h("p", { class: "govuk-body" }, "This task cannot be changed on this page.") : null;
    return {
      title: task.title,
      back,
      content: [statusLine(task), reviewNote(task), why, prefilled, show()],
    };
  };
}
