// The task pages of a case: one form per action the API offers (application.html?reference=…&task=…).
// Each task: { title, intro(ctx) -> nodes, fields(ctx) -> [field], validate, body, path, success }; a task
// with load(ctx) has what it resolves to as ctx.loaded when its fields are built (null if it failed).
import { api, path } from "../api.js";
import { flash } from "../auth.js";
import { h, href } from "../dom.js";
import { date, DECISIONS, officerLabel } from "../format.js";
import { check, checkboxes, dateInput, form, radios, select, textarea, textInput } from "../forms.js";

const OFFICERS = "/api/v1/council/officers";

/** How an officer is shown in a list: "Priya Shah, Planning officer (pshah)". */
export function caseUrl(reference, query = {}) {
  return href("/application.html", { reference, ...query });
}

function lines(text) {
  return String(text || "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function decisionOptions(ctx) {
  const codes = ctx.priorApproval
    ? ["prior_approval_not_required", "prior_approval_granted", "prior_approval_refused"]
    : ["granted", "refused"];
  return codes.map((value) => ({ value, text: DECISIONS[value] }));
}

const isRefusal = (decision) => decision === "refused" || decision === "prior_approval_refused";

function summaryList(rows) {
  return h(
    "dl",
    { class: "govuk-summary-list" },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && !value.length))
      .map(([key, value]) =>
        h(
          "div",
          { class: "govuk-summary-list__row" },
          h("dt", { class: "govuk-summary-list__key" }, key),
          h(
            "dd",
            { class: "govuk-summary-list__value" },
            Array.isArray(value)
              ? h("ol", { class: "govuk-list govuk-list--number" }, value.map((item) => h("li", {}, item)))
              : value,
          ),
        ),
      ),
  );
}

const CHECK_NAMES = { fee: "the fee", ownership_certificate: "the ownership certificate" };

/** The review form's conditional fields: the override reason (when checks failed), then the comment. */
function reviewChildren(action) {
  const children = action.children || [];
  return children.length > 1 ? [children[0], children[1]] : [null, children[0]];
}

/**
 * Where the assessment stands, once it has loaded: for the case officer, the required tasks still to
 * complete and those a reviewer returned; for the reviewer, the tasks they returned (a recommendation
 * with returned tasks goes back to the officer rather than being agreed).
 */
function assessmentStatus(ctx, forReviewer) {
  const slot = h("div", { "aria-live": "polite" });
  api(path.action(ctx.application.reference, "assessment"))
    .then((assessment) => {
      const titles = Object.fromEntries(assessment.tasks.map((task) => [task.name, task.title]));
      const named = (names) => names.map((name) => titles[name] || name).join(", ");
      const notes = [];
      if (!forReviewer && assessment.outstanding.length) {
        notes.push(`Complete these assessment tasks before recommending: ${named(assessment.outstanding)}.`);
      }
      if (assessment.returned.length) {
        notes.push(
          forReviewer
            ? `You returned these tasks to the case officer: ${named(assessment.returned)}. Return the recommendation so they can answer them.`
            : `A reviewer returned these tasks: ${named(assessment.returned)}.`,
        );
      }
      if (notes.length) slot.append(h("div", { class: "govuk-inset-text" }, notes.map((note) => h("p", { class: "govuk-body" }, note))));
    })
    .catch(() => {}); // the API says the same when the form is sent
  return slot;
}

/**
 * For a refusal: the policies (those the assessment considered) the reasons are contrary to, once the
 * assessment has loaded. The notice names them with each reason (DMPO 2015 art. 35(1)(b)).
 */
/** Where the conditions come from: the conditions task, each with its reason (the notice states both). */
function conditionsNote(ctx) {
  return h(
    "p",
    { class: "govuk-body" },
    "For a grant, the decision notice lists the conditions of the ",
    h("a", { class: "govuk-link", href: caseUrl(ctx.application.reference, { task: "assessment-conditions" }) }, "conditions task"),
    ", each with its reason.",
  );
}

/** Each reason for refusal, citing the policies ticked (required where the type has a policies task). */
function refusalReasons(reasons, policies) {
  const policyIds = policies.read();
  return lines(reasons.read()).map((text) => (policyIds.length ? { text, policy_ids: policyIds } : text));
}

