"""What production needs: refusing to start without a secret, and believing only our own proxy's headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from portal.app import create_app
from tests.cluster.processes import ROOT
from tests.portal.conftest import make_settings


def run(module: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in (
        "SECRET_KEY", "BOT_TOKEN", "REDIS_URL", "DATABASE_URL", "WEBHOOK_SECRET", "WEBHOOK_BASE_URL")}
    return subprocess.run([sys.executable, "-m", module], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**clean, "DATABASE_URL": f"sqlite:///{tmp_path}/p.db", "DATA_DIR": str(tmp_path),
                               **env})


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run("portal", tmp_path, ENVIRONMENT="production")
    assert result.returncode == 2
    assert result.stderr.strip() == "portal: SECRET_KEY must be set when ENVIRONMENT=production"


def test_webhook_mode_refuses_to_start_without_its_secret(tmp_path: Path) -> None:
    result = run("portal", tmp_path, SECRET_KEY="x" * 40, BOT_TOKEN="1:x", BOT_MODE="webhook",
                 WEBHOOK_BASE_URL="https://portal.example.org")
    assert result.returncode == 2 and "WEBHOOK_SECRET" in result.stderr
    assert "Traceback" not in result.stderr


async def robots_sitemap(url: str, trusted: tuple[str, ...], headers: dict[str, str],
                         public_url: str | None = None) -> str:
    app = create_app(make_settings(url, trusted_proxies=trusted, public_url=public_url))
    async with TestClient(TestServer(app)) as client:
        text = await (await client.get("/robots.txt", headers=headers)).text()
    return next(line for line in text.splitlines() if line.startswith("Sitemap:"))


async def test_links_take_scheme_and_host_from_public_url_not_from_any_header(demo_url: str) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Host": "evil.example"}
    for trusted in (("127.0.0.1",), (), ("10.0.0.1",)):
        assert await robots_sitemap(demo_url, trusted, forwarded) == "Sitemap: http://127.0.0.1:8080/sitemap.xml"
        assert (await robots_sitemap(demo_url, trusted, {}, "https://portal.example.org")
                == "Sitemap: https://portal.example.org/sitemap.xml")
