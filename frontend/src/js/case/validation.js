// The validation pages of a case (application.html?reference=…&task=…): the automated checks' report and
// the requests to the applicant (validation-requests), making one (new-request: the type, then its
// fields), changing a draft (edit-request) and discarding or cancelling one (cancel-request). Drafted
// requests go to the applicant together when the officer marks the application invalid.
import { api, ApiError, path } from "../api.js";
import { flash } from "../auth.js";
import { h, href, summaryList } from "../dom.js";
import { COMMON_DOCUMENT_TYPES, documentTypeLabel } from "../document-types.js";
import { date, tag } from "../format.js";
import { check, checkboxes, dateInput, form, radios, select, textarea, textInput } from "../forms.js";
import {
  detailRows,
  pounds,
  PRE_VALIDATION_ONLY,
  REQUEST_TYPES,
  responseRows,
  stateTag,
  timingRows,
  typeLabel,
} from "../requests.js";
import { mapPanel } from "../maps.js";
import { caseUrl } from "./tasks.js";

const OUTCOMES = {
  passed: ["Passed", "green"],
  failed: ["Failed", "red"],
  warning: ["Warning", "yellow"],
  not_applicable: ["Not applicable", "grey"],
};
const DRAFTING_STATUSES = ["pending", "not_started"];

const requestsUrl = (reference, query = {}) => caseUrl(reference, { task: "validation-requests", ...query });

async function loadRequests(reference) {
  return (await api(path.action(reference, "validation-requests"))).validation_requests;
}

async function findRequest(reference, id) {
  const request = (await loadRequests(reference)).find((r) => r.id === id);
  if (!request) throw new ApiError(404, "not_found", "There is no such validation request.");
  return request;
}

function actionLink(text, hidden, url) {
  return h("a", { class: "govuk-link", href: url }, text, h("span", { class: "govuk-visually-hidden" }, ` ${hidden}`));
}

/** Is a new request of this type sent at once (rather than kept as a draft until invalidation)? */
function sentAtOnce(ctx, type) {
  const { application } = ctx;
  return Boolean(application.valid_from) || !DRAFTING_STATUSES.includes(application.status) || type === "description_change";
}

// --- the report and the list ---------------------------------------------------------------------
function reportSection(report) {
  const heading = h("h2", { class: "govuk-heading-m" }, "Automated checks");
  if (!report) {
    return [heading, h("p", { class: "govuk-body" }, "The automated checks have not run yet. They run when the application arrives.")];
  }
  const failed = report.checks.filter((c) => c.outcome === "failed").length;
  const warnings = report.checks.filter((c) => c.outcome === "warning").length;
  const verdict = failed
    ? `${failed} ${failed === 1 ? "check" : "checks"} failed.`
    : "All the checks passed.";
  const rows = report.checks.map((item) =>
    h(
      "tr",
      { class: "govuk-table__row", "data-check": item.id },
      h("th", { scope: "row", class: "govuk-table__header" }, item.title),
      h("td", { class: "govuk-table__cell" }, tag(...(OUTCOMES[item.outcome] || [String(item.outcome), "grey"]))),
      h("td", { class: "govuk-table__cell app-wrap app-pre-line" }, item.evidence),
    ),
  );
  const table = h(
    "table",
    { class: "govuk-table" },
    h("caption", { class: "govuk-table__caption govuk-visually-hidden" }, "Automated checks"),
    h(
      "thead",
      { class: "govuk-table__head" },
      h(
        "tr",
        { class: "govuk-table__row" },
        h("th", { scope: "col", class: "govuk-table__header app-table__check" }, "Check"),
        h("th", { scope: "col", class: "govuk-table__header" }, "Outcome"),
        h("th", { scope: "col", class: "govuk-table__header" }, "What was found"),
      ),
    ),
    h("tbody", { class: "govuk-table__body" }, rows),
  );
  return [
    heading,
    h(
      "p",
      { class: "govuk-body", id: "report-verdict" },
      verdict,
      warnings ? ` ${warnings} ${warnings === 1 ? "warning" : "warnings"} to look at.` : "",
      failed ? " Each failed check drafted a request to the applicant, below." : "",
    ),
    h("div", { class: "app-table-wrapper", role: "region", "aria-label": "Automated checks", tabindex: "0" }, table),
  ];
}

