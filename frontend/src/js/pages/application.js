// One application: the case page, or one of its task pages (?task=…).
import { api, path } from "../api.js";
import { byId, h, replace } from "../dom.js";
import { caseContext, allowedTasks } from "../case/permissions.js";
import { overview } from "../case/overview.js";
import { caseUrl, TASKS, taskForm } from "../case/tasks.js";
import { uploadPage } from "../case/upload.js";
import { VALIDATION_PAGES } from "../case/validation.js";
import { consultationPage } from "../case/consultation.js";
import { conditionsPage } from "../case/assessment/conditions.js";
import { eiaPage } from "../case/assessment/eia.js";
import { policiesPage } from "../case/assessment/policies.js";
import { constraintsPage } from "../case/assessment/constraints.js";
import { siteHistoryPage } from "../case/assessment/site_history.js";
import { pageProblem, showFlash, startPage } from "../layout.js";
import { taskListPage } from "../case/assessment/page.js";
import { notesPage } from "../case/assessment/notes.js";
import { summariesPage } from "../case/assessment/summaries.js";
import { siteVisitPage } from "../case/assessment/site_visit.js";
import { cilPage } from "../case/assessment/cil.js";
import { permittedDevelopmentRightsPage } from "../case/assessment/permitted_development_rights.js";
import { approvedPlansPage } from "../case/assessment/approved_plans.js";
import { documentPage } from "../case/documents.js";

// Task pages that load what they show first (validation requests, consultation, the assessment's tasks).
const LOADED_PAGES = {
  ...VALIDATION_PAGES,
  consultation: consultationPage,
  "assessment-tasks": taskListPage,
  "assessment-summaries": summariesPage,
  "assessment-site_visit": siteVisitPage,
  "assessment-cil": cilPage,
  "assessment-permitted_development_rights": permittedDevelopmentRightsPage,
  "assessment-approved_plans": approvedPlansPage,
  "assessment-conditions": conditionsPage,
  "assessment-policies": policiesPage,
  "assessment-eia": eiaPage,
  "assessment-constraints": constraintsPage,
  "assessment-site_history": siteHistoryPage,
  document: documentPage,
};
const ASSESSMENT_TASK = "assessment-";

const officer = startPage({ current: "applications" });
if (officer) load();

async function load() {
  const params = new URLSearchParams(window.location.search);
  const reference = (params.get("reference") || "").trim();
  let task = params.get("task");
  if (!reference) {
    pageProblem("Page not found", "No application was named. Choose one from your applications.");
    return;
  }
  let detail;
  try {
    detail = await api(path.application(reference));
  } catch (error) {
    if (error.status === 404) pageProblem("Application not found", `There is no application ${reference}.`);
    else pageProblem("Sorry, there is a problem", `The application could not be loaded: ${error.message}`);
    return;
  }
  const ctx = caseContext(detail, officer);
  const slot = byId("case");
  if (!task) {
    document.title = `${detail.application.reference} – ${detail.application.site.address} – BoPS`;
    replace(slot, overview(ctx));
    showFlash();
    return;
  }
  const allowed = allowedTasks(ctx);
  // ?task=assessment is the "Start the assessment" form while it can be started, the task list after
  if (task === "assessment" && !allowed.assessment && allowed["assessment-tasks"]) task = "assessment-tasks";
  // an assessment task without a page of its own is kept as the officer's notes
  if (task.startsWith(ASSESSMENT_TASK) && !(task in LOADED_PAGES)) {
    LOADED_PAGES[task] = notesPage(task.slice(ASSESSMENT_TASK.length));
    allowed[task] ??= allowed["assessment-tasks"];
  }
  if (!(task in allowed) || (!(task in TASKS) && task !== "upload" && !(task in LOADED_PAGES))) {
    pageProblem("Page not found", "There is no such task.");
    return;
  }
  if (task in LOADED_PAGES) {
    await validationPage(task, ctx, allowed, params);
    return;
  }
  const title = task === "upload" ? "Upload a document" : TASKS[task].title;
  document.title = `${title} – ${detail.application.reference} – BoPS`;
  const back = h("a", { class: "govuk-back-link", href: caseUrl(reference) }, "Back to the application");
  const heading = [
    h("span", { class: "govuk-caption-l" }, `${detail.application.reference} · ${detail.application.site.address}`),
    h("h1", { class: "govuk-heading-l" }, title),
  ];
  if (!allowed[task]) {
    replace(byId("before-content"), back);
    replace(
      slot,
      heading,
      h("p", { class: "govuk-body" }, "You cannot do this now: the application's status or your role does not allow it."),
    );
    return;
  }
  if (TASKS[task]?.load) ctx.loaded = await TASKS[task].load(ctx).catch(() => null);
  const body = task === "upload" ? uploadPage(ctx) : taskForm(task, ctx);
  const intro = task === "upload" ? [] : TASKS[task].intro?.(ctx) || [];
  replace(byId("before-content"), back); // GOV.UK: the back link goes before the main content
  replace(
    slot,
    h("div", { class: "govuk-grid-row" }, h("div", { class: "govuk-grid-column-two-thirds" }, heading, intro, body)),
  );
  body.start();
}

/** A validation page (the report and requests, or a request's form): it loads what it shows first. */
async function validationPage(task, ctx, allowed, params) {
  const reference = ctx.application.reference;
  if (!allowed[task]) {
    pageProblem("You cannot do this now", "The application's status or your role does not allow it.");
    return;
  }
  let page;
  try {
    page = await LOADED_PAGES[task](ctx, allowed, params);
  } catch (error) {
    if (error.status === 404) pageProblem("Page not found", error.message);
    else {
      const what = task === "consultation" ? "The consultation" : task.startsWith(ASSESSMENT_TASK) ? "The assessment" : "The validation requests";
      pageProblem("Sorry, there is a problem", `${what} could not be loaded: ${error.message}`);
    }
    return;
  }
  document.title = `${page.title} – ${reference} – BoPS`;
  const [backUrl, backText] = page.back;
  replace(byId("before-content"), h("a", { class: "govuk-back-link", href: backUrl }, backText));
  const heading = [
    h("span", { class: "govuk-caption-l" }, `${reference} · ${ctx.application.site.address}`),
    h("h1", { class: "govuk-heading-l" }, page.title),
  ];
  const column = page.wide ? "govuk-grid-column-full" : "govuk-grid-column-two-thirds";
  replace(byId("case"), h("div", { class: "govuk-grid-row" }, h("div", { class: column }, heading, page.content)));
  page.start?.();
  showFlash();
}
