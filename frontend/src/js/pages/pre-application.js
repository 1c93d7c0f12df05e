// A pre-application advice request (/pre-application.html?reference=..): the request, the meetings, the
// advice report and, once issued, its PDF and web page; the forms for what the officer may do now (the API
// says which: `actions`), and the audit trail. Confidential: only officers of the council see it.
import { api } from "../api.js";
import { byId, h, replace, summaryList } from "../dom.js";
import { checkboxes, check, dateInput, form, radios, select, textarea, textInput } from "../forms.js";
import { actor, auditAction, date, dateTime, money, officerLabel, tag } from "../format.js";
import { banner, pageProblem, startPage } from "../layout.js";

const STATUS = {
  submitted: ["Submitted", "blue"],
  assigned: ["Assigned", "light-blue"],
  in_progress: ["In progress", "yellow"],
  advice_issued: ["Advice issued", "green"],
  withdrawn: ["Withdrawn", "grey"],
  closed: ["Closed", "grey"],
};
const REPORT_STATE = {
  draft: "Draft",
  awaiting_review: "With the reviewer",
  returned: "Returned by the reviewer",
  agreed: "Agreed, being issued",
};

const reference = new URLSearchParams(window.location.search).get("reference") || "";
const officer = startPage({ current: "applications" });
if (officer) load();

async function load(message) {
  let view;
  try {
    view = await api(`/api/v1/pre-applications/${encodeURIComponent(reference)}`);
  } catch (error) {
    pageProblem("Pre-application not found", error.status === 404 ? `There is no pre-application ${reference}.` : error.message);
    return;
  }
  let policies = [];
  if (view.actions.includes("save_report")) {
    policies = (await api("/api/v1/council/policies").catch(() => ({ policies: [] }))).policies;
  }
  // the council's officers to assign from (the username is typed in should the list not load)
  view.officers = view.actions.includes("assign") ? (await api("/api/v1/council/officers").catch(() => null))?.officers : null;
  render(view, policies);
  if (message) banner({ title: message, success: true });
}

const act = (action, body) =>
  api(`/api/v1/pre-applications/${encodeURIComponent(reference)}/${action}`, { method: "POST", body });

function render(view, policies) {
  const c = view.pre_application;
  document.title = `Pre-application ${c.reference} - BoPS`;
  const [label, colour] = STATUS[c.status] || [c.status, "grey"];
  const requester = c.requester || {};
  const forms = actionForms(view, policies);
  replace(
    byId("pre-application"),
    h("span", { class: "govuk-caption-l" }, "Pre-application advice"),
    h("h1", { class: "govuk-heading-l" }, c.reference),
    h("p", { class: "govuk-body" }, tag(label, colour), c.overdue ? [" ", tag("Overdue", "red")] : null),
    summaryList(
      [
        ["Site", c.site.address],
        ["Proposal", c.description],
        ["Requested by", [requester.name, requester.company].filter(Boolean).join(", ")],
        ["Email", requester.email],
        ["Phone", requester.phone],
        ["Received", date(c.received_on)],
        ["Target date", `${date(c.target_date)} (${c.service_level_days} working days)`],
        ["Case officer", c.assigned_officer || "Not assigned"],
        ["Fee band", c.fee_band ? `${c.fee_band.name} (${money(c.fee_band.amount)})` : "Not set"],
        ["Fee paid", c.fee_payable != null ? money(c.fee_payable) : ""],
        ["Second officer review", c.review_required ? "Required" : "Not required"],
      ],
      { wrap: true },
    ),
    view.report_links
      ? h(
          "p",
          { class: "govuk-body", id: "report-links" },
          h("a", { class: "govuk-link", href: view.report_links.pdf, "data-report": "pdf" }, "Download the advice report (PDF)"),
          " or ",
          h("a", { class: "govuk-link", href: view.report_links.html, target: "_blank", rel: "noopener", "data-report": "html" }, "open it as a web page (opens in a new tab)"),
        )
      : null,
    h("h2", { class: "govuk-heading-m" }, "Meetings and site visits"),
    c.meetings.length
      ? summaryList(
          c.meetings.map((m) => [
            `${m.kind === "site_visit" ? "Site visit" : "Meeting"} ${dateTime(m.at)}`,
            [m.status === "booked" ? "Booked" : m.status === "held" ? "Held" : "Cancelled", m.location ? `, ${m.location}` : "", m.notes ? `. ${m.notes}` : ""].join(""),
          ]),
        )
      : h("p", { class: "govuk-body" }, "None booked."),
    reportSection(c.report),
    forms.map((f) => f.section),
    h("h2", { class: "govuk-heading-m" }, "Audit trail"),
    summaryList(view.audit.slice().reverse().map((e) => [dateTime(e.at), `${auditAction(e.action)} by ${actor(e.actor)}${e.reason ? `: ${e.reason}` : ""}`])),
  );
  for (const f of forms) f.form.start();
}

