// The case's documents: the list on the case page (view in the browser, download, publish one or several,
// change details) and the page to change a document's details (?task=document&document=<id>): its types
// (ODP file types), drawing number and whether the decision notice refers to it.
import { api, path } from "../api.js";
import { flash } from "../auth.js";
import { h, openExternal } from "../dom.js";
import { ALL_DOCUMENT_TYPES, COMMON_DOCUMENT_TYPES, documentTypeLabel } from "../document-types.js";
import { checkboxes, form, select, textInput } from "../forms.js";
import { dateTime, fileSize, tag } from "../format.js";
import { banner } from "../layout.js";
import { caseUrl } from "./tasks.js";

// A received document is served (viewed, downloaded, published) only once its malware scan says it is clean.
export const isClean = (document) => document.status === "received" && document.scan?.status === "clean";
const isPublished = (document) => document.publishable && isClean(document) && !document.archived;
// The browser shows PDFs and images itself (the API serves them inline as the type their bytes showed).
const VIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg"]);
const isViewable = (document) => isClean(document) && VIEWABLE.has(document.content_type);
const canPublish = (document) => isClean(document) && !document.archived && !isPublished(document);

/** The document's types in words ("Proposed site plan"), from the API's type_names. */
export function typeNames(document) {
  const names = document.type_names?.length ? document.type_names : (document.tags || []).map(documentTypeLabel);
  return names.join(", ");
}

/** What the malware scan says, as a tag: nothing once clean; otherwise why the file cannot be had. */
function scanTags(document) {
  const scan = document.scan?.status || "pending";
  if (scan === "clean") return [];
  if (scan === "pending") return [" ", tag("Scanning for viruses", "yellow")];
  const failed = scan === "threat" ? "Failed virus scan" : "Virus scan failed";
  return [" ", tag(failed, "red"), h("br"), h("span", { class: "govuk-body-s" }, document.scan?.message || "")];
}

function publicationTags(document) {
  if (document.archived) return [" ", tag("Replaced", "grey")];
  const tags = isPublished(document) ? [" ", tag("Published", "blue")] : [];
  if (document.on_decision_notice) tags.push(" ", tag("On decision notice", "purple"));
  return tags;
}

/** A button that asks the API for a short-lived link (to download or view) and follows it. */
function linkButton(reference, document, { disposition, text, hidden, className }) {
  return h(
    "button",
    {
      type: "button",
      class: className,
      "data-document-id": disposition === "inline" ? null : document.id,
      "data-view-document": disposition === "inline" ? document.id : null,
      on: {
        click: async () => {
          try {
            const link = await api(path.document(reference, document.id), { query: { disposition } });
            openExternal(link.url);
          } catch (error) {
            const what = disposition === "inline" ? "opened" : "downloaded";
            banner({ title: `${document.file_name} could not be ${what}`, text: error.message });
          }
        },
      },
    },
    text,
    hidden ? h("span", { class: "govuk-visually-hidden" }, hidden) : null,
  );
}

/** Publish a received document on the public register, or remove it; the API has the last word. */
function publicationButton(reference, document) {
  const published = isPublished(document);
  if (!published && !canPublish(document)) return null;
  const text = published ? "Remove from public register" : "Publish";
  const button = h(
    "button",
    {
      type: "button",
      class: "govuk-button govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0 app-table-button",
      "data-module": "govuk-button",
      "data-publish-document": document.id,
      on: {
        click: async () => {
          button.disabled = true;
          try {
            await api(`${path.document(reference, document.id)}/publication`, {
              method: "PUT",
              body: { publishable: !published },
            });
            flash({
              success: true,
              title: published ? `${document.file_name} removed from the public register` : `${document.file_name} published`,
              text: published ? null : "It is listed with the application on the public register while the application is published.",
            });
            window.location.assign(caseUrl(reference));
          } catch (error) {
            button.disabled = false;
            banner({
              title: `${document.file_name} could not be ${published ? "removed from the public register" : "published"}`,
              text: error.message,
            });
          }
        },
      },
    },
    text,
    h("span", { class: "govuk-visually-hidden" }, ` ${document.file_name}`),
  );
  return button;
}

