// The Community Infrastructure Levy task (?task=assessment-cil): liability, new floorspace and any
// exemption or relief, pre-filled from the applicant's CIL answers for the officer to confirm.
import { h, summaryList } from "../../dom.js";
import { radios, select, textarea, textInput } from "../../forms.js";
import { taskPage } from "./page.js";

export const EXEMPTIONS = {
  "exempt.annexe": "Residential annex exemption",
  "exempt.extension": "Residential extension exemption",
  "exempt.selfBuild": "Self-build exemption",
  "relief.charity": "Charitable relief",
  "relief.socialHousing": "Social housing relief",
};
const LIABLE = { yes: true, no: false };

export const cilPage = taskPage("cil", {
  prefilledFrom: "the applicant's CIL answers",
  build: (data) => {
    const liable = radios({
      name: "liable",
      id: "cil-liable",
      legend: "Is the development liable for the Community Infrastructure Levy?",
      size: "s",
      inline: true,
      value: data.liable === true ? "yes" : data.liable === false ? "no" : undefined,
      options: [
        { value: "yes", text: "Yes" },
        { value: "no", text: "No" },
      ],
      required: "Select if the development is liable for CIL",
    });
    const floorspace = textInput({
      name: "new_floorspace_sqm",
      id: "cil-floorspace",
      label: "New floorspace, in square metres (optional)",
      hint: "Net additional gross internal area.",
      size: "s",
      width: 10,
      inputmode: "decimal",
      value: data.new_floorspace_sqm ?? "",
    });
    const exemption = select({
      name: "exemption",
      id: "cil-exemption",
      label: "Exemption or relief claimed",
      size: "s",
      value: data.exemption || "",
      options: [{ value: "", text: "None" }, ...Object.entries(EXEMPTIONS).map(([value, text]) => ({ value, text }))],
    });
    const notes = textarea({ name: "notes", id: "cil-notes", label: "Notes", size: "s", rows: 6, value: data.notes || "" });
    return {
      fields: [liable, floorspace, exemption, notes],
      validate: (status) => {
        const errors = [];
        if (status === "completed" && !liable.read()) errors.push({ field: liable, message: liable.required });
        const area = floorspace.read();
        if (area && !(/^\d+(\.\d+)?$/.test(area) && Number(area) <= 10_000_000)) {
          errors.push({ field: floorspace, message: "Enter the floorspace as a number of square metres, like 120 or 45.5" });
        }
        return errors;
      },
      read: () => ({
        liable: liable.read() ? LIABLE[liable.read()] : null,
        new_floorspace_sqm: floorspace.read() ? Number(floorspace.read()) : null,
        exemption: exemption.read() || null,
        notes: notes.read(),
      }),
    };
  },
  show: (data) =>
    summaryList([
      ["Liable for CIL", data.liable === true ? "Yes" : data.liable === false ? "No" : "Not decided"],
      ["New floorspace", data.new_floorspace_sqm !== null && data.new_floorspace_sqm !== undefined ? `${data.new_floorspace_sqm} m²` : "Not given"],
      ["Exemption or relief", EXEMPTIONS[data.exemption] || "None"],
      ["Notes", h("span", { class: "app-wrap" }, data.notes || "None")],
    ]),
});
