// The case page: what the application is, its key dates, the task list per stage, its documents and
// what happened to it (the audit trail, newest first).
import { api, path } from "../api.js";
import { flash } from "../auth.js";
import { h, replace } from "../dom.js";
import { openExternal } from "../dom.js";
import { hasConsultation } from "../application-types.js";
import { consultationStatus } from "./consultation.js";
import {
  actor,
  auditAction,
  date,
  dateTime,
  deadlineTag,
  DECISIONS,
  fileSize,
  money,
  statusLabel,
  statusTag,
  tag,
} from "../format.js";
import { banner } from "../layout.js";
import { siteMapSection } from "../maps.js";
import { allowedTasks } from "./permissions.js";
import { caseUrl, conditionText } from "./tasks.js";
import { requestsStatus } from "./validation.js";
import { assessmentPath, taskItems } from "./assessment/page.js";
import { documentsSection } from "./documents.js";

function summaryRow(key, value, action) {
  return h(
    "div",
    { class: `govuk-summary-list__row${action ? "" : " govuk-summary-list__row--no-actions"}` },
    h("dt", { class: "govuk-summary-list__key" }, key),
    h("dd", { class: "govuk-summary-list__value" }, value),
    action ? h("dd", { class: "govuk-summary-list__actions" }, action) : null,
  );
}

function summaryList(rows) {
  return h(
    "dl",
    { class: "govuk-summary-list" },
    rows.filter(([, value]) => value !== null && value !== undefined && value !== "").map((row) => summaryRow(...row)),
  );
}

function actionLink(text, hiddenText, url) {
  return h("a", { class: "govuk-link", href: url }, text, h("span", { class: "govuk-visually-hidden" }, ` ${hiddenText}`));
}

function contact(person) {
  if (!person) return null;
  const parts = [person.name, person.email, person.phone].filter(Boolean);
  return parts.length ? parts.map((part, i) => (i ? [h("br"), part] : part)) : null;
}

// whom the case waits on (bops.domain.waiting), as the summary names them
const WAITING_ON = {
  officer: "Case officer",
  applicant: "Applicant",
  consultee: "Consultees and neighbours",
  reviewer: "Reviewer",
  committee: "Planning committee",
};

function details(ctx, allowed) {
  const { application } = ctx;
  const reference = application.reference;
  const officerAction = allowed.assignment
    ? actionLink(application.assigned_officer ? "Change" : "Assign", "case officer", caseUrl(reference, { task: "assignment" }))
    : null;
  return [
    h("h2", { class: "govuk-heading-m" }, "Application"),
    summaryList([
      ["Reference", reference],
      ["Application type", application.application_type_name],
      ["Status", statusTag(application.status)],
      ["Waiting on", ctx.detail?.waiting?.party ? `${WAITING_ON[ctx.detail.waiting.party]}: ${ctx.detail.waiting.reason}` : null],
      ["Site address", h("span", { class: "app-wrap" }, application.site.address)],
      ["Postcode", application.site.postcode],
      ["Description", h("span", { class: "app-wrap" }, application.description)],
      ["Applicant", contact(application.applicant)],
      ["Agent", contact(application.agent)],
      ["Fee paid", application.fee?.payable !== null && application.fee?.payable !== undefined ? money(application.fee.payable) : null],
      ["Case officer", application.assigned_officer || "Unassigned", officerAction],
    ]),
  ];
}

function keyDates(ctx, allowed) {
  const { application } = ctx;
  const deadline = application.extended_expiry_date || application.expiry_date;
  const provisional = application.dates_provisional && !application.valid_from;
  const extendAction = allowed["extension-of-time"]
    ? actionLink("Extend", "the determination date", caseUrl(application.reference, { task: "extension-of-time" }))
    : null;
  return [
    h("h2", { class: "govuk-heading-m" }, "Key dates"),
    summaryList([
      ["Received", date(application.received_on)],
      ["Valid from", application.valid_from ? date(application.valid_from) : "Not validated yet"],
      [
        application.extended_expiry_date ? "Expiry date (extended)" : "Expiry date",
        deadline ? `${date(deadline)}${provisional ? " (provisional until valid)" : ""}` : "Not set",
        extendAction,
      ],
      ["Original expiry date", application.extended_expiry_date ? date(application.expiry_date) : null],
      ["Target date", application.target_date ? date(application.target_date) : null],
      ["Planning guarantee date", application.planning_guarantee_date ? date(application.planning_guarantee_date) : null],
      ["Days left", deadlineTag(application.days_left, application.deadline_status)],
      ["Determined", application.decision ? date(application.decision.determined_on) : null],
      ...appealDates(ctx.detail || {}, Boolean(application.decision)),
    ]),
  ];
}

