// Statutory returns (/returns.html, ?quarter=2026Q4): PS1 and PS2 for a quarter, as GOV.UK tables, with
// downloads (CSV, JSON) for administrators. The figures come from the API; nothing is counted here.
import { api, ApiError } from "../api.js";
import { idToken, hasRole } from "../auth.js";
import { config } from "../config.js";
import { byId, h, href, replace } from "../dom.js";
import { pageProblem, startPage } from "../layout.js";

const officer = startPage({ current: "returns" });
if (officer) {
  if (!hasRole(officer, "administrator")) {
    pageProblem("You cannot see the returns", "Only an administrator can see and download the council's statutory returns.");
  } else {
    load();
  }
}

const COUNTS = [
  ["total", "Decided"],
  ["granted", "Granted"],
  ["refused", "Refused"],
  ["delegated", "Delegated"],
  ["committee", "Committee"],
  ["within_time", "In time"],
  ["within_extension", "In agreed extension"],
  ["out_of_time", "Out of time"],
];

/** This quarter and the seven before it, newest first (2026Q4, 2026Q3, ...). */
function quarters(today = new Date()) {
  let year = today.getFullYear();
  let quarter = Math.floor(today.getMonth() / 3) + 1;
  const out = [];
  for (let i = 0; i < 8; i += 1) {
    out.push(`${year}Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return out;
}

function table(caption, head, rows, { numericFrom = 1 } = {}) {
  return h(
    "table",
    { class: "govuk-table" },
    h("caption", { class: "govuk-table__caption govuk-table__caption--m" }, caption),
    h(
      "thead",
      { class: "govuk-table__head" },
      h(
        "tr",
        { class: "govuk-table__row" },
        head.map((text, i) =>
          h("th", { scope: "col", class: `govuk-table__header${i >= numericFrom ? " govuk-table__header--numeric" : ""}` }, text),
        ),
      ),
    ),
    h(
      "tbody",
      { class: "govuk-table__body" },
      rows.map((row) =>
        h(
          "tr",
          { class: "govuk-table__row" },
          row.map((cell, i) =>
            i === 0
              ? h("th", { scope: "row", class: "govuk-table__header" }, cell)
              : h("td", { class: `govuk-table__cell${i >= numericFrom ? " govuk-table__cell--numeric" : ""}` }, String(cell)),
          ),
        ),
      ),
    ),
  );
}

/** Fetches a return with the officer's token and saves it as a file (the API needs the token, a link cannot carry it). */
async function download(name, quarter, format, button) {
  const settings = await config();
  const url = new URL(`${settings.api || ""}/api/v1/council/returns/${name}`, window.location.origin);
  url.searchParams.set("quarter", quarter);
  url.searchParams.set("format", format);
  button.disabled = true;
  try {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${idToken()}` }, credentials: "omit", cache: "no-store" });
    if (!response.ok) throw new Error(`The service answered ${response.status}`);
    const blob = await response.blob();
    const link = h("a", { href: URL.createObjectURL(blob), download: `${name.toUpperCase()}-${quarter}.${format}`, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    button.disabled = false;
  }
}

function downloads(name, quarter) {
  return h(
    "div",
    { class: "govuk-button-group" },
    ["csv", "json"].map((format) => {
      const button = h(
        "button",
        { type: "button", class: "govuk-button govuk-button--secondary", "data-download": `${name}-${format}` },
        `Download ${name.toUpperCase()} (${format.toUpperCase()})`,
      );
      button.addEventListener("click", () => download(name, quarter, format, button));
      return button;
    }),
  );
}

function countsRow(label, counts) {
  return [label, ...COUNTS.map(([key]) => counts[key])];
}

function ps1View(ps1) {
  const prior = ps1.prior_approvals;
  const enforcement = ps1.enforcement;
  return [
    h("h2", { class: "govuk-heading-l" }, "PS1"),
    table("Applications", ["", "Number"], [
      ["Received in the quarter", ps1.received],
      ["Decided in the quarter", ps1.decided],
    ]),
    table("Decisions by kind of development", ["", ...COUNTS.map(([, text]) => text)], [
      countsRow("Major", ps1.major),
      countsRow("Minor", ps1.minor),
      countsRow("Other", ps1.other),
      countsRow("Not on PS2 (e.g. works to trees)", ps1.not_on_ps2),
    ]),
    table("Prior approvals", ["", "Number"], [
      ["Received", prior.received],
      ["Decided", prior.decided],
      ["Prior approval not required", prior.not_required],
      ["Prior approval granted", prior.granted],
      ["Prior approval refused", prior.refused],
    ]),
    h("h3", { class: "govuk-heading-m" }, "Enforcement"),
    h("div", { class: "govuk-warning-text" }, h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
      h("strong", { class: "govuk-warning-text__text" }, h("span", { class: "govuk-visually-hidden" }, "Warning"), enforcement.note)),
    downloads("ps1", ps1.quarter),
  ];
}

function ps2View(ps2) {
  return [
    h("h2", { class: "govuk-heading-l" }, "PS2"),
    table(
      "Decisions by development type",
      ["Development type", ...COUNTS.map(([, text]) => text)],
      [...ps2.lines.map((line) => countsRow(`${line.code} ${line.label}`, line)), countsRow("All", ps2.total)],
    ),
    h("p", { class: "govuk-body-s" }, ps2.source),
    downloads("ps2", ps2.quarter),
  ];
}

function chooser(current) {
  const select = h(
    "select",
    { class: "govuk-select", id: "quarter", name: "quarter" },
    quarters().map((q) => h("option", { value: q, selected: q === current }, q)),
  );
  return h(
    "form",
    { method: "get", action: "/returns.html", novalidate: true },
    h(
      "div",
      { class: "govuk-form-group" },
      h("label", { class: "govuk-label", for: "quarter" }, "Quarter"),
      select,
    ),
    h("button", { type: "submit", class: "govuk-button", "data-module": "govuk-button" }, "Show the returns"),
  );
}

async function load() {
  const container = byId("returns");
  const wanted = new URLSearchParams(window.location.search).get("quarter");
  const quarter = wanted && /^\d{4}Q[1-4]$/.test(wanted) ? wanted : quarters()[0];
  try {
    const [ps1, ps2] = await Promise.all([
      api("/api/v1/council/returns/ps1", { query: { quarter } }),
      api("/api/v1/council/returns/ps2", { query: { quarter } }),
    ]);
    replace(
      container,
      chooser(quarter),
      h("p", { class: "govuk-body" }, `${ps1.period_start} to ${ps1.period_end}. `,
        h("a", { class: "govuk-link", href: href("/returns.html", { quarter }) }, "Link to this quarter")),
      ps1View(ps1),
      ps2View(ps2),
    );
  } catch (error) {
    const message = error instanceof ApiError ? error.message : "The returns could not be loaded. Try again later.";
    replace(container, h("p", { class: "govuk-body" }, message));
  }
}
