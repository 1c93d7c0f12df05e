// The public register: search a council's published applications, read one (its details, decision, the
// documents the council published and the comments as the council redacted them), and comment on it. No sign-in. The council comes from
// ?council= or the address's fragment (/public.html#<council>/<reference>, the link in letters), else
// "demo". Everything from the API goes in as text.
import { api } from "../api.js";
import { byId, h, href, openExternal, replace, summaryList } from "../dom.js";
import { documentTypeLabel } from "../document-types.js";
import { date, DECISIONS, fileSize, statusLabel } from "../format.js";
import { check, checkboxes, clearErrors, form, radios, textarea, textInput } from "../forms.js";
import { startPage } from "../layout.js";
import { siteMapSection } from "../maps.js";

const STANCES = [
  ["supportive", "Support"],
  ["neutral", "Neutral"],
  ["objection", "Object"],
];
const TOPICS = [
  ["design", "Design, size or height"],
  ["use", "Use and function"],
  ["privacy", "Privacy"],
  ["light", "Light"],
  ["access", "Access"],
  ["noise", "Noise"],
  ["traffic", "Traffic, parking or road safety"],
  ["other", "Other"],
];
const label = (pairs, value) => (pairs.find(([key]) => key === value) || [value, value])[1];

startPage({ signedIn: false });
const column = byId("public");
const { council, reference, q } = where();

function where() {
  const params = new URLSearchParams(window.location.search);
  const [hashCouncil, hashReference] = decodeURIComponent(window.location.hash.slice(1)).split("/");
  return {
    council: (params.get("council") || hashCouncil || "demo").trim(),
    reference: (params.get("reference") || hashReference || "").trim(),
    q: (params.get("q") || "").trim(),
  };
}

const base = () => `/api/v1/public/${encodeURIComponent(council)}/applications`;

function title(text) {
  document.title = `${text} – BoPS`;
}

// --- search ----------------------------------------------------------------------------------------
async function showSearch() {
  title("Search planning applications");
  const query = textInput({
    name: "q",
    id: "q",
    label: "Reference, postcode, address or description",
    hint: "For example, 26-00001-HAPP, SE1 1AA or a street name",
    value: q,
  });
  const searchForm = h(
    "form",
    { id: "search-form", method: "get", action: "/public.html", role: "search" },
    h("input", { type: "hidden", name: "council", value: council }),
    query.group,
    h("button", { type: "submit", class: "govuk-button", "data-module": "govuk-button" }, "Search"),
  );
  const results = h("div", { id: "results" });
  replace(
    column,
    h("h1", { class: "govuk-heading-l" }, "Search planning applications"),
    h("p", { class: "govuk-body" }, "Find planning applications the council has published, see what has been decided and comment on them."),
    searchForm,
    results,
  );
  if (!q) return;
  replace(results, h("p", { class: "govuk-body app-loading" }, "Searching…"));
  let found;
  try {
    found = (await api(base(), { query: { q }, token: null })).applications;
  } catch (error) {
    replace(results, h("p", { class: "govuk-body" }, `The search could not be done. ${error.message}`));
    return;
  }
  const count = found.length === 1 ? "1 application found" : `${found.length} applications found`;
  replace(
    results,
    h("h2", { class: "govuk-heading-m", id: "results-count" }, count),
    found.length
      ? h(
          "ul",
          { class: "govuk-list app-results" },
          found.map((a) =>
            h(
              "li",
              { class: "govuk-!-margin-bottom-6" },
              h(
                "h3",
                { class: "govuk-heading-s govuk-!-margin-bottom-1" },
                h("a", { class: "govuk-link", href: href("/public.html", { council, reference: a.reference }) }, a.site_address),
              ),
              h("p", { class: "govuk-body-s govuk-!-margin-bottom-1" }, `${a.reference} · ${a.application_type_name} · ${statusLabel(a.status)}`),
              h("p", { class: "govuk-body app-wrap" }, a.description),
            ),
          ),
        )
      : h("p", { class: "govuk-body" }, "Check the spelling, or search for a postcode or a reference."),
  );
}

// --- one application -------------------------------------------------------------------------------
async function loadApplication() {
  let application;
  try {
    application = await api(`${base()}/${encodeURIComponent(reference)}`, { token: null });
  } catch (error) {
    title(error.status === 404 ? "Application not found" : "Sorry, there is a problem with the service");
    replace(
      column,
      h("h1", { class: "govuk-heading-l" }, error.status === 404 ? "Application not found" : "Sorry, there is a problem with the service"),
      h("p", { class: "govuk-body" }, error.status === 404 ? `There is no published application ${reference}.` : error.message),
      h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: href("/public.html", { council }) }, "Search planning applications")),
    );
    return;
  }
  showApplication(application);
}