/** The tick box that chooses a document for "Publish selected documents" (only one that can be published). */
function selectBox(document) {
  if (!canPublish(document)) return null;
  const id = `select-${document.id}`;
  return h(
    "div",
    { class: "govuk-checkboxes govuk-checkboxes--small", "data-module": "govuk-checkboxes" },
    h(
      "div",
      { class: "govuk-checkboxes__item" },
      h("input", { class: "govuk-checkboxes__input", id, name: "document_ids", type: "checkbox", value: document.id }),
      h(
        "label",
        { class: "govuk-label govuk-checkboxes__label", for: id },
        h("span", { class: "govuk-visually-hidden" }, `Select ${document.file_name}`),
      ),
    ),
  );
}

/** Publishes the ticked documents at once (all or none: the API names the first it refuses). */
async function publishSelected(reference, formElement, button) {
  const ids = [...formElement.querySelectorAll("input[name=document_ids]:checked")].map((input) => input.value);
  if (!ids.length) {
    banner({ title: "No documents selected", text: "Tick the documents to publish first." });
    return;
  }
  button.disabled = true;
  try {
    const result = await api(`${path.application(reference)}/documents/publish`, {
      method: "POST",
      body: { document_ids: ids },
    });
    const count = result.documents.length;
    flash({
      success: true,
      title: `${count} ${count === 1 ? "document" : "documents"} published`,
      text: "They are listed with the application on the public register while the application is published.",
    });
    window.location.assign(caseUrl(reference));
  } catch (error) {
    button.disabled = false;
    banner({ title: "The documents could not be published", text: error.message });
  }
}

/** The documents section of the case page. */
export function documentsSection(ctx, allowed) {
  const { application, detail } = ctx;
  const reference = application.reference;
  const upload = allowed.upload
    ? h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: caseUrl(reference, { task: "upload" }) }, "Upload a document"))
    : null;
  if (!detail.documents.length) {
    return [h("h2", { class: "govuk-heading-m" }, "Documents"), h("p", { class: "govuk-body" }, "No documents yet."), upload];
  }
  const selectable = ctx.isOfficer && detail.documents.some(canPublish);
  const fileCell = (document) => {
    if (!isClean(document)) return h("span", { class: "app-wrap" }, document.file_name);
    return [
      linkButton(reference, document, { disposition: "attachment", text: document.file_name, className: "app-link-button app-wrap" }),
      document.drawing_number ? [h("br"), h("span", { class: "govuk-body-s" }, `Drawing ${document.drawing_number}`)] : null,
      isViewable(document)
        ? [
            h("br"),
            linkButton(reference, document, {
              disposition: "inline",
              text: "View",
              hidden: ` ${document.file_name} in the browser`,
              className: "app-link-button govuk-body-s",
            }),
          ]
        : null,
    ];
  };
  const typeCell = (document) => [
    typeNames(document) || "Not tagged",
    ctx.isOfficer && document.status === "received" && !document.archived
      ? [
          h("br"),
          h(
            "a",
            { class: "govuk-link govuk-body-s", href: caseUrl(reference, { task: "document", document: document.id }) },
            "Change details",
            h("span", { class: "govuk-visually-hidden" }, ` of ${document.file_name}`),
          ),
        ]
      : null,
  ];
  // numbered drawings first, in drawing number order (PL-01, PL-02, ...), then the rest as they arrived
  const ordered = [...detail.documents].sort(
    (a, b) =>
      Number(!a.drawing_number) - Number(!b.drawing_number) ||
      String(a.drawing_number || "").localeCompare(String(b.drawing_number || ""), "en", { numeric: true }) ||
      String(a.uploaded_at).localeCompare(String(b.uploaded_at)),
  );
  const rows = ordered.map((document) =>
    h(
      "tr",
      { class: "govuk-table__row" },
      selectable ? h("td", { class: "govuk-table__cell" }, selectBox(document)) : null,
      h("td", { class: "govuk-table__cell" }, fileCell(document)),
      h("td", { class: "govuk-table__cell" }, typeCell(document)),
      h("td", { class: "govuk-table__cell" }, fileSize(document.size)),
      h(
        "td",
        { class: "govuk-table__cell" },
        document.status === "received"
          ? [
              tag("Received", "green"),
              ...scanTags(document),
              ...publicationTags(document),
              ctx.isOfficer ? publicationButton(reference, document) : null,
            ]
          : [tag("Rejected", "red"), h("br"), document.rejected_reason || ""],
      ),
      h("td", { class: "govuk-table__cell" }, dateTime(document.uploaded_at)),
    ),
  );
  const headers = [selectable ? "Select" : null, "File", "Document type", "Size", "Status", "Uploaded"].filter(Boolean);
  const table = h(
    "table",
    { class: "govuk-table" },
    h("caption", { class: "govuk-table__caption govuk-visually-hidden" }, "Documents"),
    h(
      "thead",
      { class: "govuk-table__head" },
      h(
        "tr",
        { class: "govuk-table__row" },
        headers.map((text) =>
          h("th", { scope: "col", class: "govuk-table__header" }, text === "Select" ? h("span", { class: "govuk-visually-hidden" }, text) : text),
        ),
      ),
    ),
    h("tbody", { class: "govuk-table__body" }, rows),
  );
  const wrapper = h("div", { class: "app-table-wrapper", role: "region", "aria-label": "Documents", tabindex: "0" }, table);
  if (!selectable) return [h("h2", { class: "govuk-heading-m" }, "Documents"), wrapper, upload];
  const button = h(
    "button",
    { type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button", id: "publish-selected" },
    "Publish selected documents",
  );
  const publishForm = h("form", { id: "publish-documents", novalidate: true }, wrapper, button);
  publishForm.addEventListener("submit", (event) => {
    event.preventDefault();
    publishSelected(reference, publishForm, button);
  });
  return [h("h2", { class: "govuk-heading-m" }, "Documents"), publishForm, upload];
}

