// The applicant's page for one validation request, opened from the link in their email
// (/applicant.html#<token>). No sign-in: the link's token is the key. It is read from the address's
// fragment (never sent to a server with the page), removed from the address bar at once, and kept in
// this tab's sessionStorage; the API gets it as a bearer token. The link stops working once the request
// is cancelled or the application is closed: the API answers 404, and the page says so.
import { api } from "../api.js";
import { byId, h, replace, summaryList } from "../dom.js";
import { documentTypeLabel } from "../document-types.js";
import { date } from "../format.js";
import { check, fileUpload, form, radios, showErrors, textarea } from "../forms.js";
import { startPage } from "../layout.js";
import { mapPanel } from "../maps.js";
import { openLink, respondOnceReceived, responseSent, takeToken } from "../link-page.js";
import { boundaryPicture, pounds, RESPONSE_KINDS, responseRows } from "../requests.js";
import { ACCEPT, checkFile, progressBar, sendToStorage, sniff } from "../uploads.js";

const TOKEN = "bops.applicant";
const NO_LONGER_VALID = [
  "The planning officer may have cancelled the request, or the application may have been decided, withdrawn or closed.",
    "You do not need to do anything. If you think this is wrong, contact your council's planning team and give them your application's reference.",
];
const REQUEST = "/api/v1/applicant/request";
const RESPONSE = "/api/v1/applicant/request/response";
const UPLOADS = "/api/v1/applicant/request/uploads";
const AUTO_CLOSES = ["description_change", "red_line_boundary_change", "pre_commencement_condition"];

startPage({ signedIn: false });
const column = byId("applicant");
const token = takeToken(TOKEN);
load();

async function load() {
  const view = await openLink(column, { token, path: REQUEST, noLongerValid: NO_LONGER_VALID });
  if (view) show(view);
}

// --- pages ---------------------------------------------------------------------------------------

const body = (text) => h("p", { class: "govuk-body app-wrap app-pre-line" }, text);
const inset = (text) => h("div", { class: "govuk-inset-text app-wrap app-pre-line" }, text);

/** The proposed boundary (red) over the current one (grey, dashed) on a map; an outline if no map can be drawn. */
function boundaryMap(d) {
  const panel = mapPanel({
    id: "boundary-map",
    label: "Map of the new site boundary",
    description: d.original_boundary
      ? "The new boundary we propose is the red line. Your current boundary is the grey dashed line."
      : "The new boundary we propose is the red line.",
    key: d.original_boundary ? ["proposed", "current"] : ["proposed"],
    token,
    options: { proposed: d.proposed_boundary, redLine: d.original_boundary },
  });
  panel.ready.then((map) => {
    const outline = map ? null : boundaryPicture(d.proposed_boundary, d.original_boundary);
    if (outline) panel.canvas.replaceChildren(outline);
  });
  return panel.element;
}

