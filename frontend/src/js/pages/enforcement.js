// An enforcement case (/enforcement.html?reference=26-00001-ENF): the report, who reported it (officers
// only), the date the breach would become immune, visits, contact with the owner, notices with their dates,
// the audit trail, and one form for each step the API allows now (its `allowed_actions`: the page keeps no
// copy of the rules). Without a reference: record a breach reported to an officer.
import { api } from "../api.js";
import { byId, h, openExternal, replace, summaryList } from "../dom.js";
import { auditAction, actor, date, dateTime, tag } from "../format.js";
import { check, checkboxes, dateInput, fileUpload, form, radios, select, textarea, textInput } from "../forms.js";
import { banner, pageProblem, startPage } from "../layout.js";
import { checkFile, sendToStorage } from "../uploads.js";

const STATUS_NAMES = {
  received: ["Received", "blue"],
  triaged: ["Triaged", "light-blue"],
  investigating: ["Investigating", "purple"],
  no_breach: ["No breach", "grey"],
  breach_resolved: ["Breach resolved", "green"],
  not_expedient: ["Not expedient", "grey"],
  retrospective_application_invited: ["Retrospective application invited", "turquoise"],
  notice_served: ["Notice served", "orange"],
  closed: ["Closed", "grey"],
};
const PRIORITIES = { high: ["High", "red"], medium: ["Medium", "yellow"], low: ["Low", "grey"] };
const IMMUNITY_KINDS = [
  { value: "operational_development", text: "Building or other operations", hint: "From the day they were substantially completed" },
  { value: "change_of_use_to_dwellinghouse", text: "Change of use of a building to a single dwellinghouse" },
  { value: "other", text: "Any other breach", hint: "Another change of use, or a breach of condition" },
];
const OUTCOMES = [
  { value: "no_breach", text: "No breach of planning control" },
  { value: "breach_resolved", text: "Breach resolved" },
  { value: "not_expedient", text: "Not expedient to take action" },
  { value: "retrospective_application_invited", text: "Retrospective application invited" },
];
const STEP_TITLES = {
  triage: "Triage",
  visit: "Record a site visit",
  contact: "Record contact with the owner",
  outcome: "Record the outcome",
  notice: "Serve a notice",
  close: "Close the case",
};

const casePath = (ref) => `/api/v1/enforcement/${encodeURIComponent(ref)}`;
const statusTag = (status) => tag(...(STATUS_NAMES[status] || [status, "grey"]));
const pick = (object, keys) => Object.fromEntries(keys.filter((k) => object[k] !== "" && object[k] !== undefined).map((k) => [k, object[k]]));

const officer = startPage({ current: "applications" });
const slot = byId("enforcement");
const reference = new URLSearchParams(window.location.search).get("reference");
if (officer) {
  if (reference) load();
  else newReport();
}

async function load(message) {
  let view;
  try {
    view = await api(casePath(reference));
  } catch (error) {
    pageProblem(error.status === 404 ? "Enforcement case not found" : "The case could not be loaded", error.message);
    return;
  }
  render(view);
  if (message) banner({ title: "Done", text: message, success: true });
}

