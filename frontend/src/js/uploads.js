// Sending a file straight to storage: the API hands out a presigned POST and the browser posts the file
// to it (XMLHttpRequest, for its progress events). Shared by the officers' upload page and the
// applicant's page. The file is checked here first as the back office will check it: PDF, PNG or JPEG
// (by extension and by its first bytes), at most 30 MB.
import { h } from "./dom.js";

export const MAX_BYTES = 30 * 1024 * 1024;
export const ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg";
export const WRONG_TYPE = "The selected file must be a PDF, PNG or JPEG";
export const TOO_LARGE = "The selected file must be smaller than 30 MB";
const SIGNATURES = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
];
const EXTENSIONS = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg" };

/** The content type the file's first bytes show (as the back office will check), or null. */
export async function sniff(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const match = SIGNATURES.find(([, bytes]) => bytes.every((byte, index) => head[index] === byte));
  return match ? match[0] : null;
}

/** What is wrong with the file, in the GOV.UK file upload pattern's words, or null. */
export async function checkFile(file) {
  if (!file) return "Select a file";
  const extension = (file.name.split(".").pop() || "").toLowerCase();
  if (!EXTENSIONS[extension]) return WRONG_TYPE;
  if (file.size === 0) return "The selected file is empty";
  if (file.size > MAX_BYTES) return TOO_LARGE;
  if ((await sniff(file)) !== EXTENSIONS[extension]) return WRONG_TYPE;
  return null;
}

/** Posts the file to the presigned form `upload` ({ url, fields }); onProgress(percent). */
export function sendToStorage(upload, file, onProgress) {
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
        reject(new Error(TOO_LARGE));
      } else {
        reject(new Error("The file could not be uploaded. Try again."));
      }
    });
    request.addEventListener("error", () => reject(new Error("The file could not be uploaded. Check your connection and try again.")));
    request.addEventListener("abort", () => reject(new Error("The upload was cancelled")));
    request.send(data);
  });
}

/**
 * A progress bar with its percentage also announced as text: { element, start(label), set(percent, label),
 * say(text), hide() }. The element goes under the form, so screen readers hear the progress.
 */
export function progressBar() {
  const bar = h("progress", { class: "app-progress", max: "100", value: "0", "aria-label": "Upload progress" });
  const status = h("p", { class: "govuk-body", id: "upload-status", role: "status" });
  const wrapper = h("div", { id: "upload-progress", hidden: true }, bar);
  return {
    elements: [wrapper, status],
    set(percent, label = "") {
      wrapper.hidden = false;
      bar.value = percent;
      status.textContent = `${label}${percent}% uploaded`;
    },
    say(text) {
      status.textContent = text;
    },
    hide() {
      wrapper.hidden = true;
      status.textContent = "";
    },
  };
}
