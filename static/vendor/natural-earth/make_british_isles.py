"""british-isles.geojson from world-atlas's Natural Earth TopoJSON (see LICENSE.txt).

python3 make_british_isles.py countries-10m.json british-isles.geojson 3
"""

import json
import sys

# ISO 3166 numeric codes, as world-atlas names its countries.
WANTED = {
    "826": "United Kingdom",
    "372": "Ireland",
    "833": "Isle of Man",
    "832": "Jersey",
    "831": "Guernsey",
}


def decode_arcs(topology):
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(arcs, indexes, decimals):
    points = []
    for index in indexes:
        part = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(part if not points else part[1:])
    rounded = []
    for longitude, latitude in points:
        point = [round(longitude, decimals), round(latitude, decimals)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def british_isles(topology, decimals):
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = WANTED.get(str(geometry.get("id")))
        if name is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        coordinates = []
        for polygon in polygons:
            rings = [ring(arcs, indexes, decimals) for indexes in polygon]
            rings = [points for points in rings if len(points) >= 4]
            if rings:
                coordinates.append(rings)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    source, target, decimals = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(source) as topojson:
        collection = british_isles(json.load(topojson), decimals)
    with open(target, "w") as geojson:
        json.dump(collection, geojson, separators=(",", ":"))
