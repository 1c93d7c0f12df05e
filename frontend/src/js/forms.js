// GOV.UK form components built in the browser, and the error summary pattern.
//
// Each field builder returns a field: { name, id, focusId, group, read(), ... }. `name` is the field's
// path in the API's request body, so an API error's fields[].path finds the input it is about.
import { Checkboxes, ErrorSummary, Radios } from "/vendor/govuk-frontend.min.js";
import { ApiError } from "./api.js";
import { append, h } from "./dom.js";

function hintOf(id, hint) {
  return hint ? h("div", { id: `${id}-hint`, class: "govuk-hint" }, hint) : null;
}

function labelClass(size) {
  return size ? `govuk-label govuk-label--${size}` : "govuk-label";
}

function base(spec, group, control, errorClass, extra = {}) {
  return {
    name: spec.name,
    id: spec.id,
    label: spec.label || spec.legend || spec.name,
    required: spec.required,
    focusId: spec.id,
    group,
    errorTarget: control, // the error message goes before this element
    describe: control, // gets aria-describedby
    errorControls: [[control, errorClass]],
    ...extra,
  };
}

export function textInput(spec) {
  const { id } = spec;
  const input = h("input", {
    class: `govuk-input${spec.width ? ` govuk-input--width-${spec.width}` : ""}`,
    id,
    name: spec.name,
    type: spec.type || "text",
    autocomplete: spec.autocomplete || null,
    spellcheck: spec.spellcheck === false ? "false" : null,
    autocapitalize: spec.autocapitalize || null,
    "aria-describedby": spec.hint ? `${id}-hint` : null,
  });
  if (spec.value !== undefined && spec.value !== null) input.value = spec.value;
  if (spec.inputmode) input.setAttribute("inputmode", spec.inputmode);
  // A prefix ("£") goes beside the input, hidden from screen readers (the label says the unit).
  const control = spec.prefix
    ? h("div", { class: "govuk-input__wrapper" }, h("div", { class: "govuk-input__prefix", "aria-hidden": "true" }, spec.prefix), input)
    : input;
  const group = h(
    "div",
    { class: "govuk-form-group" },
    h("label", { class: labelClass(spec.size), for: id }, spec.label),
    hintOf(id, spec.hint),
    control,
  );
  return base(spec, group, input, "govuk-input--error", {
    read: () => input.value.trim(),
    control: input,
    errorTarget: control,
  });
}

export function textarea(spec) {
  const { id } = spec;
  const area = h("textarea", {
    class: "govuk-textarea",
    id,
    name: spec.name,
    rows: spec.rows || 5,
    "aria-describedby": spec.hint ? `${id}-hint` : null,
  });
  if (spec.value) area.value = spec.value;
  const group = h(
    "div",
    { class: "govuk-form-group" },
    h("label", { class: labelClass(spec.size), for: id }, spec.label),
    hintOf(id, spec.hint),
    area,
  );
  return base(spec, group, area, "govuk-textarea--error", { read: () => area.value.trim(), control: area });
}

export function select(spec) {
  const { id } = spec;
  const control = h(
    "select",
    { class: "govuk-select", id, name: spec.name, "aria-describedby": spec.hint ? `${id}-hint` : null },
    spec.options.map(({ value, text }) => h("option", { value, selected: value === spec.value }, text)),
  );
  const group = h(
    "div",
    { class: "govuk-form-group" },
    h("label", { class: labelClass(spec.size), for: id }, spec.label),
    hintOf(id, spec.hint),
    control,
  );
  return base(spec, group, control, "govuk-select--error", { read: () => control.value, control });
}

export function fileUpload(spec) {
  const { id } = spec;
  const input = h("input", {
    class: "govuk-file-upload",
    id,
    name: spec.name,
    type: "file",
    accept: spec.accept || null,
    multiple: Boolean(spec.multiple),
    "aria-describedby": spec.hint ? `${id}-hint` : null,
  });
  const group = h(
    "div",
    { class: "govuk-form-group" },
    h("label", { class: labelClass(spec.size), for: id }, spec.label),
    hintOf(id, spec.hint),
    input,
  );
  // read(): the file, or with `multiple` the list of files
  const read = () => (spec.multiple ? [...input.files] : input.files[0] || null);
  return base(spec, group, input, "govuk-file-upload--error", { read, control: input });
}

