// The consultees and the notice plan on the consultation task (consultation.js puts them on the page):
// consult someone from the council's list (its consultee directory) or someone else typed in; each
// consultee's history and responses; send their link again or consult them again, each with a reason
// kept in their history; and whether a site and a press notice are required. Everything from the API
// goes in as text.
import { api, path } from "../api.js";
import { h, summaryList } from "../dom.js";
import { date, dateTime, plural, tag } from "../format.js";
import { check, daysErrors, emailErrors, form, radios, select, textarea, textInput } from "../forms.js";

export const DIRECTORY = "/api/v1/council/consultees";
const CONSULTEE_STANCES = { approved: "No objection", amendments_needed: "Amendments needed", objected: "Objection" };
const STANCE_COLOURS = { approved: "green", amendments_needed: "yellow", objected: "red" };
const KINDS = { internal: "Internal (a council team)", external: "External" };

/** A GOV.UK details; `summary` may hold nodes (visually hidden words that say which consultee). */
function details(summary, content, id) {
  return h(
    "details",
    { class: "govuk-details", id },
    h("summary", { class: "govuk-details__summary" }, h("span", { class: "govuk-details__summary-text" }, summary)),
    h("div", { class: "govuk-details__text" }, content),
  );
}

const stance = (value) => CONSULTEE_STANCES[value] || String(value || "");

function responseText(response) {
  return [
    h("strong", {}, stance(response.stance)),
    response.at ? ` (${dateTime(response.at)})` : null,
    h("br"),
    h("span", { class: "app-pre-line app-wrap" }, response.text),
    response.document_ids?.length
      ? h("span", { class: "govuk-!-display-block govuk-body-s" }, `${plural(response.document_ids.length, "attachment")}, in the documents`)
      : null,
  ];
}

function eventTitle(entry) {
  switch (entry.event) {
    case "consulted":
      return "Consulted: link emailed";
    case "resent":
      return "Link sent again";
    case "reconsulted":
      return entry.response_days ? `Consulted again: ${plural(entry.response_days, "day")} to respond` : "Consulted again";
    case "responded":
      return `Responded: ${stance(entry.stance)}`;
    default:
      return String(entry.event || "").replaceAll("_", " ");
  }
}

/** The consultee's history, newest first, as the case's own audit trail shows it. */
function history(entries) {
  if (!entries?.length) return null;
  return h(
    "ol",
    { class: "app-timeline govuk-!-margin-bottom-0", "data-consultee-history": "" },
    [...entries].reverse().map((entry) =>
      h(
        "li",
        { class: "app-timeline__item" },
        h("p", { class: "app-timeline__title" }, eventTitle(entry)),
        h("p", { class: "app-timeline__meta" }, [entry.at ? dateTime(entry.at) : "", entry.by ? `by ${entry.by}` : ""].filter(Boolean).join(" ")),
        entry.reason ? h("p", { class: "app-timeline__detail app-pre-line app-wrap" }, `Reason: ${entry.reason}`) : null,
      ),
    ),
  );
}

function statusTag(c) {
  if (c.response) return tag(stance(c.response.stance), STANCE_COLOURS[c.response.stance] || "grey");
  return c.history?.length ? tag("Awaiting response", "blue") : tag("Not consulted yet", "grey");
}

