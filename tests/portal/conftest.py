"""The real portal application, built by ``create_app``, over a migrated database with the demo catalogue."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from tortoise.transactions import in_transaction

from courses import demo
from courses.settings import Settings
from courses.storage import database, upgrade
from portal.app import create_app
from tests.conftest import TEST_DATABASE_URL
from tests.databases import is_postgres, truncate_postgres

NOW = datetime.now(UTC)  # intakes are generated around today, so that enrolling is open
SCALE = 120
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


async def load_demo(url: str) -> None:
    async with database(url), in_transaction() as conn:
        await demo.load(conn, demo.generate(SCALE, now=NOW))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """A migrated SQLite file with the demo catalogue, copied for each test (None on PostgreSQL)."""
    if TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL):
        return None
    import asyncio

    path = tmp_path_factory.mktemp("portal") / "demo.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    asyncio.run(load_demo(url))
    return path


@pytest.fixture
async def demo_url(demo_template: Path | None, migrated_url: str, tmp_path: Path) -> str:
    """A database with the demo catalogue for one test."""
    if demo_template is None:
        truncate_postgres(migrated_url)
        await load_demo(migrated_url)
        return migrated_url
    target = tmp_path / "portal.db"
    shutil.copyfile(demo_template, target)
    return f"sqlite:///{target}"


def make_settings(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": url, "secret_key": "test-secret", "bot_token": None,
                                 "redis_url": None, "_env_file": None}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
async def client(demo_url: str) -> AsyncIterator[TestClient]:
    """A test client of the real application (cookies kept, like a browser)."""
    async with TestClient(TestServer(create_app(make_settings(demo_url)))) as test_client:
        yield test_client


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


async def confirm_by_mail(client: TestClient, email: str, locale: str = "en") -> None:
    """Open the confirmation link mailed to ``email`` (read from the Outbox, before any worker ran)."""
    from courses.models import Outbox

    message = await Outbox.filter(kind="confirm_email", learner__email=email.strip().lower()).order_by("-id").first()
    assert message is not None, f"no confirmation mail to {email}"
    url = f"/{locale}/account/confirm/{message.payload['token']}"
    token = csrf_from(await (await client.get(url)).text())
    response = await client.post(url, data={"csrf_token": token}, allow_redirects=False)
    assert response.status == 303, await response.text()
