"""Time importing an official list of 10,000 courses into a fresh SQLite (or DATABASE_URL) catalogue.

Prints the seconds for the first import (everything new), a re-import (nothing changes) and a
dry run. Usage: python bench/import.py [ROWS]
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loading import given_database  # noqa: E402
from courses.staff import import_file  # noqa: E402
from courses.storage import database  # noqa: E402
from courses.vocabulary import MAJOR_CATEGORIES  # noqa: E402

LEVELS = ("国家级", "省级", "校级")


def official_list(rows: int) -> bytes:
    # Published, so that the search index is written too (the dearer case).
    lines = ["序号,课程名称,学校名称,课程负责人,专业大类,课程级别,学时,学分,课程链接,状态"]
    codes = list(MAJOR_CATEGORIES)
    for n in range(1, rows + 1):
        lines.append(
            f"{n},职业技能课程第{n}号,第{n % 400}职业技术学院,教师{n % 97},{codes[n % len(codes)]},"
            f"{LEVELS[n % 3]},{16 * (1 + n % 5)},{1 + n % 5},https://mooc.example.cn/c/{n},已发布"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


async def run(url: str, rows: int) -> None:
    data = official_list(rows)
    async with database(url):
        for label, dry_run in (("first import", False), ("re-import", False), ("dry run", True)):
            started = time.perf_counter()
            report = await import_file(data, dry_run=dry_run)
            elapsed = time.perf_counter() - started
            assert report.ok, report.problems[:5]
            print(
                f"{label:>13}: {rows} rows in {elapsed:.2f} s "
                f"(created {report.created}, updated {report.updated}, unchanged {report.unchanged})"
            )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with given_database() as url:
        asyncio.run(run(url, rows))


if __name__ == "__main__":
    main()
