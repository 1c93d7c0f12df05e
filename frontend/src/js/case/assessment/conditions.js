// The conditions task (?task=assessment-conditions): the conditions the notice will impose (pre-filled from
// the council's library: the time limit and the approved plans for a full permission), each editable; more
// added from the library or written by the officer; informatives and heads of terms, one per line; and the
// pre-commencement conditions sent to the applicant for agreement. Everything from the API goes in as text.
import { api, path } from "../../api.js";
import { flash } from "../../auth.js";
import { h, replace, summaryList } from "../../dom.js";
import { date, tag } from "../../format.js";
import { checkboxes, form, radios, select, textarea, textInput } from "../../forms.js";
import { caseUrl } from "../tasks.js";
import { reviewNote, reviewPart } from "./page.js";

export const LIBRARY = "/api/v1/council/conditions";
const TASK_STATUS = { not_started: ["Not started", "blue"], in_progress: ["In progress", "light-blue"], completed: ["Completed", "green"] };

/** The task's URL in the API. */
export const taskPath = (reference, name) => path.action(reference, `assessment/${name}`);

/** Back to the assessment's task list, with a message. */
export function backToTasks(reference, title) {
  flash({ success: true, title });
  window.location.assign(caseUrl(reference, { task: "assessment" }));
}

/** The task's status tag, and who saved it last. */
export function statusLine(task) {
  const [label, colour] = TASK_STATUS[task.status] || [task.status, "grey"];
  return h(
    "p",
    { class: "govuk-body" },
    tag(label, colour),
    task.updated_by ? ` Saved by ${task.updated_by}${task.updated_at ? ` on ${date(task.updated_at)}` : ""}.` : " Pre-filled: check it and save.",
  );
}


/** "Have you completed this task?": completed, or a draft. */
export function completedField(task) {
  return radios({
    id: "task-status",
    name: "status",
    legend: "Have you completed this task?",
    size: "s",
    inline: true,
    value: task.status === "completed" ? "completed" : task.status === "in_progress" ? "in_progress" : "",
    required: "Say whether you have completed this task",
    options: [
      { value: "completed", text: "Yes" },
      { value: "in_progress", text: "No, I'll come back to it later" },
    ],
  });
}

