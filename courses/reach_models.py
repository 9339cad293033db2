"""Models of how learners are reached beyond their own rows: mailed one-time tokens, "notify me", and
the logos partners show on their pages.

They belong to the same Tortoise app as :mod:`courses.models` (``models.Learner`` refers there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from courses.models import Course, Learner, Partner


class AccountToken(Model):
    """A mailed one-time token: confirm an address or reset a password. Only its SHA-256 is stored."""

    id = fields.IntField(primary_key=True)
    learner: fields.ForeignKeyRelation[Learner] = fields.ForeignKeyField(
        "models.Learner", related_name="account_tokens", on_delete=fields.CASCADE)
    purpose = fields.CharField(max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "account_token"


class Watch(Model):
    """A learner's "notify me" on a course: told once per event when an intake opens or a seat frees."""

    id = fields.IntField(primary_key=True)
    learner: fields.ForeignKeyRelation[Learner] = fields.ForeignKeyField(
        "models.Learner", related_name="watches", on_delete=fields.CASCADE)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "models.Course", related_name="watches", on_delete=fields.CASCADE)
    key = fields.CharField(max_length=64, unique=True)  # the one-tap unsubscribe link's secret
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "watch"
        unique_together = (("learner", "course"),)


class PartnerLogo(Model):
    """A partner's logo, kept in the database (never under the web root) after its content was checked.

    ``digest`` (SHA-256 of ``data``) names the version, so its URL can be cached for a long time.
    """

    id = fields.IntField(primary_key=True)
    partner: fields.OneToOneRelation[Partner] = fields.OneToOneField(
        "models.Partner", related_name="logo", on_delete=fields.CASCADE)
    content_type = fields.CharField(max_length=20)  # image/png or image/svg+xml
    data = fields.BinaryField()
    digest = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "partner_logo"