function fieldset(spec, body) {
  const { id } = spec;
  const legendClass = `govuk-fieldset__legend${spec.size ? ` govuk-fieldset__legend--${spec.size}` : ""}`;
  const set = h(
    "fieldset",
    { class: "govuk-fieldset", role: spec.role || null, "aria-describedby": spec.hint ? `${id}-hint` : null },
    h("legend", { class: legendClass }, spec.legend),
    hintOf(id, spec.hint),
    body,
  );
  return { set, group: h("div", { class: "govuk-form-group" }, set) };
}

/** Radios; an option's `conditional` fields show under it when it is chosen (GOV.UK conditional reveal). */
export function radios(spec) {
  const { id } = spec;
  const inputs = [];
  const children = [];
  const container = h("div", {
    class: `govuk-radios${spec.inline ? " govuk-radios--inline" : ""}${spec.small ? " govuk-radios--small" : ""}`,
    "data-module": "govuk-radios",
  });
  spec.options.forEach((option, index) => {
    const optionId = index === 0 ? id : `${id}-${index + 1}`;
    const conditionalId = `conditional-${optionId}`;
    const input = h("input", {
      class: "govuk-radios__input",
      id: optionId,
      name: spec.name,
      type: "radio",
      value: option.value,
      checked: option.value === spec.value,
      "data-aria-controls": option.conditional ? conditionalId : null,
      "aria-describedby": option.hint ? `${optionId}-item-hint` : null,
    });
    inputs.push(input);
    append(container, [
      h(
        "div",
        { class: "govuk-radios__item" },
        input,
        h("label", { class: "govuk-label govuk-radios__label", for: optionId }, option.text),
        option.hint
          ? h("div", { id: `${optionId}-item-hint`, class: "govuk-hint govuk-radios__hint" }, option.hint)
          : null,
      ),
    ]);
    if (option.conditional) {
      const conditional = h("div", {
        class: `govuk-radios__conditional${option.value === spec.value ? "" : " govuk-radios__conditional--hidden"}`,
        id: conditionalId,
      });
      for (const field of option.conditional) {
        append(conditional, [field.group]);
        children.push(field);
      }
      append(container, [conditional]);
    }
  });
  const { set, group } = fieldset(spec, container);
  const field = base(spec, group, container, null, {
    describe: set,
    errorControls: [],
    read: () => inputs.find((input) => input.checked)?.value || "",
    children,
    init: () => new Radios(container),
  });
  return field;
}

/** Checkboxes; read() gives the values chosen (an array). */
export function checkboxes(spec) {
  const { id } = spec;
  const inputs = [];
  const chosen = new Set(spec.value || []);
  const container = h("div", {
    class: `govuk-checkboxes${spec.small ? " govuk-checkboxes--small" : ""}`,
    "data-module": "govuk-checkboxes",
  });
  spec.options.forEach((option, index) => {
    const optionId = index === 0 ? id : `${id}-${index + 1}`;
    const input = h("input", {
      class: "govuk-checkboxes__input",
      id: optionId,
      name: spec.name,
      type: "checkbox",
      value: option.value,
      checked: chosen.has(option.value),
      "aria-describedby": option.hint ? `${optionId}-item-hint` : null,
    });
    inputs.push(input);
    append(container, [
      h(
        "div",
        { class: "govuk-checkboxes__item" },
        input,
        h("label", { class: "govuk-label govuk-checkboxes__label", for: optionId }, option.text),
        option.hint
          ? h("div", { id: `${optionId}-item-hint`, class: "govuk-hint govuk-checkboxes__hint" }, option.hint)
          : null,
      ),
    ]);
  });
  const { set, group } = fieldset(spec, container);
  return base(spec, group, container, null, {
    describe: set,
    errorControls: [],
    read: () => inputs.filter((input) => input.checked).map((input) => input.value),
    init: () => new Checkboxes(container),
  });
}

