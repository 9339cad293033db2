"""The portal's server-side sessions, a table of their own beside the learner's rows in :mod:`courses.models`."""

from __future__ import annotations

from tortoise import fields

from courses.models import Row


class WebSession(Row):
    """A portal session kept on the server, so that signing out really ends it.

    Only a hash of the cookie's key is stored: a copy of the table opens no sessions.
    """

    key_hash = fields.CharField(max_length=64, unique=True)
    data = fields.TextField()  # JSON
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "web_session"
