// Search: the API tries the reference (whole, or just its number: 5, 00005, 26-00005), then the exact
// postcode, then address words, then description words, and says which step found the applications.
import { api } from "../api.js";
import { applicationsTable } from "../applications-table.js";
import { append, byId, h, replace } from "../dom.js";
import { form, showErrors, textInput, errorsFromApi } from "../forms.js";
import { startPage } from "../layout.js";

const MATCHED_BY = {
  reference: "by reference",
  postcode: "by postcode",
  address: "by words in the site address",
  description: "by words in the description",
};

const officer = startPage({ current: "applications" });
if (officer) {
  const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  const q = textInput({
    name: "q",
    id: "q",
    label: "Reference, postcode, address or description",
    size: "s",
    spellcheck: false,
    value: query,
    required: "Enter a reference, postcode, address or description",
  });
  const searchForm = form({
    id: "search-form",
    fields: [q],
    submitText: "Search",
    validate: () => (q.read() ? [] : [{ field: q, message: q.required }]),
    onSubmit: async () => {
      window.location.assign(`/search.html?q=${encodeURIComponent(q.read())}`);
    },
  });
  replace(byId("before-content"), h("a", { href: "/", class: "govuk-back-link" }, "Back to applications"));
  searchForm.setAttribute("role", "search");
  append(byId("search"), [searchForm]);
  searchForm.start();
  if (query) run(query, q);
}

async function run(query, field) {
  const results = byId("results");
  replace(results, h("p", { class: "govuk-body app-loading" }, "Searching…"));
  let found;
  try {
    found = await api("/api/v1/search", { query: { q: query } });
  } catch (error) {
    replace(results);
    showErrors(errorsFromApi(error, [field]));
    return;
  }
  document.title = `${query} – Search applications – BoPS`;
  const count = found.applications.length;
  if (!count) {
    replace(
      results,
      h("h2", { class: "govuk-heading-m" }, "No applications found"),
      h("p", { class: "govuk-body" }, "Try:"),
      h(
        "ul",
        { class: "govuk-list govuk-list--bullet" },
        h("li", {}, "the reference or just its number, for example 25-00100-HAPP or 100"),
        h("li", {}, "the full postcode, for example SE1 2AB"),
        h("li", {}, "fewer words from the address or description"),
      ),
    );
    return;
  }
  const heading = `${count} ${count === 1 ? "application" : "applications"} found ${MATCHED_BY[found.matched_by] || ""}`;
  replace(
    results,
    h("h2", { class: "govuk-heading-m" }, heading.trim()),
    applicationsTable(found.applications, { caption: `Applications matching ${query}` }),
  );
}
