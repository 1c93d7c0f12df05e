// Validation requests in words, for the officers' pages and the applicant's page: the types, the kind of
// answer each takes, their states as tags, and what each asks for. Everything from the API goes in as
// text (dom.js `h`; the boundary outline is built with createElementNS and setAttribute).
import { h } from "./dom.js";
import { documentTypeLabel } from "./document-types.js";
import { date, dateTime, money, tag } from "./format.js";

// A copy of bops.domain.validation_requests.RESPONSE_KINDS (tests/browser check they agree).
export const RESPONSE_KINDS = {
  additional_document: "documents",
  description_change: "approval",
  red_line_boundary_change: "approval",
  replacement_document: "documents",
  ownership_certificate: "certificate",
  other_change: "text",
  fee_change: "approval",
  pre_commencement_condition: "approval",
  heads_of_terms: "approval",
  time_extension: "approval",
};

// Types that can only be asked for before the application is validated (PRE_VALIDATION_ONLY).
export const PRE_VALIDATION_ONLY = ["other_change", "fee_change"];

// type -> [officer's name for it, hint when choosing it]
export const REQUEST_TYPES = {
  additional_document: ["Additional documents", "Ask for plans or documents that are missing."],
  replacement_document: ["Replacement document", "Ask for a new version of a document that is wrong or unclear."],
  description_change: [
    "Change to the description",
    "Sent at once. Accepted automatically if the applicant does not answer in 5 working days.",
  ],
  red_line_boundary_change: [
    "Change to the red line boundary",
    "Propose a new site boundary. Accepted automatically after 5 working days.",
  ],
  ownership_certificate: ["New ownership certificate", "Ask for a correct certificate of ownership (A to D)."],
  fee_change: ["Fee change", "Ask for the rest of the fee. Only before the application is validated."],
  other_change: ["Other change", "Anything else that is missing or wrong. Only before the application is validated."],
  pre_commencement_condition: [
    "Pre-commencement condition",
    "Ask the applicant to agree a condition. Accepted automatically after 10 working days.",
  ],
  heads_of_terms: ["Heads of terms", "Ask the applicant to agree the heads of terms of a legal agreement."],
  time_extension: ["Extension of time", "Ask to agree a later determination date."],
};

export function typeLabel(type) {
  return (REQUEST_TYPES[type] || [String(type).replace(/_/g, " ")])[0];
}

export const DISCARDED = "discarded";

/** The request's state as officers see it: [label, GOV.UK tag colour]. */
export function stateOf(request) {
  switch (request.state) {
    case "pending":
      return ["Draft", "grey"];
    case "open":
      return request.overdue ? ["Overdue", "red"] : ["Awaiting response", "blue"];
    case "closed":
      if (request.auto_closed) return ["Accepted automatically", "green"];
      if (request.response?.approved === false) return ["Rejected", "orange"];
      if (request.response?.approved === true) return ["Accepted", "green"];
      return ["Answered", "green"];
    case "cancelled":
      // a draft that was never sent is discarded; a sent request is cancelled
      return request.sent_at ? ["Cancelled", "grey"] : ["Discarded", "grey"];
    default:
      return [String(request.state), "grey"];
  }
}

export function stateTag(request) {
  return tag(...stateOf(request));
}

export function pounds(pence) {
  return money(Number(pence) / 100);
}

const paragraph = (text) => h("span", { class: "app-wrap app-pre-line" }, text);

/** What the request asks for, as summary list rows [key, value] (officers' words). */
export function detailRows(request, documents = []) {
  const d = request.details || {};
  switch (request.type) {
    case "additional_document":
      return [
        ["Documents asked for", h("ul", { class: "govuk-list" }, (d.document_types || []).map((t) => h("li", {}, documentTypeLabel(t))))],
        ["What the applicant is told", paragraph(d.summary)],
      ];
    case "description_change":
      return [
        ["Proposed description", paragraph(d.proposed_description)],
        ["Description before", d.previous_description ? paragraph(d.previous_description) : null],
      ];
    case "red_line_boundary_change":
      return [
        ["Proposed boundary", boundaryPicture(d.proposed_boundary, d.original_boundary)],
        ["Reason", paragraph(d.reason)],
      ];
    case "replacement_document": {
      const document = documents.find((doc) => doc.id === d.document_id);
      return [
        ["Document to replace", h("span", { class: "app-wrap" }, document ? document.file_name : d.document_id)],
        ["Reason", paragraph(d.reason)],
      ];
    }
    case "ownership_certificate":
      return [["Reason", paragraph(d.reason)]];
    case "other_change":
      return [
        ["Summary", paragraph(d.summary)],
        ["What the applicant should do", paragraph(d.suggestion)],
      ];
    case "fee_change":
      return [
        ["Amount still to pay", pounds(d.amount_pence)],
        ["Reason", paragraph(d.reason)],
      ];
    case "pre_commencement_condition":
      return [["Condition", paragraph(d.condition_text)]];
    case "heads_of_terms":
      return [["Heads of terms", paragraph(d.terms_text)]];
    case "time_extension":
      return [
        ["Proposed determination date", date(d.proposed_expiry_date)],
        ["Reason", paragraph(d.reason)],
      ];
    default:
      return [];
  }
}

