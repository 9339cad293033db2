"""The command line: create-staff, import and export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).parent / "files"


def run(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
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
    made = run(
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
    again = run(
        database_url, "create-staff", "ed@example.org", "--password-stdin", stdin="a long enough password\n"
    )
    assert again.returncode == 1 and "No account was created" in again.stderr
    short = run(database_url, "create-staff", "x@example.org", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr

    sample = FILES / "official_list_gb18030.csv"
    dry = run(database_url, "import", str(sample), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would create 6" in dry.stdout
    real = run(database_url, "import", str(sample))
    assert real.returncode == 0 and "Created 6, updated 0, left 0 unchanged" in real.stdout
    assert "Importing" in real.stderr  # the progress bar
    twice = run(database_url, "import", str(sample))
    assert "Created 0, updated 0, left 6 unchanged" in twice.stdout

    broken = tmp_path / "broken.csv"
    broken.write_text("课程名称,学校名称,学时\n焊接,某校,abc\n", encoding="utf-8")
    refused = run(database_url, "import", str(broken))
    assert refused.returncode == 1
    assert "column 专业大类: The column “专业大类” is missing." in refused.stdout
    assert run(database_url, "import", str(tmp_path / "absent.csv")).returncode == 2

    out = tmp_path / "catalogue.xlsx"
    exported = run(database_url, "export", "--locale", "zh-Hans", "--format", "xlsx", "-o", str(out))
    assert exported.returncode == 0 and out.read_bytes().startswith(b"PK")
    csv_out = run(database_url, "export", "--locale", "en")
    assert csv_out.stdout.splitlines()[0].lstrip("\ufeff").startswith("key,title,provider,category")
    assert len(csv_out.stdout.splitlines()) == 7


def test_api_keys_from_the_command_line(database_url: str) -> None:
    import asyncio

    from courses.models import Partner
    from courses.storage import database

    async def make_partner() -> None:
        async with database(database_url, global_fallback=False):
            await Partner.create(slug="luban-th", country="TH", locales="th,en")

    asyncio.run(make_partner())
    issued = run(database_url, "api-key", "issue", "luban-th", "--rate", "120")
    assert issued.returncode == 0, issued.stderr
    secret = issued.stdout.strip()
    assert secret.startswith("llp_") and "shown only now" in issued.stderr
    listed = run(database_url, "api-key", "list", "luban-th")
    assert secret[:12] in listed.stdout and "active" in listed.stdout and secret not in listed.stdout
    key_id = listed.stdout.split("\t")[0]
    assert run(database_url, "api-key", "revoke", key_id).returncode == 0
    assert "revoked" in run(database_url, "api-key", "list", "luban-th").stdout
    assert run(database_url, "api-key", "issue", "nobody").returncode == 1
