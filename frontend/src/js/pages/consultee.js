// A consultee's page, opened from the link in the council's email (/consultee.html#<token>). No sign-in:
// as on the applicant's page, the token is taken from the address's fragment, removed from the address
// bar at once, kept in this tab's sessionStorage and sent as a bearer token. The API answers 404 (or 401)
// once the link no longer leads to an open consultation, and the page says so.
import { api } from "../api.js";
import { byId, h, openExternal, replace, summaryList } from "../dom.js";
import { date, fileSize } from "../format.js";
import { check, fileUpload, form, radios, showErrors, textarea } from "../forms.js";
import { banner, startPage } from "../layout.js";
import { openLink, respondOnceReceived, responseSent, takeToken } from "../link-page.js";
import { ACCEPT, checkFile, progressBar, sendToStorage, sniff } from "../uploads.js";

const TOKEN = "bops.consultee";
const NO_LONGER_VALID = [
  "The application may have been decided, withdrawn or closed.",
    "If you think this is wrong, contact the council's planning team and give them the application's reference.",
];
const CONSULTATION = "/api/v1/consultee/consultation";
const RESPONSE = "/api/v1/consultee/response";
const UPLOADS = "/api/v1/consultee/uploads";
const DOCUMENT = (id) => `/api/v1/consultee/documents/${encodeURIComponent(id)}`;
// The browser shows PDFs and images itself (the API serves them inline as the type their bytes showed).
const VIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg"]);
const STANCES = [
  ["approved", "No objection", "You are content with the proposal as it is."],
  ["amendments_needed", "Amendments needed", "The proposal would be acceptable with changes."],
  ["objected", "Objection", "You object to the proposal."],
];
const stanceLabel = (value) => (STANCES.find(([key]) => key === value) || [value, value])[1];

startPage({ signedIn: false });
const column = byId("consultee");
const token = takeToken(TOKEN);

async function load() {
  const view = await openLink(column, { token, path: CONSULTATION, noLongerValid: NO_LONGER_VALID });
  if (view) show(view);
}


function about(view) {
  return summaryList([
    ["Application reference", view.reference],
    ["Site address", view.site_address],
    ["Proposal", h("span", { class: "app-pre-line" }, view.description)],
    ["Consulted", [view.consultee?.name, view.consultee?.organisation].filter(Boolean).join(", ")],
    ["Respond by", view.respond_by ? date(view.respond_by) : null],
  ], { wrap: true });
}

/** Follows a short-lived link to one of the application's documents, to view it or download it. */
function documentButton(document, disposition, text) {
  return h(
    "button",
    {
      type: "button",
      class: "app-link-button",
      "data-consultee-document": document.id,
      on: {
        click: async () => {
          try {
            const link = await api(DOCUMENT(document.id), { token, query: { disposition } });
            openExternal(link.url);
          } catch (error) {
            banner({ title: `${document.file_name} could not be opened`, text: error.message });
          }
        },
      },
    },
    text,
    h("span", { class: "govuk-visually-hidden" }, ` ${document.file_name}`),
  );
}

/** The application's published documents (what the council's email promises), to view or download. */
function documents(view) {
  const list = view.documents || [];
  const heading = h("h2", { class: "govuk-heading-m" }, "The application's documents");
  if (!list.length) return [heading, h("p", { class: "govuk-body" }, "The council has not published any documents for this application yet.")];
  return [
    heading,
    h(
      "ul",
      { class: "govuk-list app-document-list", id: "consultee-documents" },
      list.map((d) =>
        h(
          "li",
          { class: "govuk-!-margin-bottom-4" },
          h("strong", { class: "app-wrap" }, d.file_name),
          h("br"),
          h(
            "span",
            { class: "govuk-body-s" },
            [(d.type_names || []).join(", "), d.drawing_number ? `drawing ${d.drawing_number}` : "", fileSize(d.size)].filter(Boolean).join(" · "),
          ),
          h("br"),
          VIEWABLE.has(d.content_type) ? [documentButton(d, "inline", "View"), " · "] : null,
          documentButton(d, "attachment", "Download"),
        ),
      ),
    ),
  ];
}

