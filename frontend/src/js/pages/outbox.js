// The local run's outbox (/outbox.html, ?reference= for one application's): the emails the system
// would have sent, newest first, with the links they carry. With GOV.UK Notify there is no outbox.
import { api, ApiError } from "../api.js";
import { byId, h, href, replace } from "../dom.js";
import { check, form, textInput } from "../forms.js";
import { date, dateTime, plural } from "../format.js";
import { startPage } from "../layout.js";

const TEMPLATES = {
  validation_request: "Validation request to the applicant",
  validation_request_answered: "Validation request answered",
  application_valid: "Application valid, to the applicant",
  payment_link: "Payment page (GOV.UK Pay, local stand-in)",
  pre_application_advice: "Pre-application advice, to the requester",
};

const officer = startPage({ current: "applications" });
if (officer) {
  load();
  demoClock();
}

/** The applicant's link, opened on this site (the email names the configured public address). */
function onThisSite(link) {
  try {
    const url = new URL(link);
    const pages = ["/applicant.html", "/consultee.html"];
    return pages.includes(url.pathname) && url.hash.length > 1 ? `${url.pathname}${url.hash}` : null;
  } catch {
    return null;
  }
}

function words(key) {
  const text = String(key).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The local stand-in for GOV.UK Pay's page: opened, it pays (only on this site, only locally). */
function paymentPage(url) {
  try {
    const { pathname } = new URL(url);
    return pathname.startsWith("/api/v1/local/payments/") ? pathname : null;
  } catch {
    return null;
  }
}

function emailCard(email) {
  const { link, reference: _reference, payment_link: paymentLink, ...rest } = email.personalisation || {};
  const payHere = paymentLink ? paymentPage(paymentLink) : null;
  const local = link ? onThisSite(link) : null;
  const about = [rest.request_type, email.reference].filter(Boolean).join(" request, ");
  const rows = [
    ["Sent", dateTime(email.at)],
    ["To", email.to],
    [
      "Application",
      // a pre-application (reference suffix PRE) has its own page
      h("a", { class: "govuk-link", href: href(/-PRE$/.test(email.reference) ? "/pre-application.html" : "/application.html", { reference: email.reference }) }, email.reference),
    ],
    ...Object.entries(rest).map(([key, value]) => [
      words(key),
      h("span", { class: "app-wrap" }, /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? date(value) : value),
    ]),
    link
      ? [
          "Link",
          [
            h("span", { class: "app-wrap" }, link),
            local
              ? [
                  h("br"),
                  h(
                    "a",
                    { class: "govuk-link", href: local, "data-applicant-link": "" },
                    local.startsWith("/consultee.html") ? "Open the consultee's page" : "Open the applicant's page",
                    h("span", { class: "govuk-visually-hidden" }, ` (${about})`),
                  ),
                ]
              : null,
          ],
        ]
      : null,
    paymentLink
      ? [
          "Payment page",
          [
            h("span", { class: "app-wrap" }, paymentLink),
            payHere
              ? [h("br"), h("a", { class: "govuk-link", href: payHere, "data-payment-link": "" }, "Pay (as the applicant would on GOV.UK Pay)")]
              : null,
          ],
        ]
      : null,
  ].filter(Boolean);
  return h(
    "div",
    { class: "govuk-summary-card", "data-template": email.template, "data-reference": email.reference },
    h(
      "div",
      { class: "govuk-summary-card__title-wrapper" },
      h(
        "h2",
        { class: "govuk-summary-card__title" },
        `${TEMPLATES[email.template] || words(email.template)}${rest.request_type ? ` (${rest.request_type})` : ""}: ${email.reference}`,
      ),
    ),
    h(
      "div",
      { class: "govuk-summary-card__content" },
      h(
        "dl",
        { class: "govuk-summary-list" },
        rows.map(([key, value]) =>
          h(
            "div",
            { class: "govuk-summary-list__row" },
            h("dt", { class: "govuk-summary-list__key" }, key),
            h("dd", { class: "govuk-summary-list__value" }, value),
          ),
        ),
      ),
    ),
  );
}

async function load() {
  const slot = byId("outbox");
  const reference = new URLSearchParams(window.location.search).get("reference") || "";
  let emails;
  try {
    emails = (await api("/api/v1/outbox")).emails;
  } catch (error) {
    replace(
      slot,
      h(
        "p",
        { class: "govuk-body" },
        error.status === 409 ? "Emails go through GOV.UK Notify here, so there is no outbox to show." : `The emails could not be loaded: ${error.message}`,
      ),
    );
    return;
  }
  const shown = emails
    .filter((email) => !reference || email.reference === reference)
    .sort((a, b) => (a.at < b.at ? 1 : -1));
  replace(
    slot,
    reference
      ? h(
          "p",
          { class: "govuk-body" },
          `Emails about ${reference}. `,
          h("a", { class: "govuk-link", href: "/outbox.html" }, "Show every email"),
        )
      : null,
    shown.length ? shown.map(emailCard) : h("p", { class: "govuk-body" }, "No emails have been sent yet."),
  );
}

/** The local run's demo clock (/local/clock): the system's date, and a form to move it forward. */
async function clockRequest(method, body) {
  const response = await fetch("/local/clock", {
    method,
    headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    cache: "no-store",
    credentials: "omit",
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || "error", error.message || "The clock could not be moved", [
      { path: "days", message: error.message || "must be a whole number" },
    ]);
  }
  return data;
}

async function demoClock() {
  const slot = byId("demo-clock");
  let clock;
  try {
    clock = await clockRequest("GET");
  } catch {
    return; // not the local run: there is no demo clock
  }
  const days = textInput({
    id: "clock-days",
    name: "days",
    label: "Days after today",
    hint: "0 puts the clock back to today. Workflow timers notice within half a minute.",
    width: 4,
    inputmode: "numeric",
    value: String(clock.days_ahead),
    required: "Enter the number of days after today",
  });
  const shown = h("p", { class: "govuk-body", id: "clock-now" });
  const show = (state) => {
    replace(shown, "The system's date is ", h("strong", {}, date(state.now.slice(0, 10))), state.days_ahead ? ` (${plural(state.days_ahead, "day")} ahead).` : " (today).");
  };
  show(clock);
  const clockForm = form({
    id: "clock-form",
    fields: [days],
    submitText: "Move the clock",
    validate: () => {
      const errors = check([days]);
      if (!errors.length && !/^\d{1,3}$/.test(days.read())) errors.push({ field: days, message: "Enter a whole number of days, like 22" });
      return errors;
    },
    onSubmit: async () => show(await clockRequest("POST", { days: Number(days.read()) })),
  });
  replace(
    slot,
    h("h2", { class: "govuk-heading-m" }, "Demo clock"),
    h("p", { class: "govuk-body" }, "The local run can move the whole system's date forward, to see a consultation end or an application become overdue without waiting."),
    shown,
    clockForm,
  );
  clockForm.start();
}