/** What the request asks, in plain English: { title, intro, question, yes, no, required }. */
function asking(view) {
  const request = view.request;
  const d = request.details || {};
  switch (request.type) {
    case "additional_document":
      return {
        title: "Send us more documents",
        intro: [
          h("p", { class: "govuk-body" }, "We need more documents before we can check your application."),
          inset(d.summary),
          h("h2", { class: "govuk-heading-m" }, "Documents we need"),
          h("ul", { class: "govuk-list govuk-list--bullet" }, (d.document_types || []).map((t) => h("li", {}, documentTypeLabel(t)))),
        ],
      };
    case "replacement_document":
      return {
        title: "Send us a new version of a document",
        intro: [h("p", { class: "govuk-body" }, "One of the documents you sent needs to be replaced:"), inset(d.reason)],
      };
    case "description_change":
      return {
        title: "Check the new description of your proposal",
        intro: [
          h("p", { class: "govuk-body" }, "We would like to change how your application describes the work you propose."),
          summaryList([
            ["Current description", h("span", { class: "app-wrap" }, view.description)],
            ["New description", h("span", { class: "app-wrap app-pre-line" }, d.proposed_description)],
          ]),
        ],
        question: "Do you agree with the new description?",
        yes: "Yes, I agree with the new description",
        no: "No, I do not agree",
        required: "Select yes if you agree with the new description",
      };
    case "red_line_boundary_change":
      return {
        title: "Check the new site boundary",
        intro: [
          h("p", { class: "govuk-body" }, "We would like to change the red line boundary of your site: the outline of the land your application is for."),
          inset(d.reason),
          boundaryMap(d),
        ],
        question: "Do you agree with the new boundary?",
        yes: "Yes, I agree with the new boundary",
        no: "No, I do not agree",
        required: "Select yes if you agree with the new boundary",
      };
    case "ownership_certificate":
      return {
        title: "Give us a new ownership certificate",
        intro: [
          h("p", { class: "govuk-body" }, "The certificate of ownership in your application needs to change:"),
          inset(d.reason),
          h("p", { class: "govuk-body" }, "The certificate says who owns the land and that they have been told about the application."),
        ],
      };
    case "other_change":
      return {
        title: "We need more information",
        intro: [h("h2", { class: "govuk-heading-m app-wrap" }, d.summary), body(d.suggestion)],
      };
    case "fee_change":
      return {
        title: "Pay the rest of the application fee",
        intro: [
          h("p", { class: "govuk-body" }, `The fee paid for your application is not right. You need to pay ${pounds(d.amount_pence)} more.`),
          inset(d.reason),
          h("p", { class: "govuk-body" }, "If you agree, we will tell you how to pay."),
        ],
        question: `Do you agree to pay ${pounds(d.amount_pence)} more?`,
        yes: "Yes, I agree to pay",
        no: "No, I do not agree",
        required: "Select yes if you agree to pay the rest of the fee",
      };
    case "pre_commencement_condition":
      return {
        title: "Check a condition we want to add",
        intro: [
          h("p", { class: "govuk-body" }, "If your application is approved, we would like to add this condition. It must be met before any work starts."),
          inset(d.condition_text),
        ],
        question: "Do you agree to this condition?",
        yes: "Yes, I agree to the condition",
        no: "No, I do not agree",
        required: "Select yes if you agree to the condition",
      };
    case "heads_of_terms":
      return {
        title: "Check the heads of terms",
        intro: [
          h("p", { class: "govuk-body" }, "These are the main points of the legal agreement your application needs."),
          inset(d.terms_text),
        ],
        question: "Do you agree to the heads of terms?",
        yes: "Yes, I agree to the heads of terms",
        no: "No, I do not agree",
        required: "Select yes if you agree to the heads of terms",
      };
    case "time_extension":
      return {
        title: "Agree to more time for our decision",
        intro: [
          h("p", { class: "govuk-body" }, `We need more time to decide your application. We would like to make our decision by ${date(d.proposed_expiry_date)}.`),
          inset(d.reason),
        ],
        question: "Do you agree to the new decision date?",
        yes: "Yes, I agree to the new date",
        no: "No, I do not agree",
        required: "Select yes if you agree to the new decision date",
      };
    default:
      return { title: "Respond to a request about your application", intro: [] };
  }
}

function show(view) {
  const request = view.request;
  const ask = asking(view);
  document.title = `${ask.title} – BoPS`;
  const due = request.response_due
    ? AUTO_CLOSES.includes(request.type)
      ? `${date(request.response_due)}. If you do not answer by then, we will take it that you agree.`
      : date(request.response_due)
    : null;
  const about = summaryList([
    ["Application reference", view.reference],
    ["Site address", h("span", { class: "app-wrap" }, view.site_address)],
    ["Answer by", request.state === "open" ? due : null],
  ]);
  const heading = [h("span", { class: "govuk-caption-l" }, `Application ${view.reference}`), h("h1", { class: "govuk-heading-l" }, ask.title)];
  if (request.state !== "open") {
    replace(
      column,
      heading,
      about,
      ask.intro,
      h("h2", { class: "govuk-heading-m" }, "You have answered this request"),
      summaryList(responseRows(request)),
      h("p", { class: "govuk-body" }, "You do not need to do anything else. The planning officer will contact you if they need more."),
    );
    return;
  }
  const answer = answerForm(view, ask);
  replace(column, heading, about, ask.intro, answer);
  answer.start();
}

function confirmation(view) {
  responseSent(column, {
    referenceLabel: "Your application reference",
    reference: view.reference,
    next: "We have sent your response to the planning officer. They will contact you if they need anything else.",
    sent: summaryList(responseRows(view.request)),
  });
  // Agreeing to pay is not paying: the payment provider's page, where the fee is paid
  if (view.payment_url) {
    column.append(
      h("h2", { class: "govuk-heading-m" }, "Pay the rest of the fee"),
      h("p", { class: "govuk-body" }, "Your application can be made valid once the fee is paid."),
      h(
        "a",
        { class: "govuk-button", href: view.payment_url, role: "button", draggable: "false", id: "pay-now", "data-module": "govuk-button" },
        `Pay ${pounds(view.request.details.amount_pence)} now`,
      ),
    );
  }
}