function requestCard(ctx, request, allowed) {
  const reference = ctx.application.reference;
  const label = typeLabel(request.type);
  const actions = [];
  if (request.state === "pending" && allowed["edit-request"]) {
    actions.push(actionLink("Change", `the ${label.toLowerCase()} request`, caseUrl(reference, { task: "edit-request", request: request.id })));
  }
  if ((request.state === "pending" || request.state === "open") && allowed["cancel-request"]) {
    actions.push(
      actionLink(
        request.state === "pending" ? "Discard" : "Cancel",
        `the ${label.toLowerCase()} request`,
        caseUrl(reference, { task: "cancel-request", request: request.id }),
      ),
    );
  }
  const rows = [
    ["Status", stateTag(request)],
    ["Made by", request.origin === "automated" ? "The automated checks" : request.created_by],
    ...detailRows(request, ctx.detail.documents),
    ...timingRows(request),
    ...responseRows(request),
  ];
  return h(
    "div",
    { class: "govuk-summary-card", "data-request-id": request.id, "data-request-type": request.type },
    h(
      "div",
      { class: "govuk-summary-card__title-wrapper" },
      h("h3", { class: "govuk-summary-card__title" }, label),
      actions.length
        ? h("ul", { class: "govuk-summary-card__actions" }, actions.map((a) => h("li", { class: "govuk-summary-card__action" }, a)))
        : null,
    ),
    h("div", { class: "govuk-summary-card__content" }, summaryList(rows)),
  );
}

function sendForm(ctx, pending) {
  const reference = ctx.application.reference;
  const count = pending.length;
  const plural = count === 1 ? "request" : "requests";
  const sendRequests = form({
    id: "send-requests-form",
    fields: [],
    submitText: "Send requests and mark invalid",
    warning: h(
      "div",
      { class: "govuk-warning-text" },
      h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
      h(
        "strong",
        { class: "govuk-warning-text__text" },
        h("span", { class: "govuk-visually-hidden" }, "Warning"),
        `The ${count} drafted ${plural} will be sent to the applicant together, and the application marked invalid until they are answered.`,
      ),
    ),
    onSubmit: async () => {
      await api(path.action(reference, "validation-decision"), { method: "POST", body: { decision: "invalid" } });
      flash({ success: true, title: "Application marked invalid", text: `${count} ${plural} sent to the applicant.` });
      window.location.assign(requestsUrl(reference));
    },
  });
  return [h("h2", { class: "govuk-heading-m" }, "Send the requests"), sendRequests];
}

// --- the fee: agreed is not paid --------------------------------------------------------------------
const FEE_STATUSES = {
  due: ["Due", "red"],
  agreed: ["Agreed, not paid", "yellow"],
  paid: ["Paid", "green"],
};
const PAYMENT_METHODS = [
  ["card", "Card (by phone or in person)"],
  ["bank_transfer", "Bank transfer"],
  ["cheque", "Cheque"],
  ["cash", "Cash"],
];
const METHOD_NAMES = { ...Object.fromEntries(PAYMENT_METHODS), govuk_pay: "GOV.UK Pay" };

