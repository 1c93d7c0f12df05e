// The dashboard: tabs (your cases, unassigned, to review for reviewers, closed, all), each sorted by
// determination date, filtered by status and type, and the team's caseload. A tab's list is fetched the
// first time it is shown. ?officer=username shows that officer's cases in the first tab (the team tab's
// links).
import { Button, Tabs } from "/vendor/govuk-frontend.min.js";
import { api } from "../api.js";
import { applicationsTable } from "../applications-table.js";
import { APPLICATION_TYPES } from "../application-types.js";
import { ROLE_NAMES } from "../auth.js";
import { append, byId, h, href, replace } from "../dom.js";
import { date, STATUSES } from "../format.js";
import { showFlash, startPage } from "../layout.js";

const PAGE_SIZE = 50;
const EMPTY = {
  mine: "No cases are assigned to you.",
  unassigned: "No cases are waiting for a case officer.",
  to_review: "No recommendations are waiting for a reviewer.",
  closed: "No closed cases.",
  all: "No cases.",
};

const officer = startPage({ current: "applications" });
if (officer) {
  showFlash();
  const roles = officer.roles.map((role) => ROLE_NAMES[role] || role).join(", ");
  byId("signed-in-as").textContent = `Signed in as ${officer.username}${roles ? ` (${roles})` : ""}`;

  const params = new URLSearchParams(window.location.search);
  const filters = {
    status: params.get("status") || "",
    type: params.get("type") || "",
    officer: params.get("officer") || "",
  };
  if (filters.officer && filters.officer !== officer.username) {
    byId("mine-tab-label").textContent = `Cases of ${filters.officer}`;
    byId("mine-heading").textContent = `Cases of ${filters.officer}`;
  } else {
    filters.officer = "";
  }
  fillFilters(filters);
  for (const element of document.querySelectorAll('[data-module="govuk-button"]')) new Button(element);

  const loaded = new Set();
  const tabs = byId("dashboard-tabs");
  // the "to review" list is the reviewers' (recommendations awaiting their agreement)
  if (!officer.roles.includes("reviewer")) {
    for (const element of tabs.querySelectorAll("[data-reviewers-only]")) element.remove();
  }
  new Tabs(tabs);
  const loadVisible = () => {
    for (const panel of tabs.querySelectorAll(".govuk-tabs__panel")) {
      if (!panel.classList.contains("govuk-tabs__panel--hidden") && !loaded.has(panel.id)) {
        loaded.add(panel.id);
        loadTab(panel.id, filters);
      }
    }
  };
  // GOV.UK Tabs switches panels on click and arrow keys; this runs after it. On small screens the
  // tabs become sections, all shown, so every list loads.
  tabs.addEventListener("click", () => setTimeout(loadVisible));
  tabs.addEventListener("keydown", () => setTimeout(loadVisible));
  window.matchMedia("(min-width: 40.0625em)").addEventListener("change", () => setTimeout(loadVisible));
  loadVisible();
}

function fillFilters(filters) {
  const status = byId("status");
  for (const [value, [label]] of Object.entries(STATUSES)) {
    append(status, [h("option", { value, selected: value === filters.status }, label)]);
  }
  const type = byId("type");
  for (const [value, label] of APPLICATION_TYPES) {
    append(type, [h("option", { value, selected: value === filters.type }, label)]);
  }
  byId("clear-filters").hidden = !(filters.status || filters.type);
  byId("filters").addEventListener("submit", (event) => {
    // keep the tab being looked at (a GET form would drop the #fragment)
    event.preventDefault();
    const query = new URLSearchParams();
    if (status.value) query.set("status", status.value);
    if (type.value) query.set("type", type.value);
    if (filters.officer) query.set("officer", filters.officer);
    const search = query.toString();
    window.location.assign(`/${search ? `?${search}` : ""}${window.location.hash}`);
  });
}

async function loadTab(tab, filters, cursor = null, table = null) {
  if (tab === "team") return loadTeam();
  if (tab === "pre_applications") return loadPreApplications();
  if (tab === "enforcement") return loadEnforcement();
  const slot = document.querySelector(`[data-tab="${tab}"]`);
  let page;
  try {
    const officer = tab === "mine" ? filters.officer : "";
    page = await api("/api/v1/dashboard", {
      query: { tab, status: filters.status, type: filters.type, officer, limit: PAGE_SIZE, cursor },
    });
  } catch (error) {
    replace(slot, h("p", { class: "govuk-body" }, `The cases could not be loaded: ${error.message}`));
    return;
  }
  if (table) {
    table.addRows(page.applications);
  } else if (!page.applications.length) {
    const filtered = filters.status || filters.type;
    replace(slot, h("p", { class: "govuk-body" }, filtered ? "No cases match the filters." : EMPTY[tab]));
    return;
  } else {
    table = applicationsTable(page.applications, { caption: slot.previousElementSibling.textContent, waiting: true });
    replace(slot, table);
  }
  slot.querySelector(".app-more")?.remove();
  if (page.next_cursor) {
    const more = h(
      "button",
      { type: "button", class: "govuk-button govuk-button--secondary app-more" },
      "Show more cases",
    );
    more.addEventListener("click", () => {
      more.setAttribute("aria-disabled", "true");
      loadTab(tab, filters, page.next_cursor, table);
    });
    append(slot, [more]);
  }
}