function responseRows(response) {
  return [
    ["Your response", stanceLabel(response.stance)],
    ["Comments", h("span", { class: "app-pre-line" }, response.text)],
    ["Documents", response.document_ids?.length ? `${response.document_ids.length} attached` : null],
  ];
}

function show(view) {
  const title = "Respond to a planning consultation";
  document.title = `${title} – BoPS`;
  const heading = [h("span", { class: "govuk-caption-l" }, `Application ${view.reference}`), h("h1", { class: "govuk-heading-l" }, title)];
  const previous = view.consultee?.response;
  const answer = responseForm(view);
  replace(
    column,
    heading,
    h("p", { class: "govuk-body" }, "The council is asking for your advice on this planning application."),
    about(view),
    documents(view),
    previous
      ? [
          h("h2", { class: "govuk-heading-m" }, "You have already responded"),
          summaryList(responseRows(previous), { wrap: true }),
          h("p", { class: "govuk-body" }, "You can send a new response below; it replaces the one above."),
        ]
      : null,
    h("h2", { class: "govuk-heading-m" }, "Your response"),
    answer,
  );
  answer.start();
}

function confirmation(view) {
  responseSent(column, {
    referenceLabel: "Application reference",
    reference: view.reference,
    next: "The planning officer will take your response into account when they assess the application.",
    sent: view.consultee?.response ? summaryList(responseRows(view.consultee.response), { wrap: true }) : null,
  });
}

function responseForm() {
  const stance = radios({
    name: "stance",
    id: "stance",
    legend: "What is your advice?",
    size: "s",
    required: "Select your advice on the proposal",
    options: STANCES.map(([value, text, hint]) => ({ value, text, hint })),
  });
  const text = textarea({
    name: "text",
    id: "text",
    label: "Your comments",
    hint: "Give your reasons, and any changes or conditions you advise.",
    size: "s",
    rows: 8,
    required: "Enter your comments",
  });
  const file = fileUpload({
    name: "document_ids",
    id: "file",
    label: "Attach documents (optional)",
    hint: "PDF, PNG or JPEG, smaller than 30 MB each.",
    accept: ACCEPT,
    multiple: true,
  });
  const progress = progressBar();
  const fields = [stance, text, file];
  const responseForm = form({
    id: "response-form",
    fields,
    submitText: "Send response",
    validate: () => check([stance, text]),
    onSubmit: async () => {
      const files = file.read();
      for (const chosen of files) {
        const wrong = await checkFile(chosen);
        if (wrong) {
          showErrors([{ field: file, message: files.length > 1 ? `${wrong} (${chosen.name})` : wrong }]);
          return;
        }
      }
      const ids = [];
      for (const [index, chosen] of files.entries()) {
        const label = files.length > 1 ? `File ${index + 1} of ${files.length}: ` : "";
        const upload = await api(UPLOADS, {
          method: "POST",
          token,
          body: { file_name: chosen.name, content_type: await sniff(chosen), tags: [] },
        });
        progress.set(0, label);
        try {
          await sendToStorage(upload, chosen, (percent) => progress.set(percent, label));
        } catch (error) {
          progress.hide();
          showErrors([{ field: file, message: error.message }]);
          return;
        }
        ids.push(upload.document_id);
      }
      if (ids.length) progress.say("Upload complete. Checking your files…");
      const answered = await respondOnceReceived(RESPONSE, token, { stance: stance.read(), text: text.read(), document_ids: ids });
      if (!answered) {
        progress.hide();
        showErrors([{ field: file, message: "Your file could not be checked. Select it again and send your response" }]);
        return;
      }
      confirmation(answered);
    },
  });
  responseForm.append(...progress.elements);
  return responseForm;
}


load();