function paymentForm(reference, fee) {
  const amount = textInput({
    name: "amount_pence",
    id: "payment-amount",
    label: "Amount received",
    hint: `In pounds. ${pounds(fee.outstanding_pence)} is still owed.`,
    prefix: "£",
    width: 5,
    inputmode: "decimal",
    spellcheck: false,
    value: (fee.outstanding_pence / 100).toFixed(2),
    required: "Enter the amount received",
  });
  const method = radios({
    name: "method",
    id: "payment-method",
    legend: "How was it paid?",
    size: "s",
    small: true,
    options: PAYMENT_METHODS.map(([value, text]) => ({ value, text })),
    required: "Select how it was paid",
  });
  const paymentReference = textInput({
    name: "reference",
    id: "payment-reference",
    label: "Payment reference (optional)",
    hint: "The receipt number or the bank's reference",
    width: 20,
    spellcheck: false,
  });
  const receivedOn = dateInput({
    name: "received_on",
    id: "payment-received-on",
    legend: "Date received",
    hint: "For example, 27 3 2026",
    noun: "The date received",
    required: "Enter the date the payment was received",
  });
  const text = () => amount.read().replace(/[£,\s]/g, "");
  return form({
    id: "fee-payment-form",
    fields: [amount, method, paymentReference, receivedOn],
    submitText: "Record the payment",
    validate: () => {
      const errors = check([amount, method, receivedOn]);
      if (text() && !/^\d+(\.\d{1,2})?$/.test(text())) {
        errors.unshift({ field: amount, message: "Enter the amount in pounds and pence, like 32 or 32.50" });
      } else if (text() && Math.round(Number(text()) * 100) <= 0) {
        errors.unshift({ field: amount, message: "The amount must be more than £0" });
      }
      return errors;
    },
    onSubmit: async () => {
      const answer = await api(path.action(reference, "fee-payments"), {
        method: "POST",
        body: {
          amount_pence: Math.round(Number(text()) * 100),
          method: method.read(),
          reference: paymentReference.read() || null,
          received_on: receivedOn.read().value,
        },
      });
      flash({
        success: true,
        title: "Payment recorded",
        text: answer.status === "paid" ? "The fee is paid in full." : `${pounds(answer.outstanding_pence)} is still owed.`,
      });
      window.location.assign(requestsUrl(reference));
    },
  });
}

function feeSection(ctx, fee, allowed) {
  if (!fee || !fee.status) return null;
  const reference = ctx.application.reference;
  const rows = [
    ["Status", h("span", { id: "fee-status" }, tag(...(FEE_STATUSES[fee.status] || [fee.status, "grey"])))],
    ["Asked for", pounds(fee.asked_pence)],
    fee.agreed ? ["Agreed by the applicant", date(fee.agreed.at)] : null,
    ["Received", pounds(fee.paid_pence)],
    ["Still owed", h("span", { id: "fee-outstanding" }, pounds(fee.outstanding_pence))],
    ...fee.payments.map((payment, index) => [
      `Payment ${index + 1}`,
      [
        `${pounds(payment.amount_pence)}, ${METHOD_NAMES[payment.method] || payment.method}, received ${date(payment.received_on)}`,
        h("br"),
        `Recorded by ${payment.recorded_by}${payment.reference ? ` (reference ${payment.reference})` : ""}`,
      ],
    ]),
  ].filter(Boolean);
  const owed = fee.status !== "paid" && fee.outstanding_pence > 0;
  const recording = owed && allowed["new-request"] ? paymentForm(reference, fee) : null;
  // the applicant may have paid online and never come back to BoPS: ask the payment provider
  const asking =
    owed && fee.payment_url && allowed["new-request"]
      ? form({
          id: "online-payment-form",
          fields: [],
          submitText: "Check the online payment",
          onSubmit: async () => {
            const answer = await api(path.action(reference, "fee-payments/online-check"), { method: "POST" });
            flash(
              answer.status === "paid"
                ? { success: true, title: "Payment received", text: "The applicant paid online: the fee is paid in full." }
                : { title: "Not paid yet", text: "The payment provider has no completed payment for this fee yet." },
            );
            window.location.assign(requestsUrl(reference));
          },
        })
      : null;
  asking?.querySelector("button")?.classList.add("govuk-button--secondary");
  return [
    h("h2", { class: "govuk-heading-m", id: "fee" }, "Fee"),
    h(
      "p",
      { class: "govuk-body" },
      fee.status === "agreed"
        ? "The applicant agreed to pay, but the fee counts as received only once the payment is recorded here or confirmed by GOV.UK Pay. The fee check stays failed until then."
        : fee.status === "paid"
          ? "The fee asked for has been received in full."
          : "More is owed than the submission paid.",
    ),
    h("div", { id: "fee-summary" }, summaryList(rows)),
    asking,
    recording ? [h("h3", { class: "govuk-heading-s" }, "Record a payment"), recording] : null,
  ];
}

