// How values from the API read on the page: statuses, deadline tags, dates, sizes.
import { h } from "./dom.js";

// Status -> [label, GOV.UK tag colour]
export const STATUSES = {
  pending: ["Pending", "grey"],
  not_started: ["Not started", "blue"],
  invalidated: ["Invalid", "red"],
  in_assessment: ["In assessment", "light-blue"],
  assessment_in_progress: ["Assessment in progress", "light-blue"],
  awaiting_determination: ["Awaiting determination", "purple"],
  in_committee: ["In committee", "pink"],
  to_be_reviewed: ["To be reviewed", "orange"],
  determined: ["Determined", "green"],
  withdrawn: ["Withdrawn", "grey"],
  returned: ["Returned", "grey"],
  closed: ["Closed", "grey"],
};

export const FINAL_STATUSES = ["determined", "withdrawn", "returned", "closed"];

export const DECISIONS = {
  granted: "Granted",
  refused: "Refused",
  prior_approval_not_required: "Prior approval not required",
  prior_approval_granted: "Prior approval required and granted",
  prior_approval_refused: "Prior approval required and refused",
};

export function tag(text, colour) {
  return h("strong", { class: colour ? `govuk-tag govuk-tag--${colour}` : "govuk-tag" }, text);
}

export function statusTag(status) {
  const [label, colour] = STATUSES[status] || [String(status), "grey"];
  return tag(label, colour);
}

export function statusLabel(status) {
  return (STATUSES[status] || [String(status)])[0];
}

/** "12 days left" / "Due today" / "3 days overdue", in business days, coloured by the API's tag. */
export function deadlineTag(daysLeft, deadlineStatus) {
  if (daysLeft === null || daysLeft === undefined) return null;
  let text;
  if (daysLeft > 0) text = `${plural(daysLeft, "day")} left`;
  else if (daysLeft === 0) text = "Due today";
  else text = `${plural(-daysLeft, "day")} overdue`;
  const colour = { overdue: "red", "due soon": "yellow", "on track": "green" }[deadlineStatus] || "grey";
  return tag(text, colour);
}

const LONDON = "Europe/London";

/** "3 March 2025" from an ISO date (2025-03-03) or timestamp. */
export function date(value) {
  if (!value) return "";
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const [y, m, d] = text.split("-").map(Number);
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  }
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return text;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: LONDON }).format(
    parsed,
  );
}

/** "3 March 2025 at 2:05pm" (London time). */
export function dateTime(value) {
  const parsed = new Date(String(value));
  if (Number.isNaN(parsed.getTime())) return String(value || "");
  const time = new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "2-digit", hour12: true, timeZone: LONDON })
    .format(parsed)
    .replace(/\s/g, "")
    .toLowerCase();
  return `${date(value)} at ${time}`;
}

/**
 * A count with its noun, singular for one: plural(1, "comment") -> "1 comment", plural(3, "comment") ->
 * "3 comments". Nouns whose plural is not "+s" pass it: plural(2, "reply", "replies").
 */
export function plural(n, noun, pluralNoun = `${noun}s`) {
  const number = Number(n) || 0;
  return `${number} ${number === 1 ? noun : pluralNoun}`;
}

export function fileSize(bytes) {
  if (bytes < 1024) return plural(bytes, "byte");
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function money(value) {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(value);
}

/** "application.validated" -> "Validated"; unknown actions read as words. */
const ACTIONS = {
  "application.received": "Application received",
  "application.validated": "Validated",
  "application.invalidated": "Marked invalid",
  "application.assessment_started": "Assessment started",
  "application.recommended": "Recommendation made",
  "application.sent_to_committee": "Sent to planning committee",
  "application.challenged": "Recommendation challenged",
  "application.determined": "Determined",
  "application.withdrawn": "Withdrawn",
  "application.returned": "Returned to the applicant",
  "application.closed": "Closed",
  "application.assigned": "Case officer changed",
  "application.extension_of_time": "Extension of time agreed",
  "application.approaching_expiry": "Determination date approaching",
  "application.overdue": "Determination date passed",
  "document.received": "Document received",
  "document.rejected": "Document rejected",
  "document.scanned_clean": "Document scanned: no viruses found",
  "document.quarantined": "Document failed its virus scan and was quarantined",
  "document.scan_failed": "Document could not be scanned for viruses",
  "document.published": "Document published on the public register",
  "document.unpublished": "Document removed from the public register",
  "documents.published": "Documents published on the public register",
  "document.details_changed": "Document details changed (types, drawing number or decision notice)",
  "decision_notice.issued": "Decision notice issued",
  "consultation.letter_failed": "Neighbour letter not posted",
  "consultation.email_failed": "Consultee email not delivered",
  "workflow.receipt_recorded": "Receipt recorded",
  "workflow.failed": "A workflow step failed",
  "appeal.lodge": "Appeal lodged",
  "appeal.valid": "Appeal valid",
  "appeal.start": "Appeal started",
  "appeal.determine": "Appeal decided",
  "appeal.withdraw": "Appeal withdrawn",
  "validation.checked": "Automated validation checks made",
  "validation_request.created": "Validation request made",
  "validation_request.edited": "Validation request changed",
  "validation_request.sent": "Validation request sent",
  "validation_request.answered": "Validation request answered",
  "validation_request.cancelled": "Validation request cancelled",
  "validation_request.discarded": "Validation request discarded",
  "validation_request.auto_closed": "Validation request accepted automatically",
};

export function auditAction(action) {
  if (ACTIONS[action]) return ACTIONS[action];
  const words = String(action).split(".").pop().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An officer as lists show them: "Tom Okafor, Senior planning officer (reviewer)". */
export function officerLabel({ username, name, job_title: jobTitle }) {
  const who = jobTitle ? `${name}, ${jobTitle}` : name;
  return !who || who === username ? username : `${who} (${username})`;
}

export function actor(value) {
  const text = String(value || "");
  if (text.startsWith("system:") || text === "system") return "BoPS";
  if (text.startsWith("applicant:")) return "the applicant";
  if (text.startsWith("notify:")) return "GOV.UK Notify";
  return text.replace(/^officer:/, "").replace(/^integrator:/, "API: ");
}
