"""`python -m courses` as a person runs it: a fresh database, migrate, demo, stats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.databases import create_postgres_database, drop_postgres_database, is_postgres

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_url(tmp_path: Path):
    if TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL):
        url = create_postgres_database(TEST_DATABASE_URL, "lifelong_cli")
        yield url
        drop_postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'cli.db'}"


def run(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "courses", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def test_migrate_demo_stats_on_a_fresh_database(tmp_path: Path, fresh_url: str) -> None:
    assert run(tmp_path, fresh_url, "migrate").returncode == 0
    loaded = run(tmp_path, fresh_url, "demo", "--scale", "120")
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 120 courses" in loaded.stdout
    assert "Loading" in loaded.stderr  # the progress bar

    again = run(tmp_path, fresh_url, "demo", "--if-empty")
    assert again.returncode == 0
    assert "already holds 120 courses" in again.stdout

    refused = run(tmp_path, fresh_url, "demo")
    assert refused.returncode == 1
    assert "empty database" in refused.stderr

    stats = run(tmp_path, fresh_url, "stats")
    assert stats.returncode == 0
    assert "courses: 120" in stats.stdout


def test_bad_arguments_and_configuration_are_reported(tmp_path: Path, fresh_url: str) -> None:
    scale = run(tmp_path, fresh_url, "demo", "--scale", "0")
    assert scale.returncode == 2 and "--scale" in scale.stderr
    bad_url = run(tmp_path, "mysql://nowhere/db", "stats")
    assert bad_url.returncode == 2
    assert "DATABASE_URL" in bad_url.stderr
    assert "Traceback" not in bad_url.stderr


def test_issuer_key_is_made_once_and_rotated(tmp_path: Path, fresh_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": fresh_url, "PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path / "data"),
           "PUBLIC_URL": "https://credits.example.org", "SECRET_KEY": "cli-secret"}

    def issuer_key(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "courses", "issuer-key", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = issuer_key()
    assert "did:web:credits.example.org#key-1" in first and "1 key(s)" in first
    assert "#key-1" in issuer_key()  # made once: running it again keeps the key
    assert "#key-2" in issuer_key("--rotate") and "2 key(s)" in issuer_key()
    assert (tmp_path / "data" / "issuer_keys.json").stat().st_mode & 0o077 == 0