async function requestsPage(ctx, allowed) {
  const { application } = ctx;
  const reference = application.reference;
  const [report, requests, outbox, fee] = await Promise.all([
    api(path.action(reference, "validation-report")).then((answer) => answer.report),
    loadRequests(reference),
    // The local run keeps the emails it "sends" in an outbox; with GOV.UK Notify there is none.
    api("/api/v1/outbox").then(
      () => true,
      () => false,
    ),
    api(path.action(reference, "fee")),
  ]);
  const pending = requests.filter((r) => r.state === "pending");
  const ordered = [
    ...requests.filter((r) => r.state === "pending" || r.state === "open"),
    ...requests.filter((r) => r.state !== "pending" && r.state !== "open"),
  ];
  const canSend = pending.length > 0 && ctx.may("invalidate");
  const content = [
    reportSection(report),
    feeSection(ctx, fee, allowed),
    h("h2", { class: "govuk-heading-m" }, "Requests to the applicant"),
    ordered.length
      ? h("div", { id: "validation-requests" }, ordered.map((request) => requestCard(ctx, request, allowed)))
      : h("p", { class: "govuk-body", id: "validation-requests" }, "No validation requests yet."),
    pending.length && !ctx.may("invalidate")
      ? h("p", { class: "govuk-body" }, "The drafted requests are sent when the application can be marked invalid.")
      : null,
    allowed["new-request"]
      ? h(
          "a",
          {
            href: caseUrl(reference, { task: "new-request" }),
            role: "button",
            draggable: "false",
            class: "govuk-button govuk-button--secondary",
            "data-module": "govuk-button",
          },
          "Add a request",
        )
      : null,
    canSend ? sendForm(ctx, pending) : null,
    allowed.validation
      ? h(
          "p",
          { class: "govuk-body" },
          h("a", { class: "govuk-link", href: caseUrl(reference, { task: "validation" }) }, "Check and validate the application"),
          pending.some((r) => r.origin === "automated")
            ? ". Validating it discards the drafts of the automated checks that were not sent."
            : null,
        )
      : null,
    outbox
      ? h(
          "p",
          { class: "govuk-body" },
          h("a", { class: "govuk-link", href: href("/outbox.html", { reference }) }, "See the emails sent (local outbox)"),
        )
      : null,
  ];
  return {
    title: "Validation checks and requests",
    back: [caseUrl(reference), "Back to the application"],
    wide: true,
    content,
    start: () => content.flat(Infinity).forEach((node) => node?.start?.()),
  };
}

// --- the fields of each type of request ------------------------------------------------------------
function lines(text) {
  return String(text || "")
    .split(/[\s,]+/)
    .map((value) => value.trim())
    .filter(Boolean);
}

