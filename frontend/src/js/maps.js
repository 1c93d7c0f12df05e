// A map on a page: its frame (an accessible name, a description of what it shows, a key), and the map
// itself, drawn by the OpenLayers bundle (src/map, built to js/map-bundle.js), which is fetched only when a
// page shows a map. The basemap comes from the API (Ordnance Survey's tiles with a key from Secrets Manager
// in AWS; none locally, where the geometry is drawn on a plain background). A map that cannot be drawn
// says so in the page and logs nothing: everything on it is also in the page's text and forms.
import { api } from "./api.js";
import { h } from "./dom.js";

let bundle = null;
let counter = 0;

function stylesheet(href) {
  if (document.querySelector(`link[rel=stylesheet][href="${href}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const link = h("link", { rel: "stylesheet", href });
    link.addEventListener("load", () => resolve());
    link.addEventListener("error", () => reject(new Error(`${href} did not load`)));
    document.head.appendChild(link);
  });
}

/** The map bundle (its script and stylesheet), loaded once per page. */
export function mapBundle() {
  bundle ??= Promise.all([import("./map-bundle.js"), stylesheet("/js/map-bundle.css")]).then(([module]) => module);
  return bundle;
}

const configs = new Map();

/**
 * The basemap (the API's map config), or null when not available: an officer's (no argument), a council's
 * public pages' (`council`), or the applicant's (`token`: their link's).
 */
export function basemap({ council = null, token = null } = {}) {
  const key = token ? `token:${token}` : council || "";
  if (!configs.has(key)) {
    const request = token
      ? api("/api/v1/applicant/map/config", { token })
      : council
        ? api(`/api/v1/public/${encodeURIComponent(council)}/map/config`, { token: null })
        : api("/api/v1/map/config");
    configs.set(key, request.catch(() => null));
  }
  return configs.get(key);
}

// The key's entries: [what, how it is drawn]
const KEY = {
  redLine: ["The red line boundary", "app-map__key--red-line"],
  current: ["The current red line boundary", "app-map__key--current"],
  proposed: ["The proposed red line boundary", "app-map__key--red-line"],
  site: ["The site's address point", "app-map__key--site"],
  neighbours: ["Neighbours to write to (yellow: selected)", "app-map__key--neighbour"],
  area: ["The area neighbours are chosen in", "app-map__key--area"],
};

/**
 * A map's frame: { element, ready } where `ready` resolves to the map's controller (js/map-bundle.js's
 * createMap), or null when the map could not be drawn. `label` names the map for assistive technology,
 * `description` says in words what it shows; `key` lists the KEY entries shown; `council` (the public
 * pages) or `token` (the applicant's link) picks whose basemap; `options` go to createMap.
 */
export function mapPanel({ id, label, description, key = [], council = null, token = null, options = {} }) {
  // options may be a promise (the geometry still loading): the frame is shown at once
  const mapId = id || `map-${++counter}`;
  const canvas = h("div", {
    id: mapId,
    class: "app-map__canvas",
    role: "region",
    "aria-label": label,
    "aria-describedby": `${mapId}-description`,
    tabindex: "0",
    "data-map": "loading",
  });
  const keyList = key.length
    ? h(
        "ul",
        { class: "govuk-list govuk-body-s app-map__key", "aria-label": "Key" },
        key.map((entry) => h("li", {}, h("span", { class: `app-map__swatch ${KEY[entry][1]}`, "aria-hidden": "true" }), KEY[entry][0])),
      )
    : null;
  const status = h("p", { class: "govuk-body-s", id: `${mapId}-description` }, description);
  const element = h("div", { class: "app-map" }, canvas, status, keyList);
  const ready = Promise.all([mapBundle(), basemap({ council, token }), options])
    .then(([module, config, resolved]) => {
      if (!resolved) throw new Error("nothing to draw");
      const controller = module.createMap(canvas, { ...resolved, basemap: config });
      canvas.dataset.map = config?.basemap ? "basemap" : "plain";
      canvas.bopsMap = controller; // for the browser tests: where a neighbour's point is drawn
      return controller;
    })
    .catch(() => {
      canvas.dataset.map = "failed";
      canvas.removeAttribute("tabindex");
      canvas.replaceChildren(h("p", { class: "govuk-body app-map__failed" }, "The map could not be shown. Everything on it is also listed on this page."));
      return null;
    });
  return { element, canvas, ready };
}

const hasPoint = (site) => Number.isFinite(site?.latitude) && Number.isFinite(site?.longitude);

/**
 * The map of a case's site and red line boundary (the case page, the public register): an officer's
 * (`council` null) or the public's. Resolves to null when the case has nothing to draw.
 */
export async function siteMap({ reference, council = null, id = "site-map" }) {
  const path = council
    ? `/api/v1/public/${encodeURIComponent(council)}/applications/${encodeURIComponent(reference)}/map`
    : `/api/v1/applications/${encodeURIComponent(reference)}/map`;
  let geometry;
  try {
    geometry = await api(path, council ? { token: null } : {});
  } catch {
    return null;
  }
  if (!geometry.red_line && !hasPoint(geometry.site)) return null;
  const description = geometry.red_line
    ? `The red line boundary ${geometry.red_line_source === "change" ? "as changed at the council's request" : "the applicant drew"} around ${geometry.site.address}${hasPoint(geometry.site) ? ", and the site's address point" : ""}.`
    : `No red line boundary was drawn: the map shows the address point of ${geometry.site.address}.`;
  const panel = mapPanel({
    id,
    label: "Map of the site",
    description,
    council,
    key: [geometry.red_line ? "redLine" : null, hasPoint(geometry.site) ? "site" : null].filter(Boolean),
    options: { redLine: geometry.red_line, site: geometry.site },
  });
  return panel;
}

/** A section (heading and map) filled in once the case's geometry is loaded; empty when there is none. */
export function siteMapSection({ reference, council = null, heading = "Site", level = "h2" }) {
  const section = h("div", { class: "app-map-section", id: "site-map-section" });
  siteMap({ reference, council }).then((panel) => {
    if (panel) section.replaceChildren(h(level, { class: level === "h2" ? "govuk-heading-m" : "govuk-heading-s" }, heading), panel.element);
  });
  return section;
}
