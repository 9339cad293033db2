"""Settings follow the contract table in DESIGN.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from courses.settings import BotMode, Settings, SettingsError, database_urls, load_settings

CONTRACT_VARIABLES = ("DATABASE_URL", "REDIS_URL", "BOT_TOKEN", "TELEGRAM_API_URL", "BOT_MODE",
                      "WEBHOOK_BASE_URL", "WEBHOOK_SECRET", "HOST", "PORT", "SECRET_KEY", "LOCALES",
                      "DEFAULT_LOCALE", "ENVIRONMENT")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in CONTRACT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout


def test_defaults_match_the_contract() -> None:
    settings = Settings()
    assert settings.database_url == "sqlite:///data/lifelong.db"
    assert settings.redis_url is None and settings.bot_token is None
    assert settings.bot_mode is BotMode.POLLING
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.locales == ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")
    assert settings.default_locale == "en"


def test_environment_and_dotenv_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=9000\nLOCALES=en, th\nDEFAULT_LOCALE=th\n", encoding="utf-8")
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    settings = Settings()
    assert settings.port == 9000
    assert settings.locales == ("en", "th")
    assert settings.default_locale == "th"
    assert settings.bot_token == "123:abc"


def test_default_locale_must_be_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCALES", "en,ru")
    monkeypatch.setenv("DEFAULT_LOCALE", "th")
    with pytest.raises(ValueError, match="DEFAULT_LOCALE"):
        Settings()


def test_development_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = load_settings(data_dir=tmp_path / "data")
    second = load_settings(data_dir=tmp_path / "data")
    assert first.secret_key and first.secret_key == second.secret_key
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_a_missing_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings(data_dir=tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_webhook_mode_refuses_to_start_without_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("BOT_MODE", "webhook")
    monkeypatch.setenv("WEBHOOK_BASE_URL", "https://portal.example.org")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings()
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret-token")
    assert load_settings().webhook_secret == "s3cret-token"


@pytest.mark.parametrize(("url", "tortoise", "sqlalchemy"), [
    ("sqlite:///data/lifelong.db", "sqlite://data/lifelong.db", "sqlite:///data/lifelong.db"),
    ("sqlite:////var/lib/portal/db.sqlite", "sqlite:///var/lib/portal/db.sqlite",
     "sqlite:////var/lib/portal/db.sqlite"),
    ("postgresql://u:p@db:5432/portal", "asyncpg://u:p@db:5432/portal", "postgresql+psycopg://u:p@db:5432/portal"),
    ("postgres://u@db/portal", "asyncpg://u@db/portal", "postgresql+psycopg://u@db/portal"),
])
def test_database_url_is_translated_for_tortoise_and_alembic(url: str, tortoise: str, sqlalchemy: str) -> None:
    urls = database_urls(url)
    assert (urls.tortoise, urls.sqlalchemy) == (tortoise, sqlalchemy)


@pytest.mark.parametrize("url", ["mysql://root@localhost/db", "sqlite://relative.db", "sqlite:///:memory:", "nonsense"])
def test_unsupported_database_urls_are_refused(url: str) -> None:
    with pytest.raises(SettingsError):
        database_urls(url)
