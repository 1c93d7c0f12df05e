// The maps: a case's red line boundary, its site, the neighbours and the area they were chosen from, and a
// boundary being drawn. Bundled by esbuild (build.mjs) into /js/map-bundle.js and its stylesheet, which only
// the pages that show a map load (through js/maps.js): the dashboard and the other pages carry none of it.
//
// Why OpenLayers (`ol` from npm) and not `@opensystemslab/map`: that web component (PlanX's, built on
// OpenLayers) is made to show Ordnance Survey's basemap; it was not tried here because the map must also
// work with no basemap at all (the local run, with no internet and no OS key: the geometry on a plain
// background with a scale bar, and no failed tile requests in the console), it must draw and edit a
// boundary and pick neighbours with our own list beside it, and the site's Content-Security-Policy allows
// only its own styles and scripts. OpenLayers does all of that directly: vector layers, ScaleLine, and the
// Draw / Modify interactions; the OS tiles are one more layer when the API hands out a key.
//
// Everything the map shows or does is also in the page's text and forms (the map is supplementary): the
// red line's GeoJSON is kept in its text box, and every neighbour is in the list with a checkbox.
import "ol/ol.css";
import "./map.css";
import Feature from "ol/Feature.js";
import Map from "ol/Map.js";
import View from "ol/View.js";
import { Attribution, ScaleLine, Zoom } from "ol/control.js";
import { createEmpty, extend, isEmpty } from "ol/extent.js";
import GeoJSON from "ol/format/GeoJSON.js";
import Point from "ol/geom/Point.js";
import { circular } from "ol/geom/Polygon.js";
import { defaults as defaultInteractions, Draw, Modify } from "ol/interaction.js";
import TileLayer from "ol/layer/Tile.js";
import VectorLayer from "ol/layer/Vector.js";
import { fromLonLat } from "ol/proj.js";
import VectorSource from "ol/source/Vector.js";
import XYZ from "ol/source/XYZ.js";
import { Circle as CircleStyle, Fill, RegularShape, Stroke, Style } from "ol/style.js";

// GOV.UK Design System colours: red for the red line, the site in black, neighbours blue, picked yellow
const RED = "#d4351c";
const GREY = "#505a5f";
const BLUE = "#1d70b8";
const BLACK = "#0b0c0c";
const YELLOW = "#ffdd00";
const WHITE = "#ffffff";

const STYLES = {
  redLine: new Style({ stroke: new Stroke({ color: RED, width: 3 }), fill: new Fill({ color: "rgba(212, 53, 28, 0.1)" }) }),
  current: new Style({ stroke: new Stroke({ color: GREY, width: 2, lineDash: [6, 4] }) }),
  area: new Style({ stroke: new Stroke({ color: BLUE, width: 2, lineDash: [4, 4] }), fill: new Fill({ color: "rgba(29, 112, 184, 0.08)" }) }),
  site: new Style({
    image: new RegularShape({ points: 4, radius: 9, radius2: 0, angle: Math.PI / 4, stroke: new Stroke({ color: BLACK, width: 3 }) }),
  }),
  neighbour: new Style({ image: new CircleStyle({ radius: 6, fill: new Fill({ color: BLUE }), stroke: new Stroke({ color: WHITE, width: 2 }) }) }),
  picked: new Style({
    image: new CircleStyle({ radius: 8, fill: new Fill({ color: YELLOW }), stroke: new Stroke({ color: BLACK, width: 3 }) }),
    zIndex: 1,
  }),
};

const WGS84 = { dataProjection: "EPSG:4326", featureProjection: "EPSG:3857" };
const format = new GeoJSON();

/** A GeoJSON geometry or Feature (WGS 84) as an OpenLayers feature, or null when it cannot be read. */
function featureOf(geojson) {
  if (!geojson || typeof geojson !== "object") return null;
  try {
    const geometry = geojson.type === "Feature" ? geojson.geometry : geojson;
    if (!geometry || !["Polygon", "MultiPolygon"].includes(geometry.type)) return null;
    return new Feature(format.readGeometry(geometry, WGS84));
  } catch {
    return null;
  }
}

/** The GeoJSON geometry (WGS 84, to 7 decimals: about 1 cm) of an OpenLayers feature. */
function geometryOf(feature) {
  return format.writeGeometryObject(feature.getGeometry(), { ...WGS84, decimals: 7 });
}

function layer(style, features = [], zIndex = 0) {
  const source = new VectorSource({ features });
  return { source, layer: new VectorLayer({ source, style, zIndex }) };
}

/**
 * Draws a map into `target` (an empty element with its accessible name and description set by the caller).
 *
 * options: basemap (the API's map config, or null: a plain background), redLine (GeoJSON), proposed
 * (GeoJSON: a proposed boundary, drawn red with the current one grey and dashed), site ({latitude,
 * longitude}), neighbours ([{id, lat, lon, label}]), picked (ids), onPick(id) (a neighbour's point was
 * clicked), draw ("boundary": the proposed boundary can be edited and drawn anew; "area": an area can be
 * drawn), onDraw(geometry or null).
 */