// The team tab: each officer's open cases, overdue and due soon (GET /api/v1/council/caseload), each officer
// linking to their cases on this dashboard.
async function loadTeam() {
  const slot = document.querySelector('[data-tab="team"]');
  let caseload;
  try {
    caseload = await api("/api/v1/council/caseload");
  } catch (error) {
    replace(slot, h("p", { class: "govuk-body" }, `The caseload could not be loaded: ${error.message}`));
    return;
  }
  const caption = `Open cases per officer on ${date(caseload.as_of)}`;
  const cell = (...children) => h("td", { class: "govuk-table__cell" }, children);
  const number = (value) => h("td", { class: "govuk-table__cell govuk-table__cell--numeric" }, String(value));
  const row = (figures) =>
    h(
      "tr",
      { class: "govuk-table__row" },
      h(
        "th",
        { scope: "row", class: "govuk-table__header" },
        h(
          "a",
          {
            class: "govuk-link",
            href: figures.username ? `${href("/", { officer: figures.username })}#mine` : "/#unassigned",
          },
          figures.name,
        ),
        figures.job_title ? [h("br"), h("span", { class: "govuk-body-s" }, figures.job_title)] : null,
      ),
      number(figures.open),
      number(figures.overdue),
      number(figures.due_soon),
      cell(
        Object.entries(figures.by_status)
          .map(([status, count]) => `${(STATUSES[status] || [status])[0]}: ${count}`)
          .join(", ") || "None",
      ),
    );
  const header = (text, numeric = false) =>
    h("th", { scope: "col", class: `govuk-table__header${numeric ? " govuk-table__header--numeric" : ""}` }, text);
  const headers = [
    header("Officer"),
    header("Open", true),
    header("Overdue", true),
    header("Due within 5 working days", true),
    header("By status"),
  ];
  replace(slot, scrollableTable(caption, headers, caseload.officers.map(row)));
}

// The pre-applications tab: the council's open pre-application advice requests (GET /api/v1/pre-applications),
// soonest target date first, each linking to its page.
async function loadPreApplications() {
  const slot = document.querySelector('[data-tab="pre_applications"]');
  let rows;
  try {
    rows = (await api("/api/v1/pre-applications")).pre_applications;
  } catch (error) {
    replace(slot, h("p", { class: "govuk-body" }, `The pre-applications could not be loaded: ${error.message}`));
    return;
  }
  if (!rows.length) {
    replace(slot, h("p", { class: "govuk-body" }, "No pre-application advice requests are open."));
    return;
  }
  const caption = "Open pre-application advice requests";
  const cell = (...children) => h("td", { class: "govuk-table__cell" }, children);
  const head = (text) => h("th", { scope: "col", class: "govuk-table__header" }, text);
  const status = { submitted: "Submitted", assigned: "Assigned", in_progress: "In progress" };
  const row = (item) =>
    h(
      "tr",
      { class: "govuk-table__row", "data-reference": item.reference },
      h(
        "th",
        { scope: "row", class: "govuk-table__header" },
        h("a", { class: "govuk-link", href: href("/pre-application.html", { reference: item.reference }) }, item.reference),
      ),
      cell(item.site_address),
      cell(h("strong", { class: "govuk-tag govuk-tag--blue" }, status[item.status] || item.status)),
      cell(date(item.target_date), item.overdue ? [" ", h("strong", { class: "govuk-tag govuk-tag--red" }, "Overdue")] : null),
      cell(item.assigned_officer || "Not assigned"),
    );
  const headers = ["Reference", "Site", "Status", "Target date", "Officer"].map(head);
  replace(slot, scrollableTable(caption, headers, rows.map(row)));
}

// The enforcement tab: the council's open enforcement cases (GET /api/v1/enforcement), oldest report first.
async function loadEnforcement() {
  const slot = document.querySelector('[data-tab="enforcement"]');
  let list;
  try {
    list = await api("/api/v1/enforcement");
  } catch (error) {
    replace(slot, h("p", { class: "govuk-body" }, `The enforcement cases could not be loaded: ${error.message}`));
    return;
  }
  if (!list.cases.length) {
    replace(slot, h("p", { class: "govuk-body" }, "No open enforcement cases."));
    return;
  }
  const caption = "Open enforcement cases";
  const header = (text) => h("th", { scope: "col", class: "govuk-table__header" }, text);
  const cell = (...children) => h("td", { class: "govuk-table__cell" }, children);
  const rows = list.cases.map((c) =>
    h(
      "tr",
      { class: "govuk-table__row" },
      h(
        "th",
        { scope: "row", class: "govuk-table__header" },
        h("a", { class: "govuk-link", href: href("/enforcement.html", { reference: c.reference }) }, c.reference),
      ),
      cell(c.address),
      cell(c.status.replaceAll("_", " ")),
      cell(c.priority || "Not triaged"),
      cell(date(c.received_at)),
      cell(c.next_date ? date(c.next_date) : "–"),
      cell(c.assigned_officer || "Unassigned"),
    ),
  );
  const headers = ["Reference", "Site", "Status", "Priority", "Received", "Next date", "Officer"].map(header);
  replace(slot, scrollableTable(caption, headers, rows));
}

// A captioned GOV.UK table in a region that scrolls sideways on a narrow screen (keyboard-focusable).
function scrollableTable(caption, headers, rows) {
  const table = h(
    "table",
    { class: "govuk-table" },
    h("caption", { class: "govuk-table__caption govuk-table__caption--s" }, caption),
    h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row" }, headers)),
    h("tbody", { class: "govuk-table__body" }, rows),
  );
  return h("div", { class: "app-table-wrapper", role: "region", "aria-label": caption, tabindex: "0" }, table);
}
