"""Notifications: the Outbox, what a notice says in the learner's language, e-mail and Telegram
delivery, reminders, "notify me", and the worker that sends everything due."""

from courses.notifications import mail, notices, outbox, telegram, watches, worker
from courses.notifications.mail import *  # noqa: F403
from courses.notifications.notices import *  # noqa: F403
from courses.notifications.outbox import *  # noqa: F403
from courses.notifications.telegram import *  # noqa: F403
from courses.notifications.watches import *  # noqa: F403
from courses.notifications.worker import *  # noqa: F403

__all__ = [
    *mail.__all__,
    *notices.__all__,
    *outbox.__all__,
    *telegram.__all__,
    *watches.__all__,
    *worker.__all__,
]
