"""Settings of the portal, the bot and the CLI, read from the environment and `.env`.

Only `__main__` modules call :func:`load_settings`; everything else receives a
:class:`Settings` instance.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

log = logging.getLogger(__name__)

DEFAULT_LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")
DATA_DIR = Path("data")


class BotMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


# Where the portal receives Telegram updates in webhook mode; the bot registers the same path.
WEBHOOK_PATH = "/telegram/webhook"


class SettingsError(ValueError):
    """A setting is missing or contradicts another one; the message says which."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///data/lifelong.db"
    redis_url: str | None = None
    bot_token: str | None = None
    telegram_api_url: str | None = None
    bot_mode: BotMode = BotMode.POLLING
    webhook_base_url: str | None = None
    webhook_secret: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    secret_key: str | None = None
    locales: Annotated[tuple[str, ...], NoDecode] = DEFAULT_LOCALES
    default_locale: str = "en"
    environment: Environment = Environment.DEVELOPMENT
    data_dir: Path = Field(default=DATA_DIR)
    # Addresses of the reverse proxies whose X-Forwarded-For/-Proto the portal believes.
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    # Seconds a PostgreSQL connect or statement may take before the request fails with a 503.
    database_timeout: float = Field(default=10.0, gt=0)
    # Absolute base of links that leave the portal (mails, QR codes, sitemaps, credentials); never the
    # request's Host; unset: http://HOST:PORT.
    public_url: str | None = None
    # A file of extra search synonyms (learner's word, a tab, catalogue words), extending the built-in table.
    search_synonyms: Path | None = None
    # smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (implicit TLS); unset: no e-mail.
    smtp_url: str | None = None
    mail_from: str | None = None
    # Mails a second at most: a mail provider throttles (or blocklists) a sender that bursts.
    mail_rate: float = Field(default=5.0, gt=0)
    # Who may read /metrics: addresses or networks (CIDR), and/or a bearer token from anywhere.
    metrics_allow: Annotated[tuple[str, ...], NoDecode] = ("127.0.0.1", "::1")
    metrics_token: str | None = None
    # Continuing-education hours a year, and the share of them in professional subjects (a fraction
    # like 2/3): the national rule for professional-technical staff; provinces and employers vary it.
    ce_yearly_hours: int = Field(default=90, gt=0, le=1000)
    ce_professional_share: str = "2/3"

    @field_validator("locales", "trusted_proxies", "metrics_allow", mode="before")
    @classmethod
    def _split_locales(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(tag.strip() for tag in value.split(",") if tag.strip())
        return value

    @field_validator("redis_url", "bot_token", "telegram_api_url", "webhook_base_url", "webhook_secret",
                     "secret_key", "public_url", "smtp_url", "mail_from", "metrics_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if not self.locales:
            raise SettingsError("LOCALES must name at least one locale")
        if self.default_locale not in self.locales:
            raise SettingsError(f"DEFAULT_LOCALE {self.default_locale!r} is not one of LOCALES")
        database_urls(self.database_url)  # fails early on an unsupported URL
        for network in self.metrics_allow:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise SettingsError(f"METRICS_ALLOW: {network!r} is not an address or a network") from None
        try:
            share = Fraction(self.ce_professional_share)
        except (ValueError, ZeroDivisionError):
            share = Fraction(-1)
        if not 0 <= share <= 1:
            raise SettingsError("CE_PROFESSIONAL_SHARE must be a fraction from 0 to 1, like 2/3")
        if self.public_url is not None and urlsplit(self.public_url).scheme not in ("http", "https"):
            raise SettingsError("PUBLIC_URL must start with http:// or https://")
        return self

    @property
    def public_base(self) -> str:
        """``PUBLIC_URL`` without a trailing slash; ``http://HOST:PORT`` when it is not set."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def sender(self) -> str:
        """The ``From`` of mails: ``MAIL_FROM``, else a no-reply address at the public host."""
        host = urlsplit(self.public_base).hostname or "localhost"
        return self.mail_from or f"noreply@{host}"


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and make sure a secret key exists.

    In development a missing ``SECRET_KEY`` is generated once and kept in
    ``data/secret_key`` so sessions survive restarts; in production it is refused.

    :raises SettingsError: when a production setting is missing.
    """
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']).upper() or 'settings'}: {e['msg']}"
            for e in error.errors())
        raise SettingsError(problems) from None
    if settings.secret_key is None:
        if settings.production:
            raise SettingsError("SECRET_KEY must be set when ENVIRONMENT=production")
        settings.secret_key = _development_secret(settings.data_dir)
    if settings.bot_mode is BotMode.WEBHOOK and settings.bot_token:
        if not settings.webhook_secret:
            raise SettingsError("BOT_MODE=webhook needs WEBHOOK_SECRET: without it anyone could post updates")
        if not settings.webhook_base_url:
            raise SettingsError("BOT_MODE=webhook needs WEBHOOK_BASE_URL")
    return settings


def _development_secret(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n", encoding="ascii")
    path.chmod(0o600)
    log.warning("SECRET_KEY is not set: generated a development key in %s (set SECRET_KEY in production)", path)
    return key


class DatabaseUrls:
    """One ``DATABASE_URL`` as Tortoise and SQLAlchemy (Alembic) each want it."""

    def __init__(self, dialect: str, tortoise: str, sqlalchemy: str, sqlite_path: Path | None) -> None:
        self.dialect = dialect
        self.tortoise = tortoise
        self.sqlalchemy = sqlalchemy
        self.sqlite_path = sqlite_path

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"


def database_urls(url: str) -> DatabaseUrls:
    """Translate a contract ``DATABASE_URL`` for Tortoise and for SQLAlchemy.

    ``sqlite:///relative``, ``sqlite:////absolute`` and
    ``postgresql://user:pass@host:port/db`` (also ``postgres://``) are accepted.

    :raises SettingsError: for any other scheme.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        if not url.startswith("sqlite:///"):
            raise SettingsError("DATABASE_URL for SQLite looks like sqlite:///relative or sqlite:////absolute")
        raw_path = unquote(url[len("sqlite:///"):])
        path = Path(raw_path) if raw_path else None
        if path is None or raw_path == ":memory:":
            raise SettingsError("DATABASE_URL must name a SQLite file: in-memory databases are not shared")
        return DatabaseUrls("sqlite", f"sqlite://{path}", f"sqlite:///{path}", path)
    if scheme in ("postgresql", "postgres"):
        rest = url.split("://", 1)[1]
        return DatabaseUrls("postgres", f"asyncpg://{rest}", f"postgresql+psycopg://{rest}", None)
    raise SettingsError(f"DATABASE_URL scheme {parts.scheme!r} is not supported (use sqlite or postgresql)")
