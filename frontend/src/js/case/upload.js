// Uploading a document: the API hands out a presigned POST and the file goes straight to storage
// (XMLHttpRequest, for its progress events). The back office then checks the file's bytes and records
// it; this page waits for that verdict.
import { api, ApiError, path } from "../api.js";
import { flash } from "../auth.js";
import { h } from "../dom.js";
import { fileSize } from "../format.js";
import { fileUpload, form, select, showErrors } from "../forms.js";
import { caseUrl } from "./tasks.js";

export const MAX_BYTES = 30 * 1024 * 1024;
const SIGNATURES = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
];
const EXTENSIONS = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg" };
const WRONG_TYPE = "The selected file must be a PDF, PNG or JPEG";
const RECORDED_WAIT_MS = 30_000;

// The ODP file types officers most often add; the API accepts any ODP file type.
const DOCUMENT_TYPES = [
  ["", "Choose a document type"],
  ["locationPlan", "Location plan"],
  ["sitePlan.existing", "Site plan – existing"],
  ["sitePlan.proposed", "Site plan – proposed"],
  ["floorPlan.existing", "Floor plan – existing"],
  ["floorPlan.proposed", "Floor plan – proposed"],
  ["elevations.existing", "Elevations – existing"],
  ["elevations.proposed", "Elevations – proposed"],
  ["sections.proposed", "Sections – proposed"],
  ["roofPlan.proposed", "Roof plan – proposed"],
  ["photographs.existing", "Photographs – existing"],
  ["designAndAccessStatement", "Design and access statement"],
  ["heritageStatement", "Heritage statement"],
  ["planningStatement", "Planning statement"],
  ["otherDrawing", "Other drawing"],
  ["otherDocument", "Other document"],
];

/** The content type the file's first bytes show (as the back office will check), or null. */
export async function sniff(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const match = SIGNATURES.find(([, bytes]) => bytes.every((byte, index) => head[index] === byte));
  return match ? match[0] : null;
}

async function checkFile(file) {
  if (!file) return "Select a file";
  const extension = (file.name.split(".").pop() || "").toLowerCase();
  if (!EXTENSIONS[extension]) return WRONG_TYPE;
  if (file.size === 0) return "The selected file is empty";
  if (file.size > MAX_BYTES) return "The selected file must be smaller than 30 MB";
  if ((await sniff(file)) !== EXTENSIONS[extension]) return WRONG_TYPE;
  return null;
}

export function uploadPage(ctx) {
  const reference = ctx.application.reference;
  const file = fileUpload({
    name: "file_name",
    id: "file",
    label: "Upload a file",
    size: "s",
    hint: "PDF, PNG or JPEG, up to 30 MB.",
    accept: ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg",
  });
  const type = select({
    name: "tags",
    id: "document-type",
    label: "Document type (optional)",
    size: "s",
    options: DOCUMENT_TYPES.map(([value, text]) => ({ value, text })),
  });
  const bar = h("progress", { class: "app-progress", max: "100", value: "0", "aria-label": "Upload progress" });
  const status = h("p", { class: "govuk-body", id: "upload-status", role: "status" });
  const progress = h("div", { id: "upload-progress", hidden: true }, bar);
  let checked = null; // the file's content type, once checked

  const uploadForm = form({
    id: "upload-form",
    fields: [file, type],
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
      checked = await sniff(chosen);
      const tags = type.read() ? [type.read()] : [];
      const upload = await api(path.action(reference, "uploads"), {
        method: "POST",
        body: { file_name: chosen.name, content_type: checked, tags },
      });
      progress.hidden = false;
      status.textContent = "0% uploaded";
      try {
        await send(upload, chosen, (percent) => {
          bar.value = percent;
          status.textContent = `${percent}% uploaded`;
        });
      } catch (error) {
        progress.hidden = true;
        status.textContent = "";
        showErrors([{ field: file, message: error.message }]);
        return;
      }
      status.textContent = "Upload complete. Checking the file…";
      const recorded = await waitForRecord(reference, upload.document_id);
      if (recorded?.status === "rejected") {
        progress.hidden = true;
        status.textContent = "";
        showErrors([{ field: file, message: `The file was rejected: ${recorded.rejected_reason || "it is not accepted"}` }]);
        return;
      }
      flash({
        success: true,
        title: `${chosen.name} uploaded`,
        text: recorded ? `${fileSize(recorded.size)}, checked.` : "It appears in the documents once it has been checked.",
      });
      window.location.assign(caseUrl(reference));
    },
  });
  // The status paragraph sits under the form so screen readers hear the progress.
  uploadForm.append(progress, status);
  return uploadForm;
}

function send(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(upload.fields)) data.append(key, value);
    data.append("file", file); // the file must be the last field of the form
    const request = new XMLHttpRequest();
    request.open("POST", upload.url);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    });
    request.addEventListener("load", () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(100);
        resolve();
      } else if (/EntityTooLarge/.test(request.responseText)) {
        reject(new Error("The selected file must be smaller than 30 MB"));
      } else {
        reject(new Error("The file could not be uploaded. Try again."));
      }
    });
    request.addEventListener("error", () => reject(new Error("The file could not be uploaded. Check your connection and try again.")));
    request.addEventListener("abort", () => reject(new Error("The upload was cancelled")));
    request.send(data);
  });
}

async function waitForRecord(reference, documentId) {
  const deadline = Date.now() + RECORDED_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const detail = await api(path.application(reference));
      const document = detail.documents.find((d) => d.id === documentId);
      if (document) return document;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return null;
}