// The appeal dates the case keeps (TCPA 1990 s. 78, DMPO 2015 art. 37(2)): from when the applicant may
// appeal against non-determination, and the last day to give notice of an appeal.
function appealDates(dates, decided) {
  return [
    ["Appeal against non-determination from", dates.appeal_non_determination_from ? date(dates.appeal_non_determination_from) : null],
    [
      decided ? "Last day to appeal against the decision" : "Last day to appeal against non-determination",
      dates.appeal_deadline ? date(dates.appeal_deadline) : null,
    ],
  ];
}

// Task list statuses, as the GOV.UK task list pattern words them.
const COMPLETED = { text: "Completed" };
const CANNOT_START = { text: "Cannot start yet", classes: "govuk-task-list__status--cannot-start-yet" };
const NOT_STARTED = { tag: ["Not yet started", "blue"] };
const IN_PROGRESS = { tag: ["In progress", "light-blue"] };

function taskItem(index, title, status, url, hint) {
  const hintId = `task-${index}-hint`;
  const statusId = `task-${index}-status`;
  const statusElement = h(
    "div",
    { class: `govuk-task-list__status${status.classes ? ` ${status.classes}` : ""}`, id: statusId },
    status.tag ? tag(...status.tag) : status.text,
  );
  return h(
    "li",
    { class: `govuk-task-list__item${url ? " govuk-task-list__item--with-link" : ""}` },
    h(
      "div",
      { class: "govuk-task-list__name-and-hint" },
      url
        ? h(
            "a",
            {
              class: "govuk-link govuk-task-list__link",
              href: url,
              "aria-describedby": `${hint ? `${hintId} ` : ""}${statusId}`,
            },
            title,
          )
        : h("div", {}, title),
      hint ? h("div", { id: hintId, class: "govuk-task-list__hint" }, hint) : null,
    ),
    statusElement,
  );
}

function stages(ctx, allowed) {
  const { application } = ctx;
  const status = application.status;
  const url = (task) => (allowed[task] ? caseUrl(application.reference, { task }) : null);
  const ended = ["withdrawn", "returned", "closed"].includes(status);
  const validated = Boolean(application.valid_from);

  const validation = validated
    ? COMPLETED
    : status === "invalidated"
      ? { tag: ["Invalid", "red"] }
      : ended
        ? { text: statusLabel(status) }
        : status === "pending"
          ? CANNOT_START
          : NOT_STARTED;

  let assessmentTitle = "Assess the proposal";
  let assessmentUrl = null;
  let assessment = validated ? COMPLETED : CANNOT_START;
  if (status === "in_assessment") {
    [assessmentTitle, assessmentUrl, assessment] = ["Start the assessment", url("assessment"), NOT_STARTED];
  } else if (status === "assessment_in_progress") {
    [assessmentTitle, assessmentUrl, assessment] = ["Make a recommendation", url("recommendation"), IN_PROGRESS];
  } else if (status === "to_be_reviewed") {
    [assessmentTitle, assessmentUrl, assessment] = ["Make a recommendation", url("recommendation"), { tag: ["Changes requested", "orange"] }];
  } else if (!application.recommendation && validated) {
    assessment = ended ? { text: statusLabel(status) } : CANNOT_START;
  }

  let review = CANNOT_START;
  let reviewHint = null;
  if (status === "awaiting_determination") {
    review = NOT_STARTED;
    if (ctx.recommendedByMe) reviewHint = "You made the recommendation, so another reviewer must review it.";
    else if (!ctx.isReviewer) reviewHint = "A reviewer agrees or challenges the recommendation.";
  } else if (status === "to_be_reviewed") {
    review = { tag: ["Challenged", "orange"] };
  } else if (status === "in_committee" || status === "determined") {
    review = COMPLETED;
  } else if (ended) {
    review = { text: statusLabel(status) };
  }

  let determinationTitle = "Decision";
  let determinationUrl = null;
  let determination = CANNOT_START;
  let determinationHint = null;
  if (status === "determined") {
    determination = COMPLETED;
    determinationHint = DECISIONS[application.decision?.decision] || null;
  } else if (status === "in_committee") {
    [determinationTitle, determinationUrl, determination] = ["Record the committee's decision", url("committee-decision"), NOT_STARTED];
  } else if (status === "awaiting_determination" && allowed.committee) {
    [determinationTitle, determinationUrl, determination] = ["Send to planning committee", url("committee"), { text: "Optional" }];
  } else if (ended) {
    determination = { text: statusLabel(status) };
  }

  const consultationItem = hasConsultation(application.application_type)
    ? consultationItem_(ctx, url("consultation"))
    : taskItem(2, "Consult neighbours and consultees", { text: "Not needed", classes: "govuk-task-list__status--cannot-start-yet" }, null);

  const section = (index, heading, items) => [
    h("h3", { class: "govuk-heading-s govuk-!-margin-bottom-2" }, `${index}. ${heading}`),
    h("ul", { class: "govuk-task-list" }, items),
  ];
  return [
    h("h2", { class: "govuk-heading-m" }, "Tasks"),
    section(1, "Validation", [
      taskItem(1, "Check and validate", validation, url("validation"), application.invalid_reason && status === "invalidated" ? application.invalid_reason : null),
      requestsItem(ctx, url("validation-requests")),
    ]),
    section(2, "Consultation", [consultationItem]),
    section(3, "Assessment", assessmentItems(ctx, status, [assessmentTitle, assessment, assessmentUrl], url)),
    section(4, "Review", [taskItem(4, "Review the recommendation", review, url("review"), reviewHint)]),
    section(5, "Determination", [
      taskItem(5, determinationTitle, determination, determinationUrl, determinationHint),
      ...(status === "determined"
        ? [taskItem(6, "Appeal", application.appeal ? { text: `Appeal ${application.appeal.status}` } : { text: "None" }, url("appeal"))]
        : []),
    ]),
  ];
}

