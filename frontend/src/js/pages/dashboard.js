// The dashboard: tabs (your cases, unassigned, to review for reviewers, closed, all), each sorted by
// determination date, filtered by status and type. A tab's list is fetched the first time it is shown.
import { Button, Tabs } from "/vendor/govuk-frontend.min.js";
import { api } from "../api.js";
import { applicationsTable } from "../applications-table.js";
import { APPLICATION_TYPES } from "../application-types.js";
import { ROLE_NAMES } from "../auth.js";
import { append, byId, h, replace } from "../dom.js";
import { STATUSES } from "../format.js";
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
  const filters = { status: params.get("status") || "", type: params.get("type") || "" };
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
    const search = query.toString();
    window.location.assign(`/${search ? `?${search}` : ""}${window.location.hash}`);
  });
}

async function loadTab(tab, filters, cursor = null, table = null) {
  const slot = document.querySelector(`[data-tab="${tab}"]`);
  let page;
  try {
    page = await api("/api/v1/dashboard", {
      query: { tab, status: filters.status, type: filters.type, limit: PAGE_SIZE, cursor },
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
    table = applicationsTable(page.applications, { caption: slot.previousElementSibling.textContent });
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
