// Council settings (/settings.html): when an application received out of hours counts as received, the
// council's consultee directory, the wording of its consultation letters and emails, and (administrators)
// the import of site history from the council's previous system. Every officer sees them (the import is
// an administrator's only); administrators change them, one consultee at a time on its own page (?consultee=new, ?consultee=<id>, ?remove=<id>) and each template in place.
// The API has the last word on who may change what. Everything from the API goes in as text.
import { api, ApiError } from "../api.js";
import { flash, hasRole } from "../auth.js";
import { byId, h, href, replace, summaryList } from "../dom.js";
import { actor, dateTime } from "../format.js";
import {
  check,
  checkboxes,
  daysErrors,
  emailErrors,
  errorsFromApi,
  fileUpload,
  form,
  radios,
  showErrors,
  textarea,
  textInput,
} from "../forms.js";
import { banner, pageProblem, showFlash, startPage } from "../layout.js";

const DIRECTORY = "/api/v1/council/consultees";
const TEMPLATES = "/api/v1/council/templates";
const SETTINGS = "/api/v1/council/settings";
const KINDS = { internal: "Internal", external: "External" };
const HOME = "/settings.html";

const officer = startPage({ current: "settings" });
if (officer) load();

const directoryUrl = (id) => `${DIRECTORY}/${encodeURIComponent(id)}`;
const templateUrl = (name) => `${TEMPLATES}/${encodeURIComponent(name)}`;
const who = (entry) => `${entry.organisation} – ${entry.name}`;

const done = (title, text) => {
  flash({ success: true, title, text });
  window.location.assign(HOME);
};

async function load() {
  const params = new URLSearchParams(window.location.search);
  const isAdmin = hasRole(officer, "administrator");
  const consulteeId = params.get("consultee");
  const removeId = params.get("remove");
  if ((consulteeId || removeId) && !isAdmin) {
    pageProblem("You cannot change these settings", "Only an administrator can change the council's consultees.");
    return;
  }
  let directory;
  let templates;
  let settings;
  try {
    [directory, templates, settings] = await Promise.all([
      api(DIRECTORY).then((answer) => answer.consultees),
      consulteeId || removeId ? null : api(TEMPLATES).then((answer) => answer.templates),
      consulteeId || removeId ? null : api(SETTINGS),
    ]);
  } catch (error) {
    pageProblem("Sorry, there is a problem", `The council's settings could not be loaded: ${error.message}`);
    return;
  }
  const slot = byId("settings");
  if (consulteeId || removeId) {
    const entry = directory.find((e) => e.id === (consulteeId || removeId));
    if (consulteeId !== "new" && !entry) {
      pageProblem("Consultee not found", "That consultee is not on the council's list: an administrator may have removed them.");
      return;
    }
    replace(byId("before-content"), h("a", { class: "govuk-back-link", href: HOME }, "Back to council settings"));
    const view = removeId ? removeView(entry) : consulteeView(consulteeId === "new" ? null : entry);
    document.title = `${view.title} – Council settings – BoPS`;
    replace(
      slot,
      h(
        "div",
        { class: "govuk-grid-row" },
        h(
          "div",
          { class: "govuk-grid-column-two-thirds" },
          h("span", { class: "govuk-caption-l" }, "Council settings"),
          h("h1", { class: "govuk-heading-l" }, view.title),
          view.content,
        ),
      ),
    );
    view.form.start();
    return;
  }
  const templateForms = [];
  const receipt = receivedSection(settings, isAdmin);
  const siteHistory = isAdmin ? siteHistorySection() : null;
  replace(
    slot,
    h("h1", { class: "govuk-heading-l" }, "Council settings"),
    h(
      "p",
      { class: "govuk-body" },
      "Who your council consults on planning applications, and the wording of the letters and emails sent when it does.",
    ),
    isAdmin ? null : h("div", { class: "govuk-inset-text" }, "Only an administrator can change these settings."),
    receipt.content,
    directorySection(directory, isAdmin),
    h("h2", { class: "govuk-heading-m", id: "templates" }, "Letters and emails"),
    h(
      "p",
      { class: "govuk-body" },
      "Words in braces, like {reference}, are placeholders: each is replaced with the application's details when the letter or email is sent. Write {{ or }} for a brace on its own.",
    ),
    templates.map((template) => templateSection(template, isAdmin, templateForms)),
    siteHistory?.content,
    assessmentLibraries(isAdmin),
  );
  receipt.form?.start();
  siteHistory?.form.start();
  templateForms.forEach((f) => f.start());
  showFlash();
}

