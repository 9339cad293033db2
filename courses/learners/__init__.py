"""Learners: portal accounts and Telegram identities (Mini App init data included), linking them,
confirming addresses, resetting passwords, contacts, sessions, personal data."""

from courses.learners import accounts, contacts, mail_links, mini_app, personal_data, web_sessions
from courses.learners.accounts import *  # noqa: F403
from courses.learners.contacts import *  # noqa: F403
from courses.learners.mail_links import *  # noqa: F403
from courses.learners.mini_app import *  # noqa: F403
from courses.learners.personal_data import *  # noqa: F403
from courses.learners.web_sessions import *  # noqa: F403

__all__ = [
    *accounts.__all__,
    *contacts.__all__,
    *mail_links.__all__,
    *mini_app.__all__,
    *personal_data.__all__,
    *web_sessions.__all__,
]
