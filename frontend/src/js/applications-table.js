// The table of applications on the dashboard and the search results.
import { append, h, href } from "./dom.js";
import { date, deadlineTag, statusTag } from "./format.js";

// PARTIES names whom a case waits on (bops.domain.waiting), as the dashboard's "Waiting on" column says it.
const PARTIES = {
  officer: "Case officer",
  applicant: "Applicant",
  consultee: "Consultees",
  reviewer: "Reviewer",
  committee: "Committee",
};

// waiting: add the "Waiting on" column (the dashboard's rows say whom each case waits on).
export function applicationsTable(applications, { caption, waiting = false }) {
  const row = (application) => tableRow(application, waiting);
  const rows = applications.map(row);
  const table = h(
    "table",
    { class: "govuk-table" },
    h("caption", { class: "govuk-table__caption govuk-visually-hidden" }, caption),
    h(
      "thead",
      { class: "govuk-table__head" },
      h(
        "tr",
        { class: "govuk-table__row" },
        [
          "Reference",
          "Site address",
          "Application type",
          "Status",
          ...(waiting ? ["Waiting on"] : []),
          "Determination date",
          "Case officer",
        ].map((text) => h("th", { scope: "col", class: "govuk-table__header" }, text)),
      ),
    ),
    h("tbody", { class: "govuk-table__body" }, rows),
  );
  const wrapper = h("div", { class: "app-table-wrapper", role: "region", "aria-label": caption, tabindex: "0" }, table);
  wrapper.addRows = (more) => append(table.tBodies[0], more.map(row));
  return wrapper;
}

function tableRow(application, waiting) {
  const cell = (...children) => h("td", { class: "govuk-table__cell" }, children);
  const deadline = application.expiry_date
    ? [date(application.expiry_date), h("br"), deadlineTag(application.days_left, application.deadline_status)]
    : "Not set";
  return h(
    "tr",
    { class: "govuk-table__row" },
    h(
      "th",
      { scope: "row", class: "govuk-table__header" },
      h(
        "a",
        { class: "govuk-link app-nowrap", href: href("/application.html", { reference: application.reference }) },
        application.reference,
      ),
    ),
    cell(h("span", { class: "app-wrap" }, application.site_address)),
    cell(application.application_type_name),
    cell(statusTag(application.status)),
    ...(waiting ? [cell(waitingOn(application))] : []),
    cell(deadline),
    cell(application.assigned_officer || "Unassigned"),
  );
}

function waitingOn(application) {
  if (!application.waiting_on) return application.waiting_reason || "No one";
  return [
    h("strong", {}, PARTIES[application.waiting_on] || application.waiting_on),
    h("br"),
    h("span", { class: "govuk-body-s" }, application.waiting_reason || ""),
  ];
}
