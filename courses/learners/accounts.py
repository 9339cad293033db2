"""Learner identities: a Telegram user, a portal account (email + argon2 password), or both once linked.

Linking is done with a one-time token: the portal account asks for one, the learner opens
``/start link<token>`` in the bot, and the bot calls :func:`link_telegram`. Only a SHA-256
of the token is stored; it expires and works once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from courses.enrollment.seats import cancel_locked, lock_intake
from courses.errors import CourseError, InvalidInput, NotFound
from courses.i18n.locales import match_locale
from courses.i18n.names import clean_display_name
from courses.models import CreditRecord, Enrollment, Learner, LinkToken, Outbox
from courses.passwords import hash_password, needs_rehash, password_matches
from courses.storage.db import retry_when_busy
from courses.storage.sql import execute

__all__ = [
    "AlreadyLinked",
    "EmailTaken",
    "InvalidCredentials",
    "InvalidEmail",
    "InvalidLocale",
    "InvalidTimezone",
    "LearnerProfile",
    "LinkExpired",
    "LinkInvalid",
    "LinkUsed",
    "WeakPassword",
    "add_portal_account",
    "authenticate",
    "change_password",
    "create_link_token",
    "get_learner",
    "learner_for_telegram",
    "link_telegram",
    "register",
    "update_preferences",
]

LINK_TOKEN_TTL = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; a megabyte "password" is an attack, not a secret
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
class EmailTaken(CourseError):
    """Another learner already uses this email address."""

    code = "email_taken"


class InvalidEmail(InvalidInput):
    code = "invalid_email"


class WeakPassword(InvalidInput):
    """The password is shorter than :data:`MIN_PASSWORD_LENGTH` (or longer than we hash)."""

    code = "weak_password"


class InvalidCredentials(CourseError):
    """Unknown email or wrong password; deliberately does not say which."""

    code = "invalid_credentials"


class InvalidTimezone(InvalidInput):
    code = "invalid_timezone"


class InvalidLocale(InvalidInput):
    code = "invalid_locale"


class LinkInvalid(CourseError):
    """The link token is unknown, already used or expired."""

    code = "link_invalid"


class LinkExpired(LinkInvalid):
    code = "link_expired"


class LinkUsed(LinkInvalid):
    code = "link_used"


class AlreadyLinked(CourseError):
    """The Telegram account already belongs to another portal account."""

    code = "already_linked"


@dataclass(frozen=True, slots=True)
class LearnerProfile:
    """What the faces may show and use about a learner (never the password hash)."""

    id: int
    telegram_id: int | None
    email: str | None
    display_name: str | None
    locale: str | None
    timezone: str | None
    has_password: bool


async def get_learner(learner_id: int) -> LearnerProfile:
    """Return the learner's profile.

    :raises NotFound: no such learner.
    """
    return profile(await _learner(learner_id))


async def _learner(learner_id: int) -> Learner:
    learner = await Learner.get_or_none(id=learner_id)
    if learner is None:
        raise NotFound("learner", learner_id=learner_id)
    return learner


def profile(learner: Learner) -> LearnerProfile:
    """Return the face-safe view of a learner row."""
    return LearnerProfile(learner.id, learner.telegram_id, learner.email, learner.display_name,
                          learner.locale, learner.timezone, learner.password_hash is not None)


async def learner_for_telegram(telegram_id: int, *, display_name: str | None = None,
                               locale: str | None = None) -> LearnerProfile:
    """Return the learner with this Telegram user id, creating one on first contact.

    Safe under concurrency: two updates from one new user create one learner. ``locale``
    and ``display_name`` are stored only when the learner is created (later changes go
    through :func:`update_preferences`).
    """
    learner = await Learner.get_or_none(telegram_id=telegram_id)
    if learner is not None:
        return profile(learner)
    try:
        learner = await retry_when_busy(lambda: Learner.create(
            telegram_id=telegram_id, display_name=clean_display_name(display_name),
            locale=_usable_locale(locale)))
    except IntegrityError:
        learner = await Learner.get(telegram_id=telegram_id)  # created meanwhile by a concurrent update
    return profile(learner)


def _usable_locale(locale: str | None) -> str | None:
    """Return a locale tag fit to store, or None for an unusable one (Telegram sends what it likes)."""
    try:
        return check_locale(locale) if locale else None
    except InvalidLocale:
        return None


def check_locale(locale: str) -> str:
    if len(locale) > 16 or match_locale(locale, [locale]) is None:
        raise InvalidLocale(locale=locale)
    return locale


def check_timezone(timezone: str) -> str:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidTimezone(timezone=timezone) from None
    return timezone


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    # Control characters and U+FFFD (what undecodable bytes become) are never part of an address.
    if len(email) > 254 or not _EMAIL.match(email) or any(ord(ch) < 32 or ch == "\ufffd" for ch in email):
        raise InvalidEmail()
    return email


def check_password(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise WeakPassword(min_length=MIN_PASSWORD_LENGTH)


async def register(email: str, password: str, *, display_name: str | None = None,
                   locale: str | None = None, timezone: str | None = None) -> LearnerProfile:
    """Create a portal account; the email is stored trimmed and lower-cased.

    :raises InvalidEmail, WeakPassword, InvalidLocale, InvalidTimezone: bad input.
    :raises EmailTaken: another learner has this email.
    """
    email = normalize_email(email)
    check_password(password)
    locale = check_locale(locale) if locale else None
    timezone = check_timezone(timezone) if timezone else None
    if await Learner.exists(email=email):
        raise EmailTaken()
    password_hash = await hash_password(password)
    try:
        learner = await retry_when_busy(lambda: Learner.create(
            email=email, password_hash=password_hash, display_name=clean_display_name(display_name),
            locale=locale, timezone=timezone))
    except IntegrityError:
        raise EmailTaken() from None
    return profile(learner)


async def add_portal_account(learner_id: int, email: str, password: str) -> LearnerProfile:
    """Give a learner known only by Telegram (e.g. in the Mini App) an email and password.

    :raises NotFound: no such learner.
    :raises InvalidEmail, WeakPassword: bad input.
    :raises EmailTaken: another learner has this email, or this learner already has one.
    """
    email = normalize_email(email)
    check_password(password)
    learner = await _learner(learner_id)
    if learner.email is not None or await Learner.exists(email=email):
        raise EmailTaken()
    password_hash = await hash_password(password)
    try:
        changed = await Learner.filter(id=learner_id, email__isnull=True).update(
            email=email, password_hash=password_hash)
    except IntegrityError:
        raise EmailTaken() from None
    if not changed:
        raise EmailTaken()
    return await get_learner(learner_id)


async def authenticate(email: str, password: str) -> LearnerProfile:
    """Return the learner whose email and password match; rehash the password if its parameters aged.

    :raises InvalidCredentials: unknown email, no password set, or a wrong password.
    """
    try:
        email = normalize_email(email)
    except InvalidEmail:
        raise InvalidCredentials() from None
    learner = await Learner.get_or_none(email=email)
    stored = learner.password_hash if learner else None
    if learner is None or not await password_matches(stored, password):
        raise InvalidCredentials()
    if stored is not None and needs_rehash(stored):
        learner.password_hash = await hash_password(password)
        await learner.save(update_fields=["password_hash", "updated_at"])
    return profile(learner)


async def change_password(learner_id: int, old_password: str, new_password: str) -> None:
    """Replace the password after checking the old one.

    :raises InvalidCredentials: the old password is wrong.
    :raises WeakPassword: the new one is too short.
    """
    learner = await _learner(learner_id)
    if not await password_matches(learner.password_hash, old_password):
        raise InvalidCredentials()
    check_password(new_password)
    learner.password_hash = await hash_password(new_password)
    await learner.save(update_fields=["password_hash", "updated_at"])


async def update_preferences(learner_id: int, *, locale: str | None = None, timezone: str | None = None,
                             display_name: str | None = None) -> LearnerProfile:
    """Store the preferred locale (BCP 47), IANA time zone and display name; None leaves a field as is.

    :raises NotFound: no such learner.
    :raises InvalidLocale, InvalidTimezone: the value is not a usable tag or zone.
    """
    changes: dict[str, str] = {}
    if locale is not None:
        changes["locale"] = check_locale(locale)
    if timezone is not None:
        changes["timezone"] = check_timezone(timezone)
    if display_name is not None:
        changes["display_name"] = clean_display_name(display_name) or ""
    learner = await _learner(learner_id)
    if changes:
        learner.update_from_dict(changes)
        await learner.save(update_fields=[*changes, "updated_at"])
    return profile(learner)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_link_token(learner_id: int, *, now: datetime, ttl: timedelta = LINK_TOKEN_TTL) -> str:
    """Return a fresh one-time token (URL-safe, fits a Telegram ``/start`` payload) for linking.

    Earlier unused tokens of the learner stay valid until they expire.

    :raises NotFound: no such learner.
    """
    await _learner(learner_id)
    # 24 bytes → 32 characters of [A-Za-z0-9_-]; "/start link<token>" stays within Telegram's 64.
    token = secrets.token_urlsafe(24)
    await LinkToken.create(learner_id=learner_id, token_hash=_token_hash(token), expires_at=now + ttl)
    return token


async def link_telegram(token: str, telegram_id: int, *, now: datetime) -> LearnerProfile:
    """Attach a Telegram user to the portal account that issued ``token``; the token is spent.

    When the Telegram user was already a learner of its own (enrolled through the bot), that
    learner is merged into the account: enrollments, credit records and notifications move;
    an active enrollment both had in one intake keeps the account's and cancels the other
    (freeing its seat). Linking the same pair again with a new token is a no-op.

    :raises LinkInvalid: unknown token (``LinkExpired`` / ``LinkUsed`` when expired or spent).
    :raises AlreadyLinked: the Telegram user belongs to another account with its own email.
    """
    token_hash = _token_hash(token.strip())

    async def attempt() -> int:
        async with in_transaction() as conn:
            # Spending the token is the first write: it takes SQLite's lock before anything is read,
            # and of two concurrent uses exactly one changes the row.
            spent = await execute(conn, "UPDATE link_token SET used_at = ? WHERE token_hash = ?"
                                        " AND used_at IS NULL AND expires_at > ?", [now, token_hash, now])
            link = await LinkToken.get_or_none(token_hash=token_hash, using_db=conn)
            if link is None:
                raise LinkInvalid()
            if not spent:
                raise LinkUsed() if link.used_at is not None else LinkExpired()
            account = await Learner.get(id=link.learner_id, using_db=conn)
            if account.telegram_id == telegram_id:
                return account.id
            if account.telegram_id is not None:
                raise AlreadyLinked()
            other = await Learner.get_or_none(telegram_id=telegram_id, using_db=conn)
            if other is not None:
                if other.email is not None:
                    raise AlreadyLinked()
                await _merge(conn, other, account, now=now)
            account.telegram_id = telegram_id
            await account.save(using_db=conn, update_fields=["telegram_id", "updated_at"])
            return account.id

    return await get_learner(await retry_when_busy(attempt))


async def _merge(conn: BaseDBAsyncClient, source: Learner, target: Learner, *, now: datetime) -> None:
    """Move everything of ``source`` (a Telegram-only learner) to ``target`` and delete ``source``."""
    mine = set(await Enrollment.filter(learner_id=target.id, active=True).using_db(conn)
               .values_list("intake_id", flat=True))
    clashes = await (Enrollment.filter(learner_id=source.id, active=True, intake_id__in=list(mine))
                     .using_db(conn).order_by("intake_id"))
    for enrollment in clashes:
        await lock_intake(conn, enrollment.intake_id)
        await cancel_locked(conn, enrollment, now=now)
    for model in (Enrollment, CreditRecord, Outbox):
        await model.filter(learner_id=source.id).using_db(conn).update(learner_id=target.id)
    if target.locale is None and source.locale is not None:
        target.locale = source.locale
        await target.save(using_db=conn, update_fields=["locale", "updated_at"])
    await source.delete(using_db=conn)
