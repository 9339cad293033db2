"""Places of the catalogue in the reader's language: the provinces of China and the cities of the
catalogue's bases and providers, named in every locale (the table is data: ``places.json``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

__all__ = ["place_name", "place_names"]

_TABLE = Path(__file__).with_name("places.json")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, dict[str, str]]]:
    table: dict[str, dict[str, dict[str, str]]] = json.loads(_TABLE.read_text(encoding="utf-8"))
    # Cities win over provinces: a municipality is both, and as a city it is named without 市 (天津).
    table["places"] = {**table["provinces"], **table["cities"]}
    return table


def place_names() -> dict[str, dict[str, str]]:
    """Every known place, by the name it is stored under (English), with its name in each locale."""
    return _table()["places"]


def place_name(value: str | None, locale: str, *, province: bool = False) -> str:
    """The place stored as ``value`` ("Jiangsu", "Bangkok") named in ``locale`` ("江苏省", "กรุงเทพมหานคร").

    ``province`` asks for the province of that name (天津市) rather than the city (天津). A locale the
    table lacks falls back to English; a place the table does not know (an import's own name) is
    returned as stored; ``None`` or an empty value gives an empty string.
    """
    if not value:
        return ""
    names = (_table()["provinces"].get(value) if province else None) or place_names().get(value)
    if names is None:
        return value
    return names.get(locale) or names.get("en") or value