function reportSection(report) {
  if (!report) return [h("h2", { class: "govuk-heading-m" }, "Advice report"), h("p", { class: "govuk-body" }, "Not written yet.")];
  const list = (items) => (items.length ? h("ul", { class: "govuk-list govuk-list--bullet" }, items.map((i) => h("li", {}, i))) : "None");
  return [
    h("h2", { class: "govuk-heading-m" }, "Advice report"),
    summaryList(
      [
        ["State", REPORT_STATE[report.state] || report.state],
        ["Reviewer's comment", report.review_comment || ""],
        ["Summary of advice", report.summary],
        ["Constraints", list(report.constraints.map((k) => (k.description ? `${k.name} - ${k.description}` : k.name)))],
        ["Site history", list(report.site_history.map((s) => `${s.reference}: ${s.description}${s.decision ? ` (${s.decision})` : ""}`))],
        ["Policies", list(report.policies.map((p) => `${p.reference} ${p.title}`))],
        ["An application would need", list(report.requirements)],
      ],
      { wrap: true },
    ),
  ];
}

/** One form per action the API allows now, each in a section with its own heading. */
function actionForms(view, policies) {
  const c = view.pre_application;
  const done = (message) => () => load(message);
  const out = [];
  const add = (action, heading, fields, submitText, body, message, validate) => {
    const f = form({
      id: `${action}-form`,
      fields,
      submitText,
      validate: validate || (() => check(fields)),
      onSubmit: async () => {
        await act(action, body());
        await done(message)();
      },
    });
    out.push({ form: f, section: h("section", { "aria-labelledby": `${action}-heading` }, h("h2", { class: "govuk-heading-m", id: `${action}-heading` }, heading), f) });
  };
  const allowed = new Set(view.actions);
  if (allowed.has("assign")) {
    // any officer assigns the advice to any officer of the council, themselves or a colleague
    const current = c.assigned_officer || officer.username;
    const options = (view.officers || []).map((o) => ({ value: o.username, text: officerLabel(o) }));
    if (options.length && !options.some((o) => o.value === current)) options.unshift({ value: current, text: current });
    const who = options.length
      ? select({ id: "assign-officer", name: "officer", label: "Case officer", value: current, options })
      : textInput({ id: "assign-officer", name: "officer", label: "Case officer's username", value: current, required: "Enter the case officer's username", width: 20 });
    const band = select({
      id: "assign-band",
      name: "fee_band",
      label: "Fee band",
      value: c.fee_band ? c.fee_band.id : "",
      options: [{ value: "", text: "Not set" }, ...view.fee_bands.map((b) => ({ value: b.id, text: `${b.name} (${money(b.amount)})` }))],
    });
    add("assign", "Assign", [who, band], "Assign", () => ({ officer: who.read(), fee_band: band.read() || null }), "Officer assigned");
  }
  if (allowed.has("start")) add("start", "Start work", [], "Start work on the advice", () => ({}), "Work started");
  if (allowed.has("book_meeting")) {
    const kind = radios({ id: "meeting-kind", name: "kind", legend: "What is it?", inline: true, required: "Choose a meeting or a site visit", options: [{ value: "meeting", text: "Meeting" }, { value: "site_visit", text: "Site visit" }] });
    const day = dateInput({ id: "meeting-day", name: "at", legend: "Date", hint: "For example, 14 12 2026", required: "Enter the date" });
    const at = textInput({ id: "meeting-time", name: "time", label: "Time", hint: "24-hour clock, for example 10:30", width: 5, required: "Enter the time" });
    const where = textInput({ id: "meeting-location", name: "location", label: "Where (optional)", width: 20 });
    const when = () => {
      const [y, m, d] = day.read().value.split("-").map(Number);
      const [hh, mm] = at.read().split(":").map(Number);
      return new Date(y, m - 1, d, hh, mm).toISOString();
    };
    add("book_meeting", "Book a meeting or site visit", [kind, day, at, where], "Book it", () => ({ kind: kind.read(), at: when(), location: where.read() }), "Booked", () => {
      const errors = check([kind, day, at]);
      if (!errors.length && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(at.read())) errors.push({ field: at, message: "Enter the time like 10:30" });
      return errors;
    });
  }
  if (allowed.has("record_meeting")) {
    const booked = c.meetings.filter((m) => m.status === "booked");
    const which = select({ id: "record-meeting", name: "meeting_id", label: "Which one", options: booked.map((m) => ({ value: m.id, text: `${m.kind === "site_visit" ? "Site visit" : "Meeting"} ${dateTime(m.at)}` })) });
    const held = radios({ id: "record-held", name: "held", legend: "Did it take place?", inline: true, value: "yes", options: [{ value: "yes", text: "Yes" }, { value: "no", text: "No, cancelled" }] });
    const notes = textarea({ id: "record-notes", name: "notes", label: "Notes" });
    add("record_meeting", "Record a meeting or site visit", [which, held, notes], "Record it", () => ({ meeting_id: which.read(), held: held.read() === "yes", notes: notes.read() }), "Recorded");
  }
  if (allowed.has("save_report")) {
    const r = c.report || {};
    const summary = textarea({ id: "report-summary", name: "summary", label: "Summary of advice", rows: 8, value: r.summary || "", required: "Enter the summary of advice" });
    const needs = textarea({ id: "report-requirements", name: "requirements", label: "What an application would need to include", hint: "One item a line", value: (r.requirements || []).join("\n") });
    const chosen = new Set();
    for (const p of r.policies || []) {
      const match = policies.find((q) => q.reference === p.reference);
      if (match) chosen.add(match.id);
    }
    const policyBoxes = checkboxes({ id: "report-policies", name: "policy_ids", legend: "Relevant policies", small: true, value: [...chosen], options: policies.map((p) => ({ value: p.id, text: `${p.reference} ${p.title}` })) });
    add(
      "save_report",
      "Write the advice report",
      [summary, needs, policyBoxes],
      "Save the report",
      () => ({ summary: summary.read(), requirements: needs.read().split("\n").map((s) => s.trim()).filter(Boolean), policy_ids: policyBoxes.read() }),
      "Report saved. The constraints and site history were looked up again.",
    );
  }
  if (allowed.has("submit_report")) {
    add("submit_report", "Submit the report", [], c.review_required ? "Send to a second officer for review" : "Issue the advice", () => ({}), c.review_required ? "Sent for review" : "The advice is being issued");
  }
  if (allowed.has("review")) {
    const comment = textarea({ id: "review-comment", name: "comment", label: "Comment", hint: "Required when you return the report" });
    const decision = radios({ id: "review-decision", name: "decision", legend: "Do you agree the advice?", required: "Choose whether you agree", options: [{ value: "agree", text: "Yes, issue it" }, { value: "return", text: "No, return it to the case officer" }] });
    add("review", "Review the advice report", [decision, comment], "Save the review", () => ({ decision: decision.read(), comment: comment.read() }), "Review saved", () => {
      const errors = check([decision]);
      if (decision.read() === "return" && !comment.read()) errors.push({ field: comment, message: "Say what to change" });
      return errors;
    });
  }
  for (const [action, heading, text] of [
    ["withdraw", "Withdrawn by the requester", "Record the withdrawal"],
    ["close", "Close without advice", "Close the request"],
  ]) {
    if (!allowed.has(action)) continue;
    const reason = textarea({ id: `${action}-reason`, name: "reason", label: "Reason", rows: 3, required: "Enter the reason" });
    add(action, heading, [reason], text, () => ({ reason: reason.read() }), action === "withdraw" ? "Withdrawn" : "Closed");
  }
  return out;
}
