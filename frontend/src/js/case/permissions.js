// What the signed-in officer may do to this case now: the API's available_actions (the lifecycle
// events the case's status allows) crossed with the officer's roles. The API decides in the end;
// this only chooses which forms to offer.
import { hasRole } from "../auth.js";
import { FINAL_STATUSES } from "../format.js";
import { hasConsultation, isPriorApproval } from "../application-types.js";

const OFFICER = ["assessor", "reviewer", "administrator"];
const REVIEWER = ["reviewer", "administrator"];

// A copy of bops.domain.lifecycle.ROLE_EVENTS (administrators may fire every event).
const ASSESSOR_EVENTS = ["validate", "invalidate", "start", "recommend", "withdraw", "return", "close"];
const REVIEWER_EVENTS = [...ASSESSOR_EVENTS, "send_to_committee", "challenge", "determine"];

export function caseContext(detail, officer) {
  const { application } = detail;
  const available = new Set(detail.available_actions || []);
  const isAdmin = hasRole(officer, "administrator");
  const may = (event) =>
    available.has(event) &&
    (isAdmin ||
      (hasRole(officer, "reviewer") && REVIEWER_EVENTS.includes(event)) ||
      (hasRole(officer, "assessor") && ASSESSOR_EVENTS.includes(event)));
  const open = !FINAL_STATUSES.includes(application.status);
  const recommendedByMe = application.recommendation?.by === officer.username;
  return {
    detail,
    application,
    officer,
    may,
    isAdmin,
    isReviewer: hasRole(officer, ...REVIEWER),
    isOfficer: hasRole(officer, ...OFFICER),
    open,
    recommendedByMe,
    priorApproval: isPriorApproval(application.application_type),
  };
}

/** Which task pages this officer may open now, by name (the ?task= of the case page). */
export function allowedTasks(ctx) {
  const { application, may, open } = ctx;
  const status = application.status;
  return {
    validation: may("validate") || may("invalidate"),
    assessment: may("start"),
    recommendation: may("recommend"),
    review: status === "awaiting_determination" && (may("determine") || may("challenge")) && !ctx.recommendedByMe,
    committee: may("send_to_committee"),
    "committee-decision": status === "in_committee" && may("determine"),
    withdrawal: may("withdraw"),
    return: may("return"),
    closure: may("close"),
    // Any officer assigns the case to any of the council's officers: themselves or a colleague (issue 12).
    assignment: open && ctx.isOfficer,
    "extension-of-time": open && ctx.isOfficer && Boolean(application.valid_from || ctx.priorApproval),
    appeal: status === "determined" && ctx.isOfficer && application.appeal?.status !== "determined",
    upload: ctx.isOfficer,
    document: ctx.isOfficer,
    "validation-requests": ctx.isOfficer,
    consultation: ctx.isOfficer && hasConsultation(application.application_type),
    "assessment-constraints": ctx.isOfficer,
    "assessment-site_history": ctx.isOfficer,
    "new-request": open && ctx.isOfficer,
    "edit-request": open && ctx.isOfficer,
    "cancel-request": open && ctx.isOfficer,
    // The assessment (case/assessment/*.js): officers read every task; each page offers editing or the
    // review by the case's status and the officer's roles. Other tasks fall back to the notes page.
    "assessment-tasks": ctx.isOfficer,
    "assessment-summaries": ctx.isOfficer,
    "assessment-site_visit": ctx.isOfficer,
    "assessment-cil": ctx.isOfficer,
    "assessment-permitted_development_rights": ctx.isOfficer,
    "assessment-approved_plans": ctx.isOfficer,
    "assessment-conditions": ctx.isOfficer,
    "assessment-policies": ctx.isOfficer,
    "assessment-eia": ctx.isOfficer,
  };
}