// --- when an application counts as received ------------------------------------------------------
// The planning order knows no office hours: an application counts as received the day it arrives, unless
// the council counts those arriving after closing time, at a weekend or on a bank holiday from the next
// working day (bops.domain.clock.received_date).
const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function receivedSection(settings, isAdmin) {
  const closing = settings.out_of_hours_from;
  const heading = h("h2", { class: "govuk-heading-m", id: "received" }, "When an application counts as received");
  const explained = h(
    "p",
    { class: "govuk-body" },
    "The determination period is counted from the day an application is received. It applies to applications that arrive from now.",
  );
  const current = closing
    ? `The next working day when it arrives after ${closing}, at a weekend or on a bank holiday`
    : "The day it arrives, whatever the time";
  if (!isAdmin) {
    return { content: [heading, explained, summaryList([["An application counts as received", current]])], form: null };
  }
  const time = textInput({
    name: "out_of_hours_from",
    id: "out-of-hours-from",
    label: "Closing time",
    hint: "On the 24-hour clock, for example 17:00",
    width: 5,
    value: closing || "17:00",
    required: "Enter the closing time",
  });
  const rule = radios({
    name: "rule",
    id: "received-rule",
    legend: "An application counts as received",
    size: "s",
    value: closing ? "next" : "arrival",
    options: [
      { value: "arrival", text: "The day it arrives, whatever the time" },
      {
        value: "next",
        text: "The next working day when it arrives out of hours",
        hint: "After closing time, at a weekend or on a bank holiday",
        conditional: [time],
      },
    ],
  });
  const receivedForm = form({
    id: "received-form",
    fields: [rule],
    submitText: ["Save", h("span", { class: "govuk-visually-hidden" }, " when an application counts as received")],
    validate: () => {
      if (rule.read() !== "next") return [];
      const value = time.read();
      if (!value) return check([time]);
      return TIME_OF_DAY.test(value) ? [] : [{ field: time, message: "Enter the closing time on the 24-hour clock, like 17:00" }];
    },
    onSubmit: async () => {
      const body = { out_of_hours_from: rule.read() === "next" ? time.read() : null };
      await api(SETTINGS, { method: "PUT", body });
      done("When an application counts as received: saved");
    },
  });
  return { content: [heading, explained, receivedForm], form: receivedForm };
}

// --- the consultee directory ----------------------------------------------------------------------
function directorySection(directory, isAdmin) {
  const caption = "Consultees on the council's list";
  const headers = ["Organisation", "Name", "Type", "Days to respond", "Advises on", ...(isAdmin ? ["Action"] : [])];
  const action = (text, url, entry) =>
    h("a", { class: "govuk-link", href: url }, text, h("span", { class: "govuk-visually-hidden" }, ` ${who(entry)}`));
  const rows = directory.map((entry) =>
    h(
      "tr",
      { class: "govuk-table__row", "data-directory-consultee": entry.id },
      h("th", { scope: "row", class: "govuk-table__header app-wrap" }, entry.organisation),
      h("td", { class: "govuk-table__cell app-wrap" }, entry.name, h("br"), h("span", { class: "govuk-body-s app-wrap" }, entry.email)),
      h("td", { class: "govuk-table__cell" }, KINDS[entry.kind] || entry.kind),
      h("td", { class: "govuk-table__cell govuk-table__cell--numeric" }, String(entry.response_days)),
      h("td", { class: "govuk-table__cell app-wrap" }, entry.expertise || ""),
      isAdmin
        ? h(
            "td",
            { class: "govuk-table__cell" },
            h(
              "ul",
              { class: "govuk-list govuk-!-margin-bottom-0" },
              h("li", {}, action("Change", href(HOME, { consultee: entry.id }), entry)),
              h("li", {}, action("Remove", href(HOME, { remove: entry.id }), entry)),
            ),
          )
        : null,
    ),
  );
  return [
    h("h2", { class: "govuk-heading-m", id: "consultees" }, "Consultees"),
    h(
      "p",
      { class: "govuk-body" },
      "Case officers choose consultees from this list on an application's consultation. Each is given the days shown to respond, unless the case officer gives a different period.",
    ),
    directory.length
      ? h(
          "div",
          { class: "app-table-wrapper", role: "region", "aria-label": caption, tabindex: "0" },
          h(
            "table",
            { class: "govuk-table", id: "directory" },
            h("caption", { class: "govuk-table__caption govuk-table__caption--m" }, caption),
            h(
              "thead",
              { class: "govuk-table__head" },
              h(
                "tr",
                { class: "govuk-table__row" },
                headers.map((text) =>
                  h(
                    "th",
                    { scope: "col", class: `govuk-table__header${text === "Days to respond" ? " govuk-table__header--numeric" : ""}` },
                    text,
                  ),
                ),
              ),
            ),
            h("tbody", { class: "govuk-table__body" }, rows),
          ),
        )
      : h("p", { class: "govuk-body", id: "directory" }, "The council has no consultees on its list yet."),
    isAdmin
      ? h(
          "a",
          {
            class: "govuk-button govuk-button--secondary",
            href: href(HOME, { consultee: "new" }),
            role: "button",
            draggable: "false",
            "data-module": "govuk-button",
            id: "add-consultee",
          },
          "Add a consultee",
        )
      : null,
  ];
}

