"""Time importing a file of conversion rules: the dry run, the first apply, a re-import and the export.

A catalogue of COURSES courses (one institution) is imported first, then a rules file of ROWS rows
(one rule per course and certificate) is checked and applied by an admin. Prints seconds per case.
Usage: python bench/rule_import.py [ROWS] [COURSES]
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loading import given_database  # noqa: E402
from courses.outcomes import import_rules, rules_csv  # noqa: E402
from courses.staff import create_staff, import_file  # noqa: E402
from courses.storage import database  # noqa: E402
from courses.vocabulary import StaffRole  # noqa: E402

LEVELS = ("初级", "中级", "高级")


def catalogue(courses: int) -> bytes:
    lines = ["课程编号,课程名称,学校名称,专业大类,学时"]
    lines += [f"c{n},课程{n},第一职业技术学院,46,32" for n in range(courses)]
    return ("\r\n".join(lines) + "\r\n").encode()


def rules(rows: int, courses: int) -> bytes:
    lines = ["课程编号,成果类型,成果名称,最低等级,有效年限,认定学分"]
    lines += [f"c{n % courses},1+X证书,证书{n // courses},{LEVELS[n % 3]},3,2.0" for n in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


async def run(url: str, rows: int, courses: int) -> None:
    async with database(url):
        assert (await import_file(catalogue(courses))).ok
        admin = await create_staff("bench@example.org", "correct horse battery", StaffRole.ADMIN)
        data = rules(rows, courses)
        for label, dry_run in (("dry run", True), ("first apply", False), ("re-import", False)):
            started = time.perf_counter()
            report = await import_rules(admin, data, dry_run=dry_run)
            elapsed = time.perf_counter() - started
            assert report.ok, report.problems[:5]
            print(f"{label:>12}: {rows} rows in {elapsed:.2f} s (new {report.count('create')}, "
                  f"changed {report.count('update')}, unchanged {report.count('unchanged')})")
        started = time.perf_counter()
        exported = await rules_csv(admin)
        print(f"{'export CSV':>12}: {len(exported):,} bytes in {time.perf_counter() - started:.2f} s")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    courses = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    with given_database() as url:
        asyncio.run(run(url, rows, courses))


if __name__ == "__main__":
    main()
