// Uploading a document: the API hands out a presigned POST and the file goes straight to storage
// (../uploads.js, with a progress bar). The back office then checks the file's bytes and records it;
// this page waits for that verdict.
import { api, ApiError, path } from "../api.js";
import { flash } from "../auth.js";
import { h } from "../dom.js";
import { COMMON_DOCUMENT_TYPES } from "../document-types.js";
import { fileSize } from "../format.js";
import { fileUpload, form, select, showErrors, textInput } from "../forms.js";
import { ACCEPT, checkFile, progressBar, sendToStorage, sniff } from "../uploads.js";
import { caseUrl } from "./tasks.js";

const RECORDED_WAIT_MS = 30_000;

const DOCUMENT_TYPES = [["", "Choose a document type"], ...COMMON_DOCUMENT_TYPES];

export function uploadPage(ctx) {
  const reference = ctx.application.reference;
  const file = fileUpload({
    name: "file_name",
    id: "file",
    label: "Upload a file",
    size: "s",
    hint: "PDF, PNG or JPEG, up to 30 MB.",
    accept: ACCEPT,
  });
  const type = select({
    name: "tags",
    id: "document-type",
    label: "Document type (optional)",
    size: "s",
    options: DOCUMENT_TYPES.map(([value, text]) => ({ value, text })),
  });
  const number = textInput({
    name: "drawing_number",
    id: "drawing-number",
    label: "Drawing number (optional)",
    hint: "As written on the drawing, for example PL-02 rev A",
    size: "s",
    width: 20,
    spellcheck: false,
  });
  const progress = progressBar();

  const uploadForm = form({
    id: "upload-form",
    fields: [file, type, number],
    submitText: "Upload",
    secondary: h("a", { class: "govuk-link", href: caseUrl(reference) }, "Cancel"),
    validate: () => [], // the file is checked asynchronously in onSubmit
    onSubmit: async () => {
      const chosen = file.read();
      const problem = await checkFile(chosen);
      if (problem) {
        showErrors([{ field: file, message: problem }]);
        return;
      }
      const checked = await sniff(chosen);
      const tags = type.read() ? [type.read()] : [];
      const upload = await api(path.action(reference, "uploads"), {
        method: "POST",
        body: { file_name: chosen.name, content_type: checked, tags, ...(number.read() ? { drawing_number: number.read() } : {}) },
      });
      progress.set(0);
      try {
        await sendToStorage(upload, chosen, (percent) => progress.set(percent));
      } catch (error) {
        progress.hide();
        showErrors([{ field: file, message: error.message }]);
        return;
      }
      progress.say("Upload complete. Checking the file…");
      const recorded = await waitForRecord(reference, upload.document_id);
      if (recorded?.status === "rejected") {
        progress.hide();
        showErrors([{ field: file, message: `The file was rejected: ${recorded.rejected_reason || "it is not accepted"}` }]);
        return;
      }
      const scan = recorded?.scan?.status;
      if (scan === "threat" || scan === "failed") {
        progress.hide();
        showErrors([{ field: file, message: recorded.scan.message || "The file failed its virus scan" }]);
        return;
      }
      flash({
        success: true,
        title: `${chosen.name} uploaded`,
        text: !recorded
          ? "It appears in the documents once it has been checked."
          : scan === "clean"
            ? `${fileSize(recorded.size)}, checked and scanned for viruses.`
            : `${fileSize(recorded.size)}, checked. It is being scanned for viruses and can be downloaded once the scan is clean.`,
      });
      window.location.assign(caseUrl(reference));
    },
  });
  // The status paragraph sits under the form so screen readers hear the progress.
  uploadForm.append(...progress.elements);
  return uploadForm;
}

async function waitForRecord(reference, documentId) {
  const deadline = Date.now() + RECORDED_WAIT_MS;
  let last = null;
  while (Date.now() < deadline) {
    try {
      const detail = await api(path.application(reference));
      const document = detail.documents.find((d) => d.id === documentId);
      // recorded and past its virus scan (or rejected); a scan still running when time is up is reported as such
      if (document && (document.status === "rejected" || document.scan?.status !== "pending")) return document;
      if (document) last = document;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return last;
}