function showApplication(a) {
  title(`${a.site_address} – ${a.reference}`);
  const decided = Boolean(a.decision);
  // the decision notice and the officer report: the PDF downloads, the web page opens in the browser
  const link = (id, text, format, document) =>
    h("li", {}, h("a", { class: "govuk-link", href: "#", id, on: { click: (event) => openNotice(event, format, document) } }, text));
  const notice = decided
    ? h("ul", { class: "govuk-list" }, [
        link("decision-notice", "Download the decision notice (PDF)", "pdf", "decision-notice"),
        link("decision-notice-page", "Read the decision notice as a web page", "html", "decision-notice"),
        link("officer-report", "Download the officer report (PDF)", "pdf", "officer-report"),
        link("officer-report-page", "Read the officer report as a web page", "html", "officer-report"),
      ])
    : null;
  const comments = a.comments || [];
  const commentSection = comments.length
    ? h(
        "div",
        { id: "comments" },
        comments.map((c) =>
          h(
            "div",
            { class: "govuk-summary-card", "data-comment": c.id },
            h(
              "div",
              { class: "govuk-summary-card__title-wrapper" },
              h("h3", { class: "govuk-summary-card__title" }, `${label(STANCES, c.stance)} – ${date(c.received_on)}`),
            ),
            h(
              "div",
              { class: "govuk-summary-card__content" },
              h("p", { class: "govuk-body-s" }, [
                `About: ${(c.topics || []).map((t) => label(TOPICS, t)).join(", ")}`,
                c.postcode_district ? ` · From ${c.postcode_district}` : "",
              ]),
              h("p", { class: "govuk-body app-wrap app-pre-line" }, c.text),
            ),
          ),
        ),
      )
    : h("p", { class: "govuk-body", id: "comments" }, "There are no published comments yet.");
  const main = [
    h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: href("/public.html", { council }) }, "Search planning applications")),
    h("span", { class: "govuk-caption-l" }, a.reference),
    h("h1", { class: "govuk-heading-l app-wrap" }, a.site_address),
    summaryList([
      ["Reference", a.reference],
      ["Type", a.application_type_name],
      ["Status", statusLabel(a.status)],
      ["Address", a.site_address],
      ["Postcode", a.postcode],
      ["Proposal", h("span", { class: "app-pre-line" }, a.description)],
      ["Received", date(a.received_on)],
      ["Comments close", a.consultation_end_date ? date(a.consultation_end_date) : null],
      ["Decision", decided ? DECISIONS[a.decision] || a.decision : null],
      // the applicant's right of appeal (TCPA 1990 s. 78, DMPO 2015 art. 37(2))
      ["Applicant may appeal against non-determination from", a.appeal_non_determination_from ? date(a.appeal_non_determination_from) : null],
      [decided ? "Last day to appeal against the decision" : "Last day to appeal against non-determination", a.appeal_deadline ? date(a.appeal_deadline) : null],
    ], { wrap: true }),
    notice,
    siteMapSection({ reference: a.reference, council, heading: "Map" }),
    h("h2", { class: "govuk-heading-m" }, "Documents"),
    documentsTable(a.documents || []),
    h("h2", { class: "govuk-heading-m" }, "Comments"),
    h("p", { class: "govuk-body" }, "Comments are published once the council has checked them and removed personal details."),
    commentSection,
  ];
  if (decided || ["withdrawn", "returned", "closed"].includes(a.status)) {
    replace(column, main, h("p", { class: "govuk-body" }, "This application is no longer open for comments."));
    return;
  }
  const comment = commentForm(a);
  replace(column, main, h("h2", { class: "govuk-heading-m", id: "comment-heading" }, "Comment on this application"), comment);
  comment.start();
}

