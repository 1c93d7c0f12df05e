// The permitted development rights task (?task=assessment-permitted_development_rights): whether the
// permission removes rights the GPDO would give the site, which classes, and why (required when removing).
import { h, summaryList } from "../../dom.js";
import { checkboxes, radios, textarea } from "../../forms.js";
import { taskPage } from "./page.js";

// The classes: bops/domain/data/gpdo_classes.json (the API checks against the same file), written by the build
import GPDO_CLASSES from "../../gpdo-classes.js";

export const permittedDevelopmentRightsPage = taskPage("permitted_development_rights", {
  build: (data) => {
    const classes = checkboxes({
      name: "classes",
      id: "pd-classes",
      legend: "Which classes are removed?",
      hint: "The General Permitted Development Order 2015, Schedule 2.",
      size: "s",
      small: true,
      value: data.classes || [],
      options: Object.entries(GPDO_CLASSES).map(([value, hint]) => ({ value, text: value, hint })),
      required: "Select the classes removed",
    });
    const reason = textarea({
      name: "reason",
      id: "pd-reason",
      label: "Why are the rights removed?",
      hint: "Removing permitted development rights needs a clear justification.",
      size: "s",
      rows: 4,
      value: data.reason || "",
      required: "Enter why the rights are removed",
    });
    const remove = radios({
      name: "remove",
      id: "pd-remove",
      legend: "Does the permission remove permitted development rights?",
      size: "s",
      value: data.remove ? "yes" : "no",
      options: [
        { value: "yes", text: "Yes", conditional: [classes, reason] },
        { value: "no", text: "No" },
      ],
      required: "Select if permitted development rights are removed",
    });
    return {
      fields: [remove],
      validate: () => {
        const errors = [];
        if (!remove.read()) errors.push({ field: remove, message: remove.required });
        if (remove.read() === "yes") {
          if (!classes.read().length) errors.push({ field: classes, message: classes.required });
          if (!reason.read()) errors.push({ field: reason, message: reason.required });
        }
        return errors;
      },
      read: () =>
        remove.read() === "yes" ? { remove: true, classes: classes.read(), reason: reason.read() } : { remove: false, classes: [], reason: "" },
    };
  },
  show: (data) =>
    summaryList([
      ["Rights removed", data.remove ? "Yes" : "No"],
      ["Classes", data.remove ? h("ul", { class: "govuk-list" }, (data.classes || []).map((c) => h("li", {}, `${c}: ${GPDO_CLASSES[c] || ""}`))) : null],
      ["Reason", data.remove ? h("span", { class: "app-wrap" }, data.reason) : null],
    ]),
});