/** The fields for a type of request: { fields, validate() -> errors, details() -> the API's details }. */
function requestFields(type, ctx, details = {}) {
  const reasonField = (label, hint) =>
    textarea({ name: "reason", id: "reason", label, hint, value: details.reason, required: "Enter the reason" });
  switch (type) {
    case "additional_document": {
      const chosen = details.document_types || [];
      const common = COMMON_DOCUMENT_TYPES.map(([value]) => value);
      const options = [...common, ...chosen.filter((value) => !common.includes(value))].map((value) => ({
        value,
        text: documentTypeLabel(value),
      }));
      const types = checkboxes({
        name: "document_types",
        id: "document-types",
        legend: "Which documents are needed?",
        size: "s",
        small: true,
        value: chosen,
        options,
      });
      const others = textInput({
        name: "other_document_types",
        id: "other-document-types",
        label: "Other document types (optional)",
        hint: "ODP file type codes, separated by commas. For example, treeSurvey, floodRiskAssessment",
        spellcheck: false,
        autocapitalize: "none",
      });
      const summary = textarea({
        name: "summary",
        id: "summary",
        label: "What to tell the applicant",
        hint: "Say what is missing and what the documents must show.",
        value: details.summary,
        required: "Enter what to tell the applicant",
      });
      const documentTypes = () => [...new Set([...types.read(), ...lines(others.read())])];
      return {
        fields: [types, others, summary],
        validate: () => {
          const errors = documentTypes().length ? [] : [{ field: types, message: "Select the documents needed" }];
          return [...errors, ...check([summary])];
        },
        details: () => ({ document_types: documentTypes(), summary: summary.read() }),
      };
    }
    case "description_change": {
      const proposed = textarea({
        name: "proposed_description",
        id: "proposed-description",
        label: "Proposed description",
        hint: `The description now: ${ctx.application.description}`,
        value: details.proposed_description || ctx.application.description,
        required: "Enter the proposed description",
      });
      return {
        fields: [proposed],
        validate: () => {
          const errors = check([proposed]);
          if (!errors.length && proposed.read() === ctx.application.description.trim()) {
            errors.push({ field: proposed, message: "Change the description before you send it" });
          }
          return errors;
        },
        details: () => ({ ...details, proposed_description: proposed.read() }),
      };
    }
    case "red_line_boundary_change": {
      const boundary = textarea({
        name: "proposed_boundary",
        id: "proposed-boundary",
        label: "Proposed boundary",
        hint: 'Drawn on the map above, or a GeoJSON Polygon in longitude and latitude, as a mapping tool exports it: {"type": "Polygon", "coordinates": [...]}',
        value: details.proposed_boundary ? JSON.stringify(details.proposed_boundary) : "",
        rows: 6,
        required: "Draw the proposed boundary on the map, or enter it as GeoJSON",
      });
      const reason = reasonField("Why the boundary should change", "The applicant sees this.");
      const parse = () => {
        try {
          const value = JSON.parse(boundary.read());
          return value && value.type === "Feature" ? value.geometry : value;
        } catch {
          return null;
        }
      };
      // The map draws on the boundary field: the current red line (grey, dashed), and the proposed one (red)
      // whose corners can be dragged, or drawn anew; the GeoJSON in the text box is what is sent and kept.
      const geometry = api(path.action(ctx.application.reference, "map")).catch(() => null);
      let current = null;
      const panel = mapPanel({
        id: "boundary-map",
        label: "Map of the proposed red line boundary",
        description:
          "The current red line boundary is grey and dashed; the proposed one is red. Drag a corner of the red line to move it, or draw a new boundary (select each corner, then the first one again to finish). The proposed boundary is written as GeoJSON in the box below, where it can also be typed.",
        key: ["current", "proposed"],
        options: geometry.then((g) => {
          const line = g?.red_line?.type === "Feature" ? g.red_line.geometry : g?.red_line;
          current = line?.type === "Polygon" ? line : null;
          return {
            redLine: g?.red_line,
            proposed: details.proposed_boundary,
            site: g?.site,
            draw: "boundary",
            onDraw: (polygon) => {
              boundary.control.value = polygon ? JSON.stringify(polygon) : "";
            },
          };
        }),
      });
      let map = null;
      const drawButton = h(
        "button",
        { type: "button", class: "govuk-button govuk-button--secondary", id: "draw-boundary", on: { click: () => map?.startDrawing() } },
        "Draw a new boundary",
      );
      const resetButton = h(
        "button",
        {
          type: "button",
          class: "govuk-button govuk-button--secondary",
          id: "reset-boundary",
          on: {
            click: () => {
              map?.setDrawn(current);
              boundary.control.value = "";
            },
          },
        },
        "Start again from the current boundary",
      );
      boundary.group.prepend(panel.element, h("div", { class: "govuk-button-group" }, drawButton, resetButton));
      boundary.init = () => {
        panel.ready.then((controller) => {
          map = controller;
          if (!map) {
            drawButton.remove();
            resetButton.remove();
            return;
          }
          boundary.control.addEventListener("input", () => {
            const typed = parse();
            if (typed) map.setDrawn(typed);
          });
        });
      };
      return {
        fields: [boundary, reason],
        validate: () => {
          const errors = check([boundary, reason]);
          if (boundary.read() && !parse()) errors.unshift({ field: boundary, message: "The proposed boundary must be GeoJSON" });
          return errors;
        },
        details: () => ({
          ...details,
          proposed_boundary: parse(),
          // the boundary as it is now, so the applicant sees both
          original_boundary: current || details.original_boundary || null,
          reason: reason.read(),
        }),
      };
    }
    case "replacement_document": {
      const received = ctx.detail.documents.filter((d) => d.status === "received" && !d.archived);
      const document = select({
        name: "document_id",
        id: "document-id",
        label: "Document to replace",
        value: details.document_id,
        options: [{ value: "", text: "Choose a document" }, ...received.map((d) => ({ value: d.id, text: d.file_name }))],
        required: "Choose the document to replace",
      });
      const reason = reasonField(
        "What is wrong with it",
        "The applicant sees this but not the file name: say which document it is.",
      );
      return {
        fields: [document, reason],
        validate: () => check([document, reason]),
        details: () => ({ document_id: document.read(), reason: reason.read() }),
      };
    }
    case "ownership_certificate": {
      const reason = reasonField("What is wrong with the certificate", "The applicant sees this.");
      return { fields: [reason], validate: () => check([reason]), details: () => ({ reason: reason.read() }) };
    }
    case "other_change": {
      const summary = textInput({
        name: "summary",
        id: "summary",
        label: "What is missing or wrong",
        hint: "In a few words. For example, Site address",
        value: details.summary,
        required: "Enter what is missing or wrong",
      });
      const suggestion = textarea({
        name: "suggestion",
        id: "suggestion",
        label: "What the applicant should do",
        value: details.suggestion,
        required: "Enter what the applicant should do",
      });
      return {
        fields: [summary, suggestion],
        validate: () => check([summary, suggestion]),
        details: () => ({ summary: summary.read(), suggestion: suggestion.read() }),
      };
    }
    case "fee_change": {
      const amount = textInput({
        name: "amount_pence",
        id: "amount",
        label: "Amount still to pay",
        hint: "In pounds. For example, 10 or 10.50",
        prefix: "£",
        width: 5,
        inputmode: "decimal",
        spellcheck: false,
        value: details.amount_pence ? (details.amount_pence / 100).toFixed(2) : "",
        required: "Enter the amount still to pay",
      });
      const reason = reasonField("Why the fee is not right", "The applicant sees this.");
      const pence = () => Math.round(Number(amount.read().replace(/[£,\s]/g, "")) * 100);
      return {
        fields: [amount, reason],
        validate: () => {
          const errors = check([amount, reason]);
          const text = amount.read().replace(/[£,\s]/g, "");
          if (text && !/^\d+(\.\d{1,2})?$/.test(text)) {
            errors.unshift({ field: amount, message: "Enter the amount in pounds and pence, like 10 or 10.50" });
          } else if (text && pence() <= 0) {
            errors.unshift({ field: amount, message: "The amount must be more than £0" });
          }
          return errors;
        },
        details: () => ({ amount_pence: pence(), reason: reason.read() }),
      };
    }
    case "pre_commencement_condition": {
      const condition = textarea({
        name: "condition_text",
        id: "condition-text",
        label: "Condition",
        hint: "The condition as it would appear on the decision notice, with its reason.",
        value: details.condition_text,
        rows: 6,
        required: "Enter the condition",
      });
      return { fields: [condition], validate: () => check([condition]), details: () => ({ condition_text: condition.read() }) };
    }
    case "heads_of_terms": {
      const terms = textarea({
        name: "terms_text",
        id: "terms-text",
        label: "Heads of terms",
        value: details.terms_text,
        rows: 8,
        required: "Enter the heads of terms",
      });
      return { fields: [terms], validate: () => check([terms]), details: () => ({ terms_text: terms.read() }) };
    }
    case "time_extension": {
      const current = ctx.application.extended_expiry_date || ctx.application.expiry_date;
      const proposed = dateInput({
        name: "proposed_expiry_date",
        id: "proposed-expiry-date",
        legend: "Proposed determination date",
        size: "s",
        noun: "The proposed determination date",
        hint: `${current ? `Later than ${date(current)}. ` : ""}For example, 27 3 2025`,
        value: details.proposed_expiry_date,
        required: "Enter the proposed determination date",
      });
      const reason = reasonField("Why more time is needed", "The applicant sees this.");
      return {
        fields: [proposed, reason],
        validate: () => check([proposed, reason]),
        details: () => ({ proposed_expiry_date: proposed.read().value, reason: reason.read() }),
      };
    }
    default:
      return null;
  }
}

