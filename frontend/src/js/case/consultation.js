// The officer's consultation task (?task=consultation): start it, see the end date and why, choose the
// neighbours (a radius or one address by hand), resend a letter, consult (consultees.js: from the council's
// list or typed in, send a link again, consult again), plan and record the site and press notices, extend,
// and redact the public's comments. Everything from the API goes in as text.
import { api, path } from "../api.js";
import { flash } from "../auth.js";
import { h, summaryList } from "../dom.js";
import { date, dateTime, plural, tag } from "../format.js";
import { check, dateInput, errorsFromApi, form, select, showErrors, textarea, textInput } from "../forms.js";
import { mapPanel } from "../maps.js";
import { consulteeSection, DIRECTORY, noticePlan } from "./consultees.js";
import { groupNeighbours } from "./neighbours.js";
import { caseUrl } from "./tasks.js";
import { suggestedConsultees } from "./assessment/constraints.js";

const STATUS = { not_started: ["Not started", "blue"], in_progress: ["In progress", "light-blue"], complete: ["Complete", "green"] };
const STANCES = { supportive: "Support", neutral: "Neutral", objection: "Objection" };

const done = (reference, title, text) => {
  flash({ success: true, title, text });
  window.location.assign(caseUrl(reference, { task: "consultation" }));
};

function details(summary, ...content) {
  return h(
    "details",
    { class: "govuk-details" },
    h("summary", { class: "govuk-details__summary" }, h("span", { class: "govuk-details__summary-text" }, summary)),
    h("div", { class: "govuk-details__text" }, content),
  );
}

// A letter's status from GOV.UK Notify's receipts -> [label, tag colour]; a failed letter (red) was not posted
const LETTER_STATUS = {
  sent: ["Sent", "grey"],
  "pending-virus-check": ["Being checked", "grey"],
  accepted: ["Accepted for printing", "light-blue"],
  received: ["Printed and posted", "green"],
  cancelled: ["Cancelled", "red"],
  "virus-scan-failed": ["Failed virus scan", "red"],
  "validation-failed": ["Failed validation", "red"],
  "technical-failure": ["Technical failure", "red"],
  "permanent-failure": ["Could not be printed", "red"],
};

// When the letter went, worded so "sent" is read once: after the tag "Sent" it reads "Sent on 4 December
// 2026" ("Sent again on ..." for a letter sent again); after a later status from Notify it is in brackets.
function sentOn(letter, tagSaysSent) {
  const when = letter.sent_on ? ` on ${date(letter.sent_on)}` : "";
  const again = letter.resend_reason ? " again" : "";
  if (tagSaysSent) return again || when ? `${again}${when}` : null;
  return ` (sent${again}${when})`;
}

function letterStatus(letters) {
  if (!letters?.length) return "Not sent yet";
  return h(
    "ul",
    { class: "govuk-list" },
    letters.map((l) => {
      const [label, colour] = LETTER_STATUS[l.status] || [String(l.status || "sent").replaceAll("-", " "), "grey"];
      return h(
        "li",
        { "data-letter-status": l.status || "sent" },
        tag(label, l.failed ? "red" : colour),
        sentOn(l, label === LETTER_STATUS.sent[0]),
        l.failed ? h("span", { class: "govuk-!-display-block govuk-body-s" }, "Not posted: send it again") : null,
      );
    }),
  );
}

const hasPoint = (site) => Number.isFinite(site?.latitude) && Number.isFinite(site?.longitude);

/** The largest radius neighbours were chosen within ("within 50 m"), to draw on the map; null if none. */
function radiusUsed(neighbours) {
  const radii = neighbours.map((n) => Number((String(n.selected || "").match(/^within ([\d.]+) m$/) || [])[1])).filter((m) => m > 0);
  return radii.length ? Math.max(...radii) : null;
}

/**
 * The neighbours: a map (the red line, the site, the area they are chosen in, a point per neighbour that
 * selects it), the list grouped by street with a checkbox per neighbour no letter has gone to, and the ways
 * to add more (a distance, an area drawn on the map, an address by hand). Returns { content, start }.
 */
