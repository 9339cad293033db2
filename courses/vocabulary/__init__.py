"""The closed vocabularies of the catalogue (tracks, levels, the 19 major categories, audiences, kinds)
and their msgids.
"""

from courses.vocabulary import kinds
from courses.vocabulary.kinds import *  # noqa: F403

__all__ = [
    *kinds.__all__,
]