/** The API's field paths for details ("details.summary") as the form's field names ("summary"). */
async function withDetailPaths(action) {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError) {
      error.fields = error.fields.map((field) => ({ ...field, path: String(field.path || "").replace(/^details\./, "") }));
    }
    throw error;
  }
}

function allowedTypes(ctx) {
  return Object.keys(REQUEST_TYPES).filter((type) => !(ctx.application.valid_from && PRE_VALIDATION_ONLY.includes(type)));
}

async function newRequestPage(ctx, allowed, params) {
  const reference = ctx.application.reference;
  const type = params.get("type");
  if (!type || !allowedTypes(ctx).includes(type)) {
    const chooser = radios({
      name: "type",
      id: "type",
      legend: "What do you want to ask the applicant for?",
      size: "m",
      required: "Select what you want to ask for",
      options: allowedTypes(ctx).map((value) => ({ value, text: REQUEST_TYPES[value][0], hint: REQUEST_TYPES[value][1] })),
    });
    const chooserForm = form({
      id: "request-type-form",
      fields: [chooser],
      submitText: "Continue",
      secondary: h("a", { class: "govuk-link", href: requestsUrl(reference) }, "Cancel"),
      validate: () => check([chooser]),
      onSubmit: async () => window.location.assign(caseUrl(reference, { task: "new-request", type: chooser.read() })),
    });
    return {
      title: "Make a validation request",
      back: [requestsUrl(reference), "Back to validation"],
      content: [chooserForm],
      start: () => chooserForm.start(),
    };
  }
  const spec = requestFields(type, ctx);
  const label = typeLabel(type);
  const atOnce = sentAtOnce(ctx, type);
  if (type === "replacement_document" && spec.fields[0].control.options.length < 2) {
    return notNow(ctx, `New request: ${label.toLowerCase()}`, "There are no received documents to replace.");
  }
  const requestForm = form({
    id: "request-form",
    fields: spec.fields,
    submitText: atOnce ? "Send request" : "Save request",
    secondary: h("a", { class: "govuk-link", href: requestsUrl(reference) }, "Cancel"),
    validate: spec.validate,
    onSubmit: () =>
      withDetailPaths(async () => {
        const created = await api(path.action(reference, "validation-requests"), {
          method: "POST",
          body: { type, details: spec.details() },
        });
        flash({
          success: true,
          title: created.state === "pending" ? `${label} request drafted` : `${label} request sent to the applicant`,
          text: created.state === "pending" ? "It is sent with the other drafts when you mark the application invalid." : null,
        });
        window.location.assign(requestsUrl(reference));
      }),
  });
  return {
    title: `New request: ${label.toLowerCase()}`,
    back: [caseUrl(reference, { task: "new-request" }), "Back"],
    content: [
      h(
        "p",
        { class: "govuk-body" },
        atOnce
          ? "The request is sent to the applicant as soon as you save it."
          : "The request is kept as a draft, and sent with the others when you mark the application invalid.",
      ),
      requestForm,
    ],
    start: () => requestForm.start(),
  };
}

