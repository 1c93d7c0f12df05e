// The page of any assessment task without a page of its own (?task=assessment-<name>): the officer's
// notes in one text area (bops.services.assessment_tasks.notes).
import { h } from "../../dom.js";
import { textarea } from "../../forms.js";
import { showData, taskPage } from "./page.js";

export function notesPage(name) {
  return taskPage(name, {
    // a task whose data is more than notes has a model of its own: never overwrite it with notes
    editable: (data) => Object.keys(data || {}).every((key) => key === "notes"),
    build: (data) => {
      const notes = textarea({
        name: "notes",
        id: "notes",
        label: "Notes",
        size: "s",
        rows: 10,
        value: data.notes || "",
        hint: "Your assessment for this task: the reviewer reads it and it goes into the officer report.",
      });
      return {
        fields: [notes],
        read: () => ({ notes: notes.read() }),
        validate: (status) => (status === "completed" && !notes.read() ? [{ field: notes, message: "Enter your notes" }] : []),
      };
    },
    show: (data) =>
      Object.keys(data || {}).every((key) => key === "notes")
        ? h("p", { class: "govuk-body app-wrap" }, data.notes || "No notes.")
        : showData(data),
  });
}