function consulteeView(entry) {
  const isNew = !entry;
  const name = textInput({
    name: "name",
    id: "name",
    label: "Name",
    hint: "A person or a team, for example Highways team",
    value: entry?.name,
    required: "Enter the consultee's name",
  });
  const organisation = textInput({
    name: "organisation",
    id: "organisation",
    label: "Organisation",
    hint: "For example Environment Agency, or your council's name for a council team",
    value: entry?.organisation,
    required: "Enter the organisation",
  });
  const email = textInput({
    name: "email",
    id: "email",
    label: "Email address",
    hint: "Their link to each application they are consulted on is sent here",
    type: "email",
    autocomplete: "off",
    spellcheck: false,
    value: entry?.email,
    required: "Enter the email address",
  });
  const kind = radios({
    name: "kind",
    id: "kind",
    legend: "Is the consultee internal or external?",
    size: "s",
    value: entry?.kind,
    required: "Select if the consultee is internal or external",
    options: [
      { value: "internal", text: "Internal", hint: "A team in the council, such as trees or conservation" },
      { value: "external", text: "External", hint: "A body outside the council, such as a statutory consultee or parish council" },
    ],
  });
  const days = textInput({
    name: "response_days",
    id: "response-days",
    label: "Days to respond",
    hint: "From 1 to 99. The case officer can give a different period on an application.",
    width: 3,
    inputmode: "numeric",
    value: String(entry?.response_days ?? 21),
    required: "Enter the days to respond",
  });
  const expertise = textInput({
    name: "expertise",
    id: "expertise",
    label: "What they advise on (optional)",
    hint: "For example flood risk, trees or listed buildings",
    value: entry?.expertise,
  });
  const fields = [name, organisation, email, kind, days, expertise];
  const consulteeForm = form({
    id: "directory-consultee-form",
    fields,
    submitText: isNew ? "Add consultee" : "Save changes",
    secondary: h("a", { class: "govuk-link", href: HOME }, "Cancel"),
    validate: () => [...check([name, organisation]), ...emailErrors(email), ...check([kind]), ...daysErrors(days)],
    onSubmit: async () => {
      const body = {
        name: name.read(),
        organisation: organisation.read(),
        email: email.read(),
        kind: kind.read(),
        response_days: Number(days.read()),
        expertise: expertise.read() || null,
      };
      const saved = await api(isNew ? DIRECTORY : directoryUrl(entry.id), { method: isNew ? "POST" : "PUT", body });
      done(isNew ? `${who(saved)} added to the council's consultees` : `${who(saved)} changed`);
    },
  });
  return {
    title: isNew ? "Add a consultee" : "Change a consultee",
    content: [
      isNew
        ? h("p", { class: "govuk-body" }, "Case officers can then choose them from the council's list when they consult on an application.")
        : h("p", { class: "govuk-body" }, "Applications they were already consulted on keep the details they were sent."),
      consulteeForm,
    ],
    form: consulteeForm,
  };
}

function removeView(entry) {
  const removeForm = form({
    id: "remove-consultee-form",
    fields: [],
    submitText: "Remove consultee",
    secondary: h("a", { class: "govuk-link", href: HOME }, "Cancel"),
    onSubmit: async () => {
      await api(directoryUrl(entry.id), { method: "DELETE" });
      done(`${who(entry)} removed from the council's consultees`);
    },
  });
  removeForm.querySelector("button[type=submit]").classList.add("govuk-button--warning");
  return {
    title: "Remove a consultee from the council's list",
    content: [
      summaryList([
        ["Organisation", entry.organisation],
        ["Name", entry.name],
        ["Email address", entry.email],
        ["Advises on", entry.expertise],
      ], { wrap: true }),
      h(
        "p",
        { class: "govuk-body" },
        "Case officers will no longer be able to choose them. Applications they were already consulted on keep their details and responses.",
      ),
      removeForm,
    ],
    form: removeForm,
  };
}

