"""Command line of the catalogue: ``python -m courses <command>``.

Commands: migrate, demo, stats, reindex, create-staff, import, export, api-key, issuer-key, deliver.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tortoise.transactions import in_transaction
from tqdm import tqdm

from courses import demo
from courses.catalogue import catalogue_stats
from courses.credits import KEY_FILE, load_issuer, rotate_issuer_key
from courses.errors import CourseError
from courses.learners import purge_unconfirmed
from courses.models import Course
from courses.notifications import create_worker, run_worker
from courses.partners import DEFAULT_RATE, api_keys, find_partner, issue_api_key, revoke_api_key
from courses.search import reindex_bases, reindex_courses
from courses.settings import Settings, SettingsError, load_settings
from courses.staff import MIN_PASSWORD_LENGTH, catalogue_rows, create_staff, import_file, to_csv, to_xlsx
from courses.storage import database, schema
from courses.vocabulary import StaffRole, Status


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
    staff_parser = commands.add_parser("create-staff", help="create a staff account (asks for the password)")
    staff_parser.add_argument("email")
    staff_parser.add_argument("--role", choices=[role.value for role in StaffRole],
                              default=StaffRole.EDITOR.value)
    staff_parser.add_argument("--provider", help="provider key (provider editors and reviewers only)")
    staff_parser.add_argument("--name", help="display name")
    staff_parser.add_argument("--password-stdin", action="store_true",
                              help="read the password from the first line of standard input")
    import_parser = commands.add_parser("import", help="import an official course list (CSV or XLSX)")
    import_parser.add_argument("file", type=Path)
    import_parser.add_argument("--dry-run", action="store_true",
                               help="check the file and count the changes, write nothing")
    export_parser = commands.add_parser("export", help="export the catalogue of one locale")
    export_parser.add_argument("--locale", default=None, help="BCP 47 tag (default: DEFAULT_LOCALE)")
    export_parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export_parser.add_argument("--status", choices=[s.value for s in Status], default=None,
                               help="only courses in this status (default: all)")
    export_parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    keys_parser = commands.add_parser("api-key", help="issue, list or revoke partners' API keys")
    key_commands = keys_parser.add_subparsers(dest="key_command", required=True)
    issue_parser = key_commands.add_parser("issue", help="issue a key (printed once, stored hashed)")
    issue_parser.add_argument("partner", help="partner slug")
    issue_parser.add_argument("--rate", type=int, default=DEFAULT_RATE, help="requests per minute")
    key_commands.add_parser("list", help="list a partner's keys").add_argument("partner", help="partner slug")
    key_commands.add_parser("revoke", help="revoke a key at once").add_argument("key_id", type=int)
    issuer_parser = commands.add_parser("issuer-key", help="make the credential issuer's key once, or rotate it")
    issuer_parser.add_argument("--rotate", action="store_true",
                               help="add a new signing key; older keys stay listed, so old credentials verify")
    commands.add_parser("deliver", help="deliver every due notification on every configured channel "
                                        "(e-mail with SMTP_URL, Telegram with BOT_TOKEN) until stopped")
    return parser


def _issuer_key(settings: Settings, rotate: bool) -> int:
    if rotate:
        issuer = rotate_issuer_key(settings, now=datetime.now(UTC))
    else:
        issuer = load_issuer(settings, create=True)
    print(f"Issuer {issuer.did}: signing with {issuer.method(issuer.signing_key)}, "
          f"{len(issuer.keys)} key(s) in {settings.data_dir / KEY_FILE} (keep this file with SECRET_KEY).")
    return 0


async def _deliver(settings: Settings) -> int:
    worker = create_worker(settings)
    if not settings.smtp_url:
        print("SMTP_URL is not set: e-mail is not sent (notifications by e-mail wait in the Outbox).",
              file=sys.stderr)
    if not worker.channels:
        print("Neither SMTP_URL nor BOT_TOKEN is set: there is nothing to deliver.", file=sys.stderr)
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    print(f"Delivering on {', '.join(worker.channels)}.", file=sys.stderr, flush=True)
    async with database(settings.database_url):
        try:
            await run_worker(worker, stop, housekeeping=(purge_unconfirmed,))
        finally:
            await worker.close()
    return 0


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


async def _create_staff(url: str, args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat the password: ") != password:
            print("The passwords differ; no account was created.", file=sys.stderr)
            return 1
    async with database(url):
        try:
            staff = await create_staff(args.email, password, args.role, provider_key=args.provider,
                                       display_name=args.name)
        except CourseError as error:
            print(f"No account was created: {_STAFF_REFUSALS.get(str(error), str(error))}", file=sys.stderr)
            return 1
    print(f"Created {staff.role} account {staff.email} (id {staff.id}).")
    return 0


_STAFF_REFUSALS = {
    "email": "that is not an e-mail address",
    "password_too_short": f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
    "provider_required": "a provider editor or reviewer needs --provider KEY",
    "provider_only_for_provider_editors": "--provider is only for provider editors and reviewers",
    "provider": "no provider has that key",
}


async def _import(url: str, path: Path, dry_run: bool) -> int:
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"Cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    async with database(url):
        with tqdm(unit="row", desc="Checking" if dry_run else "Importing", file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done)

            report = await import_file(data, dry_run=dry_run, progress=progress)
    for problem in report.problems:
        where = ", ".join(part for part in (f"row {problem.row}" if problem.row else "",
                                            f"column {problem.column}" if problem.column else "") if part)
        print(f"{where or 'file'}: {problem.message()}")
    if report.problems:
        print(f"{len(report.problems)} problem(s) found; nothing was imported.", file=sys.stderr)
        return 1
    verb = "Would create" if dry_run else "Created"
    print(f"{verb} {report.created}, {'would update' if dry_run else 'updated'} {report.updated}, "
          f"left {report.unchanged} unchanged of {report.rows} rows "
          f"({report.providers_created} new providers).")
    return 0


async def _export(url: str, args: argparse.Namespace, default_locale: str) -> int:
    locale = args.locale or default_locale
    async with database(url):
        rows = await catalogue_rows(locale, status=args.status)
    data = to_xlsx(rows) if args.format == "xlsx" else to_csv(rows)
    if args.output:
        args.output.write_bytes(data)
        print(f"Wrote {len(rows)} courses to {args.output}.", file=sys.stderr)
    elif args.format == "xlsx":
        print("XLSX needs -o FILE.", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(data)
    return 0


async def _api_key(url: str, args: argparse.Namespace) -> int:
    async with database(url):
        try:
            if args.key_command == "issue":
                partner = await find_partner(args.partner)
                issued = await issue_api_key(partner.id, rate_per_minute=args.rate)
                print(f"Key {issued.id} for {partner.slug} ({issued.rate_per_minute} requests a minute). "
                      "It is shown only now:", file=sys.stderr)
                print(issued.secret)
            elif args.key_command == "list":
                partner = await find_partner(args.partner)
                for key in await api_keys(partner.id):
                    state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
                    print(f"{key.id}\t{key.prefix}…\t{key.rate_per_minute}/min\t{state}")
            else:
                await revoke_api_key(args.key_id)
                print(f"Key {args.key_id} is revoked.")
        except CourseError as error:
            print(f"Nothing was done: {error.code} {error}", file=sys.stderr)
            return 1
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
    if args.command == "create-staff":
        return asyncio.run(_create_staff(settings.database_url, args))
    if args.command == "import":
        return asyncio.run(_import(settings.database_url, args.file, args.dry_run))
    if args.command == "api-key":
        return asyncio.run(_api_key(settings.database_url, args))
    if args.command == "issuer-key":
        return _issuer_key(settings, args.rotate)
    if args.command == "deliver":
        return asyncio.run(_deliver(settings))
    if args.command == "export":
        return asyncio.run(_export(settings.database_url, args, settings.default_locale))
    return 2


if __name__ == "__main__":
    sys.exit(main())