function render(view) {
  const c = view.case;
  document.title = `Enforcement case ${c.reference} – BoPS`;
  const immunity = view.immunity;
  const reporter = c.reporter || {};
  const nodes = [
    h("span", { class: "govuk-caption-l" }, "Enforcement case"),
    h("h1", { class: "govuk-heading-l" }, c.reference),
    h("p", { class: "govuk-body" }, statusTag(c.status), " ", c.priority ? tag(`${PRIORITIES[c.priority][0]} priority`, PRIORITIES[c.priority][1]) : null),
    h("h2", { class: "govuk-heading-m" }, "The report"),
    summaryList([
      ["Site", [c.site.address, c.site.postcode ? ` (${c.site.postcode})` : ""].join("")],
      ["What was reported", c.description],
      ["Kinds of breach reported", (c.breach_types || []).map((t) => t.description).join(", ")],
      ["Received", `${date(c.received_on)} (${c.source === "planx" ? "online report" : "taken by an officer"})`],
      ["Began or completed", c.began_on ? date(c.began_on) : "Not known"],
      ["Kinds of breach (triage)", (c.categories || []).map((k) => view.category_names[k] || k).join(", ")],
      ["Case officer", c.assigned_officer],
      ["Retrospective application", c.retrospective_application],
      ["Outcome notes", c.outcome_notes],
      ["Closed", c.closed_reason ? `${dateTime(c.closed_at)}: ${c.closed_reason}` : null],
    ]),
    h("h2", { class: "govuk-heading-m" }, "Reported by"),
    h("p", { class: "govuk-body-s" }, "Officers only: never shown publicly."),
    summaryList([
      ["Name", reporter.name || "Not given"],
      ["Email", reporter.email],
      ["Phone", reporter.phone],
      ["Address", reporter.address],
    ]),
    h("h2", { class: "govuk-heading-m" }, "Time limit for enforcement"),
    immunity
      ? summaryList([
          ["Enforcement possible until", date(immunity.enforceable_until)],
          ["Immune from", date(immunity.immune_from)],
          ["Rule", immunity.rule],
        ])
      : h("p", { class: "govuk-body" }, "Triage the case with the kind of breach and when it began to see when it would become immune."),
    c.compliance_checks_due.length
      ? h("div", { class: "govuk-warning-text" },
          h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
          h("strong", { class: "govuk-warning-text__text" }, h("span", { class: "govuk-visually-hidden" }, "Warning"), "Compliance check due: visit the site to check the notice was complied with."))
      : null,
    notices(view),
    visits(c),
    contacts(c),
    h("h2", { class: "govuk-heading-m" }, "What you can do now"),
    view.allowed_actions.length
      ? view.allowed_actions.map((action) => stepSection(action, view))
      : h("p", { class: "govuk-body" }, "The case is closed."),
    audit(view.audit),
  ];
  replace(slot, ...nodes);
  for (const element of slot.querySelectorAll("form")) element.start?.();
}

function table(caption, head, rows) {
  return h("table", { class: "govuk-table" },
    h("caption", { class: "govuk-table__caption govuk-table__caption--m" }, caption),
    h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row" }, head.map((text) => h("th", { scope: "col", class: "govuk-table__header" }, text)))),
    h("tbody", { class: "govuk-table__body" }, rows.map((cells) => h("tr", { class: "govuk-table__row" }, cells.map((cell) => h("td", { class: "govuk-table__cell" }, cell))))));
}

function notices(view) {
  const list = view.case.notices;
  if (!list.length) return null;
  return table("Notices served", ["Notice", "Served", "Takes effect", "Appeal by", "Comply by", "Reply by"],
    list.map((n) => [view.notice_names[n.kind] || n.kind, date(n.served_on), n.takes_effect_on ? date(n.takes_effect_on) : "–",
      n.appeal_by ? date(n.appeal_by) : "No appeal", n.compliance_due ? date(n.compliance_due) : "–", n.reply_by ? date(n.reply_by) : "–"]));
}

function visits(c) {
  if (!c.visits.length) return null;
  return table("Site visits", ["Date", "Officer", "Notes", "Photos"],
    c.visits.map((v) => [date(v.visited_on), v.officer, v.notes, v.photos.length ? v.photos.map(photoButton) : "None"]));
}

// A photo opens by a short-lived link the API makes when asked (never kept in the page).
function photoButton(photo) {
  const button = h("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-1" }, `View ${photo.file_name}`);
  button.addEventListener("click", async () => {
    try {
      const link = await api(`${casePath(reference)}/photos/${encodeURIComponent(photo.id)}`);
      openExternal(link.url);
    } catch (error) {
      banner({ title: "The photo cannot be shown", text: error.message });
    }
  });
  return button;
}

function contacts(c) {
  if (!c.contacts.length) return null;
  return table("Contact with the owner", ["Date", "How", "Summary", "Officer"],
    c.contacts.map((x) => [date(x.contacted_on), x.method.replace("_", " "), x.summary, x.officer]));
}

function audit(entries) {
  return [
    h("h2", { class: "govuk-heading-m" }, "History"),
    table("Every step, as audited", ["When", "Who", "What"], entries.map((e) => [dateTime(e.at), actor(e.actor), auditAction(e.action)])),
  ];
}

function stepSection(action, view) {
  return h("details", { class: "govuk-details" },
    h("summary", { class: "govuk-details__summary" }, h("span", { class: "govuk-details__summary-text" }, STEP_TITLES[action] || action)),
    h("div", { class: "govuk-details__text" }, stepForm(action, view)));
}

async function send(action, body) {
  return api(`${casePath(reference)}/${action}`, { method: "POST", body });
}

function dateOf(field) {
  return field.read().value || undefined;
}

