"""Learner identities: a Telegram user, a portal account (email + argon2 password), or both once linked.

Linking is done with a one-time token: the portal account asks for one, the learner opens
``/start link<token>`` in the bot, and the bot calls :func:`link_telegram`. Only a SHA-256
of the token is stored; it expires and works once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from courses.errors import CourseError, InvalidInput

LINK_TOKEN_TTL = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8


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
    raise NotImplementedError


async def learner_for_telegram(telegram_id: int, *, display_name: str | None = None,
                               locale: str | None = None) -> LearnerProfile:
    """Return the learner with this Telegram user id, creating one on first contact.

    Safe under concurrency: two updates from one new user create one learner. ``locale``
    and ``display_name`` are stored only when the learner is created (later changes go
    through :func:`update_preferences`).
    """
    raise NotImplementedError


async def register(email: str, password: str, *, display_name: str | None = None,
                   locale: str | None = None, timezone: str | None = None) -> LearnerProfile:
    """Create a portal account; the email is stored trimmed and lower-cased.

    :raises InvalidEmail, WeakPassword, InvalidLocale, InvalidTimezone: bad input.
    :raises EmailTaken: another learner has this email.
    """
    raise NotImplementedError


async def add_portal_account(learner_id: int, email: str, password: str) -> LearnerProfile:
    """Give a learner known only by Telegram (e.g. in the Mini App) an email and password.

    :raises NotFound: no such learner.
    :raises InvalidEmail, WeakPassword: bad input.
    :raises EmailTaken: another learner has this email, or this learner already has one.
    """
    raise NotImplementedError


async def authenticate(email: str, password: str) -> LearnerProfile:
    """Return the learner whose email and password match; rehash the password if its parameters aged.

    :raises InvalidCredentials: unknown email, no password set, or a wrong password.
    """
    raise NotImplementedError


async def change_password(learner_id: int, old_password: str, new_password: str) -> None:
    """Replace the password after checking the old one.

    :raises InvalidCredentials: the old password is wrong.
    :raises WeakPassword: the new one is too short.
    """
    raise NotImplementedError


async def update_preferences(learner_id: int, *, locale: str | None = None, timezone: str | None = None,
                             display_name: str | None = None) -> LearnerProfile:
    """Store the preferred locale (BCP 47), IANA time zone and display name; None leaves a field as is.

    :raises NotFound: no such learner.
    :raises InvalidLocale, InvalidTimezone: the value is not a usable tag or zone.
    """
    raise NotImplementedError


async def create_link_token(learner_id: int, *, now: datetime, ttl: timedelta = LINK_TOKEN_TTL) -> str:
    """Return a fresh one-time token (URL-safe, fits a Telegram ``/start`` payload) for linking.

    Earlier unused tokens of the learner stay valid until they expire.

    :raises NotFound: no such learner.
    """
    raise NotImplementedError


async def link_telegram(token: str, telegram_id: int, *, now: datetime) -> LearnerProfile:
    """Attach a Telegram user to the portal account that issued ``token``; the token is spent.

    When the Telegram user was already a learner of its own (enrolled through the bot), that
    learner is merged into the account: enrollments, credit records and notifications move;
    an active enrollment both had in one intake keeps the account's and cancels the other
    (freeing its seat). Linking the same pair again with a new token is a no-op.

    :raises LinkInvalid: unknown token (``LinkExpired`` / ``LinkUsed`` when expired or spent).
    :raises AlreadyLinked: the Telegram user belongs to another account with its own email.
    """
    raise NotImplementedError
