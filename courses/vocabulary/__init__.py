"""The closed vocabularies of the catalogue (tracks, levels, the 19 major categories, audiences, kinds)
and their msgids; how numbers from outside are read.
"""

from courses.vocabulary import digits, kinds
from courses.vocabulary.digits import *  # noqa: F403
from courses.vocabulary.kinds import *  # noqa: F403

__all__ = [
    *digits.__all__,
    *kinds.__all__,
]