// --- the templates ----------------------------------------------------------------------------------
const PART_ORDER = ["subject", "body"];

function partLabel(template, part) {
  if (part === "subject") return "Subject line";
  return "subject" in template.parts ? "Text of the email" : "Text of the letter";
}

function preview(template) {
  const id = `preview-${template.name.replaceAll("_", "-")}`;
  return [
    h("h4", { class: "govuk-heading-s" }, "Preview"),
    h(
      "p",
      { class: "govuk-hint" },
      `With made-up details of an application.${"subject" in template.preview ? "" : " The neighbour's address goes above the letter's text."}`,
    ),
    h(
      "div",
      { class: "govuk-inset-text", id },
      template.preview.subject ? h("p", { class: "govuk-body app-wrap" }, h("strong", {}, `Subject: ${template.preview.subject}`)) : null,
      h("div", { class: "govuk-body app-pre-wrap" }, template.preview.body || ""),
    ),
  ];
}

function templateSection(template, isAdmin, forms) {
  const slug = template.name.replaceAll("_", "-");
  const parts = PART_ORDER.filter((part) => part in template.parts);
  const changed = template.is_default
    ? "Your council uses the default wording."
    : `Your council's own wording, changed${template.changed_by ? ` by ${actor(template.changed_by)}` : ""}${template.changed_at ? ` on ${dateTime(template.changed_at)}` : ""}.`;
  let editor = null;
  if (isAdmin) {
    const fields = parts.map((part) =>
      part === "subject"
        ? textInput({
            name: part,
            id: `${slug}-${part}`,
            label: partLabel(template, part),
            size: "s",
            value: template.parts[part],
            required: "Enter the subject line",
          })
        : textarea({
            name: part,
            id: `${slug}-${part}`,
            label: partLabel(template, part),
            size: "s",
            rows: 16,
            value: template.parts[part],
            required: `Enter the ${partLabel(template, part).toLowerCase()}`,
          }),
    );
    const reset = template.is_default
      ? null
      : h(
          "button",
          {
            type: "button",
            class: "govuk-button govuk-button--secondary",
            "data-module": "govuk-button",
            id: `${slug}-reset`,
          },
          "Use the default wording",
          h("span", { class: "govuk-visually-hidden" }, ` for the ${template.title.toLowerCase()}`),
        );
    editor = form({
      id: `${slug}-form`,
      fields,
      submitText: ["Save", h("span", { class: "govuk-visually-hidden" }, ` the ${template.title.toLowerCase()}`)],
      secondary: reset,
      validate: () => check(fields),
      onSubmit: async () => {
        const body = { parts: Object.fromEntries(fields.map((field) => [field.name, field.read()])) };
        await api(templateUrl(template.name), { method: "PUT", body });
        done(`${template.title} saved`, "The preview shows it with made-up details.");
      },
    });
    reset?.addEventListener("click", async () => {
      if (reset.getAttribute("aria-disabled")) return;
      reset.setAttribute("aria-disabled", "true");
      try {
        await api(templateUrl(template.name), { method: "DELETE" });
        done(`${template.title}: back to the default wording`);
      } catch (error) {
        showErrors(errorsFromApi(error, fields));
      } finally {
        reset.removeAttribute("aria-disabled");
      }
    });
    forms.push(editor);
  }
  return h(
    "section",
    { id: `template-${slug}`, "aria-labelledby": `template-${slug}-title` },
    h("hr", { class: "govuk-section-break govuk-section-break--m govuk-section-break--visible" }),
    h("h3", { class: "govuk-heading-s", id: `template-${slug}-title` }, template.title),
    h("p", { class: "govuk-body", "data-template-status": template.is_default ? "default" : "changed" }, changed),
    h("p", { class: "govuk-body" }, "You can use these placeholders:"),
    h(
      "ul",
      { class: "govuk-list govuk-list--bullet", id: `${slug}-placeholders` },
      template.placeholders.map((name) => h("li", {}, `{${name}}`)),
    ),
    editor ||
      summaryList(parts.map((part) => [partLabel(template, part), h("span", { class: "app-pre-line" }, template.parts[part])]), { wrap: true }),
    preview(template),
  );
}

