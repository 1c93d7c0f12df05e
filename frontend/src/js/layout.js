// What every signed-in page does first: check the session, show the navigation, wire sign-out, run
// GOV.UK Frontend's JavaScript on the page's static parts, and show any message left by the last page.
import { NotificationBanner, ServiceNavigation, SkipLink } from "/vendor/govuk-frontend.min.js";
import { requireOfficer, signOut, takeFlash } from "./auth.js";
import { h, replace } from "./dom.js";

export function startPage({ signedIn = true, current } = {}) {
  const officer = signedIn ? requireOfficer() : null;
  if (signedIn && !officer) return null;
  const navigation = document.getElementById("app-navigation");
  if (officer && navigation) {
    navigation.hidden = false;
    if (current) {
      const item = navigation.querySelector(`[data-nav="${current}"]`);
      if (item) {
        item.classList.add("govuk-service-navigation__item--active");
        item.querySelector("a")?.setAttribute("aria-current", "page");
      }
    }
    document.getElementById("sign-out")?.addEventListener("click", async (event) => {
      event.preventDefault();
      await signOut();
      window.location.assign("/sign-in.html?signed-out=1");
    });
  } else if (navigation) {
    navigation.remove();
  }
  for (const element of document.querySelectorAll('[data-module="govuk-service-navigation"]')) {
    new ServiceNavigation(element);
  }
  for (const element of document.querySelectorAll('[data-module="govuk-skip-link"]')) new SkipLink(element);
  return officer;
}

/** A notification banner (success, or important information) at the top of main content. */
export function banner({ title, text, success = false }) {
  const titleId = "notification-banner-title";
  const element = h(
    "div",
    {
      class: `govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`,
      role: success ? "alert" : "region",
      "aria-labelledby": titleId,
      "data-module": "govuk-notification-banner",
    },
    h(
      "div",
      { class: "govuk-notification-banner__header" },
      h("h2", { class: "govuk-notification-banner__title", id: titleId }, success ? "Success" : "Important"),
    ),
    h(
      "div",
      { class: "govuk-notification-banner__content" },
      h("p", { class: "govuk-notification-banner__heading" }, title),
      text ? h("p", { class: "govuk-body" }, text) : null,
    ),
  );
  const main = document.getElementById("main-content");
  main.querySelectorAll(":scope > .govuk-notification-banner").forEach((old) => old.remove());
  main.prepend(element);
  new NotificationBanner(element);
  return element;
}

export function showFlash() {
  const message = takeFlash();
  if (message) banner(message);
}

/** Replaces the page's main content with a message (a failed load, a missing application). */
export function pageProblem(title, text) {
  const main = document.getElementById("main-content");
  replace(
    main,
    h("h1", { class: "govuk-heading-l" }, title),
    h("p", { class: "govuk-body" }, text),
    h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: "/" }, "Go to your applications")),
  );
  document.title = `${title} – BoPS`;
}
