// The neighbours' list as an officer reads it: by street, then house number in natural order ("2", "10",
// "10A", "Flat 1, 12"), grouped by street and postcode so the postcode is shown once per group and not on
// every line. Addresses come as one line ("40, STANSFIELD ROAD, LONDON, SW9 9RZ" from OS Places and the demo
// data, or as an officer typed it), so the street and number are read from the line.

const natural = new Intl.Collator("en-GB", { numeric: true, sensitivity: "base" });
// "40", "10A", "2-4", "12 High Street"
const NUMBERED = /^(\d+[A-Z]?(?:\s*-\s*\d+[A-Z]?)?)(?:\s+(.+))?$/i;

/** The address line without its postcode (and the comma before it). */
export function withoutPostcode(line, postcode) {
  const text = String(line || "").trim();
  if (!postcode) return text;
  const compact = (s) => s.replace(/\s+/g, "").toUpperCase();
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length > 1 && compact(parts[parts.length - 1]) === compact(postcode)) return parts.slice(0, -1).join(", ");
  const at = text.toUpperCase().lastIndexOf(String(postcode).toUpperCase());
  return at > 0 ? text.slice(0, at).replace(/[\s,]+$/, "") : text;
}

/** { street, number, unit }: "Flat 1, 12 High Street, Town" -> street "High Street", number "12", unit "Flat 1". */
export function addressParts(line) {
  const parts = String(line || "").split(",").map((p) => p.trim()).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const match = parts[i].match(NUMBERED);
    if (!match) continue;
    const street = match[2] || parts[i + 1] || "";
    return { street, number: match[1].replace(/\s+/g, ""), unit: parts.slice(0, i).join(", ") };
  }
  return { street: parts[0] || "", number: "", unit: "" };
}

/** Compares two addresses by street, house number (naturally), then flat or unit, then the whole line. */
export function compareAddresses(a, b) {
  const x = addressParts(a.single_line);
  const y = addressParts(b.single_line);
  return (
    natural.compare(x.street, y.street) ||
    natural.compare(x.number, y.number) ||
    natural.compare(x.unit, y.unit) ||
    natural.compare(String(a.single_line || ""), String(b.single_line || ""))
  );
}

/**
 * The neighbours in groups of one street and postcode, each sorted: [{ street, postcode, neighbours }],
 * each neighbour with its `line` (the address without the postcode).
 */
export function groupNeighbours(neighbours) {
  const sorted = [...neighbours].sort((a, b) => compareAddresses(a.address || {}, b.address || {}));
  const groups = [];
  for (const neighbour of sorted) {
    const address = neighbour.address || {};
    const street = addressParts(address.single_line).street;
    const postcode = address.postcode || "";
    let group = groups.find((g) => natural.compare(g.street, street) === 0 && g.postcode === postcode);
    if (!group) {
      group = { street, postcode, neighbours: [] };
      groups.push(group);
    }
    group.neighbours.push({ ...neighbour, line: withoutPostcode(address.single_line, postcode) });
  }
  return groups;
}