function neighbourSection({ reference, neighbours, geometry, keep, action }) {
  const removable = new Map(neighbours.filter((n) => !n.letters?.length).map((n) => [n.id, n]));
  const checkboxes = new Map();
  const picked = () => [...checkboxes].filter(([, box]) => box.checked).map(([id]) => id);
  const announce = h("p", { class: "govuk-visually-hidden", "aria-live": "polite", id: "neighbour-selection-status" });
  const site = geometry?.site;
  const located = neighbours.filter((n) => Number.isFinite(n.address?.lat) && Number.isFinite(n.address?.lon));
  const areaText = h("span", {});
  let controller = null;

  // --- the map
  const panel =
    geometry?.red_line || hasPoint(site) || located.length
      ? mapPanel({
          id: "neighbour-map",
          label: "Map of the site and its neighbours",
          description: [
            geometry?.red_line ? "The red line boundary of the site" : "The site",
            located.length ? ` and ${plural(located.length, "neighbour")} to write to, each a point: select one to select it in the list below` : "",
            ". ",
            areaText,
          ],
          key: ["redLine", hasPoint(site) ? "site" : null, located.length ? "neighbours" : null, "area"].filter(Boolean),
          options: {
            redLine: geometry?.red_line,
            site,
            neighbours: located.map((n) => ({ id: n.id, lat: n.address.lat, lon: n.address.lon, label: n.address.single_line })),
            draw: "area",
            onPick: (id) => pick(id),
            onDraw: (polygon) => {
              areaField.control.value = polygon ? JSON.stringify(polygon) : "";
              areaText.textContent = polygon ? "An area is drawn: add the neighbours in it below." : "";
            },
          },
        })
      : null;

  const pick = (id) => {
    const box = checkboxes.get(id);
    const neighbour = neighbours.find((n) => n.id === id);
    if (!box) {
      announce.textContent = `${neighbour?.address?.single_line || "This neighbour"} has been sent a letter: it stays on the list.`;
      return;
    }
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change"));
    announce.textContent = `${box.checked ? "Selected" : "Not selected"}: ${neighbour.address.single_line}`;
  };
  const selectionChanged = () => {
    controller?.setPicked(picked());
    removeCount.textContent = picked().length ? ` (${picked().length})` : "";
  };

  // --- the list, by street and number
  const removeOne = (n) =>
    h(
      "button",
      {
        type: "button",
        class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0",
        "data-remove": n.id,
        on: {
          click: async (event) => {
            event.currentTarget.setAttribute("aria-disabled", "true");
            try {
              await api(action(`neighbours/${encodeURIComponent(n.id)}`), { method: "DELETE" });
              done(reference, "Neighbour removed", n.address.single_line);
            } catch (error) {
              event.target.closest("button")?.removeAttribute("aria-disabled");
              showErrors(errorsFromApi(error, []));
            }
          },
        },
      },
      "Remove",
      h("span", { class: "govuk-visually-hidden" }, ` ${n.address.single_line}`),
    );
  const resendForm = (n) => {
    const reason = textInput({ name: "reason", id: `resend-reason-${n.id}`, label: "Why send it again", required: "Enter why you are sending the letter again" });
    return keep(
      form({
        id: `resend-form-${n.id}`,
        fields: [reason],
        submitText: "Send the letter again",
        validate: () => check([reason]),
        onSubmit: async () => {
          await api(action(`neighbours/${encodeURIComponent(n.id)}/resend`), { method: "POST", body: { reason: reason.read() } });
          done(reference, "Letter sent again");
        },
      }),
    );
  };
  const row = (n) => {
    let choose = null;
    if (removable.has(n.id)) {
      const box = h("input", { class: "govuk-checkboxes__input", type: "checkbox", id: `pick-${n.id}`, name: "ids", value: n.id, form: "remove-neighbours-form", on: { change: selectionChanged } });
      checkboxes.set(n.id, box);
      choose = h(
        "div",
        { class: "govuk-checkboxes govuk-checkboxes--small", "data-module": "govuk-checkboxes" },
        h("div", { class: "govuk-checkboxes__item" }, box, h("label", { class: "govuk-label govuk-checkboxes__label", for: `pick-${n.id}` }, h("span", { class: "govuk-visually-hidden" }, `Select ${n.address.single_line}`))),
      );
    }
    return h(
      "tr",
      { class: "govuk-table__row", "data-neighbour": n.id },
      h("td", { class: "govuk-table__cell app-neighbours__pick" }, choose),
      h("td", { class: "govuk-table__cell app-wrap" }, n.line),
      h("td", { class: "govuk-table__cell" }, n.selected),
      h(
        "td",
        { class: "govuk-table__cell" },
        letterStatus(n.letters),
        n.letters?.length ? details("Resend", resendForm(n)) : removeOne(n),
      ),
    );
  };
  const groups = groupNeighbours(neighbours);
  const removeCount = h("span", {});
  const removeForm = removable.size
    ? keep(
        form({
          id: "remove-neighbours-form",
          fields: [],
          submitText: "Remove the selected neighbours",
          validate: () => (picked().length ? [] : [{ field: null, message: "Select the neighbours to remove" }]),
          onSubmit: async () => {
            const ids = picked();
            await api(action("neighbours/remove"), { method: "POST", body: { ids } });
            done(reference, "Neighbours removed", `${plural(ids.length, "neighbour")} removed.`);
          },
        }),
      )
    : null;
  removeForm?.querySelector("button[type=submit]").append(removeCount);
  const selectAll = removable.size
    ? h(
        "button",
        {
          type: "button",
          class: "govuk-button govuk-button--secondary",
          id: "select-all-neighbours",
          on: {
            click: () => {
              const all = picked().length < checkboxes.size;
              for (const box of checkboxes.values()) box.checked = all;
              selectionChanged();
              announce.textContent = all ? `All ${plural(checkboxes.size, "neighbour")} without a letter selected` : "No neighbour selected";
            },
          },
        },
        "Select all neighbours without a letter",
      )
    : null;
  if (removeForm) removeForm.querySelector(".govuk-button-group").append(selectAll);
  const table = neighbours.length
    ? h(
        "table",
        { class: "govuk-table app-neighbours", id: "neighbours" },
        h("caption", { class: "govuk-table__caption govuk-table__caption--s" }, `${plural(neighbours.length, "neighbour")}, by street`),
        h(
          "thead",
          { class: "govuk-table__head" },
          h("tr", { class: "govuk-table__row" }, [h("span", { class: "govuk-visually-hidden" }, "Select"), "Address", "Chosen", "Letter"].map((t) => h("th", { scope: "col", class: "govuk-table__header" }, t))),
        ),
        groups.map((group) =>
          h(
            "tbody",
            { class: "govuk-table__body", "data-postcode": group.postcode },
            h(
              "tr",
              { class: "govuk-table__row" },
              h("th", { scope: "colgroup", colspan: "4", class: "govuk-table__header app-neighbours__group" }, [group.street, group.postcode].filter(Boolean).join(", ")),
            ),
            group.neighbours.map(row),
          ),
        ),
      )
    : h("p", { class: "govuk-body", id: "neighbours" }, "No neighbours chosen yet.");

  // --- adding neighbours: within a distance (drawn on the map as it is typed), in a drawn area, by hand
  const radius = textInput({ name: "radius_m", id: "radius", label: "Distance from the site, in metres", width: 5, inputmode: "numeric", required: "Enter a distance in metres" });
  const radiusForm = keep(
    form({
      id: "neighbours-radius-form",
      fields: [radius],
      submitText: "Add neighbours",
      validate: () => {
        const errors = check([radius]);
        if (!errors.length && !(Number(radius.read()) > 0 && Number(radius.read()) <= 2000)) errors.push({ field: radius, message: "Enter a distance between 1 and 2000 metres" });
        return errors;
      },
      onSubmit: async () => {
        const answer = await api(action("neighbours"), { method: "POST", body: { radius_m: Number(radius.read()) } });
        done(reference, "Neighbours added", `${plural(answer.neighbours.length, "neighbour")} to write to.`);
      },
    }),
  );
  const areaField = textarea({
    name: "polygon",
    id: "neighbour-area",
    label: "The area, as GeoJSON",
    hint: "Draw it on the map (select “Draw an area on the map”, then each corner; select the first corner again to finish), or paste a GeoJSON Polygon in longitude and latitude.",
    rows: 3,
    required: "Draw an area on the map, or enter one as GeoJSON",
  });
  const parseArea = () => {
    try {
      const value = JSON.parse(areaField.read());
      return value && typeof value === "object" ? value : null;
    } catch {
      return null;
    }
  };
  const drawButton = h(
    "button",
    { type: "button", class: "govuk-button govuk-button--secondary", id: "draw-area", on: { click: () => controller?.startDrawing() } },
    "Draw an area on the map",
  );
  const areaForm = keep(
    form({
      id: "neighbours-area-form",
      fields: [areaField],
      submitText: "Add the neighbours in the area",
      secondary: panel ? drawButton : null,
      validate: () => {
        const errors = check([areaField]);
        if (!errors.length && !parseArea()) errors.push({ field: areaField, message: "Enter the area as a GeoJSON Polygon" });
        return errors;
      },
      onSubmit: async () => {
        const answer = await api(action("neighbours"), { method: "POST", body: { polygon: parseArea() } });
        done(reference, "Neighbours added", `${plural(answer.neighbours.length, "neighbour")} to write to.`);
      },
    }),
  );
  const line = textInput({ name: "single_line", id: "single-line", label: "Address", autocomplete: "off", required: "Enter the address" });
  const postcode = textInput({ name: "postcode", id: "postcode", label: "Postcode", width: 10, autocomplete: "off", required: "Enter the postcode" });
  const addressForm = keep(
    form({
      id: "neighbour-address-form",
      fields: [line, postcode],
      submitText: "Add the address",
      aliases: { address: "single_line" },
      validate: () => check([line, postcode]),
      onSubmit: async () => {
        await api(action("neighbours"), { method: "POST", body: { address: { single_line: line.read(), postcode: postcode.read() } } });
        done(reference, "Neighbour added");
      },
    }),
  );

  const content = [
    h("h2", { class: "govuk-heading-m" }, "Neighbours"),
    panel ? panel.element : null,
    announce,
    neighbours.length ? h("div", { class: "app-table-wrapper", role: "region", "aria-label": "Neighbours", tabindex: "0" }, table) : table,
    removeForm,
    h("h3", { class: "govuk-heading-s" }, "Add neighbours within a distance"),
    radiusForm,
    details("Add the neighbours in an area", areaForm),
    details("Add one address by hand", addressForm),
  ];
  const start = () => {
    panel?.ready.then((map) => {
      controller = map;
      if (!map) return;
      const used = radiusUsed(neighbours);
      if (used) map.setRadius(used);
      radius.control.addEventListener("input", () => map.setRadius(Number(radius.read()) || radiusUsed(neighbours)));
      areaField.control.addEventListener("input", () => {
        const area = parseArea();
        if (area) map.setDrawn(area);
      });
    });
  };
  return { content, start };
}