// --- site history from the council's previous system --------------------------------------------------
// An administrator uploads (or pastes) the old system's export; the API checks every row and stores none
// when one is wrong (422 naming csv[<row>].<column>), and sending the same file again changes nothing
// (bops.domain.site_history). Officers then see those applications in a case's site history task.
const SITE_HISTORY_IMPORT = "/api/v1/council/site-history/import";
// The API's limits (bops.services.site_history.MAX_CSV_CHARS, bops.domain.site_history.MAX_ROWS).
const MAX_CSV_CHARS = 250000;
const MAX_CSV_ROWS = 2000;
const ROW_PATH = /^csv\[(\d+)\](?:\.(\w+))?$/;
const COLUMN_NAMES = {
  reference: "reference",
  address: "address",
  uprn: "UPRN",
  description: "description",
  decision: "decision",
  decision_date: "decision date",
};
const plural = (n, one, many) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** The API's problems with the CSV as rows of a table: row (as in the file, the header being row 1), column, problem. */
function csvProblems(error) {
  return error.fields.map(({ path = "", message = "" }) => {
    const match = ROW_PATH.exec(String(path));
    return {
      row: match ? Number(match[1]) : null,
      column: match && match[2] ? COLUMN_NAMES[match[2]] || match[2] : "",
      message: String(message),
    };
  });
}

function siteHistorySection() {
  const file = fileUpload({
    name: "csv_file",
    id: "site-history-file",
    label: "Upload the CSV file",
    hint: "The export saved as CSV (comma-separated values)",
    accept: ".csv,text/csv",
  });
  const pasted = textarea({
    name: "csv",
    id: "site-history-csv",
    label: "Or paste the CSV",
    hint: "Include the header row",
    rows: 6,
  });
  const fields = [file, pasted];
  const result = h("div", { id: "site-history-result" });
  const readCsv = async () => (file.read() ? (await file.read().text()) : pasted.read());
  const importForm = form({
    id: "site-history-form",
    fields,
    submitText: "Import site history",
    validate: () => {
      if (file.read() && pasted.read()) return [{ field: pasted, message: "Upload a file or paste the CSV, not both" }];
      if (!file.read() && !pasted.read()) return [{ field: file, message: "Upload a CSV file or paste the CSV" }];
      return [];
    },
    onSubmit: async () => {
      const source = file.read() ? file : pasted;
      const csv = await readCsv();
      replace(result);
      if (!csv.trim()) {
        showErrors([{ field: source, message: "The CSV is empty" }]);
        return;
      }
      if (csv.length > MAX_CSV_CHARS) {
        showErrors([
          {
            field: source,
            message: `The CSV must be at most ${MAX_CSV_CHARS.toLocaleString("en-GB")} characters: import it in parts of up to ${MAX_CSV_ROWS.toLocaleString("en-GB")} rows`,
          },
        ]);
        return;
      }
      let imported;
      try {
        imported = await api(SITE_HISTORY_IMPORT, { method: "POST", body: { csv } });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 422) throw error;
        const problems = csvProblems(error);
        const inRows = problems.filter((p) => p.row !== null);
        if (!inRows.length) {
          showErrors(problems.map((p) => ({ field: source, message: `${error.message}: ${p.message}` })));
          return;
        }
        showErrors([
          {
            field: source,
            message: `${plural(inRows.length, "problem", "problems")} in the CSV; nothing was imported. Correct the rows listed under the form and import the file again`,
          },
        ]);
        replace(result, problemsTable(problems));
        return;
      }
      replace(
        result,
        h("h3", { class: "govuk-heading-s" }, "Last import"),
        summaryList([
          ["Rows read", String(imported.rows)],
          ["Added", String(imported.added)],
          ["Changed", String(imported.changed)],
          ["Already imported", String(imported.unchanged)],
        ]),
      );
      banner({
        success: true,
        title: `${plural(imported.rows, "record", "records")} of site history imported`,
        text: `${imported.added} added, ${imported.changed} changed, ${imported.unchanged} already imported as they are.`,
      });
      importForm.reset();
    },
  });
  const content = h(
    "section",
    { id: "site-history", "aria-labelledby": "site-history-title" },
    h("hr", { class: "govuk-section-break govuk-section-break--l govuk-section-break--visible" }),
    h("h2", { class: "govuk-heading-m", id: "site-history-title" }, "Site history from your previous system"),
    h(
      "p",
      { class: "govuk-body" },
      "Import the applications your council decided before it used this service, so officers see them in a case's site history.",
    ),
    h("p", { class: "govuk-body" }, "The CSV needs a header row with these columns:"),
    h(
      "ul",
      { class: "govuk-list govuk-list--bullet", id: "site-history-columns" },
      h("li", {}, "reference: the old system's reference (required)"),
      h("li", {}, "address: with its postcode (required)"),
      h("li", {}, "uprn: the property's UPRN, if known"),
      h("li", {}, "description"),
      h("li", {}, "decision"),
      h("li", {}, "decision_date: as 2005-06-01 or 01/06/2005"),
    ),
    h(
      "p",
      { class: "govuk-body" },
      `Up to ${MAX_CSV_ROWS.toLocaleString("en-GB")} rows at a time. If a row has a problem nothing is imported, and the problems are listed. Importing the same file again changes nothing.`,
    ),
    importForm,
    result,
  );
  return { content, form: importForm };
}

