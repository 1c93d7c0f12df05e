// ODP file types (the tags a document carries) in words: the ones officers most often ask for, and a
// readable name for any other code ("floorPlan.proposed" -> "Floor plan – proposed").

// The ODP file types officers most often add or ask for; the API accepts any ODP file type.
export const COMMON_DOCUMENT_TYPES = [
  ["locationPlan", "Location plan"],
  ["sitePlan.existing", "Site plan – existing"],
  ["sitePlan.proposed", "Site plan – proposed"],
  ["floorPlan.existing", "Floor plan – existing"],
  ["floorPlan.proposed", "Floor plan – proposed"],
  ["elevations.existing", "Elevations – existing"],
  ["elevations.proposed", "Elevations – proposed"],
  ["sections.proposed", "Sections – proposed"],
  ["roofPlan.proposed", "Roof plan – proposed"],
  ["photographs.existing", "Photographs – existing"],
  ["designAndAccessStatement", "Design and access statement"],
  ["heritageStatement", "Heritage statement"],
  ["planningStatement", "Planning statement"],
  ["otherDrawing", "Other drawing"],
  ["otherDocument", "Other document"],
];

const LABELS = new Map(COMMON_DOCUMENT_TYPES);

export function documentTypeLabel(code) {
  if (LABELS.has(code)) return LABELS.get(code);
  const words = String(code)
    .split(".")
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase());
  const text = words.join(" – ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
