"""A learning centre's location as a small static map: its country's outline with a dot, drawn as SVG
on the server, and links that hand the point to the reader's own maps application.

No tile server and no script: the outline is a simplified polygon per country (``outlines/<CC>.json``,
rings of ``[longitude, latitude]`` pairs rounded to 0.01°, taken from Natural Earth's public-domain
1:110m countries), projected equirectangularly with the longitude scale of the country's middle
latitude, which keeps a country's shape recognisable at this size.

China has no outline on purpose: a map of China published in China must show the South China Sea
islands and the national boundary as the standard map service (标准地图服务) draws them, with its review
number; a simplified world outline does neither, and a "problem map" is a legal fault. Centres in China
get the links to the reader's maps until a reviewed outline is added as ``outlines/CN.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

OUTLINES = Path(__file__).resolve().parent / "outlines"
WIDTH = 320  # user units of the SVG's viewBox; the page scales it to the column
PADDING = 16

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class BaseMap:
    """What the base page draws: ``outline`` is SVG path data (None when the country has no outline,
    then only the links are shown); ``x``/``y`` is the dot in the same user units."""

    width: int
    height: int
    outline: str | None
    x: float
    y: float
    geo_url: str  # opens the phone's maps application at the point
    web_url: str  # the same point on OpenStreetMap, for browsers that know no geo: links


@cache
def outline(country: str) -> tuple[Ring, ...] | None:
    """The country's rings, or None when no outline is kept for it."""
    if not (len(country) == 2 and country.isalpha() and country.isupper()):
        return None
    path = OUTLINES / f"{country}.json"
    if not path.exists():
        return None
    return tuple([(float(lon), float(lat)) for lon, lat in ring] for ring in json.loads(path.read_text()))


def _links(latitude: float, longitude: float) -> tuple[str, str]:
    point = f"{latitude:.5f},{longitude:.5f}"
    lat, lon = f"{latitude:.5f}", f"{longitude:.5f}"
    return (f"geo:{point}?q={point}",
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}")


def base_map(country: str, latitude: float, longitude: float) -> BaseMap:
    """The map of a point in ``country``; the frame fits the outline and the point (so a point off the
    simplified coast still shows)."""
    geo_url, web_url = _links(latitude, longitude)
    rings = outline(country)
    if rings is None:
        return BaseMap(WIDTH, 0, None, 0.0, 0.0, geo_url, web_url)
    longitudes = [lon for ring in rings for lon, _ in ring] + [longitude]
    latitudes = [lat for ring in rings for _, lat in ring] + [latitude]
    west, east, south, north = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * PADDING) / max((east - west) * squeeze, 1e-6)
    height = round((north - south) * scale + 2 * PADDING)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return PADDING + (lon - west) * squeeze * scale, PADDING + (north - lat) * scale

    paths = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        paths.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    x, y = project(longitude, latitude)
    return BaseMap(WIDTH, height, "".join(paths), round(x, 1), round(y, 1), geo_url, web_url)