function problemsTable(problems) {
  const caption = "Problems in the CSV";
  return h(
    "div",
    { class: "app-table-wrapper", role: "region", "aria-label": caption, tabindex: "0" },
    h(
      "table",
      { class: "govuk-table", id: "site-history-problems" },
      h("caption", { class: "govuk-table__caption govuk-table__caption--s" }, caption),
      h(
        "thead",
        { class: "govuk-table__head" },
        h(
          "tr",
          { class: "govuk-table__row" },
          ["Row", "Column", "Problem"].map((text) => h("th", { scope: "col", class: "govuk-table__header" }, text)),
        ),
      ),
      h(
        "tbody",
        { class: "govuk-table__body" },
        problems.map((p) =>
          h(
            "tr",
            { class: "govuk-table__row", "data-row": p.row ?? "" },
            h("td", { class: "govuk-table__cell" }, p.row === null ? "" : String(p.row)),
            h("td", { class: "govuk-table__cell" }, p.column),
            h("td", { class: "govuk-table__cell app-wrap" }, p.message),
          ),
        ),
      ),
    ),
  );
}

// --- libraries for the officer's assessment: standard conditions and policies -------------------------------
// Every officer reads them; an administrator adds, changes (the same form, by code or id) and removes
// entries. The API keeps each list whole and checks every entry (422 naming the entry and field).
const CONDITIONS_LIBRARY = "/api/v1/council/conditions";
const POLICY_LIST = "/api/v1/council/policies";
const CATEGORIES = {
  householder: "Householder",
  minor: "Minor",
  major: "Major",
  listed_building_consent: "Listed building consent",
  advertisement_consent: "Advertisement consent",
  works_to_trees: "Works to trees",
  other_consents: "Other consents",
};

function librarySection({ id, title, intro, headers, rows, isAdmin, editor, view }) {
  return h(
    "section",
    { id, "aria-labelledby": `${id}-title` },
    h("hr", { class: "govuk-section-break govuk-section-break--l govuk-section-break--visible" }),
    h("h2", { class: "govuk-heading-m", id: `${id}-title` }, title),
    h("p", { class: "govuk-body", [`data-${id}-status`]: view.is_default ? "default" : "changed" }, view.is_default ? "Your council uses the bundled list." : `Your council's own list${view.changed_by ? `, changed by ${actor(view.changed_by)}` : ""}${view.changed_at ? ` on ${dateTime(view.changed_at)}` : ""}.`),
    h("p", { class: "govuk-body" }, intro),
    // a wide table scrolls inside its own region on a narrow screen rather than widening the page
    h(
      "div",
      { class: "app-table-wrapper", role: "region", "aria-label": title, tabindex: "0" },
      h(
        "table",
        { class: "govuk-table" },
        h("caption", { class: "govuk-table__caption govuk-visually-hidden" }, title),
        h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row" }, [...headers, ...(isAdmin ? ["Action"] : [])].map((text) => h("th", { scope: "col", class: "govuk-table__header" }, text)))),
        h("tbody", { class: "govuk-table__body" }, rows),
      ),
    ),
    editor,
  );
}

