"""A deterministic demo catalogue, small by default and large on demand."""

from courses.demo.catalogue import (
    DEFAULT_SCALE,
    DEFAULT_SEED,
    CatalogueNotEmpty,
    generate,
    load,
    work,
)

__all__ = [
    "CatalogueNotEmpty",
    "DEFAULT_SCALE",
    "DEFAULT_SEED",
    "generate",
    "load",
    "work",
]
