// Pages opened from a link in an email (the applicant's, the consultee's): no sign-in, the link's token
// is the key. It is read from the address's fragment (never sent to a server with the page), removed
// from the address bar at once, kept in this tab's sessionStorage and sent to the API as a bearer token.
// The API answers 404 (or 401) once the link no longer leads anywhere, and the page says so.
import { api, ApiError } from "./api.js";
import { h, replace } from "./dom.js";
import { clearErrors } from "./forms.js";

export function takeToken(storageKey) {
  const fromLink = linkFragment();
  if (fromLink) {
    sessionStorage.setItem(storageKey, fromLink);
    // The secret leaves the address bar, and so the history and anything copied from it.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  watchForAnotherLink();
  return sessionStorage.getItem(storageKey);
}

// The address's fragment if it is a link's token: not one naming something on this page (the skip link's
// #main-content, an error summary's #field), which must neither become the token nor reload the page.
function linkFragment() {
  const fragment = window.location.hash.slice(1).trim();
  if (!fragment) return "";
  let id = fragment;
  try {
    id = decodeURIComponent(fragment);
  } catch {
    // not an element's id, then
  }
  return document.getElementById(id) ? "" : fragment;
}

// A second link opened in the same tab changes only the fragment, so the browser does not load the page
// again and the first link's request would stay on screen: load it again, and it takes the new token.
let watching = false;
function watchForAnotherLink() {
  if (watching) return;
  watching = true;
  window.addEventListener("hashchange", () => {
    if (linkFragment()) window.location.reload();
  });
}

function problem(column, title, ...texts) {
  document.title = `${title} – BoPS`;
  replace(column, h("h1", { class: "govuk-heading-l" }, title), texts.map((text) => h("p", { class: "govuk-body" }, text)));
}

// What the link opens (the API's answer to `path`), or null once the page has said why there is nothing.
export async function openLink(column, { token, path, noLongerValid }) {
  if (!token) {
    problem(column, "This link is not complete", "Check you copied the whole link from the email we sent you.");
    return null;
  }
  try {
    return await api(path, { token });
  } catch (error) {
    if (error.status === 404 || error.status === 401) problem(column, "This link is no longer valid", ...noLongerValid);
    else problem(column, "Sorry, there is a problem with the service", `Try again later. ${error.message}`);
    return null;
  }
}

// After a file reaches storage the back office checks and records it (a few seconds); until then the API
// refuses a response that names it. Sends the response, asking again meanwhile; null if it never is.
const RECEIVED_WAIT_MS = 45_000;
const RECEIVED_RETRY_MS = 1_500;

export async function respondOnceReceived(path, token, payload) {
  const deadline = Date.now() + RECEIVED_WAIT_MS;
  for (;;) {
    try {
      return await api(path, { method: "POST", token, body: payload });
    } catch (error) {
      const notYet =
        error instanceof ApiError &&
        error.status === 422 &&
        error.fields.some((field) => String(field.path).startsWith("document_ids") && /not received/.test(field.message));
      if (!notYet) throw error;
      if (Date.now() > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, RECEIVED_RETRY_MS));
    }
  }
}

// The confirmation once a response is sent: a GOV.UK panel with the reference, what happens next, and
// what was sent (`sent`: nodes, or null). The panel's title takes the focus.
export function responseSent(column, { referenceLabel, reference, next, sent }) {
  clearErrors([]);
  document.title = "Response sent – BoPS";
  const title = h("h1", { class: "govuk-panel__title", tabindex: "-1" }, "Response sent");
  replace(
    column,
    h(
      "div",
      { class: "govuk-panel govuk-panel--confirmation" },
      title,
      h("div", { class: "govuk-panel__body" }, referenceLabel, h("br"), h("strong", {}, reference)),
    ),
    h("h2", { class: "govuk-heading-m" }, "What happens next"),
    h("p", { class: "govuk-body" }, next),
    sent ? [h("h2", { class: "govuk-heading-m" }, "Your response"), sent] : null,
  );
  title.focus();
}