/**
 * The assessment: "Start the assessment" while it can be started, then each task of the application type
 * (from the API a moment later, ./assessment/page.js), then the recommendation.
 */
function assessmentItems(ctx, status, [title, state, link], url) {
  const { application } = ctx;
  const recommendation =
    status === "in_assessment"
      ? taskItem("recommendation", "Make a recommendation", CANNOT_START, null)
      : taskItem(3, title, state, link);
  const items = status === "in_assessment" ? [taskItem(3, title, state, link), recommendation] : [recommendation];
  if (application.valid_from && ctx.isOfficer) {
    api(assessmentPath(application.reference)).then(
      (assessment) => {
        recommendation.before(...taskItems(application.reference, assessment));
        const left = assessment.outstanding.length;
        if (left && url("recommendation")) {
          const hint = h("div", { id: "task-3-hint", class: "govuk-task-list__hint" }, `Complete ${left} required ${left === 1 ? "task" : "tasks"} first`);
          recommendation.querySelector(".govuk-task-list__name-and-hint").append(hint);
          const link = recommendation.querySelector("a");
          link?.setAttribute("aria-describedby", `task-3-hint ${link.getAttribute("aria-describedby") || ""}`.trim());
        }
      },
      () => undefined, // the task list still offers the recommendation; the tasks' pages say what went wrong
    );
  }
  return items;
}

/** The consultation task; its status comes from the API a moment later. */
function consultationItem_(ctx, url) {
  const item = taskItem(2, "Consult neighbours and consultees", { text: "" }, url);
  if (!url) return item;
  const status = item.querySelector(".govuk-task-list__status");
  consultationStatus(ctx.application.reference).then(
    (value) => replace(status, value),
    () => undefined,
  );
  return item;
}

/** The automated checks and the requests to the applicant; its status comes from the API a moment later. */
function requestsItem(ctx, url) {
  const item = taskItem("requests", "Validation checks and requests", { text: "" }, url);
  const status = item.querySelector(".govuk-task-list__status");
  requestsStatus(ctx.application.reference).then(
    (value) => replace(status, value),
    () => undefined, // the task list still links to the page, which says what went wrong
  );
  return item;
}

