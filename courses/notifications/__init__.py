"""The outbox: notifications written with the change that causes them, claimed and delivered later."""

from courses.notifications import outbox
from courses.notifications.outbox import *  # noqa: F403

__all__ = [
    *outbox.__all__,
]
