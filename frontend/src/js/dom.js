// Building the page from API data. Everything from the API goes in as text: `h` sets attributes with
// setAttribute and children as text nodes; no module parses strings as HTML (tests/browser checks).

/**
 * h("a", { class: "govuk-link", href }, "text", childNode, [more]) -> HTMLElement.
 * Attribute values null, undefined or false are left out; true gives an empty attribute.
 * `on: { click: fn }` adds listeners.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "on") {
      for (const [event, listener] of Object.entries(value)) element.addEventListener(event, listener);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends nodes and strings (as text nodes), skipping null, undefined and false. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

export function byId(id) {
  return document.getElementById(id);
}

/** A link within the site, built from path and query values (each value URL-encoded). */
export function href(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== "") params.set(key, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Sends the browser to a URL from the API (a presigned link) only when it is http(s). */
export function openExternal(url) {
  const parsed = new URL(url, window.location.href);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("Refusing a link that is not http(s)");
  window.location.assign(parsed.href);
}

/**
 * A GOV.UK summary list of [key, value] rows; a row whose value is null, undefined or "" is left out.
 * `wrap` breaks long words (emails, links) in values; `extraClass` is added to the list's class.
 */
export function summaryList(rows, { wrap = false, extraClass = "" } = {}) {
  return h(
    "dl",
    { class: `govuk-summary-list${extraClass}` },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([key, value]) =>
        h(
          "div",
          { class: "govuk-summary-list__row" },
          h("dt", { class: "govuk-summary-list__key" }, key),
          h("dd", { class: `govuk-summary-list__value${wrap ? " app-wrap" : ""}` }, value),
        ),
      ),
  );
}
