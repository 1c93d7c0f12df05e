// The table of applications on the dashboard and the search results.
import { append, h, href } from "./dom.js";
import { date, deadlineTag, statusTag } from "./format.js";

export function applicationsTable(applications, { caption }) {
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
        ["Reference", "Site address", "Application type", "Status", "Determination date", "Case officer"].map((text) =>
          h("th", { scope: "col", class: "govuk-table__header" }, text),
        ),
      ),
    ),
    h("tbody", { class: "govuk-table__body" }, rows),
  );
  const wrapper = h("div", { class: "app-table-wrapper", role: "region", "aria-label": caption, tabindex: "0" }, table);
  wrapper.addRows = (more) => append(table.tBodies[0], more.map(row));
  return wrapper;
}

function row(application) {
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
    cell(deadline),
    cell(application.assigned_officer || "Unassigned"),
  );
}