/** Day, month and year; read() gives { value: "YYYY-MM-DD" | "", error }. */
export function dateInput(spec) {
  const { id } = spec;
  const part = (key, label, width) => {
    const input = h("input", {
      class: `govuk-input govuk-date-input__input govuk-input--width-${width}`,
      id: `${id}-${key}`,
      name: `${spec.name}-${key}`,
      type: "text",
      inputmode: "numeric",
    });
    const wrapper = h(
      "div",
      { class: "govuk-date-input__item" },
      h(
        "div",
        { class: "govuk-form-group" },
        h("label", { class: "govuk-label govuk-date-input__label", for: `${id}-${key}` }, label),
        input,
      ),
    );
    return { input, wrapper };
  };
  const day = part("day", "Day", 2);
  const month = part("month", "Month", 2);
  const year = part("year", "Year", 4);
  if (spec.value && /^\d{4}-\d{2}-\d{2}$/.test(spec.value)) {
    const [y, m, d] = spec.value.split("-");
    year.input.value = y;
    month.input.value = String(Number(m));
    day.input.value = String(Number(d));
  }
  const container = h("div", { class: "govuk-date-input", id }, day.wrapper, month.wrapper, year.wrapper);
  const { set, group } = fieldset({ ...spec, role: "group" }, container);
  const noun = spec.noun || "The date";
  const read = () => {
    const values = [day, month, year].map((p) => p.input.value.trim());
    if (values.every((v) => v === "")) return { value: "", error: null };
    const missing = ["day", "month", "year"].filter((_, i) => values[i] === "");
    if (missing.length) return { value: "", error: `${noun} must include a ${missing.join(" and ")}` };
    if (!values.every((v) => /^\d+$/.test(v)) || values[2].length !== 4) {
      return { value: "", error: `${noun} must be a real date` };
    }
    const [d, m, y] = values.map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      return { value: "", error: `${noun} must be a real date` };
    }
    return { value: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`, error: null };
  };
  return base(spec, group, container, null, {
    focusId: `${id}-day`,
    describe: set,
    errorControls: [day, month, year].map((p) => [p.input, "govuk-input--error"]),
    read,
  });
}

// --- errors ------------------------------------------------------------------------------------
const ERROR_TITLE_PREFIX = "Error: ";

function allFields(fields) {
  return fields.flatMap((field) => [field, ...allFields(field.children || [])]);
}

export function clearErrors(fields) {
  document.querySelectorAll("#main-content > .govuk-error-summary").forEach((summary) => summary.remove());
  if (document.title.startsWith(ERROR_TITLE_PREFIX)) document.title = document.title.slice(ERROR_TITLE_PREFIX.length);
  for (const field of allFields(fields)) {
    field.group.classList.remove("govuk-form-group--error");
    field.group.querySelectorAll(`#${CSS.escape(field.id)}-error`).forEach((message) => message.remove());
    for (const [control, errorClass] of field.errorControls) control.classList.remove(errorClass);
    const described = (field.describe.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((value) => value && value !== `${field.id}-error`);
    if (described.length) field.describe.setAttribute("aria-describedby", described.join(" "));
    else field.describe.removeAttribute("aria-describedby");
  }
}

/**
 * Shows errors the GOV.UK way: a summary at the top of the page (focused, each item linking to its
 * input) and a message above each input. errors: [{ field (or null), message }].
 */
export function showErrors(errors) {
  const items = errors.map(({ field, message }) =>
    h("li", {}, field ? h("a", { href: `#${field.focusId}` }, message) : message),
  );
  const summary = h(
    "div",
    { class: "govuk-error-summary", "data-module": "govuk-error-summary" },
    h(
      "div",
      { role: "alert" },
      h("h2", { class: "govuk-error-summary__title" }, "There is a problem"),
      h("div", { class: "govuk-error-summary__body" }, h("ul", { class: "govuk-list govuk-error-summary__list" }, items)),
    ),
  );
  const main = document.getElementById("main-content");
  main.querySelectorAll(":scope > .govuk-error-summary").forEach((old) => old.remove());
  main.prepend(summary);
  const marked = new Set();
  for (const { field, message } of errors) {
    if (!field || marked.has(field)) continue;
    marked.add(field);
    field.group.classList.add("govuk-form-group--error");
    for (const [control, errorClass] of field.errorControls) control.classList.add(errorClass);
    const errorMessage = h(
      "p",
      { id: `${field.id}-error`, class: "govuk-error-message" },
      h("span", { class: "govuk-visually-hidden" }, "Error:"),
      ` ${message}`,
    );
    field.errorTarget.before(errorMessage);
    const described = (field.describe.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    field.describe.setAttribute("aria-describedby", [...described, `${field.id}-error`].join(" "));
  }
  if (!document.title.startsWith(ERROR_TITLE_PREFIX)) document.title = ERROR_TITLE_PREFIX + document.title;
  new ErrorSummary(summary);
}

const REQUIRED = /^(field required|is required|required.*|at least one.*)$/i;

function sentence(text) {
  const value = String(text || "").trim();
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/**
 * An API error as summary items: each fields[].path is matched to the field of that name (its first
 * segment: "conditions[2]" is the conditions field), through `aliases` for names the domain uses.
 */
export function errorsFromApi(error, fields, aliases = {}) {
  if (!(error instanceof ApiError)) {
    return [{ field: null, message: "Something went wrong. Try again later." }];
  }
  const byName = new Map(allFields(fields).map((field) => [field.name, field]));
  const items = [];
  for (const { path = "", message = "" } of error.fields) {
    const head = String(path).split(/[.[]/)[0];
    const field = byName.get(aliases[head] || head) || byName.get(aliases[path] || path) || null;
    let text = sentence(message);
    if (field && REQUIRED.test(String(message).trim()) && field.required) text = field.required;
    else if (field) text = `${field.label}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
    items.push({ field, message: text });
  }
  if (!items.length || items.every((item) => !item.field)) {
    items.unshift({ field: null, message: sentence(error.message) });
  }
  return items;
}

/** A form of `fields` with one submit button; runs GOV.UK Frontend's JavaScript on what it built. */
export function form({ id, fields, submitText, validate, onSubmit, secondary, warning, aliases = {} }) {
  const button = h(
    "button",
    { type: "submit", class: "govuk-button", "data-module": "govuk-button", "data-prevent-double-click": "true" },
    submitText,
  );
  const element = h(
    "form",
    { id, novalidate: true },
    fields.map((field) => field.group),
    warning || null,
    h("div", { class: "govuk-button-group" }, button, secondary || null),
  );
  let busy = false;
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors(fields);
    const errors = validate ? validate() : [];
    if (errors.length) {
      showErrors(errors);
      return;
    }
    busy = true;
    button.setAttribute("aria-disabled", "true");
    try {
      await onSubmit();
    } catch (error) {
      showErrors(errorsFromApi(error, fields, aliases));
    } finally {
      busy = false;
      button.removeAttribute("aria-disabled");
    }
  });
  element.start = () => {
    for (const field of allFields(fields)) field.init?.();
  };
  return element;
}

/** The usual checks: required text/choices, and date inputs that are partly filled or not real. */
export function check(fields) {
  const errors = [];
  for (const field of fields) {
    const value = field.read();
    if (value && typeof value === "object" && "error" in value) {
      if (value.error) errors.push({ field, message: value.error });
      else if (!value.value && field.required) errors.push({ field, message: field.required });
    } else if (field.required && (value === "" || value === null || (Array.isArray(value) && !value.length))) {
      errors.push({ field, message: field.required });
    }
  }
  return errors;
}

// The API's pattern for an email address (bops.services.consultation.NewConsultee).
const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** A whole number of days from 1 to 99 (the API's limits), or the error for `field`; `optional`: may be empty. */
export function daysErrors(field, { optional = false } = {}) {
  const value = field.read();
  if (!value) return optional ? [] : check([field]);
  return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 99
    ? []
    : [{ field, message: "Enter a number of days from 1 to 99" }];
}

/** An email address the API will take, or the error for `field`. */
export function emailErrors(field) {
  const value = field.read();
  if (!value) return check([field]);
  return EMAIL.test(value) ? [] : [{ field, message: "Enter an email address in the correct format, like name@example.com" }];
}