function refusalPolicies(ctx) {
  const slot = h("div", {});
  const cited = new Set((ctx.application.recommendation?.refusal_reasons || []).flatMap((r) => r.policy_ids || []));
  let inner = null;
  api(`${path.action(ctx.application.reference, "assessment")}/policies`)
    .then((task) => {
      const considered = (task.data?.considerations || []).filter((c) => c.policy_id);
      if (!considered.length) return;
      inner = checkboxes({
        name: "policy_ids",
        id: "policy-ids",
        legend: "Policies the refusal is contrary to",
        hint: "From your policy considerations. The decision notice names them with the reasons.",
        small: true,
        value: [...cited],
        options: considered.map((c) => ({
          value: c.policy_id,
          text: [c.reference, c.title].filter(Boolean).join(" ") || c.policy_id,
        })),
      });
      slot.append(inner.group);
    })
    .catch(() => {}); // a type with no policies task: plain reasons
  return {
    name: "policy_ids",
    id: "policy-ids",
    label: "Policies",
    group: slot,
    errorTarget: slot,
    describe: slot,
    errorControls: [],
    read: () => (inner ? inner.read() : []),
  };
}

/** The officer report the recommendation was made with, for the reviewer to read (a GOV.UK details). */
function reportToReview(ctx) {
  const body = h("div", { class: "govuk-details__text app-wrap" }, "Loading…");
  api(`${path.action(ctx.application.reference, "recommendation")}/report`)
    .then((report) => {
      body.replaceChildren(
        ...report.text
          .split(/\n\s*\n/)
          .map((block) => block.trim())
          .filter(Boolean)
          .flatMap((block) => {
            if (!block.startsWith("# ")) return [h("p", { class: "govuk-body app-wrap app-pre-line" }, block)];
            const [heading, ...rest] = block.split("\n");
            const text = rest.join("\n").trim();
            return [h("h3", { class: "govuk-heading-s" }, heading.slice(2)), ...(text ? [h("p", { class: "govuk-body app-wrap app-pre-line" }, text)] : [])];
          }),
      );
    })
    .catch((error) => body.replaceChildren(`The report could not be loaded: ${error.message}`));
  return h(
    "details",
    { class: "govuk-details", id: "officer-report" },
    h("summary", { class: "govuk-details__summary" }, h("span", { class: "govuk-details__summary-text" }, "Read the officer report")),
    body,
  );
}

/** The officer report, pre-filled from the assessment once it has loaded (the officer edits it). */
function officerReport(ctx) {
  const report = textarea({
    name: "report",
    id: "report",
    label: "Officer report",
    size: "m",
    hint: "Drafted from the assessment tasks. Lines starting with # are headings. Published with the decision.",
    rows: 16,
  });
  api(`${path.action(ctx.application.reference, "recommendation")}/report`)
    .then((draft) => {
      if (!report.control.value) report.control.value = draft.text;
    })
    .catch(() => {}); // the officer can still write the report; the API drafts it when left empty
  return report;
}

/** A condition as the notice states it: its text and its reason (DMPO 2015 art. 35(1)(a)); a plain string is
 * a condition recorded before conditions carried their reasons. */
export function conditionText(condition) {
  if (typeof condition === "string") return condition;
  return condition.reason ? `${condition.text} Reason: ${condition.reason}` : condition.text;
}

function numbered(items) {
  return items?.length ? h("ol", { class: "govuk-list govuk-list--number" }, items.map((item) => h("li", {}, item))) : null;
}

function recommendationSummary(recommendation) {
  if (!recommendation) return null;
  return summaryList([
    ["Recommended decision", DECISIONS[recommendation.decision] || recommendation.decision],
    ["Assessment summary", h("span", { class: "app-wrap" }, recommendation.summary)],
    ["Conditions added to the conditions task's", numbered((recommendation.conditions || []).map(conditionText))],
    ["Reasons for refusal", numbered(recommendation.reasons)],
    ["Recommended by", recommendation.by],
  ]);
}

