// The council's pre-application advice service (/pre-application-settings.html): its fee bands (priced
// locally), the service level that sets each request's target date, and whether a second officer reviews
// each advice report. Every officer sees them; administrators change them.
import { api } from "../api.js";
import { hasRole } from "../auth.js";
import { byId, h, replace, summaryList } from "../dom.js";
import { check, checkboxes, form, radios, textInput } from "../forms.js";
import { money } from "../format.js";
import { banner, startPage } from "../layout.js";

const officer = startPage({ current: "settings" });
if (officer) load();

async function load(message) {
  const settings = await api("/api/v1/council/pre-application-settings");
  const admin = hasRole(officer, "administrator");
  const slot = byId("pre-application-settings");
  const shown = [
    h("h1", { class: "govuk-heading-l" }, "Pre-application service"),
    summaryList([
      ["Target date", `${settings.service_level_days} working days after the request is received`],
      ["Second officer review", settings.review_required ? "Every advice report is reviewed before it is issued" : "Not required"],
    ]),
    h("h2", { class: "govuk-heading-m" }, "Fee bands"),
    summaryList(settings.fee_bands.map((b) => [b.name, `${money(b.amount)}${b.meeting_included ? ", with a meeting or site visit" : ""}${b.description ? `. ${b.description}` : ""}`])),
  ];
  if (!admin) {
    replace(slot, shown, h("div", { class: "govuk-inset-text" }, "Only an administrator can change these settings."));
    return;
  }
  const days = textInput({ id: "service-level", name: "service_level_days", label: "Working days to the target date", width: 3, inputmode: "numeric", value: String(settings.service_level_days), required: "Enter the number of working days" });
  const review = radios({
    id: "review-required",
    name: "review_required",
    legend: "Does a second officer review each advice report?",
    inline: true,
    value: settings.review_required ? "yes" : "no",
    options: [{ value: "yes", text: "Yes" }, { value: "no", text: "No" }],
  });
  // one set of inputs per band, and one empty set to add a band; a band whose name is cleared is removed
  const bands = [...settings.fee_bands, { id: "", name: "", amount: "", meeting_included: false, description: "" }].map((band, index) => {
    const n = index + 1;
    const name = textInput({ id: `band-${n}-name`, name: `fee_bands[${index}].name`, label: band.id ? `Band ${n}: name` : "New band: name (optional)", value: band.name, width: 20 });
    const amount = textInput({ id: `band-${n}-amount`, name: `fee_bands[${index}].amount`, label: `Band ${n}: charge in pounds, VAT included`, prefix: "£", width: 5, inputmode: "decimal", value: band.amount === "" ? "" : String(band.amount) });
    const meeting = checkboxes({ id: `band-${n}-meeting`, name: `fee_bands[${index}].meeting_included`, legend: `Band ${n}: meeting`, small: true, value: band.meeting_included ? ["yes"] : [], options: [{ value: "yes", text: "Includes a meeting or site visit" }] });
    return { band, name, amount, meeting };
  });
  const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "band";
  const fields = [days, review, ...bands.flatMap((b) => [b.name, b.amount, b.meeting])];
  const settingsForm = form({
    id: "pre-application-settings-form",
    fields,
    submitText: "Save the settings",
    validate: () => {
      const errors = check([days]);
      if (!errors.length && !/^\d{1,3}$/.test(days.read())) errors.push({ field: days, message: "Enter a whole number of working days, like 30" });
      for (const b of bands) {
        if (b.name.read() && !/^\d+(\.\d{1,2})?$/.test(b.amount.read())) errors.push({ field: b.amount, message: "Enter the charge in pounds, like 360 or 360.50" });
      }
      return errors;
    },
    onSubmit: async () => {
      const used = new Set();
      const feeBands = bands
        .filter((b) => b.name.read())
        .map((b) => {
          let id = b.band.id || slug(b.name.read());
          while (used.has(id)) id = `${id.slice(0, 37)}-${used.size}`;
          used.add(id);
          return { id, name: b.name.read(), description: b.band.description || "", amount: Number(b.amount.read()), meeting_included: b.meeting.read().length > 0 };
        });
      await api("/api/v1/council/pre-application-settings", {
        method: "PUT",
        body: { service_level_days: Number(days.read()), review_required: review.read() === "yes", fee_bands: feeBands },
      });
      await load("Settings saved. Requests already received keep their target date.");
    },
  });
  replace(slot, shown, h("h2", { class: "govuk-heading-m" }, "Change the settings"), settingsForm);
  settingsForm.start();
  if (message) banner({ title: message, success: true });
}
