"""A deterministic demo catalogue, small by default and large on demand."""

from courses.demo import catalogue
from courses.demo.catalogue import *  # noqa: F403

__all__ = [
    *catalogue.__all__,
]