const lines = (text) =>
  String(text || "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** One condition's fields, in a fieldset of their own (a field whose children are the inputs). */
function conditionFields(condition, index) {
  const prefix = `data.conditions[${index}]`;
  const id = (name) => `condition-${index}-${name}`;
  const fields = {
    title: textInput({ id: id("title"), name: `${prefix}.title`, label: "Title", value: condition.title }),
    text: textarea({ id: id("text"), name: `${prefix}.text`, label: "Condition", value: condition.text, rows: 4 }),
    reason: textarea({ id: id("reason"), name: `${prefix}.reason`, label: "Reason", value: condition.reason, rows: 3 }),
    pre: checkboxes({
      id: id("pre"),
      name: `${prefix}.pre_commencement`,
      legend: "Pre-commencement",
      size: "s",
      small: true,
      value: condition.pre_commencement ? ["yes"] : [],
      options: [{ value: "yes", text: "Must be met before development begins (the applicant's agreement is asked)" }],
    }),
    why: textarea({
      id: id("why"),
      name: `${prefix}.why_pre_commencement`,
      label: "Why it must be met before development begins",
      hint: "Pre-commencement conditions only: the notice to the applicant gives this reason in full.",
      value: condition.why_pre_commencement,
      rows: 2,
    }),
    remove: checkboxes({
      id: id("remove"),
      name: `${prefix}.remove`,
      legend: "Remove",
      size: "s",
      small: true,
      options: [{ value: "yes", text: "Remove this condition" }],
    }),
  };
  const from = condition.standard_code ? ` (from the library: ${condition.standard_code})` : " (written by the officer)";
  const group = h(
    "fieldset",
    { class: "govuk-fieldset govuk-!-margin-bottom-6", id: `condition-${index}`, "data-condition": condition.id || `new-${index}` },
    h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--m" }, `Condition ${index + 1}${from}`),
    Object.values(fields).map((f) => f.group),
  );
  const read = () => ({
    ...condition,
    title: fields.title.read(),
    text: fields.text.read(),
    reason: fields.reason.read(),
    pre_commencement: fields.pre.read().includes("yes"),
    why_pre_commencement: fields.why.read(),
    removed: fields.remove.read().includes("yes"),
  });
  return {
    name: `condition-${index}`,
    id: `condition-${index}`,
    label: `Condition ${index + 1}`,
    focusId: id("title"),
    group,
    errorTarget: group.firstChild,
    describe: group,
    errorControls: [],
    children: Object.values(fields),
    read,
  };
}

/** The conditions, informatives and heads of terms read-only, as the reviewer sees them. */
function showConditions(data) {
  const list = (items) => (items?.length ? h("ul", { class: "govuk-list govuk-list--bullet" }, items.map((i) => h("li", {}, i))) : "None");
  return [
    data.conditions.length
      ? data.conditions.map((c, index) =>
          h(
            "div",
            { class: "govuk-summary-card", "data-condition": c.id || `new-${index}` },
            h("div", { class: "govuk-summary-card__title-wrapper" }, h("h2", { class: "govuk-summary-card__title" }, `Condition ${index + 1}: ${c.title}`)),
            h(
              "div",
              { class: "govuk-summary-card__content" },
              summaryList(
                [
                  ["Condition", c.text],
                  ["Reason", c.reason],
                  ["Pre-commencement", c.pre_commencement ? `Yes: ${c.why_pre_commencement || ""}` : "No"],
                ],
                { wrap: true },
              ),
            ),
          ),
        )
      : h("p", { class: "govuk-body", id: "no-conditions" }, "No conditions."),
    summaryList(
      [
        ["Informatives", list(data.informatives)],
        ["Heads of terms", list(data.heads_of_terms)],
      ],
      { wrap: true },
    ),
  ];
}

export async function conditionsPage(ctx) {
  const reference = ctx.application.reference;
  const url = taskPath(reference, "conditions");
  const [task, library, state] = await Promise.all([
    api(url),
    api(LIBRARY).then((a) => a.conditions),
    api(`${url}/pre-commencement`).catch(() => null),
  ]);
  const title = "Conditions, informatives and heads of terms";
  const reviewing = reviewPart(ctx, task);
  if (reviewing) {
    return {
      title,
      back: [caseUrl(reference, { task: "assessment" }), "Back to the assessment"],
      content: [statusLine(task), reviewNote(task), task.prefilled ? null : showConditions(task.data), reviewing.content],
      start: reviewing.start,
    };
  }
  const slot = h("div", { id: "conditions-task" });
  // An LDC or a prior approval grants nothing to attach a condition to: informatives only (the API refuses conditions).
  const noConditions = ctx.priorApproval || String(ctx.application.application_type).startsWith("ldc");
  // What the officer has on the page, kept across re-drawing when a condition is added (nothing is saved
  // until they press Save).
  const draft = { ...task.data, status: task.status };

  const draw = (focus) => {
    const items = draft.conditions.map(conditionFields);
    const add = select({
      id: "add-condition",
      name: "add",
      label: "Add a condition",
      hint: "From the council's standard conditions, or write your own. It is added below for you to check; nothing is saved until you press Save.",
      options: [
        { value: "custom", text: "My own condition" },
        ...library.map((entry) => ({ value: entry.code, text: `${entry.title}${entry.pre_commencement ? " (pre-commencement)" : ""}` })),
      ],
    });
    const informatives = textarea({
      id: "informatives",
      name: "data.informatives",
      label: "Informatives",
      hint: "Advice to the applicant printed on the notice. One per line.",
      value: draft.informatives.join("\n"),
      rows: 4,
    });
    const heads = textarea({
      id: "heads-of-terms",
      name: "data.heads_of_terms",
      label: "Heads of terms",
      hint: "Planning obligations a section 106 agreement is to secure, if any. One per line.",
      value: draft.heads_of_terms.join("\n"),
      rows: 3,
    });
    const status = completedField({ status: draft.status });
    const read = () => {
      draft.conditions = items
        .map((i) => i.read())
        .filter((c) => !c.removed)
        .map(({ removed, ...c }) => c);
      draft.informatives = lines(informatives.read());
      draft.heads_of_terms = lines(heads.read());
      draft.status = status.read() || draft.status;
    };
    const addButton = h(
      "button",
      {
        type: "button",
        class: "govuk-button govuk-button--secondary",
        "data-module": "govuk-button",
        on: {
          click: () => {
            read();
            const entry = library.find((e) => e.code === add.read());
            draft.conditions.push(
              entry
                ? {
                    standard_code: entry.code,
                    title: entry.title,
                    text: entry.text,
                    reason: entry.reason,
                    pre_commencement: entry.pre_commencement,
                    why_pre_commencement: entry.why_pre_commencement || "",
                  }
                : { standard_code: null, title: "", text: "", reason: "", pre_commencement: false, why_pre_commencement: "" },
            );
            draw(`condition-${draft.conditions.length - 1}-title`);
          },
        },
      },
      "Add condition",
    );
    const saveForm = form({
      id: "conditions-form",
      fields: [...items, informatives, heads, status],
      submitText: "Save",
      validate: () => (status.read() ? [] : [{ field: status, message: "Say whether you have completed this task" }]),
      onSubmit: async () => {
        read();
        const { status: chosen, ...data } = draft;
        await api(url, { method: "PUT", body: { status: chosen, data } });
        backToTasks(reference, "Conditions saved");
      },
    });
    if (!noConditions) {
      saveForm.insertBefore(h("div", { class: "govuk-!-margin-bottom-6", id: "add" }, add.group, addButton), informatives.group);
    }
    replace(
      slot,
      noConditions
        ? h("p", { class: "govuk-body", id: "no-conditions" }, "This type of application carries no planning conditions. You may add informatives.")
        : draft.conditions.length
          ? null
          : h("p", { class: "govuk-body", id: "no-conditions" }, "No conditions."),
      saveForm,
    );
    saveForm.start();
    if (focus) document.getElementById(focus)?.focus();
  };

  const pre = task.data.conditions.filter((c) => c.pre_commencement);
  const preSection = [];
  let sendForm = null;
  if (pre.length || state?.request_id) {
    preSection.push(
      h("h2", { class: "govuk-heading-m", id: "pre-commencement" }, "Pre-commencement conditions"),
      summaryList([
        ["Conditions", String(pre.length)],
        ["Where it stands", state ? h("span", { "data-pre-commencement": state.settled ? "settled" : "waiting" }, state.message) : "Not known"],
        ["Decision may be issued from", state?.may_issue_from ? date(state.may_issue_from) : ""],
      ]),
    );
    if (!task.prefilled && pre.length && !state?.settled) {
      sendForm = form({
        id: "send-pre-commencement",
        fields: [],
        submitText: state?.request_id ? "Send the conditions to the applicant again" : "Send the conditions to the applicant",
        onSubmit: async () => {
          const sent = await api(`${url}/pre-commencement`, { method: "POST", body: {} });
          flash({ success: true, title: "Pre-commencement conditions sent", text: `The applicant has until ${date(sent.response_due)} to answer.` });
          window.location.assign(caseUrl(reference, { task: "assessment-conditions" }));
        },
      });
      preSection.push(
        h("p", { class: "govuk-body" }, "The applicant has 10 working days to agree or comment. What was saved is sent: save your changes first."),
        sendForm,
      );
    }
  }

  return {
    title,
    back: [caseUrl(reference, { task: "assessment" }), "Back to the assessment"],
    content: [
      statusLine(task),
      reviewNote(task),
      noConditions ? null : h("p", { class: "govuk-body" }, "Each condition needs its text and its reason: the decision notice states both."),
      slot,
      preSection,
    ],
    start: () => {
      draw();
      sendForm?.start();
    },
  };
}