/** The page to change one document's details: its types, drawing number and the decision notice. */
export async function documentPage(ctx, _allowed, params) {
  const reference = ctx.application.reference;
  const id = params.get("document");
  const document = ctx.detail.documents.find((d) => d.id === id && d.status === "received");
  if (!document) {
    const error = new Error("There is no such document on this application.");
    error.status = 404;
    throw error;
  }
  const current = document.tags || [];
  const shown = [...new Set([...COMMON_DOCUMENT_TYPES.map(([code]) => code), ...current])];
  const types = checkboxes({
    name: "tags",
    id: "tags",
    legend: "What the document shows",
    hint: "Select all that apply. These are the Open Digital Planning document types.",
    size: "s",
    small: true,
    value: current,
    options: shown.map((code) => ({ value: code, text: documentTypeLabel(code) })),
  });
  const other = select({
    name: "other_type",
    id: "other-type",
    label: "Another document type (optional)",
    options: [{ value: "", text: "None" }, ...ALL_DOCUMENT_TYPES.filter(([code]) => !shown.includes(code)).map(([value, text]) => ({ value, text }))],
  });
  const number = textInput({
    name: "drawing_number",
    id: "drawing-number",
    label: "Drawing number (optional)",
    hint: "As written on the drawing, for example PL-02 rev A",
    width: 20,
    value: document.drawing_number || "",
    spellcheck: false,
  });
  const notice = checkboxes({
    name: "on_decision_notice",
    id: "on-decision-notice",
    legend: "Decision notice",
    size: "s",
    small: true,
    value: document.on_decision_notice ? ["yes"] : [],
    options: [{ value: "yes", text: "Referenced on the decision notice", hint: "Listed among the approved plans" }],
  });
  const tags = () => [...new Set([...types.read(), ...(other.read() ? [other.read()] : [])])];
  const element = form({
    id: "document-form",
    fields: [types, other, number, notice],
    submitText: "Save details",
    validate: () => (tags().length ? [] : [{ field: types, message: "Select what the document shows" }]),
    onSubmit: async () => {
      await api(path.document(reference, document.id), {
        method: "PATCH",
        body: { tags: tags(), drawing_number: number.read(), on_decision_notice: notice.read().includes("yes") },
      });
      flash({ success: true, title: `Details of ${document.file_name} saved` });
      window.location.assign(caseUrl(reference));
    },
  });
  return {
    title: "Change the document's details",
    back: [caseUrl(reference), "Back to the application"],
    content: [
      h("p", { class: "govuk-body app-wrap" }, h("strong", {}, document.file_name), ` · ${typeNames(document) || "Not tagged"}`),
      element,
    ],
    start: () => element.start(),
  };
}
