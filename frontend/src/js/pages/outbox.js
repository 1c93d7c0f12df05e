// The local run's outbox (/outbox.html, ?reference= for one application's): the emails the system
// would have sent, newest first, with the links they carry. With GOV.UK Notify there is no outbox.
import { api } from "../api.js";
import { byId, h, href, replace } from "../dom.js";
import { date, dateTime } from "../format.js";
import { startPage } from "../layout.js";

const TEMPLATES = {
  validation_request: "Validation request to the applicant",
  validation_request_answered: "Validation request answered",
};

const officer = startPage({ current: "applications" });
if (officer) load();

/** The applicant's link, opened on this site (the email names the configured public address). */
function onThisSite(link) {
  try {
    const url = new URL(link);
    return url.pathname === "/applicant.html" && url.hash.length > 1 ? `/applicant.html${url.hash}` : null;
  } catch {
    return null;
  }
}

function words(key) {
  const text = String(key).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function emailCard(email) {
  const { link, reference: _reference, ...rest } = email.personalisation || {};
  const local = link ? onThisSite(link) : null;
  const about = [rest.request_type, email.reference].filter(Boolean).join(" request, ");
  const rows = [
    ["Sent", dateTime(email.at)],
    ["To", email.to],
    ["Application", h("a", { class: "govuk-link", href: href("/application.html", { reference: email.reference }) }, email.reference)],
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
                    "Open the applicant's page",
                    h("span", { class: "govuk-visually-hidden" }, ` (${about})`),
                  ),
                ]
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