/** The applicant's answer as summary list rows. */
export function responseRows(request) {
  const response = request.response;
  if (!response) return [];
  if (request.auto_closed) return [["Response", "No answer by the due date: accepted automatically"]];
  const count = (response.document_ids || []).length;
  return [
    ["Response", response.approved === true ? "Agreed" : response.approved === false ? "Did not agree" : null],
    ["Reason given", response.reason ? paragraph(response.reason) : null],
    ["Ownership certificate", response.certificate ? `Certificate ${response.certificate.toUpperCase()}` : null],
    ["Answer", response.response_text ? paragraph(response.response_text) : null],
    ["Documents uploaded", count ? `${count} ${count === 1 ? "document" : "documents"} (see the case's documents)` : null],
  ];
}

/** When it was sent, and when the answer is due. */
export function timingRows(request) {
  return [
    ["Sent", request.sent_at ? dateTime(request.sent_at) : request.state === "pending" ? "Not sent yet" : "Not sent"],
    ["Response due", request.response_due ? date(request.response_due) : null],
    ["Answered", request.closed_at ? dateTime(request.closed_at) : null],
    [
      request.sent_at ? "Cancelled" : "Discarded",
      request.cancelled_at
        ? `${dateTime(request.cancelled_at)}: ${request.cancel_reason === DISCARDED ? "not sent when the application was validated" : request.cancel_reason || ""}`
        : null,
    ],
  ];
}

// --- the red line boundary, drawn ------------------------------------------------------------------
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, String(value));
  for (const child of children) element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  return element;
}

function rings(polygon) {
  const coordinates = polygon && polygon.type === "Polygon" && Array.isArray(polygon.coordinates) ? polygon.coordinates : [];
  return coordinates.filter((ring) => Array.isArray(ring)).map((ring) => ring.filter((p) => Array.isArray(p) && p.length >= 2).map((p) => [Number(p[0]), Number(p[1])]));
}

/** An outline of the proposed boundary (red) over the current one (grey, dashed), or null. */
export function boundaryPicture(proposed, original) {
  const shapes = [
    [rings(original), { fill: "none", stroke: "#505a5f", "stroke-width": 2, "stroke-dasharray": "6 4" }],
    [rings(proposed), { fill: "rgba(212, 53, 28, 0.1)", stroke: "#d4351c", "stroke-width": 3 }],
  ];
  const points = shapes.flatMap(([r]) => r.flat());
  if (!points.length || points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return null;
  const meanLatitude = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const squash = Math.cos((meanLatitude * Math.PI) / 180);
  const projected = (p) => [p[0] * squash, -p[1]];
  const xs = points.map((p) => projected(p)[0]);
  const ys = points.map((p) => projected(p)[1]);
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY) || 1;
  const size = 200;
  const pad = 10;
  const scale = (size - 2 * pad) / span;
  const point = (p) => {
    const [x, y] = projected(p);
    return `${(pad + (x - minX) * scale).toFixed(1)} ${(pad + (y - minY) * scale).toFixed(1)}`;
  };
  const title = original ? "The proposed red line boundary (red) and the current one (grey, dashed)" : "The proposed red line boundary";
  const picture = svg(
    "svg",
    { class: "app-boundary", viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": title, focusable: "false" },
    svg("title", {}, title),
    ...shapes.flatMap(([shapeRings, style]) =>
      shapeRings.map((ring) => svg("path", { d: `M ${ring.map(point).join(" L ")} Z`, ...style })),
    ),
  );
  return picture;
}