function consulteeCard(c, { action, reference, open, keep, done }) {
  const who = `${c.name}, ${c.organisation}`;
  const hidden = (text) => h("span", { class: "govuk-visually-hidden" }, text);
  const consulted = Boolean(c.history?.length);
  let actions = null;
  if (consulted && open) {
    const resendReason = textInput({
      name: "reason",
      id: `consultee-resend-reason-${c.id}`,
      label: "Why send the link again",
      hint: "For example, they did not get the email. This is kept in their history. Their old link stops working.",
      required: "Enter why you are sending the link again",
    });
    const resendForm = keep(
      form({
        id: `consultee-resend-form-${c.id}`,
        fields: [resendReason],
        submitText: ["Send the link again", hidden(` to ${who}`)],
        validate: () => check([resendReason]),
        onSubmit: async () => {
          await api(action(`consultees/${encodeURIComponent(c.id)}/resend`), { method: "POST", body: { reason: resendReason.read() } });
          done(reference, "Link sent again", `${who} has been emailed a new link.`);
        },
      }),
    );
    const againReason = textarea({
      name: "reason",
      id: `consultee-reconsult-reason-${c.id}`,
      label: "Why consult them again",
      hint: "For example, amended plans. This is kept in their history.",
      rows: 3,
      required: "Enter why you are consulting them again",
    });
    const againDays = textInput({
      name: "response_days",
      id: `consultee-reconsult-days-${c.id}`,
      label: "Days to respond (optional)",
      hint: `Leave blank for their period, ${plural(c.response_days, "day")}. The days count from today.`,
      width: 3,
      inputmode: "numeric",
    });
    const againForm = keep(
      form({
        id: `consultee-reconsult-form-${c.id}`,
        fields: [againReason, againDays],
        submitText: ["Consult again", hidden(` ${who}`)],
        validate: () => [...check([againReason]), ...daysErrors(againDays, { optional: true })],
        onSubmit: async () => {
          const days = againDays.read() ? { response_days: Number(againDays.read()) } : {};
          await api(action(`consultees/${encodeURIComponent(c.id)}/reconsult`), {
            method: "POST",
            body: { reason: againReason.read(), ...days },
          });
          done(reference, "Consulted again", `${who} has been emailed a new link. Their earlier response is kept.`);
        },
      }),
    );
    actions = [
      details(["Send the link again", hidden(` to ${who}`)], resendForm, `consultee-resend-${c.id}`),
      details(["Consult again", hidden(` ${who}`)], againForm, `consultee-reconsult-${c.id}`),
    ];
  }
  const previous = c.previous_responses?.length
    ? h(
        "ul",
        { class: "govuk-list", "data-previous-responses": "" },
        [...c.previous_responses].reverse().map((response) => h("li", {}, responseText(response))),
      )
    : null;
  return h(
    "div",
    { class: "govuk-summary-card", "data-consultee": c.id },
    h(
      "div",
      { class: "govuk-summary-card__title-wrapper" },
      h("h3", { class: "govuk-summary-card__title app-wrap" }, who),
      statusTag(c),
    ),
    h(
      "div",
      { class: "govuk-summary-card__content" },
      summaryList([
        ["Type", KINDS[c.kind] || c.kind],
        ["Days to respond", c.response_days ? plural(c.response_days, "day") : null],
        ["Link works until", c.link_expires_on ? date(c.link_expires_on) : "Not sent: they are emailed when consultation starts"],
        ["Response", c.response ? responseText(c.response) : "No response yet"],
        ["Earlier responses", previous],
        ["History", history(c.history)],
      ], { wrap: true }),
      actions,
    ),
  );
}

/** The consultees: each one's card, and the form to consult someone (from the council's list or typed in). */
export function consulteeSection({ reference, view, directory, status, open, keep, done }) {
  const action = (rest) => path.action(reference, rest);
  const cName = textInput({ name: "name", id: "consultee-name", label: "Name", required: "Enter the consultee's name" });
  const cOrg = textInput({ name: "organisation", id: "consultee-organisation", label: "Organisation", required: "Enter the organisation" });
  const cEmail = textInput({ name: "email", id: "consultee-email", label: "Email address", type: "email", autocomplete: "off", spellcheck: false, required: "Enter the email address" });
  const cDays = textInput({
    name: "response_days",
    id: "consultee-days",
    label: "Days to respond (optional)",
    hint: directory.length ? "Leave blank for the period on the council's list, or 21 days for someone else." : "Leave blank for 21 days.",
    width: 3,
    inputmode: "numeric",
  });
  const picker = select({
    name: "directory_id",
    id: "consultee-directory",
    label: "Consultee",
    required: "Choose a consultee from the council's list",
    options: [
      { value: "", text: "Choose a consultee" },
      ...directory.map((d) => ({ value: d.id, text: `${d.organisation} – ${d.name}` })),
    ],
  });
  // With nothing on the council's list there is nothing to choose from: the typed-in fields only.
  const source = directory.length
    ? radios({
        name: "source",
        id: "consultee-source",
        legend: "Who do you want to consult?",
        size: "s",
        required: "Select who you want to consult",
        options: [
          { value: "directory", text: "Choose from the council's list", conditional: [picker] },
          { value: "other", text: "Someone else", hint: "Type in their details.", conditional: [cName, cOrg, cEmail] },
        ],
      })
    : null;
  const fromList = () => source?.read() === "directory";
  const consulteeForm = keep(
    form({
      id: "consultee-form",
      fields: source ? [source, cDays] : [cName, cOrg, cEmail, cDays],
      submitText: "Add consultee",
      validate: () => {
        const errors = source ? check([source]) : [];
        if (fromList()) errors.push(...check([picker]));
        else if (!source || source.read() === "other") errors.push(...check([cName, cOrg]), ...emailErrors(cEmail));
        return [...errors, ...daysErrors(cDays, { optional: true })];
      },
      onSubmit: async () => {
        const days = cDays.read() ? { response_days: Number(cDays.read()) } : {};
        const body = fromList()
          ? { directory_id: picker.read(), ...days }
          : { name: cName.read(), organisation: cOrg.read(), email: cEmail.read(), ...days };
        await api(action("consultees"), { method: "POST", body });
        done(reference, "Consultee added", status === "in_progress" ? "They have been sent an email." : "They will be emailed when consultation starts.");
      },
    }),
  );
  const options = { action, reference, open, keep, done };
  return [
    h("h2", { class: "govuk-heading-m" }, "Consultees"),
    view.consultees.length
      ? h("div", { id: "consultees" }, view.consultees.map((c) => consulteeCard(c, options)))
      : h("p", { class: "govuk-body", id: "consultees" }, "No consultees yet."),
    open
      ? details(
          "Add a consultee",
          [
            directory.length
              ? null
              : h(
                  "p",
                  { class: "govuk-body" },
                  "The council's list of consultees is empty: an administrator can add to it in ",
                  h("a", { class: "govuk-link", href: "/settings.html" }, "council settings"),
                  ".",
                ),
            consulteeForm,
          ],
          "add-consultee",
        )
      : null,
  ];
}

