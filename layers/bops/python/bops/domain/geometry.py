"""Whether two GeoJSON shapes touch: a site's red line against a designated area. Pure, no I/O.

Longitude and latitude are treated as plane coordinates, as ``bops.domain.neighbours`` does: at the scale
of a site and a conservation area the error is far below the precision of the boundaries themselves.
Shapes are GeoJSON Points, Polygons (holes allowed), MultiPolygons, or Features / FeatureCollections of
them. Two shapes intersect when they share at least one point: an edge of one crosses or touches an edge of
the other, or one lies inside the other (a site wholly inside a conservation area crosses no edge).
A shape inside a hole of the other does not intersect it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bops.domain.neighbours import Polygon, point_in_polygons, polygons_of

Point = tuple[float, float]
#: A shape as this module works on it: its polygons (outer ring then holes) and its lone points.
Shape = tuple[list[Polygon], list[Point]]


def shape_of(geojson: Mapping[str, Any]) -> Shape:
    """The polygons and points of a GeoJSON geometry, Feature or FeatureCollection.

    Raises ``InvalidRequest`` (field ``polygon``) for a malformed polygon and ``ValueError`` for a
    geometry of another kind (a line: no designation is a line here).
    """
    polygons: list[Polygon] = []
    points: list[Point] = []
    for geometry in _geometries(geojson):
        kind = geometry.get("type")
        if kind == "Point":
            lon, lat = geometry["coordinates"][:2]
            points.append((float(lon), float(lat)))
        elif kind == "MultiPoint":
            points.extend((float(p[0]), float(p[1])) for p in geometry["coordinates"])
        elif kind in ("Polygon", "MultiPolygon"):
            polygons.extend(polygons_of(geometry))
        else:
            raise ValueError(f"not an area or a point: {kind!r}")
    return polygons, points


def _geometries(geojson: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        for feature in geojson.get("features") or []:
            yield from _geometries(feature)
    elif kind == "Feature":
        geometry = geojson.get("geometry")
        if isinstance(geometry, Mapping):
            yield from _geometries(geometry)
    elif kind == "GeometryCollection":
        for geometry in geojson.get("geometries") or []:
            yield from _geometries(geometry)
    else:
        yield geojson


def intersects(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two GeoJSON shapes share at least one point (see the module's notes)."""
    return shapes_intersect(shape_of(a), shape_of(b))


def shapes_intersect(a: Shape, b: Shape) -> bool:
    a_polygons, a_points = a
    b_polygons, b_points = b
    if any(point_in_polygons(x, y, b_polygons) for x, y in a_points):
        return True
    if any(point_in_polygons(x, y, a_polygons) for x, y in b_points):
        return True
    if any(p == q for p in a_points for q in b_points):
        return True
    return any(polygons_intersect(p, q) for p in a_polygons for q in b_polygons)


def polygons_intersect(a: Polygon, b: Polygon) -> bool:
    """Whether two polygons (outer ring, then holes) share a point."""
    if not _boxes_overlap(_box(a[0]), _box(b[0])):
        return False
    # An edge of one meets an edge of the other (holes' edges included: touching a hole's edge is
    # touching the polygon).
    if any(segments_intersect(p, q, r, s) for p, q in _edges(a) for r, s in _edges(b)):
        return True
    # No edges meet: either one lies wholly inside the other (and not in one of its holes), or apart.
    ax, ay = a[0][0][0], a[0][0][1]
    bx, by = b[0][0][0], b[0][0][1]
    return point_in_polygons(ax, ay, [b]) or point_in_polygons(bx, by, [a])


def _edges(polygon: Polygon) -> Iterator[tuple[Sequence[float], Sequence[float]]]:
    for ring in polygon:
        for i in range(len(ring) - 1):
            yield ring[i], ring[i + 1]


def _box(ring: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _boxes_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _orientation(p: Sequence[float], q: Sequence[float], r: Sequence[float]) -> int:
    """1 for a left turn p→q→r, -1 for a right turn, 0 when the three are in line."""
    value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (value > 0) - (value < 0)


def _on_segment(p: Sequence[float], q: Sequence[float], r: Sequence[float]) -> bool:
    """Whether r, in line with p and q, lies between them."""
    return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])


def segments_intersect(p: Sequence[float], q: Sequence[float], r: Sequence[float], s: Sequence[float]) -> bool:
    """Whether segment p–q and segment r–s share a point (crossing, touching or overlapping)."""
    o1, o2 = _orientation(p, q, r), _orientation(p, q, s)
    o3, o4 = _orientation(r, s, p), _orientation(r, s, q)
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and _on_segment(p, q, r))
        or (o2 == 0 and _on_segment(p, q, s))
        or (o3 == 0 and _on_segment(r, s, p))
        or (o4 == 0 and _on_segment(r, s, q))
    )


def to_wkt(shape: Shape) -> str:
    """The shape as WKT (what planning.data.gov.uk's ``geometry`` parameter takes): a POINT, a
    MULTIPOLYGON, or a GEOMETRYCOLLECTION of both."""

    def ring(r: Sequence[Sequence[float]]) -> str:
        return "(" + ", ".join(f"{p[0]:.7f} {p[1]:.7f}" for p in r) + ")"

    polygons, points = shape
    parts = []
    if polygons:
        parts.append(
            "MULTIPOLYGON (" + ", ".join("(" + ", ".join(ring(r) for r in poly) + ")" for poly in polygons) + ")"
        )
    parts.extend(f"POINT ({x:.7f} {y:.7f})" for x, y in points)
    if not parts:
        raise ValueError("an empty shape has no WKT")
    return parts[0] if len(parts) == 1 else "GEOMETRYCOLLECTION (" + ", ".join(parts) + ")"
