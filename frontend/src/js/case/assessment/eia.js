// The EIA screening task (?task=assessment-eia): the description of development in Schedule 1 or 2 of the
// EIA Regulations 2017, the proposal's figures, and the screening opinion. The API works out whether the
// thresholds are met; an EIA development has 16 weeks for its decision. Everything from the API goes in as text.
import { api } from "../../api.js";
import { h, summaryList } from "../../dom.js";
import { form, radios, select, textarea, textInput } from "../../forms.js";
import { caseUrl } from "../tasks.js";
import { backToTasks, completedField, statusLine, taskPath } from "./conditions.js";
import { reviewNote, reviewPart } from "./page.js";

const DESCRIPTIONS = "/api/v1/assessment/eia-descriptions";
const FIGURES = [
  ["site_area_ha", "Area of the development (hectares)"],
  ["non_dwelling_area_ha", "Urban development that is not dwellinghouse development (hectares)"],
  ["dwellings", "Number of dwellings"],
  ["new_floorspace_sqm", "New floorspace (square metres)"],
];
const SCHEDULES = { none: "None", schedule_1: "Schedule 1", schedule_2: "Schedule 2" };

export async function eiaPage(ctx) {
  const reference = ctx.application.reference;
  const url = taskPath(reference, "eia");
  const [task, descriptions] = await Promise.all([api(url), api(DESCRIPTIONS).then((a) => a.descriptions)]);
  const data = task.data;
  const title = "Environmental impact assessment screening";
  const back = [caseUrl(reference, { task: "assessment" }), "Back to the assessment"];
  const outcome = task.prefilled
    ? null
    : summaryList([
        ["Schedule", SCHEDULES[data.schedule] || data.schedule],
        ["Thresholds met", data.threshold_met ? "Yes" : "No"],
        ["Why", data.reasons?.length ? h("ul", { class: "govuk-list" }, data.reasons.map((r) => h("li", {}, r))) : ""],
      ]);
  const reviewing = reviewPart(ctx, task);
  if (reviewing) {
    const described = descriptions.find((d) => d.id === data.category);
    const opinion = task.prefilled
      ? null
      : summaryList(
          [
            ["Description of development", described ? `Schedule ${described.schedule.slice(-1)} ${described.paragraph}: ${described.title}` : "None"],
            ...FIGURES.map(([name, label]) => [label, data.figures?.[name] ?? "Not given"].map(String)),
            ["In a sensitive area", data.figures?.sensitive_area ? "Yes" : "No"],
            ["Screening opinion", data.eia_required ? "EIA development: an environmental statement is needed" : "Not EIA development"],
            ["Notes", data.notes || "None"],
          ],
          { wrap: true },
        );
    return { title, back, content: [statusLine(task), reviewNote(task), outcome, opinion, reviewing.content], start: reviewing.start };
  }
  const category = select({
    id: "eia-category",
    name: "data.category",
    label: "Description of development",
    hint: "The paragraph of Schedule 1 or 2 the proposal falls under, if any.",
    value: data.category || "",
    options: [
      { value: "", text: "None: not development of a Schedule 1 or 2 description" },
      ...descriptions.map((d) => ({ value: d.id, text: `Schedule ${d.schedule.slice(-1)} ${d.paragraph}: ${d.title}` })),
    ],
  });
  const figures = FIGURES.map(([name, label]) =>
    textInput({
      id: `eia-${name.replaceAll("_", "-")}`,
      name: `data.figures.${name}`,
      label,
      width: 10,
      inputmode: "decimal",
      value: data.figures?.[name] ?? "",
    }),
  );
  const sensitive = radios({
    id: "eia-sensitive",
    name: "data.figures.sensitive_area",
    legend: "Is any part of the development in a sensitive area?",
    hint: "A site of special scientific interest, National Park, the Broads, World Heritage Site, scheduled monument, National Landscape or European site.",
    size: "s",
    inline: true,
    value: data.figures?.sensitive_area ? "yes" : "no",
    options: [
      { value: "yes", text: "Yes" },
      { value: "no", text: "No" },
    ],
  });
  const required = radios({
    id: "eia-required",
    name: "data.eia_required",
    legend: "Screening opinion: is this EIA development?",
    hint: "EIA development has 16 weeks for its decision: the case's dates change when you save.",
    size: "m",
    value: data.eia_required ? "yes" : "no",
    options: [
      { value: "yes", text: "Yes, an environmental statement is needed" },
      { value: "no", text: "No" },
    ],
  });
  const notes = textarea({ id: "eia-notes", name: "data.notes", label: "Notes", hint: "Your reasoning, with the Schedule 3 criteria.", value: data.notes, rows: 5 });
  const status = completedField(task);
  const fields = [category, ...figures, sensitive, required, notes, status];
  const number = (field) => {
    const value = field.read();
    return value === "" ? null : Number(value);
  };
  const saveForm = form({
    id: "eia-form",
    fields,
    submitText: "Save",
    validate: () => {
      const errors = figures
        .filter((f) => f.read() !== "" && !(Number(f.read()) >= 0))
        .map((field) => ({ field, message: `${field.label}: enter a number of 0 or more` }));
      if (!status.read()) errors.push({ field: status, message: "Say whether you have completed this task" });
      return errors;
    },
    onSubmit: async () => {
      const body = {
        status: status.read(),
        data: {
          category: category.read() || null,
          figures: {
            ...Object.fromEntries(FIGURES.map(([name], i) => [name, number(figures[i])])),
            sensitive_area: sensitive.read() === "yes",
          },
          eia_required: required.read() === "yes",
          notes: notes.read(),
        },
      };
      await api(url, { method: "PUT", body });
      backToTasks(reference, "EIA screening saved");
    },
  });
  return {
    title,
    back,
    content: [
      statusLine(task),
      reviewNote(task),
      outcome,
      saveForm,
    ],
    start: () => saveForm.start(),
  };
}