// --- the answer ----------------------------------------------------------------------------------
function answerForm(view, ask) {
  const request = view.request;
  const kind = RESPONSE_KINDS[request.type];
  const submit = async (payload) => {
    confirmation(await api(RESPONSE, { method: "POST", token, body: payload }));
  };
  const common = { id: "response-form", submitText: "Send response" };

  if (kind === "approval") {
    const reason = textarea({ name: "reason", id: "reason", label: "Tell us why you do not agree", required: "Enter why you do not agree" });
    const approved = radios({
      name: "approved",
      id: "approved",
      legend: ask.question,
      size: "m",
      required: ask.required,
      options: [
        { value: "yes", text: ask.yes },
        { value: "no", text: ask.no, conditional: [reason] },
      ],
    });
    return form({
      ...common,
      fields: [approved],
      validate: () => {
        const errors = check([approved]);
        if (approved.read() === "no" && !reason.read()) errors.push({ field: reason, message: reason.required });
        return errors;
      },
      onSubmit: () => submit(approved.read() === "yes" ? { approved: true } : { approved: false, reason: reason.read() }),
    });
  }

  if (kind === "certificate") {
    const certificate = radios({
      name: "certificate",
      id: "certificate",
      legend: "Which certificate applies?",
      size: "s",
      required: "Select which certificate applies",
      options: [
        { value: "a", text: "Certificate A", hint: "You are the only owner of the land, and there are no agricultural tenants." },
        { value: "b", text: "Certificate B", hint: "You have told all the other owners and agricultural tenants about the application." },
        { value: "c", text: "Certificate C", hint: "You know some of the other owners, have told them, and put a notice in a local newspaper." },
        { value: "d", text: "Certificate D", hint: "You do not know any of the other owners, and put a notice in a local newspaper." },
      ],
    });
    const reason = textarea({ name: "reason", id: "reason", label: "Tell us why not", required: "Enter why you cannot give a new certificate" });
    const approved = radios({
      name: "approved",
      id: "approved",
      legend: "Will you give us a new ownership certificate?",
      size: "m",
      required: "Select yes if you will give a new ownership certificate",
      options: [
        { value: "yes", text: "Yes", conditional: [certificate] },
        { value: "no", text: "No", conditional: [reason] },
      ],
    });
    return form({
      ...common,
      fields: [approved],
      validate: () => {
        const errors = check([approved]);
        if (approved.read() === "yes") errors.push(...check([certificate]));
        if (approved.read() === "no" && !reason.read()) errors.push({ field: reason, message: reason.required });
        return errors;
      },
      onSubmit: () =>
        submit(
          approved.read() === "yes"
            ? { approved: true, certificate: certificate.read() }
            : { approved: false, reason: reason.read() },
        ),
    });
  }

  if (kind === "text") {
    const text = textarea({ name: "response_text", id: "response-text", label: "Your answer", size: "m", rows: 8, required: "Enter your answer" });
    return form({ ...common, fields: [text], validate: () => check([text]), onSubmit: () => submit({ response_text: text.read() }) });
  }

  return documentsForm(view, common);
}

function documentsForm(view, common) {
  const request = view.request;
  const file = fileUpload({
    name: "document_ids",
    id: "file",
    label: "Upload files",
    size: "m",
    hint: "PDF, PNG or JPEG, up to 30 MB each. You can choose more than one file.",
    accept: ACCEPT,
    multiple: true,
  });
  const text = textarea({
    name: "response_text",
    id: "response-text",
    label: "Anything you want to tell us about the files (optional)",
    rows: 4,
  });
  const tags = request.type === "additional_document" ? request.details.document_types || [] : [];
  const progress = progressBar();
  const documentsForm = form({
    ...common,
    fields: [file, text],
    aliases: { file_name: "document_ids", content_type: "document_ids", tags: "document_ids" },
    validate: () => [], // the files are checked asynchronously in onSubmit
    onSubmit: async () => {
      const files = file.read();
      if (!files.length) {
        showErrors([{ field: file, message: "Select a file" }]);
        return;
      }
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
          body: { file_name: chosen.name, content_type: await sniff(chosen), tags },
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
      progress.say("Upload complete. Checking your files…");
      const payload = { document_ids: ids, ...(text.read() ? { response_text: text.read() } : {}) };
      const answered = await respondOnceReceived(RESPONSE, token, payload);
      if (!answered) {
        progress.hide();
        showErrors([
          {
            field: file,
            message: "Your file could not be checked. Select it again and send your response. If this keeps happening, the file may be damaged",
          },
        ]);
        return;
      }
      confirmation(answered);
    },
  });
  documentsForm.append(...progress.elements);
  return documentsForm;
}