export function createMap(target, options = {}) {
  const layers = [];
  const basemap = options.basemap;
  if (basemap && basemap.basemap === "os" && basemap.tiles_url) {
    layers.push(
      new TileLayer({
        source: new XYZ({
          url: basemap.tiles_url,
          attributions: basemap.attribution || undefined,
          attributionsCollapsible: false,
          minZoom: basemap.min_zoom ?? 0,
          maxZoom: basemap.max_zoom ?? 20,
          crossOrigin: "anonymous",
        }),
      }),
    );
  }
  const drawsBoundary = options.draw === "boundary";
  const current = layer(drawsBoundary || options.proposed ? STYLES.current : STYLES.redLine, [featureOf(options.redLine)].filter(Boolean), 1);
  const proposed = layer(STYLES.redLine, [], 3);
  const area = layer(STYLES.area, [], 2);
  const site = layer(STYLES.site, [], 4);
  const picked = new Set(options.picked || []);
  const neighbours = layer((feature) => (picked.has(feature.getId()) ? STYLES.picked : STYLES.neighbour), [], 5);
  for (const item of [current, area, proposed, site, neighbours]) layers.push(item.layer);

  if (options.site && Number.isFinite(options.site.latitude) && Number.isFinite(options.site.longitude)) {
    site.source.addFeature(new Feature(new Point(fromLonLat([options.site.longitude, options.site.latitude]))));
  }
  const startProposed = featureOf(options.proposed) || (drawsBoundary ? featureOf(options.redLine) : null);
  if (startProposed) proposed.source.addFeature(startProposed);

  const map = new Map({
    target,
    layers,
    // a wheel or drag over the map scrolls the page until the map has the focus (a click or Tab gives it)
    interactions: defaultInteractions({ onFocusOnly: true }),
    controls: [
      new Zoom({ zoomInTipLabel: "Zoom in", zoomOutTipLabel: "Zoom out" }),
      new ScaleLine({ units: "metric" }),
      ...(layers[0] instanceof TileLayer ? [new Attribution({ collapsible: false })] : []),
    ],
    view: new View({ center: fromLonLat([-1.5, 52.5]), zoom: 6, maxZoom: 21 }),
  });

  // --- neighbours: points to pick (the list beside the map has the same choice as checkboxes)
  const setNeighbours = (list) => {
    neighbours.source.clear();
    neighbours.source.addFeatures(
      (list || [])
        .filter((n) => Number.isFinite(n.lat) && Number.isFinite(n.lon))
        .map((n) => {
          const feature = new Feature(new Point(fromLonLat([n.lon, n.lat])));
          feature.setId(n.id);
          feature.set("label", n.label || "");
          return feature;
        }),
    );
  };
  setNeighbours(options.neighbours);
  const neighbourAt = (pixel) =>
    map.forEachFeatureAtPixel(pixel, (feature) => feature, { layerFilter: (l) => l === neighbours.layer, hitTolerance: 4 }) || null;
  let drawing = null;
  map.on("singleclick", (event) => {
    if (drawing || !options.onPick) return;
    const feature = neighbourAt(event.pixel);
    if (feature) options.onPick(feature.getId());
  });
  map.on("pointermove", (event) => {
    if (event.dragging) return;
    const over = !drawing && options.onPick && neighbourAt(event.pixel);
    map.getTargetElement().style.cursor = over ? "pointer" : "";
    map.getTargetElement().title = over ? over.get("label") : "";
  });

  // --- drawing: the proposed boundary (edit its corners, or draw it anew) or an area to pick neighbours in
  const editable = drawsBoundary ? proposed : options.draw === "area" ? area : null;
  const changed = () => {
    const feature = editable.source.getFeatures()[0];
    options.onDraw?.(feature ? geometryOf(feature) : null);
  };
  if (editable) {
    const modify = new Modify({ source: editable.source });
    modify.on("modifyend", changed);
    map.addInteraction(modify);
  }
  const startDrawing = () => {
    if (!editable) return;
    stopDrawing();
    editable.source.clear();
    drawing = new Draw({ source: editable.source, type: "Polygon" });
    drawing.on("drawend", () => {
      // the source has the feature only after drawend's handlers: report it on the next turn
      setTimeout(() => {
        stopDrawing();
        changed();
      });
    });
    map.addInteraction(drawing);
    map.getTargetElement().focus();
  };
  const stopDrawing = () => {
    if (drawing) map.removeInteraction(drawing);
    drawing = null;
  };
  /** Shows a geometry typed into the text box (null clears it); false when it cannot be drawn. */
  const setDrawn = (geojson) => {
    if (!editable) return false;
    const feature = geojson ? featureOf(geojson) : null;
    editable.source.clear();
    if (feature) editable.source.addFeature(feature);
    return Boolean(feature) || !geojson;
  };

  const setRadius = (metres) => {
    area.source.clear();
    const lonLat = options.site && [options.site.longitude, options.site.latitude];
    if (!(metres > 0) || !lonLat || !lonLat.every(Number.isFinite)) return;
    const circle = circular(lonLat, metres, 64).transform("EPSG:4326", "EPSG:3857");
    area.source.addFeature(new Feature(circle));
    fit();
  };

  const fit = () => {
    const extent = createEmpty();
    for (const item of [current, proposed, area, site, neighbours]) {
      if (item.source.getFeatures().length) extend(extent, item.source.getExtent());
    }
    if (isEmpty(extent)) return;
    map.getView().fit(extent, { padding: [32, 32, 32, 32], maxZoom: 19 });
  };
  // the frame may be sized a moment after the map is made (the page is still being put together)
  const size = map.getSize();
  if (size && size[0] > 0 && size[1] > 0) fit();
  else map.once("change:size", fit);

  return {
    map,
    fit,
    setNeighbours,
    setPicked(ids) {
      picked.clear();
      for (const id of ids) picked.add(id);
      neighbours.source.changed();
    },
    setRadius,
    setDrawn,
    startDrawing,
    stopDrawing,
    /** Where a neighbour's point is on the map, in CSS pixels from the map's top left (null: not drawn). */
    pixelOf(id) {
      const feature = neighbours.source.getFeatureById(id);
      map.renderSync();
      return feature ? map.getPixelFromCoordinate(feature.getGeometry().getCoordinates()) : null;
    },
    destroy() {
      map.setTarget(undefined);
    },
  };
}