function notNow(ctx, title, text) {
  const reference = ctx.application.reference;
  return {
    title,
    back: [requestsUrl(reference), "Back to validation"],
    content: [h("p", { class: "govuk-body" }, text)],
  };
}

async function editRequestPage(ctx, allowed, params) {
  const reference = ctx.application.reference;
  const request = await findRequest(reference, params.get("request") || "");
  const label = typeLabel(request.type);
  const title = `Change the ${label.toLowerCase()} request`;
  if (request.state !== "pending") return notNow(ctx, title, "This request has been sent, so it can no longer be changed.");
  const spec = requestFields(request.type, ctx, request.details);
  const editForm = form({
    id: "request-form",
    fields: spec.fields,
    submitText: "Save changes",
    secondary: h("a", { class: "govuk-link", href: requestsUrl(reference) }, "Cancel"),
    validate: spec.validate,
    onSubmit: () =>
      withDetailPaths(async () => {
        await api(path.validationRequest(reference, request.id), { method: "PUT", body: { details: spec.details() } });
        flash({ success: true, title: `${label} request changed` });
        window.location.assign(requestsUrl(reference));
      }),
  });
  return { title, back: [requestsUrl(reference), "Back to validation"], content: [editForm], start: () => editForm.start() };
}

async function cancelRequestPage(ctx, allowed, params) {
  const reference = ctx.application.reference;
  const request = await findRequest(reference, params.get("request") || "");
  const label = typeLabel(request.type);
  const draft = request.state === "pending";
  const title = draft ? `Discard the ${label.toLowerCase()} draft` : `Cancel the ${label.toLowerCase()} request`;
  if (request.state !== "pending" && request.state !== "open") {
    return notNow(ctx, title, "This request has been answered or cancelled already.");
  }
  const reason = textarea({
    name: "reason",
    id: "cancel-reason",
    label: draft ? "Why are you discarding it?" : "Why are you cancelling it?",
    hint: draft ? "This is kept in the case's history." : "The applicant's link stops working. This is kept in the case's history.",
    required: draft ? "Enter why you are discarding the draft" : "Enter why you are cancelling the request",
  });
  const cancelForm = form({
    id: "cancel-request-form",
    fields: [reason],
    submitText: draft ? "Discard draft" : "Cancel request",
    aliases: { cancel_reason: "reason" },
    secondary: h("a", { class: "govuk-link", href: requestsUrl(reference) }, draft ? "Keep the draft" : "Keep the request"),
    validate: () => check([reason]),
    onSubmit: async () => {
      await api(path.validationRequest(reference, request.id, "cancellation"), {
        method: "POST",
        body: { reason: reason.read() },
      });
      flash({ success: true, title: draft ? `${label} draft discarded` : `${label} request cancelled` });
      window.location.assign(requestsUrl(reference));
    },
  });
  return {
    title,
    back: [requestsUrl(reference), "Back to validation"],
    content: [summaryList([["Status", stateTag(request)], ...detailRows(request, ctx.detail.documents)]), cancelForm],
    start: () => cancelForm.start(),
  };
}

export const VALIDATION_PAGES = {
  "validation-requests": requestsPage,
  "new-request": newRequestPage,
  "edit-request": editRequestPage,
  "cancel-request": cancelRequestPage,
};

/** The task list's status for the requests: drafts to send, answers awaited, or none outstanding. */
export async function requestsStatus(reference) {
  const requests = await loadRequests(reference);
  const count = (state) => requests.filter((r) => r.state === state).length;
  if (count("pending")) return tag(`${count("pending")} to send`, "blue");
  if (requests.some((r) => r.overdue)) return tag("Overdue", "red");
  if (count("open")) return tag(`${count("open")} awaiting response`, "light-blue");
  return requests.length ? "None outstanding" : "No requests";
}