function decision(ctx) {
  const { application } = ctx;
  if (!application.decision) return [];
  const outcome = application.decision;
  const notice = (format, text) =>
    h(
      "button",
      {
        type: "button",
        class: "app-link-button",
        on: {
          click: async () => {
            try {
              const link = await api(`${path.action(application.reference, "decision-notice")}`, { query: { format } });
              openExternal(link.url);
            } catch (error) {
              banner({ title: "The decision notice could not be opened", text: error.message });
            }
          },
        },
      },
      text,
    );
  return [
    h("h2", { class: "govuk-heading-m" }, "Decision"),
    summaryList([
      ["Decision", DECISIONS[outcome.decision] || outcome.decision],
      ["Decided on", date(outcome.determined_on)],
      ["Decided by", outcome.made_by === "committee" ? "Planning committee" : outcome.determined_by],
      [
        "Conditions",
        outcome.conditions?.length
          ? h("ol", { class: "govuk-list govuk-list--number" }, outcome.conditions.map((c) => h("li", {}, conditionText(c))))
          : outcome.conditions_from_assessment
            ? h(
                "a",
                { class: "govuk-link", href: caseUrl(application.reference, { task: "assessment-conditions" }) },
                "The conditions task's conditions, each with its reason",
              )
            : null,
      ],
      [
        "Reasons for refusal",
        outcome.reasons?.length
          ? h("ol", { class: "govuk-list govuk-list--number" }, outcome.reasons.map((r) => h("li", {}, r)))
          : null,
      ],
      [
        "Decision notice",
        application.decision_notice
          ? [notice("pdf", "Download the decision notice (PDF)"), h("br"), notice("html", "View the decision notice (web page)")]
          : "Being prepared",
      ],
    ]),
  ];
}

function timeline(ctx) {
  const entries = [...ctx.detail.audit].sort((a, b) => (a.at < b.at ? 1 : -1));
  if (!entries.length) return [];
  return [
    h("h2", { class: "govuk-heading-m" }, "History"),
    h(
      "ol",
      { class: "app-timeline", "aria-label": "History, newest first" },
      entries.map((entry) =>
        h(
          "li",
          { class: "app-timeline__item" },
          h("h3", { class: "app-timeline__title" }, auditAction(entry.action)),
          h("p", { class: "app-timeline__meta" }, `${dateTime(entry.at)} by ${actor(entry.actor)}`),
          entry.reason ? h("p", { class: "app-timeline__detail app-wrap" }, entry.reason) : null,
        ),
      ),
    ),
  ];
}

function otherActions(ctx, allowed) {
  const reference = ctx.application.reference;
  const links = [
    ["assignment", ctx.application.assigned_officer ? "Change the case officer" : "Assign the case"],
    ["extension-of-time", "Record an extension of time"],
    ["upload", "Upload a document"],
    ["withdrawal", "Withdraw the application"],
    ["return", "Return the application"],
    ["closure", "Close the application"],
  ].filter(([task]) => allowed[task]);
  if (!links.length) return [];
  return [
    h("h2", { class: "govuk-heading-m" }, "Actions"),
    h(
      "ul",
      { class: "govuk-list" },
      links.map(([task, text]) => h("li", {}, h("a", { class: "govuk-link", href: caseUrl(reference, { task }) }, text))),
    ),
  ];
}

export function overview(ctx) {
  const { application } = ctx;
  const allowed = allowedTasks(ctx);
  const workflowError = application.workflow_error
    ? h(
        "div",
        { class: "govuk-warning-text" },
        h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
        h(
          "strong",
          { class: "govuk-warning-text__text" },
          h("span", { class: "govuk-visually-hidden" }, "Warning"),
          "A step of this case's workflow failed. The service team has the details.",
        ),
      )
    : null;
  return [
    h("span", { class: "govuk-caption-l" }, `${application.reference} · ${application.application_type_name}`),
    h("h1", { class: "govuk-heading-l app-wrap" }, application.site.address),
    h(
      "p",
      { class: "govuk-body" },
      statusTag(application.status),
      " ",
      deadlineTag(application.days_left, application.deadline_status),
    ),
    workflowError,
    h(
      "div",
      { class: "govuk-grid-row" },
      h(
        "div",
        { class: "govuk-grid-column-two-thirds" },
        stages(ctx, allowed),
        decision(ctx),
        details(ctx, allowed),
        siteMapSection({ reference: application.reference }),
        keyDates(ctx, allowed),
        documentsSection(ctx, allowed),
        timeline(ctx),
      ),
      h("div", { class: "govuk-grid-column-one-third" }, otherActions(ctx, allowed)),
    ),
  ];
}