function stepForm(action, view) {
  const c = view.case;
  const id = (name) => `${action}-${name}`;
  if (action === "triage") {
    const categories = checkboxes({ id: id("categories"), name: "categories", legend: "Kind of breach", value: c.categories,
      hint: "Listed building works, protected trees, ongoing harm and demolition in a conservation area are high priority",
      options: Object.entries(view.category_names).map(([value, text]) => ({ value, text })), required: "Select the kind of breach" });
    const priority = select({ id: id("priority"), name: "priority", label: "Priority (leave to follow the kind of breach)",
      options: [{ value: "", text: "As the kind of breach suggests" }, ...Object.entries(PRIORITIES).map(([value, [text]]) => ({ value, text }))] });
    const reason = textarea({ id: id("priority_reason"), name: "priority_reason", label: "Why another priority (if you chose one)", rows: 2 });
    const kind = radios({ id: id("immunity_kind"), name: "immunity_kind", legend: "Which time limit applies", options: IMMUNITY_KINDS, value: c.immunity_kind });
    const began = dateInput({ id: id("began_on"), name: "began_on", legend: "When the breach began (operations: were substantially completed)", value: c.began_on, noun: "The date" });
    const fields = [categories, priority, reason, kind, began];
    return form({ id: `${action}-form`, fields, submitText: "Save triage", validate: () => check(fields),
      onSubmit: async () => {
        await send(action, pick({ categories: categories.read(), priority: priority.read(), priority_reason: reason.read(),
          immunity_kind: kind.read(), began_on: dateOf(began) }, ["categories", "priority", "priority_reason", "immunity_kind", "began_on"]));
        await load("Triage saved");
      } });
  }
  if (action === "visit") {
    const when = dateInput({ id: id("visited_on"), name: "visited_on", legend: "Date of the visit", required: "Enter the date of the visit", noun: "The date of the visit" });
    const notes = textarea({ id: id("notes"), name: "notes", label: "What you found", required: "Enter what you found" });
    const photos = fileUpload({ id: id("photos"), name: "photos", label: "Photos (optional)", multiple: true, accept: ".png,.jpg,.jpeg,image/png,image/jpeg", hint: "PNG or JPEG, each smaller than 30 MB" });
    const fields = [when, notes, photos];
    return form({ id: `${action}-form`, fields, submitText: "Save the visit", validate: () => check(fields),
      onSubmit: async () => {
        const files = photos.read();
        for (const file of files) {
          const problem = await checkFile(file);
          if (problem) throw Object.assign(new Error(problem), { fields: [] });
        }
        const answer = await send(action, { visited_on: dateOf(when), notes: notes.read(),
          photos: files.map((file) => ({ file_name: file.name, content_type: file.type === "image/png" ? "image/png" : "image/jpeg" })) });
        await Promise.all(answer.uploads.map((upload, i) => sendToStorage({ ...upload, fields: { ...upload.fields, key: `${upload.key_prefix}${files[i].name}` } }, files[i], () => {})));
        await load("Visit recorded");
      } });
  }
  if (action === "contact") {
    const when = dateInput({ id: id("contacted_on"), name: "contacted_on", legend: "Date of the contact", required: "Enter the date of the contact", noun: "The date of the contact" });
    const method = select({ id: id("method"), name: "method", label: "How", options: [
      { value: "letter", text: "Letter" }, { value: "email", text: "Email" }, { value: "phone", text: "Phone" }, { value: "in_person", text: "In person" }] });
    const summary = textarea({ id: id("summary"), name: "summary", label: "Summary", required: "Enter a summary" });
    const fields = [when, method, summary];
    return form({ id: `${action}-form`, fields, submitText: "Save the contact", validate: () => check(fields),
      onSubmit: async () => {
        await send(action, { contacted_on: dateOf(when), method: method.read(), summary: summary.read() });
        await load("Contact recorded");
      } });
  }
  if (action === "outcome") {
    const application = textInput({ id: id("retrospective_application"), name: "retrospective_application", label: "Reference of the planning application", width: 20 });
    const outcome = radios({ id: id("outcome"), name: "outcome", legend: "Outcome", required: "Select the outcome",
      options: OUTCOMES.map((o) => (o.value === "retrospective_application_invited" ? { ...o, conditional: [application] } : o)) });
    const notes = textarea({ id: id("notes"), name: "notes", label: "Notes", required: "Enter notes on the outcome" });
    const fields = [outcome, notes];
    return form({ id: `${action}-form`, fields, submitText: "Record the outcome", validate: () => check(fields),
      onSubmit: async () => {
        const chosen = outcome.read();
        await send(action, { outcome: chosen, notes: notes.read(),
          ...(chosen === "retrospective_application_invited" ? { retrospective_application: application.read() } : {}) });
        await load("Outcome recorded");
      } });
  }
  if (action === "notice") {
    const kind = radios({ id: id("kind"), name: "kind", legend: "Notice", required: "Select the notice",
      options: Object.entries(view.notice_names).map(([value, text]) => ({ value, text })) });
    const served = dateInput({ id: id("served_on"), name: "served_on", legend: "Date served", required: "Enter the date the notice was served", noun: "The date served" });
    const effect = dateInput({ id: id("takes_effect_on"), name: "takes_effect_on", legend: "Takes effect on (optional)",
      hint: "Enforcement notice: at least 28 days after service (default 28). Stop notice: 3 to 28 days after service (default 3)", noun: "The date it takes effect" });
    const period = textInput({ id: id("compliance_period_days"), name: "compliance_period_days", label: "Compliance period in days (optional)", width: 4, inputmode: "numeric",
      hint: "Enforcement notice: from the day it takes effect (default 90). Breach of condition notice: at least 28 from service (default 28)" });
    const reply = dateInput({ id: id("reply_by"), name: "reply_by", legend: "Reply by (planning contravention notice, optional)", hint: "At least 21 days beginning with the day of service", noun: "The reply date" });
    const reasons = textarea({ id: id("special_reasons"), name: "special_reasons", label: "Special reasons (stop notice taking effect within 3 days)", rows: 2 });
    const requirements = textarea({ id: id("requirements"), name: "requirements", label: "What the notice requires", required: "Enter what the notice requires" });
    const fields = [kind, served, effect, period, reply, reasons, requirements];
    return form({ id: `${action}-form`, fields, submitText: "Serve the notice", validate: () => check(fields),
      onSubmit: async () => {
        const days = period.read();
        await send(action, pick({ kind: kind.read(), served_on: dateOf(served), takes_effect_on: dateOf(effect),
          compliance_period_days: days ? Number(days) : undefined, reply_by: dateOf(reply), special_reasons: reasons.read(), requirements: requirements.read() },
          ["kind", "served_on", "takes_effect_on", "compliance_period_days", "reply_by", "special_reasons", "requirements"]));
        await load("Notice served");
      } });
  }
  const reason = textarea({ id: id("reason"), name: "reason", label: "Reason for closing", required: "Enter the reason for closing the case" });
  return form({ id: `${action}-form`, fields: [reason], submitText: "Close the case", validate: () => check([reason]),
    onSubmit: async () => {
      await send("close", { reason: reason.read() });
      await load("Case closed");
    } });
}