function rowActions(name, onChange, onRemove) {
  const button = (text, handler) =>
    h("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-1", "data-module": "govuk-button", on: { click: handler } }, text, h("span", { class: "govuk-visually-hidden" }, ` ${name}`));
  return h("td", { class: "govuk-table__cell" }, h("div", { class: "govuk-button-group" }, button("Change", onChange), button("Remove", onRemove)));
}

async function replaceList(url, key, entries, title) {
  await api(url, { method: "PUT", body: { [key]: entries } });
  done(title);
}

function conditionsLibrarySection(view, isAdmin) {
  const entries = view.conditions;
  const fields = {
    code: textInput({ id: "library-code", name: "code", label: "Code", hint: "Lowercase letters, digits and hyphens, e.g. hours-of-work. Using an existing code changes that condition.", width: 20, spellcheck: false, required: "Enter the code" }),
    title: textInput({ id: "library-title", name: "title", label: "Title", required: "Enter the title" }),
    text: textarea({ id: "library-text", name: "text", label: "Condition", rows: 4, required: "Enter the condition" }),
    reason: textarea({ id: "library-reason", name: "reason", label: "Reason", rows: 3, required: "Enter the reason" }),
    pre: checkboxes({ id: "library-pre", name: "pre_commencement", legend: "Pre-commencement", size: "s", small: true, options: [{ value: "yes", text: "Must be met before development begins" }] }),
    why: textarea({ id: "library-why", name: "why_pre_commencement", label: "Why it must be met before development begins", hint: "Pre-commencement conditions only.", rows: 2 }),
    applies: checkboxes({ id: "library-applies", name: "applies_to", legend: "Application types it applies to", size: "s", small: true, options: Object.entries(CATEGORIES).map(([value, text]) => ({ value, text })), required: "Select at least one type of application" }),
    fallback: checkboxes({ id: "library-default", name: "default", legend: "Default", size: "s", small: true, options: [{ value: "yes", text: "Add it to every case of these types to start with" }] }),
  };
  const list = Object.values(fields);
  const fill = (entry) => {
    document.getElementById("library-code").value = entry.code;
    document.getElementById("library-title").value = entry.title;
    document.getElementById("library-text").value = entry.text;
    document.getElementById("library-reason").value = entry.reason;
    document.getElementById("library-why").value = entry.why_pre_commencement || "";
    document.querySelectorAll("#library-form input[type=checkbox]").forEach((box) => {
      if (box.name === "pre_commencement") box.checked = entry.pre_commencement;
      if (box.name === "default") box.checked = entry.default;
      if (box.name === "applies_to") box.checked = entry.applies_to.includes(box.value);
    });
    document.getElementById("library-code").focus();
  };
  const rows = entries.map((entry) =>
    h(
      "tr",
      { class: "govuk-table__row", "data-library-condition": entry.code },
      h("th", { scope: "row", class: "govuk-table__header app-wrap" }, entry.title, h("br"), h("span", { class: "govuk-body-s" }, entry.code)),
      h("td", { class: "govuk-table__cell app-wrap" }, entry.text),
      h("td", { class: "govuk-table__cell" }, entry.applies_to.map((c) => CATEGORIES[c] || c).join(", ")),
      h("td", { class: "govuk-table__cell" }, [entry.pre_commencement ? "Pre-commencement" : "", entry.default ? "Default" : ""].filter(Boolean).join(", ")),
      isAdmin
        ? rowActions(entry.title, () => fill(entry), () => replaceList(CONDITIONS_LIBRARY, "conditions", entries.filter((e) => e.code !== entry.code), `${entry.title} removed`).catch((error) => showErrors(errorsFromApi(error, list))))
        : null,
    ),
  );
  const editor = isAdmin
    ? form({
        id: "library-form",
        fields: list,
        submitText: "Save the standard condition",
        validate: () => check(list),
        onSubmit: async () => {
          const entry = {
            code: fields.code.read(),
            title: fields.title.read(),
            text: fields.text.read(),
            reason: fields.reason.read(),
            pre_commencement: fields.pre.read().includes("yes"),
            why_pre_commencement: fields.why.read() || null,
            applies_to: fields.applies.read(),
            default: fields.fallback.read().includes("yes"),
          };
          const index = entries.findIndex((e) => e.code === entry.code);
          const next = index >= 0 ? entries.map((e, i) => (i === index ? entry : e)) : [...entries, entry];
          // the API names entries by index: point the new (or changed) one at this form's fields
          const at = index >= 0 ? index : entries.length;
          await api(CONDITIONS_LIBRARY, { method: "PUT", body: { conditions: next } }).catch((error) => {
            error.fields = error.fields.map((f) => ({ ...f, path: String(f.path).replace(`conditions[${at}].`, "") }));
            throw error;
          });
          done(`${entry.title} saved`);
        },
      })
    : null;
  const section = librarySection({
    id: "conditions-library",
    title: "Standard conditions",
    intro: "The conditions officers add to decisions, each with its reason. Cases keep the wording they took.",
    headers: ["Condition", "Wording", "Applies to", "Kind"],
    rows,
    isAdmin,
    editor: editor ? [h("h3", { class: "govuk-heading-s" }, "Add or change a standard condition"), editor] : null,
    view,
  });
  return { section, editor };
}

