// The site visit and meetings task (?task=assessment-site_visit): each
// visit or meeting with its date, who, attendees, notes and photographs. A photograph is uploaded straight
// to storage like any document of the case (tagged photographs.existing), then the visit keeps its id.
import { api, ApiError, path } from "../../api.js";
import { h, replace } from "../../dom.js";
import { date } from "../../format.js";
import { dateInput, fileUpload, radios, textarea, textInput } from "../../forms.js";
import { ACCEPT, checkFile, sendToStorage, sniff } from "../../uploads.js";
import { taskPage } from "./page.js";

const KINDS = { site_visit: "Site visit", meeting: "Meeting" };
const PHOTO_TAG = "photographs.existing";
const RECORDED_WAIT_MS = 60_000;

function fileNames(ctx, ids) {
  const byId = new Map((ctx.detail.documents || []).map((d) => [d.id, d.file_name]));
  return ids.map((id) => byId.get(id) || "A photograph");
}

function visitCard(ctx, visit, index, onRemove) {
  const title = `${KINDS[visit.kind] || visit.kind} on ${date(visit.on)}`;
  return h(
    "div",
    { class: "govuk-summary-card", "data-visit": String(index) },
    h(
      "div",
      { class: "govuk-summary-card__title-wrapper" },
      h("h3", { class: "govuk-summary-card__title" }, title),
      onRemove
        ? h(
            "ul",
            { class: "govuk-summary-card__actions" },
            h(
              "li",
              { class: "govuk-summary-card__action" },
              h("button", { type: "button", class: "govuk-button govuk-button--warning govuk-!-margin-bottom-0", on: { click: onRemove } }, "Remove", h("span", { class: "govuk-visually-hidden" }, ` ${title}`)),
            ),
          )
        : null,
    ),
    h(
      "div",
      { class: "govuk-summary-card__content" },
      h(
        "dl",
        { class: "govuk-summary-list" },
        [
          ["By", visit.by],
          ["Attendees", visit.attendees],
          ["Notes", visit.notes],
          ["Photographs", visit.photo_document_ids?.length ? fileNames(ctx, visit.photo_document_ids).join(", ") : ""],
        ].map(([key, value]) =>
          h(
            "div",
            { class: "govuk-summary-list__row" },
            h("dt", { class: "govuk-summary-list__key" }, key),
            h("dd", { class: "govuk-summary-list__value app-wrap" }, value || "None"),
          ),
        ),
      ),
    ),
  );
}

async function waitForRecord(reference, documentId) {
  const deadline = Date.now() + RECORDED_WAIT_MS;
  while (Date.now() < deadline) {
    const detail = await api(path.application(reference));
    const document = detail.documents.find((d) => d.id === documentId);
    if (document) return document;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return null;
}

/** Uploads a photograph as a document of the case; its document id once recorded, or an error message. */
async function uploadPhoto(reference, file) {
  const problem = await checkFile(file);
  if (problem) throw new Error(problem);
  const upload = await api(path.action(reference, "uploads"), {
    method: "POST",
    body: { file_name: file.name, content_type: await sniff(file), tags: [PHOTO_TAG] },
  });
  await sendToStorage(upload, file, () => undefined);
  const recorded = await waitForRecord(reference, upload.document_id);
  if (!recorded) throw new Error("The photograph is still being checked: save again in a minute");
  if (recorded.status === "rejected") throw new Error(`The photograph was rejected: ${recorded.rejected_reason || "it is not accepted"}`);
  return upload.document_id;
}

export const siteVisitPage = taskPage("site_visit", {
  build: (data, ctx) => {
    const reference = ctx.application.reference;
    const visits = [...(data.visits || [])];
    const list = h("div", { id: "visits" });
    const render = () =>
      replace(
        list,
        visits.length
          ? visits.map((visit, index) =>
              visitCard(ctx, visit, index, () => {
                visits.splice(index, 1);
                render();
                list.querySelector("button")?.focus();
              }),
            )
          : h("p", { class: "govuk-body" }, "No visits or meetings recorded yet."),
      );
    render();
    const n = () => visits.length; // the index a new visit takes
    const kind = radios({
      name: "kind",
      id: "visit-kind",
      legend: "Site visit or meeting",
      size: "s",
      inline: true,
      value: "site_visit",
      options: Object.entries(KINDS).map(([value, text]) => ({ value, text })),
    });
    const on = dateInput({ name: "on", id: "visit-on", legend: "Date", size: "s", hint: "For example, 27 3 2026", noun: "The date" });
    const by = textInput({ name: "by", id: "visit-by", label: "Who visited or held the meeting", size: "s", value: ctx.officer.username });
    const attendees = textInput({ name: "attendees", id: "visit-attendees", label: "Who else was there (optional)", size: "s" });
    const notes = textarea({ name: "notes", id: "visit-notes", label: "Notes", size: "s", rows: 5, hint: "What you saw or discussed." });
    const photos = fileUpload({
      name: "photo_document_ids",
      id: "visit-photos",
      label: "Photographs (optional)",
      size: "s",
      hint: "PNG or JPEG (or PDF), up to 30 MB each.",
      accept: ACCEPT,
      multiple: true,
    });
    const fields = [kind, on, by, attendees, notes, photos];
    const aliases = {};
    let added = null; // the new visit, once its photographs are uploaded
    const adding = () => Boolean(on.read().value || notes.read() || photos.read().length);
    return {
      fields,
      aliases,
      before: [h("h2", { class: "govuk-heading-m" }, "Visits and meetings"), list, h("h2", { class: "govuk-heading-m" }, "Add a visit or meeting")],
      validate: () => {
        const errors = [];
        const when = on.read();
        if (when.error) errors.push({ field: on, message: when.error });
        else if (adding() && !when.value) errors.push({ field: on, message: "Enter the date of the visit or meeting" });
        return errors;
      },
      prepare: async () => {
        added = null;
        if (!adding()) return;
        // a 422 about the new visit names its fields: visits[n].on -> the date, ...
        for (const field of ["kind", "on", "by", "attendees", "notes"]) aliases[`visits[${n()}].${field}`] = field;
        const ids = [];
        for (const [index, file] of photos.read().entries()) {
          aliases[`visits[${n()}].photo_document_ids[${index}]`] = "photo_document_ids";
          try {
            ids.push(await uploadPhoto(reference, file));
          } catch (error) {
            if (error instanceof ApiError) throw error;
            throw new ApiError(422, "invalid", error.message, [{ path: "photo_document_ids", message: error.message }]);
          }
        }
        added = { kind: kind.read() || "site_visit", on: on.read().value, by: by.read(), attendees: attendees.read(), notes: notes.read(), photo_document_ids: ids };
      },
      read: () => ({ visits: added ? [...visits, added] : visits }),
    };
  },
  show: (data, ctx) =>
    data.visits?.length
      ? data.visits.map((visit, index) => visitCard(ctx, visit, index, null))
      : h("p", { class: "govuk-body" }, "No visits or meetings recorded."),
});