function newReport() {
  document.title = "Record a breach report – BoPS";
  const description = textarea({ id: "description", name: "description", label: "What was reported", required: "Enter what was reported" });
  const address = textInput({ id: "address", name: "address", label: "Address of the site", required: "Enter the address of the site" });
  const postcode = textInput({ id: "postcode", name: "postcode", label: "Postcode (optional)", width: 10 });
  const began = dateInput({ id: "began_on", name: "began_on", legend: "When it began (optional)", noun: "The date" });
  const name = textInput({ id: "reporter-name", name: "reporter", label: "Reporter's name (optional, never shown publicly)" });
  const email = textInput({ id: "reporter-email", name: "reporter-email", label: "Reporter's email (optional)", type: "email" });
  const fields = [description, address, postcode, began, name, email];
  const element = form({ id: "report-form", fields, submitText: "Record the report", validate: () => check(fields),
    onSubmit: async () => {
      const reporter = pick({ name: name.read(), email: email.read() }, ["name", "email"]);
      const view = await api("/api/v1/enforcement", { method: "POST", body: pick({ description: description.read(), address: address.read(),
        postcode: postcode.read(), began_on: dateOf(began), reporter: Object.keys(reporter).length ? reporter : undefined },
        ["description", "address", "postcode", "began_on", "reporter"]) });
      window.location.assign(`/enforcement.html?reference=${encodeURIComponent(view.case.reference)}`);
    } });
  replace(slot, h("h1", { class: "govuk-heading-l" }, "Record a breach report"), element);
  element.start();
}