function policiesSection(view, isAdmin) {
  const entries = view.policies;
  const fields = {
    id: textInput({ id: "policy-id", name: "id", label: "Id", hint: "Lowercase letters, digits and hyphens, e.g. dm3. It never changes: refusal reasons cite it. Using an existing id changes that policy.", width: 20, spellcheck: false, required: "Enter the id" }),
    reference: textInput({ id: "policy-reference", name: "reference", label: "Reference", hint: "As officers cite it, e.g. DM3 or NPPF 135.", width: 20, required: "Enter the reference" }),
    title: textInput({ id: "policy-title", name: "title", label: "Title", required: "Enter the title" }),
    summary: textarea({ id: "policy-summary", name: "summary", label: "Text or summary", rows: 4 }),
    plan: textInput({ id: "policy-plan", name: "plan", label: "Plan", hint: "The plan it belongs to, e.g. Local Plan 2020.", required: "Enter the plan" }),
  };
  const list = Object.values(fields);
  const fill = (policy) => {
    for (const [key, field] of Object.entries(fields)) field.control.value = policy[key] || "";
    fields.id.control.focus();
  };
  const rows = entries.map((policy) =>
    h(
      "tr",
      { class: "govuk-table__row", "data-policy": policy.id },
      h("th", { scope: "row", class: "govuk-table__header" }, policy.reference),
      h("td", { class: "govuk-table__cell app-wrap" }, policy.title, h("br"), h("span", { class: "govuk-body-s" }, policy.summary || "")),
      h("td", { class: "govuk-table__cell" }, policy.plan),
      isAdmin
        ? rowActions(policy.reference, () => fill(policy), () => replaceList(POLICY_LIST, "policies", entries.filter((p) => p.id !== policy.id), `${policy.reference} removed`).catch((error) => showErrors(errorsFromApi(error, list))))
        : null,
    ),
  );
  const editor = isAdmin
    ? form({
        id: "policy-form",
        fields: list,
        submitText: "Save the policy",
        validate: () => check(list),
        onSubmit: async () => {
          const policy = Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.read()]));
          const index = entries.findIndex((p) => p.id === policy.id);
          const next = index >= 0 ? entries.map((p, i) => (i === index ? policy : p)) : [...entries, policy];
          const at = index >= 0 ? index : entries.length;
          await api(POLICY_LIST, { method: "PUT", body: { policies: next } }).catch((error) => {
            error.fields = error.fields.map((f) => ({ ...f, path: String(f.path).replace(`policies[${at}].`, "") }));
            throw error;
          });
          done(`${policy.reference} saved`);
        },
      })
    : null;
  const section = librarySection({
    id: "policies",
    title: "Planning policies",
    intro: "The local plan policies and NPPF paragraphs officers assess applications against.",
    headers: ["Reference", "Policy", "Plan"],
    rows,
    isAdmin,
    editor: editor ? [h("h3", { class: "govuk-heading-s" }, "Add or change a policy"), editor] : null,
    view,
  });
  return { section, editor };
}

/** The two library sections, loaded on their own after the rest of the page. */
function assessmentLibraries(isAdmin) {
  const slot = h("div", { id: "assessment-libraries" }, h("p", { class: "govuk-body app-loading" }, "Loading the standard conditions and policies…"));
  Promise.all([api(CONDITIONS_LIBRARY), api(POLICY_LIST)])
    .then(([conditions, policies]) => {
      const parts = [conditionsLibrarySection(conditions, isAdmin), policiesSection(policies, isAdmin)];
      replace(slot, parts.map((p) => p.section));
      parts.forEach((p) => p.editor?.start());
    })
    .catch((error) => replace(slot, h("p", { class: "govuk-body" }, `The standard conditions and policies could not be loaded: ${error.message}`)));
  return slot;
}
