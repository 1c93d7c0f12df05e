// ODP file types (the tags a document carries) in words. The names come from the API's data file
// (bops/domain/data/file_types.json, written from the ODP schema), turned into js/file-types.js by the
// build: "sections.proposed" -> "Proposed sections", as the API's type_names say.
import FILE_TYPES from "./file-types.js";

// The ODP file types officers most often add or ask for; the API accepts any ODP file type.
const COMMON = [
  "locationPlan",
  "sitePlan.existing",
  "sitePlan.proposed",
  "floorPlan.existing",
  "floorPlan.proposed",
  "elevations.existing",
  "elevations.proposed",
  "sections.proposed",
  "roofPlan.proposed",
  "photographs.existing",
  "designAndAccessStatement",
  "heritageStatement",
  "planningStatement",
  "otherDrawing",
  "otherDocument",
];

export function documentTypeLabel(code) {
  return FILE_TYPES[code] || String(code);
}

export const COMMON_DOCUMENT_TYPES = COMMON.map((code) => [code, documentTypeLabel(code)]);

/** Every ODP file type as [code, name], sorted by name: the choices when re-tagging a document. */
export const ALL_DOCUMENT_TYPES = Object.entries(FILE_TYPES).sort((a, b) => a[1].localeCompare(b[1]));
