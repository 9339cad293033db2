"""The closed vocabularies of the catalogue (tracks, levels, the 19 major categories, audiences, kinds)
and their msgids; how numbers from outside are read; the names of its places in every locale.
"""

from courses.vocabulary import digits, kinds, places
from courses.vocabulary.digits import *  # noqa: F403
from courses.vocabulary.kinds import *  # noqa: F403
from courses.vocabulary.places import *  # noqa: F403

__all__ = [
    *digits.__all__,
    *kinds.__all__,
    *places.__all__,
]