function reasonTask(title, pathName, event, done) {
  return {
    title,
    fields: () => [
      textarea({
        name: "reason",
        id: "reason",
        label: "Reason",
        size: "s",
        hint: "This is kept in the case's history.",
        required: "Enter the reason",
      }),
    ],
    path: pathName,
    body: ([reason]) => ({ reason: reason.read() }),
    warning: h(
      "div",
      { class: "govuk-warning-text" },
      h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
      h(
        "strong",
        { class: "govuk-warning-text__text" },
        h("span", { class: "govuk-visually-hidden" }, "Warning"),
        `The case cannot be reopened once it is ${event}.`,
      ),
    ),
    submitText: title,
    success: () => ({ title: `Application ${done}` }),
  };
}

/**
 * What a blank Valid from means: the day the last missing item (a requested document, the fee) arrived,
 * DMPO 2015 art. 34, which is the received date when none arrived later. `worked` is the API's date;
 * without it the rule is given in words.
 */
function validFromHint(receivedOn, worked) {
  if (!worked) {
    return `Leave blank to use the day the last missing item arrived, or the date it was received, ${date(receivedOn)}, if nothing was missing.`;
  }
  if (worked === receivedOn) return `Leave blank to use ${date(worked)}, the date it was received (no missing item arrived later).`;
  return `Leave blank to use ${date(worked)}, the day the last missing item arrived.`;
}