const DELIVERY = { officer: "a council officer", applicant: "the applicant" };

/** The notice plan as a sentence each: [site notice, press notice]. */
function planned(record) {
  const site = record?.site_notice;
  const press = record?.press_notice;
  const count = site?.count || 1;
  return [
    !site
      ? "Not decided"
      : site.required
        ? `Required: ${count} ${count === 1 ? "notice" : "notices"}${site.delivery ? `, put up by ${DELIVERY[site.delivery] || site.delivery}` : ""}`
        : "Not required",
    !press ? "Not decided" : press.required ? `Required${press.publication ? `, in ${press.publication}` : ""}` : "Not required",
  ];
}

/**
 * The site and press notice plan: rows for the summary list, and (while it may change: the case is open
 * and consultation not complete) the form to change it.
 */
export function noticePlan({ reference, record, open, keep, done }) {
  const [sitePlan, pressPlan] = planned(record);
  const rows = [
    ["Site notice", h("span", { id: "site-notice-plan" }, sitePlan)],
    ["Press notice", h("span", { id: "press-notice-plan" }, pressPlan)],
  ];
  if (!open || record?.status === "complete") return { rows, form: null };
  const site = record?.site_notice;
  const press = record?.press_notice;
  const yesNo = (notice) => (notice ? (notice.required ? "yes" : "no") : undefined);
  const count = textInput({
    name: "site_notice.count",
    id: "site-notice-count",
    label: "How many site notices",
    hint: "From 1 to 50, put up around the site.",
    width: 2,
    inputmode: "numeric",
    value: String(site?.count || 1),
    required: "Enter how many site notices are needed",
  });
  const delivery = radios({
    name: "site_notice.delivery",
    id: "site-notice-delivery",
    legend: "Who puts the site notice up?",
    small: true,
    value: site?.delivery || undefined,
    required: "Select who puts the site notice up",
    options: [
      { value: "officer", text: "A council officer" },
      { value: "applicant", text: "The applicant", hint: "The notice is sent to them to put up." },
    ],
  });
  const siteRequired = radios({
    name: "site_notice.required",
    id: "site-notice-required",
    legend: "Is a site notice required?",
    size: "s",
    value: yesNo(site),
    required: "Select if a site notice is required",
    options: [
      { value: "yes", text: "Yes", conditional: [count, delivery] },
      { value: "no", text: "No" },
    ],
  });
  const publication = textInput({
    name: "press_notice.publication",
    id: "press-notice-publication",
    label: "Newspaper (optional)",
    value: press?.publication || "",
  });
  const pressRequired = radios({
    name: "press_notice.required",
    id: "press-notice-required",
    legend: "Is a press notice required?",
    size: "s",
    value: yesNo(press),
    required: "Select if a press notice is required",
    options: [
      { value: "yes", text: "Yes", conditional: [publication] },
      { value: "no", text: "No" },
    ],
  });
  const planForm = keep(
    form({
      id: "notices-form",
      fields: [siteRequired, pressRequired],
      submitText: "Save the notice plan",
      // The domain names the site notice's fields without their prefix.
      aliases: { count: "site_notice.count", delivery: "site_notice.delivery", publication: "press_notice.publication" },
      validate: () => {
        const errors = check([siteRequired]);
        if (siteRequired.read() === "yes") {
          const value = count.read();
          if (!value) errors.push(...check([count]));
          else if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 50) {
            errors.push({ field: count, message: "Enter a number of site notices from 1 to 50" });
          }
          errors.push(...check([delivery]));
        }
        return [...errors, ...check([pressRequired])];
      },
      onSubmit: async () => {
        const body = {
          site_notice:
            siteRequired.read() === "yes"
              ? { required: true, count: Number(count.read()), delivery: delivery.read() }
              : { required: false },
          press_notice:
            pressRequired.read() === "yes" ? { required: true, publication: publication.read() || null } : { required: false },
        };
        const saved = await api(path.action(reference, "notices"), { method: "PUT", body });
        const [siteText, pressText] = planned(saved.consultation);
        done(reference, "Notice plan saved", `Site notice: ${siteText}. Press notice: ${pressText}.`);
      },
    }),
  );
  return { rows, form: planForm };
}
