"""Command line of the catalogue: ``python -m courses migrate | demo | stats | reindex``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time

from tqdm import tqdm
from tortoise.transactions import in_transaction

from courses import demo, schema
from courses.db import database
from courses.models import Course
from courses.search import reindex_bases, reindex_courses
from courses.settings import SettingsError, load_settings
from courses.stats import catalogue_stats


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m courses", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the database schema to the newest migration")
    demo_parser = commands.add_parser("demo", help="load the demo catalogue into an empty database")
    demo_parser.add_argument("--scale", type=int, default=demo.DEFAULT_SCALE,
                             help=f"number of courses (default {demo.DEFAULT_SCALE})")
    demo_parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    demo_parser.add_argument("--if-empty", action="store_true",
                             help="do nothing (and succeed) when the catalogue already has courses")
    commands.add_parser("stats", help="print counts of the catalogue")
    commands.add_parser("reindex", help="rebuild the search index from the catalogue texts")
    return parser


async def _demo(url: str, scale: int, seed: int, if_empty: bool) -> int:
    async with database(url):
        existing = await Course.all().count()
        if existing:
            if if_empty:
                print(f"The catalogue already holds {existing} courses; the demo was not loaded.")
                return 0
            print(f"The catalogue already holds {existing} courses: the demo loads only into an empty "
                  "database (use --if-empty to skip quietly).", file=sys.stderr)
            return 1
        started = time.perf_counter()
        with tqdm(total=scale, unit="course", desc="Generating", file=sys.stderr) as bar:
            rows = demo.generate(scale, seed, progress=bar.update)
        with tqdm(total=demo.work(rows), unit="row", desc="Loading and indexing", file=sys.stderr) as bar:
            async with in_transaction() as conn:
                await demo.load(conn, rows, progress=bar.update)
        print(f"Loaded {rows.count('course')} courses, {rows.count('base')} bases, "
              f"{rows.count('intake')} intakes and {rows.count('partner')} partners "
              f"in {time.perf_counter() - started:.1f} s.")
    return 0


async def _reindex(url: str) -> int:
    async with database(url):
        with tqdm(unit="document", desc="Indexing", file=sys.stderr) as bar:
            courses = await reindex_courses(progress=bar.update)
            bases = await reindex_bases(progress=bar.update)
    print(f"Indexed {courses} courses and {bases} bases for search.")
    return 0


async def _stats(url: str) -> int:
    async with database(url):
        stats = await catalogue_stats()
    for name, value in vars(stats).items():
        print(f"{name}: {value}")
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        schema.upgrade(settings.database_url)
        return 0
    if args.command == "demo":
        if args.scale < 1:
            print("--scale must be at least 1", file=sys.stderr)
            return 2
        return asyncio.run(_demo(settings.database_url, args.scale, args.seed, args.if_empty))
    if args.command == "reindex":
        return asyncio.run(_reindex(settings.database_url))
    if args.command == "stats":
        return asyncio.run(_stats(settings.database_url))
    return 2


if __name__ == "__main__":
    sys.exit(main())