function documentsTable(documents) {
  if (!documents.length) {
    return h("p", { class: "govuk-body", id: "documents" }, "The council has not published any documents for this application.");
  }
  const cell = (...content) => h("td", { class: "govuk-table__cell" }, content);
  const rows = documents.map((d) =>
    h(
      "tr",
      { class: "govuk-table__row" },
      cell(
        h(
          "button",
          {
            type: "button",
            class: "app-link-button app-wrap",
            "data-document-id": d.id,
            on: { click: (event) => openDocument(event, d) },
          },
          d.file_name,
        ),
        d.drawing_number ? [h("br"), h("span", { class: "govuk-body-s" }, `Drawing ${d.drawing_number}`)] : null,
        // PDFs and images open in the browser (served inline as the type their bytes showed)
        ["application/pdf", "image/png", "image/jpeg"].includes(d.content_type)
          ? [
              h("br"),
              h(
                "button",
                { type: "button", class: "app-link-button govuk-body-s", on: { click: (event) => openDocument(event, d, "inline") } },
                "View",
                h("span", { class: "govuk-visually-hidden" }, ` ${d.file_name} in the browser`),
              ),
            ]
          : null,
      ),
      cell((d.type_names?.length ? d.type_names : (d.tags || []).map(documentTypeLabel)).join(", ") || "Not given"),
      cell(fileSize(d.size)),
      cell(date(d.received_on)),
    ),
  );
  return h(
    "div",
    { class: "app-table-wrapper", id: "documents", role: "region", "aria-label": "Documents", tabindex: "0" },
    h(
      "table",
      { class: "govuk-table" },
      h("caption", { class: "govuk-table__caption govuk-visually-hidden" }, "Documents"),
      h(
        "thead",
        { class: "govuk-table__head" },
        h(
          "tr",
          { class: "govuk-table__row" },
          ["Document", "Type", "Size", "Received"].map((text) => h("th", { scope: "col", class: "govuk-table__header" }, text)),
        ),
      ),
      h("tbody", { class: "govuk-table__body" }, rows),
    ),
  );
}

async function openDocument(event, d, disposition = "attachment") {
  const button = event.currentTarget;
  button.parentElement.querySelector(".govuk-error-message")?.remove();
  try {
    const { url } = await api(`${base()}/${encodeURIComponent(reference)}/documents/${encodeURIComponent(d.id)}`, { token: null, query: { disposition } });
    openExternal(url);
  } catch (error) {
    button.after(h("span", { class: "govuk-error-message" }, ` ${d.file_name} could not be downloaded: ${error.message}`));
  }
}

async function openNotice(event, format, document = "decision-notice") {
  event.preventDefault();
  try {
    const { url } = await api(`${base()}/${encodeURIComponent(reference)}/${document}`, { query: { format }, token: null });
    openExternal(url);
  } catch (error) {
    event.target.after(h("span", { class: "govuk-error-message" }, ` ${error.message}`));
  }
}

function commentForm(a) {
  const name = textInput({ name: "name", id: "name", label: "Your name", autocomplete: "name", required: "Enter your name" });
  const address = textarea({
    name: "address",
    id: "address",
    label: "Your address",
    hint: "We publish only the first part of your postcode.",
    rows: 3,
    required: "Enter your address",
  });
  const stance = radios({
    name: "stance",
    id: "stance",
    legend: "What do you think of the proposal?",
    size: "s",
    required: "Select what you think of the proposal",
    options: STANCES.map(([value, text]) => ({ value, text })),
  });
  const topics = checkboxes({
    name: "topics",
    id: "topics",
    legend: "What is your comment about?",
    hint: "Select all that apply.",
    size: "s",
    required: "Select what your comment is about",
    options: TOPICS.map(([value, text]) => ({ value, text })),
  });
  const text = textarea({ name: "text", id: "text", label: "Your comment", size: "s", required: "Enter your comment", rows: 8 });
  const fields = [name, address, stance, topics, text];
  return form({
    id: "comment-form",
    fields,
    submitText: "Send comment",
    validate: () => check(fields),
    onSubmit: async () => {
      const payload = { name: name.read(), address: address.read(), stance: stance.read(), topics: topics.read(), text: text.read() };
      const received = await api(`${base()}/${encodeURIComponent(a.reference)}/comments`, { method: "POST", body: payload, token: null });
      confirmation(a, received);
    },
  });
}

function confirmation(a, received) {
  clearErrors([]);
  title("Comment sent");
  const heading = h("h1", { class: "govuk-panel__title", tabindex: "-1" }, "Comment sent");
  replace(
    column,
    h(
      "div",
      { class: "govuk-panel govuk-panel--confirmation" },
      heading,
      h("div", { class: "govuk-panel__body" }, "Application reference", h("br"), h("strong", {}, a.reference)),
    ),
    h("p", { class: "govuk-body" }, received.message),
    h("h2", { class: "govuk-heading-m" }, "What happens next"),
    h("p", { class: "govuk-body" }, "The planning officer will read your comment before the application is decided."),
    h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: href("/public.html", { council, reference: a.reference }) }, "Back to the application")),
  );
  heading.focus();
}
window.addEventListener("hashchange", () => window.location.reload());

if (reference) loadApplication();
else showSearch();