export const TASKS = {
  validation: {
    title: "Check the application is valid",
    intro: (ctx) => [
      h(
        "p",
        { class: "govuk-body" },
        `Received on ${date(ctx.application.received_on)}. Check the documents, fee and red line boundary before you decide.`,
      ),
      ctx.application.invalid_reason
        ? h("div", { class: "govuk-inset-text" }, `Marked invalid: ${ctx.application.invalid_reason}`)
        : null,
      h(
        "p",
        { class: "govuk-body" },
        "The automated checks, and the requests drafted for the applicant, are on ",
        h("a", { class: "govuk-link", href: caseUrl(ctx.application.reference, { task: "validation-requests" }) }, "Validation checks and requests"),
        ".",
      ),
    ],
    // The date a blank Valid from stands for, as the API works it out (DMPO 2015 art. 34: the day the last
    // missing item arrived, else the received date), so the hint names the date validating will set.
    load: async (ctx) => (await api(path.action(ctx.application.reference, "validation-requests"))).default_valid_from,
    fields: (ctx) => {
      const validFrom = dateInput({
        name: "valid_from",
        id: "valid-from",
        legend: "Valid from (optional)",
        size: "s",
        noun: "The valid from date",
        hint: `${validFromHint(ctx.application.received_on, ctx.loaded)} For example, 27 3 2025`,
      });
      if (!ctx.may("invalidate")) return [validFrom];
      const reason = textarea({
        name: "reason",
        id: "invalid-reason",
        label: "What is missing or wrong?",
        hint: "This is sent to the applicant.",
        required: "Enter what is missing or wrong",
      });
      return [
        radios({
          name: "decision",
          id: "decision",
          legend: "Is the application valid?",
          size: "m",
          required: "Select if the application is valid",
          options: [
            { value: "valid", text: "Yes, it is valid", conditional: [validFrom] },
            { value: "invalid", text: "No, it is invalid", conditional: [reason] },
          ],
        }),
      ];
    },
    aliases: { validated_on: "valid_from" },
    validate: (fields) => {
      if (fields[0].name === "valid_from") return check(fields);
      const [decision] = fields;
      const [validFrom, reason] = decision.children;
      const errors = check([decision]);
      if (decision.read() === "valid") errors.push(...check([validFrom]));
      if (decision.read() === "invalid" && !reason.read()) errors.push({ field: reason, message: reason.required });
      return errors;
    },
    path: "validation-decision",
    body: (fields) => {
      if (fields[0].name === "valid_from") return { decision: "valid", valid_from: fields[0].read().value || null };
      const [decision] = fields;
      const [validFrom, reason] = decision.children;
      return decision.read() === "valid"
        ? { decision: "valid", valid_from: validFrom.read().value || null }
        : { decision: "invalid", reason: reason.read() };
    },
    submitText: "Save and continue",
    success: (detail) =>
      detail.application.status === "invalidated"
        ? { title: "Application marked invalid", text: "The applicant will be told what is missing or wrong." }
        : {
            title: "Application is valid",
            text: `The determination date is ${date(detail.application.extended_expiry_date || detail.application.expiry_date)}.`,
          },
  },

  assessment: {
    title: "Start the assessment",
    intro: (ctx) => [
      h(
        "p",
        { class: "govuk-body" },
        ctx.application.assigned_officer
          ? `The case officer is ${ctx.application.assigned_officer}.`
          : "No one has this case yet: starting the assessment makes you its case officer.",
      ),
    ],
    fields: () => [],
    path: "assessment",
    body: () => ({}),
    submitText: "Start assessment",
    success: () => ({ title: "Assessment started" }),
  },

  recommendation: {
    title: "Make a recommendation",
    intro: (ctx) => {
      const challenge = [...(ctx.application.reviews || [])].reverse().find((r) => r.action === "challenge");
      const challenged =
        ctx.application.status === "to_be_reviewed" && challenge
          ? [h("div", { class: "govuk-inset-text" }, `${challenge.by} challenged the recommendation: ${challenge.comment || ""}`)]
          : [];
      return [...challenged, assessmentStatus(ctx, false), conditionsNote(ctx)];
    },
    fields: (ctx) => {
      const previous = ctx.application.recommendation || {};
      const reasons = textarea({
        name: "reasons",
        id: "reasons",
        label: "Reasons for refusal",
        hint: "For a refusal: one reason on each line.",
        value: (previous.reasons || []).join("\n"),
        rows: 6,
        required: "Enter at least one reason for refusal",
      });
      return [
        radios({
          name: "decision",
          id: "decision",
          legend: "What do you recommend?",
          size: "m",
          value: previous.decision,
          required: "Select the decision you recommend",
          options: decisionOptions(ctx),
        }),
        textarea({
          name: "summary",
          id: "summary",
          label: "Assessment summary",
          size: "m",
          hint: "Your assessment of the proposal: the reviewer reads this.",
          value: previous.summary,
          rows: 8,
          required: "Enter the assessment summary",
        }),
        reasons,
        refusalPolicies(ctx),
        officerReport(ctx),
      ];
    },
    validate: (fields) => {
      const [decision, , reasons] = fields;
      const errors = check(fields.slice(0, 2));
      if (isRefusal(decision.read()) && !lines(reasons.read()).length) {
        errors.push({ field: reasons, message: reasons.required });
      }
      return errors;
    },
    path: "recommendation",
    body: ([decision, summary, reasons, policies, report]) => {
      const refusal = isRefusal(decision.read());
      return {
        decision: decision.read(),
        summary: summary.read(),
        // the conditions are the conditions task's, each with its reason
        conditions: [],
        reasons: refusal ? refusalReasons(reasons, policies) : [],
        report: report.read() || null,
      };
    },
    submitText: "Submit recommendation",
    success: () => ({ title: "Recommendation submitted", text: "A reviewer will agree or challenge it." }),
  },

  review: {
    title: "Review the recommendation",
    intro: (ctx) => [recommendationSummary(ctx.application.recommendation), reportToReview(ctx), assessmentStatus(ctx, true)],
    fields: (ctx) => {
      const comment = textarea({
        name: "comment",
        id: "comment",
        label: "Comment for the case officer",
        hint: "Say what needs changing.",
        required: "Enter why you are challenging the recommendation",
      });
      const decision = DECISIONS[ctx.application.recommendation?.decision] || "the recommended decision";
      const unresolved = (ctx.detail.unresolved_checks || []).map((check) => CHECK_NAMES[check] || check);
      // a failed fee or ownership check not resolved by a validation request: the reviewer may decide
      // anyway, saying why (kept on the decision and in the audit trail)
      const override = unresolved.length
        ? [
            textarea({
              name: "override_checks.reason",
              id: "override-reason",
              label: "Why can the application be determined anyway?",
              hint: `These validation checks failed and were not resolved: ${unresolved.join(", ")}.`,
              required: "Enter why the application can be determined despite the failed checks",
            }),
          ]
        : [];
      return [
        radios({
          name: "action",
          id: "review-action",
          legend: "Do you agree with the recommendation?",
          size: "m",
          required: "Select if you agree with the recommendation",
          options: [
            {
              value: "agree",
              text: "Yes, agree",
              hint: `The application is determined: ${decision.toLowerCase()}.`,
              conditional: override.length ? override : null,
            },
            { value: "challenge", text: "No, return it to the case officer", conditional: [comment] },
          ],
        }),
      ];
    },
    aliases: { reviewer_comment: "comment" },
    validate: ([action]) => {
      const errors = check([action]);
      const [override, comment] = reviewChildren(action);
      if (action.read() === "challenge" && !comment.read()) errors.push({ field: comment, message: comment.required });
      if (action.read() === "agree" && override && !override.read()) {
        errors.push({ field: override, message: override.required });
      }
      return errors;
    },
    path: "review",
    body: ([action]) => {
      const [override, comment] = reviewChildren(action);
      if (action.read() === "challenge") return { action: "challenge", comment: comment.read() };
      return override ? { action: "agree", override_checks: { reason: override.read() } } : { action: "agree" };
    },
    submitText: "Save and continue",
    success: (detail) =>
      detail.application.status === "determined"
        ? {
            title: `Application determined: ${(DECISIONS[detail.application.decision?.decision] || "").toLowerCase()}`,
            text: "The decision notice is being prepared.",
          }
        : { title: "Recommendation returned to the case officer" },
  },

  committee: {
    title: "Send to planning committee",
    intro: (ctx) => [
      recommendationSummary(ctx.application.recommendation),
      h("p", { class: "govuk-body" }, "The committee's decision is recorded on this case once it has met."),
    ],
    fields: () => [],
    path: "committee",
    body: () => ({}),
    submitText: "Send to committee",
    success: () => ({ title: "Application sent to planning committee" }),
  },

  "committee-decision": {
    title: "Record the committee's decision",
    intro: (ctx) => [recommendationSummary(ctx.application.recommendation)],
    fields: (ctx) => {
      const recommendation = ctx.application.recommendation || {};
      return [
        radios({
          name: "decision",
          id: "decision",
          legend: "What did the committee decide?",
          size: "m",
          value: recommendation.decision,
          required: "Select the committee's decision",
          options: decisionOptions(ctx),
        }),
        textarea({ name: "minute", id: "minute", label: "Committee minute", hint: "The resolution, as minuted." }),
        textarea({
          name: "reasons",
          id: "reasons",
          label: "Reasons for refusal",
          hint: "One reason on each line.",
          value: (recommendation.reasons || []).join("\n"),
          required: "Enter at least one reason for refusal",
        }),
        refusalPolicies(ctx),
      ];
    },
    validate: (fields) => {
      const [decision, , reasons] = fields;
      const errors = check([decision]);
      if (isRefusal(decision.read()) && !lines(reasons.read()).length) {
        errors.push({ field: reasons, message: reasons.required });
      }
      return errors;
    },
    path: "committee-decision",
    // the committee decides on the recommended conditions (the conditions task's, each with its reason)
    body: ([decision, minute, reasons, policies]) => ({
      decision: decision.read(),
      minute: minute.read() || null,
      reasons: isRefusal(decision.read()) ? refusalReasons(reasons, policies) : [],
    }),
    submitText: "Record decision",
    success: () => ({ title: "Committee decision recorded" }),
  },

  withdrawal: reasonTask("Withdraw the application", "withdrawal", "withdrawn", "withdrawn"),
  return: reasonTask("Return the application", "return", "returned", "returned to the applicant"),
  closure: reasonTask("Close the application", "closure", "closed", "closed"),

  assignment: {
    title: "Case officer",
    intro: (ctx) => [
      h(
        "p",
        { class: "govuk-body" },
        ctx.application.assigned_officer
          ? `The case officer is ${ctx.application.assigned_officer}.`
          : "No one has this case yet.",
      ),
    ],
    // Any officer chooses from the council's officers, themselves or a colleague (the API refuses anyone
    // else); should the list not load, the username is typed in instead. An unassigned case offers the
    // signed-in officer first: taking a case on is the commonest assignment.
    load: async () => (await api(OFFICERS)).officers,
    fields: (ctx) => {
      const current = ctx.application.assigned_officer || "";
      if (!ctx.loaded) {
        return [
          textInput({
            name: "officer",
            id: "officer",
            label: "Username of the case officer",
            hint: "Leave blank to unassign the case.",
            width: 20,
            spellcheck: false,
            autocapitalize: "none",
            value: current || ctx.officer.username,
          }),
        ];
      }
      const options = ctx.loaded.map((officer) => ({ value: officer.username, text: officerLabel(officer) }));
      if (current && !options.some((option) => option.value === current)) {
        options.unshift({ value: current, text: `${current} (no longer one of the council's officers)` });
      }
      return [
        select({
          name: "officer",
          id: "officer",
          label: "Case officer",
          options: [{ value: "", text: "No one (unassigned)" }, ...options],
          value: current || ctx.officer.username,
        }),
      ];
    },
    path: "assignment",
    body: (fields) => ({ officer: fields[0].read() || null }),
    submitText: "Save",
    success: (detail) => ({
      title: detail.application.assigned_officer
        ? `Case officer: ${detail.application.assigned_officer}`
        : "The case is unassigned",
    }),
  },

  "extension-of-time": {
    title: "Record an extension of time",
    intro: (ctx) => [
      h(
        "p",
        { class: "govuk-body" },
        `The determination date is ${date(ctx.application.extended_expiry_date || ctx.application.expiry_date)}. Record a later date only when the applicant or agent has agreed it in writing.`,
      ),
    ],
    fields: () => [
      dateInput({
        name: "agreed_date",
        id: "agreed-date",
        legend: "New determination date",
        size: "s",
        noun: "The new determination date",
        hint: "For example, 27 3 2025",
        required: "Enter the new determination date",
      }),
      textInput({
        name: "agreed_with",
        id: "agreed-with",
        label: "Agreed in writing with",
        hint: "The applicant or agent's name.",
        width: 20,
        required: "Enter who agreed the extension",
      }),
    ],
    validate: (fields) => check(fields),
    path: "extension-of-time",
    body: ([agreedDate, agreedWith]) => ({ agreed_date: agreedDate.read().value, agreed_with: agreedWith.read() }),
    submitText: "Save extension",
    success: (detail) => ({
      title: "Extension of time recorded",
      text: `The determination date is now ${date(detail.application.extended_expiry_date)}.`,
    }),
  },

  appeal: {
    title: "Record an appeal",
    intro: (ctx) =>
      ctx.application.appeal ? [h("p", { class: "govuk-body" }, `The appeal is ${ctx.application.appeal.status}.`)] : [],
    fields: (ctx) => {
      const status = ctx.application.appeal?.status;
      const steps = !status
        ? [{ value: "lodge", text: "Appeal lodged" }]
        : {
            lodged: [{ value: "valid", text: "Appeal found valid" }],
            valid: [{ value: "start", text: "Appeal started" }],
            started: [
              { value: "determine:allowed", text: "Appeal allowed" },
              { value: "determine:dismissed", text: "Appeal dismissed" },
              { value: "determine:split_decision", text: "Split decision" },
            ],
          }[status] || [];
      if (status) steps.push({ value: "withdraw", text: "Appeal withdrawn" });
      return [
        radios({
          name: "step",
          id: "step",
          legend: "What happened?",
          size: "m",
          required: "Select what happened",
          options: steps,
        }),
        dateInput({
          name: "on",
          id: "on",
          legend: "Date",
          size: "s",
          noun: "The date",
          hint: "For example, 27 3 2025",
          required: "Enter the date",
        }),
      ];
    },
    aliases: { lodged_on: "on", valid_on: "on", started_on: "on", determined_on: "on", outcome: "step" },
    validate: (fields) => check(fields),
    path: "appeal",
    body: ([step, on]) => {
      const [name, outcome] = step.read().split(":");
      return { step: name, on: on.read().value, outcome: outcome || null };
    },
    submitText: "Save",
    success: () => ({ title: "Appeal recorded" }),
  },
};

/** Builds a task's form; on success, back to the case with a banner. */
export function taskForm(name, ctx) {
  const task = TASKS[name];
  const fields = task.fields(ctx);
  const reference = ctx.application.reference;
  const submitText = typeof task.submitText === "function" ? task.submitText(ctx) : task.submitText;
  return form({
    id: `${name}-form`,
    fields,
    submitText,
    aliases: task.aliases,
    warning: task.warning || null,
    validate: () => (task.validate ? task.validate(fields) : check(fields)),
    secondary: h("a", { class: "govuk-link", href: caseUrl(reference) }, "Cancel"),
    onSubmit: async () => {
      const detail = await api(path.action(reference, task.path), { method: "POST", body: task.body(fields, ctx) });
      flash({ ...task.success(detail), success: true });
      window.location.assign(caseUrl(reference));
    },
  });
}
