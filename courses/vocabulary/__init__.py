"""The closed vocabularies of the catalogue (tracks, levels, the 19 major categories, audiences, kinds)
and their msgids, and the names of its places in every locale.
"""

from courses.vocabulary import kinds, places
from courses.vocabulary.kinds import *  # noqa: F403
from courses.vocabulary.places import *  # noqa: F403

__all__ = [
    *kinds.__all__,
    *places.__all__,
]