export async function consultationPage(ctx) {
  const reference = ctx.application.reference;
  const action = (rest) => path.action(reference, rest);
  const [view, neighbours, comments, directory, geometry] = await Promise.all([
    api(action("consultation")),
    api(action("neighbours")).then((a) => a.neighbours),
    api(action("comments")).then((a) => a.comments),
    api(DIRECTORY).then((a) => a.consultees),
    api(action("map")).catch(() => null), // the map goes without the red line rather than the page failing
    suggestedConsultees(reference), // the site's constraints suggest some of the council's list
  ]).then(([v, n, c, d, g, suggested]) => [
    v,
    n,
    c,
    d.map((e) => (suggested[e.id] ? { ...e, name: `${e.name} (suggested for the ${suggested[e.id].join(", ")})` } : e)),
    g,
  ]);
  const record = view.consultation;
  const status = record?.status || "not_started";
  const evidence = (ctx.detail.documents || []).filter((d) => d.status === "received");
  const forms = [];
  const keep = (f) => (forms.push(f), f);

  // --- the consultation itself
  const startForm =
    status === "not_started"
      ? keep(
          form({
            id: "start-consultation-form",
            fields: [],
            submitText: "Start consultation",
            onSubmit: async () => {
              const started = await api(action("consultation"), { method: "POST" });
              done(reference, "Consultation started", started.consultation?.end_date ? `It ends on ${date(started.consultation.end_date)}.` : null);
            },
          }),
        )
      : null;
  const summary = [
    summaryList([
      ["Status", tag(...(STATUS[status] || [status, "grey"]))],
      ["Started", record?.start_date ? date(record.start_date) : null],
      ["End date", record?.end_date ? h("span", { id: "end-date" }, date(record.end_date)) : "Not set until consultation starts"],
      ["Neighbours", h("span", { id: "neighbour-count" }, `${view.neighbours}`)],
    ], { wrap: true }),
    view.end_date_explained?.length
      ? details("How the end date is worked out", h("ul", { class: "govuk-list govuk-list--bullet", id: "end-date-explained" }, view.end_date_explained.map((line) => h("li", {}, line))))
      : null,
  ];

  // --- neighbours: on the map (the red line, the area they are chosen in, each neighbour a point that
  // selects it) and in the list (by street and number, each removable until its letter goes)
  const neighbourBlock = neighbourSection({ reference, neighbours, geometry, keep, action });
  // --- consultees
  const consulteeBlock = consulteeSection({ reference, view, directory, status, open: ctx.open, keep, done });

  // --- publicity
  const evidencePicker = (id) =>
    select({
      name: "evidence_document_ids",
      id,
      label: "Evidence (an uploaded document)",
      required: "Choose the document that shows it",
      options: [{ value: "", text: "Choose a document" }, ...evidence.map((d) => ({ value: d.id, text: d.file_name }))],
    });
  const siteDate = dateInput({ name: "displayed_on", id: "site-notice-date", legend: "Date the notice was put up", noun: "The date", required: "Enter the date the notice was put up" });
  const siteEvidence = evidencePicker("site-notice-evidence");
  const siteForm = keep(
    form({
      id: "site-notice-form",
      fields: [siteDate, siteEvidence],
      submitText: "Record the site notice",
      validate: () => check([siteDate, siteEvidence]),
      onSubmit: async () => {
        await api(action("site-notice"), { method: "POST", body: { displayed_on: siteDate.read().value, evidence_document_ids: [siteEvidence.read()] } });
        done(reference, "Site notice recorded");
      },
    }),
  );
  const pressDate = dateInput({ name: "published_on", id: "press-notice-date", legend: "Date the notice was published", noun: "The date", required: "Enter the date the notice was published" });
  const publication = textInput({ name: "publication", id: "publication", label: "Newspaper (optional)" });
  const pressEvidence = evidencePicker("press-notice-evidence");
  const pressForm = keep(
    form({
      id: "press-notice-form",
      fields: [pressDate, publication, pressEvidence],
      submitText: "Record the press notice",
      validate: () => check([pressDate, pressEvidence]),
      onSubmit: async () => {
        await api(action("press-notice"), {
          method: "POST",
          body: { published_on: pressDate.read().value, publication: publication.read() || null, evidence_document_ids: [pressEvidence.read()] },
        });
        done(reference, "Press notice recorded");
      },
    }),
  );
  const notices = noticePlan({ reference, record, open: ctx.open, keep, done });
  const noEvidence = h("p", { class: "govuk-body" }, "Upload a photo or scan of the notice first: ", h("a", { class: "govuk-link", href: caseUrl(reference, { task: "upload" }) }, "upload a document"), ".");
  const publicity = [
    h("h2", { class: "govuk-heading-m" }, "Site and press notices"),
    summaryList([
      notices.rows[0],
      ["Site notice put up", record?.site_notice?.displayed_on ? date(record.site_notice.displayed_on) : "Not recorded"],
      notices.rows[1],
      ["Press notice published", record?.press_notice?.published_on ? date(record.press_notice.published_on) : "Not recorded"],
    ], { wrap: true }),
    notices.form ? details("Plan the notices", notices.form) : null,
    evidence.length ? [details("Record a site notice", siteForm), details("Record a press notice", pressForm)] : noEvidence,
  ];

  // --- extension
  const days = textInput({ name: "days", id: "extension-days", label: "Days to add", width: 3, inputmode: "numeric", required: "Enter the days to add" });
  const why = textarea({ name: "reason", id: "extension-reason", label: "Reason", rows: 3, required: "Enter why the consultation is extended" });
  const extensionForm =
    status === "in_progress"
      ? keep(
          form({
            id: "extension-form",
            fields: [days, why],
            submitText: "Extend consultation",
            validate: () => check([days, why]),
            onSubmit: async () => {
              const answer = await api(action("consultation/extension"), { method: "POST", body: { days: Number(days.read()), reason: why.read() } });
              done(reference, "Consultation extended", answer.consultation?.end_date ? `It now ends on ${date(answer.consultation.end_date)}.` : null);
            },
          }),
        )
      : null;

  // --- comments
  const counts = view.comments || {};
  const commentCards = comments.map((c) => {
    const redacted = textarea({
      name: "redacted_text",
      id: `redacted-${c.id}`,
      label: "Text to publish",
      hint: "Remove names, phone numbers, email addresses and anything offensive.",
      rows: 5,
      value: c.redaction?.text || c.text,
      required: "Enter the text to publish",
    });
    const redactForm = keep(
      form({
        id: `redaction-form-${c.id}`,
        fields: [redacted],
        submitText: c.redaction ? "Publish the new text" : "Publish",
        validate: () => check([redacted]),
        onSubmit: async () => {
          await api(action(`comments/${encodeURIComponent(c.id)}/redaction`), { method: "POST", body: { redacted_text: redacted.read() } });
          done(reference, "Comment published");
        },
      }),
    );
    return h(
      "div",
      { class: "govuk-summary-card", "data-comment": c.id },
      h(
        "div",
        { class: "govuk-summary-card__title-wrapper" },
        h("h3", { class: "govuk-summary-card__title app-wrap" }, `${STANCES[c.stance] || c.stance} from ${c.name}`),
        c.redaction ? tag("Published", "green") : tag("To redact", "yellow"),
      ),
      h(
        "div",
        { class: "govuk-summary-card__content" },
        summaryList([
          ["Address", c.address],
          ["Received", c.received_at ? dateTime(c.received_at) : null],
          ["About", (c.topics || []).join(", ")],
          ["Comment", h("span", { class: "app-pre-line" }, c.text)],
          ["Published as", c.redaction ? h("span", { class: "app-pre-line" }, c.redaction.text) : null],
        ], { wrap: true }),
        details(c.redaction ? "Change the published text" : "Redact and publish", redactForm),
      ),
    );
  });
  const commentSection = [
    h("h2", { class: "govuk-heading-m" }, "Comments from the public"),
    h(
      "p",
      { class: "govuk-body", id: "comment-summary" },
      `${plural(counts.total, "comment")}: ${counts.supportive || 0} supporting, ${counts.neutral || 0} neutral, ${counts.objection || 0} objecting. ${counts.awaiting_redaction || 0} to redact.`,
    ),
    commentCards.length ? h("div", { id: "comments" }, commentCards) : null,
  ];

  const content = [
    summary,
    startForm,
    neighbourBlock.content,
    consulteeBlock,
    publicity,
    extensionForm ? [h("h2", { class: "govuk-heading-m" }, "Extend the consultation"), extensionForm] : null,
    commentSection,
  ];
  return {
    title: "Consultation",
    back: [caseUrl(reference), "Back to the application"],
    wide: false,
    content,
    start: () => {
      forms.forEach((f) => f.start());
      neighbourBlock.start();
    },
  };
}

/** The task list's status: the consultation's, from the API a moment later. */
export async function consultationStatus(reference) {
  const view = await api(path.action(reference, "consultation"));
  const status = view.consultation?.status || "not_started";
  return tag(...(STATUS[status] || [status, "grey"]));
}
