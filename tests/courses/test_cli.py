"""`python -m courses` as a person runs it: migrate, demo, stats, create-staff, import and export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.databases import create_postgres_database, drop_postgres_database, is_postgres

ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).parent / "files"


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


def run_in_root(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test"}
    return subprocess.run(
        [sys.executable, "-m", "courses", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_create_staff_import_and_export(database_url: str, tmp_path: Path) -> None:
    made = run_in_root(
        database_url,
        "create-staff",
        "ed@example.org",
        "--role",
        "editor",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert made.returncode == 0, made.stderr
    assert "Created editor account ed@example.org" in made.stdout
    again = run_in_root(
        database_url, "create-staff", "ed@example.org", "--password-stdin", stdin="a long enough password\n"
    )
    assert again.returncode == 1 and "No account was created" in again.stderr
    short = run_in_root(database_url, "create-staff", "x@example.org", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr

    sample = FILES / "official_list_gb18030.csv"
    dry = run_in_root(database_url, "import", str(sample), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would create 6" in dry.stdout
    real = run_in_root(database_url, "import", str(sample))
    assert real.returncode == 0 and "Created 6, updated 0, left 0 unchanged" in real.stdout
    assert "Importing" in real.stderr  # the progress bar
    twice = run_in_root(database_url, "import", str(sample))
    assert "Created 0, updated 0, left 6 unchanged" in twice.stdout

    broken = tmp_path / "broken.csv"
    broken.write_text("课程名称,学校名称,学时\n焊接,某校,abc\n", encoding="utf-8")
    refused = run_in_root(database_url, "import", str(broken))
    assert refused.returncode == 1
    assert "column 专业大类: The column “专业大类” is missing." in refused.stdout
    assert run_in_root(database_url, "import", str(tmp_path / "absent.csv")).returncode == 2

    out = tmp_path / "catalogue.xlsx"
    exported = run_in_root(database_url, "export", "--locale", "zh-Hans", "--format", "xlsx", "-o", str(out))
    assert exported.returncode == 0 and out.read_bytes().startswith(b"PK")
    csv_out = run_in_root(database_url, "export", "--locale", "en")
    assert csv_out.stdout.splitlines()[0].lstrip("\ufeff").startswith("key,title,provider,category")
    assert len(csv_out.stdout.splitlines()) == 7


def test_api_keys_from_the_command_line(database_url: str) -> None:
    import asyncio

    from courses.db import database
    from courses.models import Partner

    async def make_partner() -> None:
        async with database(database_url, global_fallback=False):
            await Partner.create(slug="luban-th", country="TH", locales="th,en")

    asyncio.run(make_partner())
    issued = run_in_root(database_url, "api-key", "issue", "luban-th", "--rate", "120")
    assert issued.returncode == 0, issued.stderr
    secret = issued.stdout.strip()
    assert secret.startswith("llp_") and "shown only now" in issued.stderr
    listed = run_in_root(database_url, "api-key", "list", "luban-th")
    assert secret[:12] in listed.stdout and "active" in listed.stdout and secret not in listed.stdout
    key_id = listed.stdout.split("\t")[0]
    assert run_in_root(database_url, "api-key", "revoke", key_id).returncode == 0
    assert "revoked" in run_in_root(database_url, "api-key", "list", "luban-th").stdout
    assert run_in_root(database_url, "api-key", "issue", "nobody").returncode == 1
