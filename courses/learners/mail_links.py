"""Links sent by e-mail: confirming the address after sign-up, and resetting a forgotten password.

A link carries a random token; only its SHA-256 is stored (``AccountToken``), it expires and
it works once. Sign-up answers the same whether the address is new or has an account: the
new learner gets a confirmation mail, the existing one a mail saying there is an account,
with a link to the reset. Unconfirmed accounts are removed after :data:`UNCONFIRMED_KEPT`.

The raw token travels to the worker inside the Outbox payload; the worker removes it once
the mail is sent or given up (:func:`courses.notifications.mark_sent`), so the database keeps
only the hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from courses.errors import CourseError
from courses.learners.accounts import LearnerProfile, check_password, normalize_email, profile, register
from courses.models import Learner, Outbox
from courses.notifications.outbox import NotificationKind
from courses.passwords import hash_password
from courses.reach_models import AccountToken
from courses.storage.db import retry_when_busy
from courses.storage.sql import execute
from courses.vocabulary.kinds import Channel

__all__ = [
    "CONFIRMATION_TTL",
    "RESET_TTL",
    "UNCONFIRMED_KEPT",
    "LinkNotValid",
    "confirm_address",
    "purge_unconfirmed",
    "request_password_reset",
    "resend_confirmation",
    "reset_password",
    "reset_link_valid",
    "session_epoch",
    "sign_up",
    "site_path",
]

CONFIRMATION_TTL = timedelta(hours=48)
RESET_TTL = timedelta(hours=1)
UNCONFIRMED_KEPT = timedelta(days=7)  # README: unconfirmed accounts are removed a week after sign-up

CONFIRM, RESET = "confirm", "reset"


class LinkNotValid(CourseError):
    """The mailed link is unknown, expired or already used."""

    code = "mail_link_invalid"


def site_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site (``/…``), else None: no link or redirect leaves the site."""
    if (not target or not target.startswith("/") or target.startswith("//") or "\\" in target
            or any(ord(ch) < 32 for ch in target)):
        return None
    return target


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _mail(learner_id: int, kind: NotificationKind, purpose: str | None, ttl: timedelta,
                now: datetime, next_path: str | None = None) -> None:
    """Queue a mail of ``kind`` to the learner, with a fresh token of ``purpose`` when given.

    ``next_path`` (a path on this site) is where the mailed link brings the learner afterwards.
    """
    payload: dict[str, object] = {"hours": int(ttl.total_seconds() // 3600)}
    if site_path(next_path):
        payload["next"] = next_path
    async with in_transaction() as conn:
        if purpose is not None:
            token = secrets.token_urlsafe(32)
            await AccountToken.create(using_db=conn, learner_id=learner_id, purpose=purpose,
                                      token_hash=_hash(token), expires_at=now + ttl)
            payload["token"] = token
        await Outbox.create(using_db=conn, learner_id=learner_id, channel=Channel.EMAIL, kind=kind.value,
                            payload=payload, next_attempt_at=now)


async def sign_up(email: str, password: str, *, now: datetime, display_name: str | None = None,
                  locale: str | None = None, timezone: str | None = None, next_path: str | None = None) -> str:
    """Create an account and mail the confirmation link; return the normalized address.

    ``next_path`` is where the learner was going (say, a course's enroll page): the confirmation
    link carries it when it is a path on this site, and is dropped otherwise.

    For an address that already has an account nothing is created: that account is mailed
    that it exists, with a link to the reset. Either way the caller answers alike.

    :raises InvalidEmail, WeakPassword, InvalidLocale, InvalidTimezone: bad input.
    """
    address = normalize_email(email)
    existing = await Learner.get_or_none(email=address)
    if existing is None:
        try:
            learner = await register(address, password, display_name=display_name, locale=locale,
                                     timezone=timezone)
        except CourseError as error:
            if error.code != "email_taken":
                raise
            existing = await Learner.get(email=address)  # made meanwhile by a concurrent sign-up
        else:
            await _mail(learner.id, NotificationKind.CONFIRM_EMAIL, CONFIRM, CONFIRMATION_TTL, now, next_path)
            return address
    await _mail(existing.id, NotificationKind.ACCOUNT_EXISTS, None, RESET_TTL, now)
    return address


async def resend_confirmation(learner_id: int, *, now: datetime) -> bool:
    """Mail a new confirmation link to an unconfirmed learner; False when there is nothing to confirm."""
    if not await Learner.exists(id=learner_id, email__isnull=False, email_confirmed_at__isnull=True):
        return False
    await _mail(learner_id, NotificationKind.CONFIRM_EMAIL, CONFIRM, CONFIRMATION_TTL, now)
    return True


async def _spend(token: str, purpose: str, now: datetime, conn: BaseDBAsyncClient) -> int:
    """Spend the token inside ``conn`` (the first write, so SQLite locks before reading); its learner."""
    spent = await execute(conn, "UPDATE account_token SET used_at = ? WHERE token_hash = ? AND purpose = ?"
                          " AND used_at IS NULL AND expires_at > ?", [now, _hash(token), purpose, now])
    if not spent:
        raise LinkNotValid()
    learner_ids = await AccountToken.filter(token_hash=_hash(token)).using_db(conn).values_list(
        "learner_id", flat=True)
    first: object = learner_ids[0]
    return int(str(first))


async def confirm_address(token: str, *, now: datetime) -> LearnerProfile:
    """Confirm the address the token was mailed to; the token is spent.

    :raises LinkNotValid: unknown, expired or used token.
    """
    async def attempt() -> int:
        async with in_transaction() as conn:
            learner_id = await _spend(token[:100], CONFIRM, now, conn)
            await Learner.filter(id=learner_id, email_confirmed_at__isnull=True).using_db(conn).update(
                email_confirmed_at=now)
            return learner_id

    learner_id = await retry_when_busy(attempt)
    return profile(await Learner.get(id=learner_id))


async def request_password_reset(email: str, *, now: datetime) -> None:
    """Mail a reset link when ``email`` has an account; do nothing otherwise (the caller answers alike)."""
    try:
        address = normalize_email(email)
    except CourseError:
        return
    learner = await Learner.get_or_none(email=address)
    if learner is not None:
        await _mail(learner.id, NotificationKind.PASSWORD_RESET, RESET, RESET_TTL, now)


async def reset_link_valid(token: str, *, now: datetime) -> bool:
    """Whether the reset link can still be used (the form is shown only then)."""
    return await AccountToken.exists(token_hash=_hash(token[:100]), purpose=RESET, used_at__isnull=True,
                                     expires_at__gt=now)


async def reset_password(token: str, new_password: str, *, now: datetime) -> LearnerProfile:
    """Set a new password through a reset link: the link is spent, every session of the learner ends.

    Opening the link also proves the address, so an unconfirmed one becomes confirmed.

    :raises WeakPassword: the new password is too short or too long.
    :raises LinkNotValid: unknown, expired or used token.
    """
    check_password(new_password)
    password_hash = await hash_password(new_password)

    async def attempt() -> int:
        async with in_transaction() as conn:
            learner_id = await _spend(token[:100], RESET, now, conn)
            await execute(conn, "UPDATE learner SET password_hash = ?, session_epoch = session_epoch + 1,"
                                " email_confirmed_at = COALESCE(email_confirmed_at, ?), updated_at = ?"
                                " WHERE id = ?", [password_hash, now, now, learner_id])
            # Other reset links mailed before are spent too: one new password per reset.
            await AccountToken.filter(learner_id=learner_id, purpose=RESET, used_at__isnull=True).using_db(
                conn).update(used_at=now)
            return learner_id

    learner_id = await retry_when_busy(attempt)
    return profile(await Learner.get(id=learner_id))


async def session_epoch(learner_id: int) -> int | None:
    """The learner's session epoch (raised by every password reset); None when the learner is gone.

    A portal session signed in under another epoch is over.
    """
    epochs = await Learner.filter(id=learner_id).values_list("session_epoch", flat=True)
    return int(str(epochs[0])) if epochs else None


async def purge_unconfirmed(*, now: datetime, kept: timedelta = UNCONFIRMED_KEPT) -> int:
    """Delete accounts whose address was never confirmed within ``kept``; return how many.

    A learner who also uses Telegram, enrolled or earned credits is kept: they are somebody.
    """
    stale = Learner.filter(email__isnull=False, email_confirmed_at__isnull=True, telegram_id__isnull=True,
                           created_at__lt=now - kept, enrollments__id__isnull=True,
                           credit_records__id__isnull=True)
    ids = list(set(await stale.values_list("id", flat=True)))
    if not ids:
        return 0
    try:
        await Learner.filter(id__in=ids).delete()
    except IntegrityError:  # enrolled meanwhile: next round
        return 0
    return len(ids)
