"""A deterministic, realistic demo catalogue, small by default and large on demand.

The same seed and scale always give the same catalogue. Rows go in through batched
INSERTs in one transaction, so ``--scale 100000`` loads in well under two minutes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import cast

from babel import Locale
from tortoise.backends.base.client import BaseDBAsyncClient

from courses.demo import content
from courses.i18n.locales import babel_id
from courses.models import Course
from courses.search.index import reindex_bases, reindex_courses
from courses.vocabulary.kinds import (
    Audience,
    BaseKind,
    CourseKind,
    Delivery,
    EnrollmentStatus,
    Level,
    ProviderKind,
    Source,
    Status,
    Track,
)
from courses.vocabulary.places import place_name

__all__ = [
    "CatalogueNotEmpty",
    "DEFAULT_SCALE",
    "DEFAULT_SEED",
    "generate",
    "load",
    "work",
]

DEFAULT_SCALE = 300
DEFAULT_SEED = 2020  # the action plan's first year
Progress = Callable[[int], None]
TITLE_COLON = {"fr": "\u202f: "}  # French sets a thin space before a colon


class CatalogueNotEmpty(Exception):
    """The database already holds courses; the demo is loaded only into an empty catalogue."""


@dataclass
class DemoRows:
    """Rows per table, in insertion order, with explicit ids so children can refer to parents."""

    tables: dict[str, tuple[Sequence[str], list[tuple]]] = field(default_factory=dict)

    def add(self, table: str, columns: Sequence[str], row: tuple) -> None:
        self.tables.setdefault(table, (columns, []))[1].append(row)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, ((), []))[1])

    @property
    def total(self) -> int:
        return sum(len(rows) for _, rows in self.tables.values())


def _country_name(country: str, locale: str) -> str:
    return cast(str, Locale.parse(babel_id(locale)).territories.get(country, country))  # Babel: untyped data


class _Generator:
    def __init__(self, scale: int, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        # Which languages a course is written in comes from a stream of its own, so the rest of the
        # catalogue (places, dates, seats) stays what it was for a seed.
        self.language_rng = random.Random(seed * 31 + 7)
        self.scale = scale
        self.now = now.replace(minute=0, second=0, microsecond=0)
        self.rows = DemoRows()
        self.provider_names: dict[int, dict[str, str]] = {}
        self.providers: list[tuple[int, str]] = []  # (id, country)
        self.bases: list[tuple[int, str]] = []  # (id, country)
        self.course_id = 0
        self.intake_id = 0

    # -- providers and bases ------------------------------------------------------------------

    def providers_and_bases(self) -> None:
        pid = 0
        for province, city, _lat, _lon in content.CHINA_PLACES:
            for kind, names in content.PROVIDER_PATTERNS:
                if self.rng.random() < 0.45 and kind != "higher_vocational_college":
                    continue
                pid += 1
                self._provider(pid, kind, "CN", province["en"], city["en"],
                               {loc: pattern.format(city=city[loc]) for loc, pattern in names.items()})
        for country, city, _lat, _lon in content.OVERSEAS_PLACES[::2]:
            pid += 1
            names = {loc: f"{partner['name'][loc]}" for partner in content.PARTNERS
                     if partner["country"] == country for loc in partner["name"]}
            self._provider(pid, ProviderKind.OVERSEAS_PARTNER, country, None, city["en"], names)

        bid = 0
        china_kinds = [k for k in BaseKind if k not in (BaseKind.LUBAN_WORKSHOP, BaseKind.OVERSEAS_CENTRE)]
        china_bases = max(62, self.scale // 120)
        for n in range(china_bases):
            bid += 1
            province, city, lat, lon = content.CHINA_PLACES[n % len(content.CHINA_PLACES)]
            kind = china_kinds[n % len(china_kinds)]
            self._base(bid, kind, "CN", province["en"], city, lat, lon)
        for n, (country, city, lat, lon) in enumerate(content.OVERSEAS_PLACES * 2):
            bid += 1
            kind = BaseKind.LUBAN_WORKSHOP if n < len(content.OVERSEAS_PLACES) else BaseKind.OVERSEAS_CENTRE
            self._base(bid, kind, country, None, city, lat, lon)

    def _provider(self, pid: int, kind: str, country: str, province: str | None, city: str,
                  names: dict[str, str]) -> None:
        self.rows.add("provider", ("id", "key", "kind", "country", "province", "city", "website", "created_at"),
                      (pid, f"demo-p{pid}", str(kind), country, province, city,
                       f"https://p{pid}.example.edu", self.now))
        for locale, name in names.items():
            self.rows.add("provider_text", ("provider_id", "locale", "name"), (pid, locale, name))
        self.provider_names[pid] = names
        self.providers.append((pid, country))

    def _base(self, bid: int, kind: BaseKind, country: str, province: str | None, city: dict[str, str],
              lat: float, lon: float) -> None:
        # Spread bases of one city over a few kilometres so "nearest" has an order.
        lat += self.rng.uniform(-0.08, 0.08)
        lon += self.rng.uniform(-0.08, 0.08)
        self.rows.add(
            "base",
            ("id", "key", "kind", "country", "province", "city", "latitude", "longitude", "phone", "email",
             "website", "status", "created_at", "updated_at"),
            (bid, f"demo-b{bid}", str(kind), country, province, city["en"], round(lat, 5), round(lon, 5),
             f"+86 {self.rng.randint(10, 99)} {self.rng.randint(1000, 9999)} {self.rng.randint(1000, 9999)}"
             if country == "CN" else None,
             f"base{bid}@example.org", None, str(Status.PUBLISHED), self.now, self.now),
        )
        for locale, pattern in content.BASE_KIND_NAMES[kind].items():
            city_name = place_name(city["en"], locale)  # the places table names every demo city
            address = f"{city_name} {self.rng.randint(1, 300)}" if locale != "zh-Hans" else \
                f"{city_name}市学府路{self.rng.randint(1, 300)}号"
            self.rows.add("base_text", ("base_id", "locale", "name", "address", "description"),
                          (bid, locale, pattern.format(city=city_name), address, None))
        for domain in content.BASE_DOMAINS[kind]:
            self.rows.add("base_domain", ("base_id", "domain"), (bid, str(domain)))
        audiences = [Audience.OLDER_ADULTS] if kind is BaseKind.ELDER_UNIVERSITY else \
            self.rng.sample(list(Audience), 3)
        for audience in audiences:
            self.rows.add("base_audience", ("base_id", "audience"), (bid, str(audience)))
        self.bases.append((bid, country))

    # -- courses ------------------------------------------------------------------------------

    def courses(self, progress: Progress | None) -> None:
        chinese_plus_every = 10  # one in ten courses is a "Chinese + vocational skills" programme
        china_providers = [pid for pid, country in self.providers if country == "CN"]
        for n in range(self.scale):
            self.course_id += 1
            if n % chinese_plus_every == 3:
                self._chinese_plus(n)
            else:
                track = Track.ONLINE if n % 3 else Track.CONTINUING
                self._course(n, track, self.rng.choice(china_providers))
            if progress and n % 1000 == 999:
                progress(1000)
        if progress:
            progress(self.scale % 1000)

    def _course_row(self, *, key: str, provider: int, track: Track, level: Level | None, category: int,
                    kind: CourseKind, hours: int, credits: Decimal, delivery: Delivery, hsk: int | None,
                    tuition: Decimal | None, status: Status) -> None:
        self.rows.add(
            "course",
            ("id", "key", "provider_id", "track", "level", "major_category", "kind", "hours", "credits",
             "delivery", "hsk_level", "tuition", "currency", "url", "status", "published_at", "created_at",
             "updated_at"),
            (self.course_id, key, provider, str(track), str(level) if level else None, category, str(kind),
             hours, credits, str(delivery), hsk, tuition, "CNY",
             f"https://learn.example.edu/c/{self.course_id}", str(status),
             self.now if status is Status.PUBLISHED else None, self.now, self.now),
        )

    def _status(self) -> Status:
        roll = self.rng.random()
        return Status.DRAFT if roll < 0.03 else Status.ARCHIVED if roll < 0.05 else Status.PUBLISHED

    def _course(self, n: int, track: Track, provider: int) -> None:
        # Count only the courses that are not "Chinese + vocational skills" (every tenth, from the
        # fourth): counting all of them would skip every subject whose position ends in 3.
        regular = n - (n + 6) // 10
        category, subject, audiences = content.SUBJECTS[regular % len(content.SUBJECTS)]
        variant = content.VARIANTS[(regular // len(content.SUBJECTS)) % len(content.VARIANTS)]
        if track is Track.CONTINUING and Audience.OLDER_ADULTS not in audiences and self.rng.random() < 0.3:
            audiences = (*audiences, Audience.OLDER_ADULTS)
        hours = self.rng.choice((16, 24, 32, 36, 48, 64, 72))
        credits = Decimal(hours) / Decimal(16)
        level = (Level.NATIONAL, Level.PROVINCIAL, Level.SCHOOL)[(n // 3) % 3] if track is Track.ONLINE else None
        delivery = Delivery.ONLINE if track is Track.ONLINE else self.rng.choice(list(Delivery))
        tuition = None if track is Track.ONLINE or self.rng.random() < 0.6 else \
            Decimal(self.rng.choice((80, 120, 200, 360, 600)))
        self._course_row(key=f"demo-c{self.course_id}", provider=provider, track=track, level=level,
                         category=category, kind=CourseKind.FOUNDATION if category in (55, 57, 59)
                         else CourseKind.PROFESSIONAL, hours=hours, credits=credits.quantize(Decimal("0.1")),
                         delivery=delivery, hsk=None, tuition=tuition, status=self._status())
        provider_names = self.provider_names[provider]
        # Chinese and English always; each partner language for about a third of the courses, as
        # schools translate what sells abroad rather than everything.
        written = {"zh-Hans", "en"} | {locale for locale in content.TRANSLATED
                                       if self.language_rng.random() < content.TRANSLATED_SHARE}
        for locale, title in subject.items():
            if locale not in written:
                continue
            variant_text = variant[locale]
            full_title = f"{title}（{variant_text}）" if locale == "zh-Hans" else \
                f"{title}{TITLE_COLON.get(locale, ': ')}{variant_text}"
            summary = content.SUMMARY[locale].format(
                subject=title, hours=hours, audience=content.audience_list(audiences, locale),
                provider=provider_names.get(locale) or provider_names["en"])
            self.rows.add("course_text", ("course_id", "locale", "title", "summary", "description"),
                          (self.course_id, locale, full_title, summary, None))
        self.rows.add("course_language", ("course_id", "language"), (self.course_id, "zh-Hans"))
        if self.rng.random() < 0.2:
            self.rows.add("course_language", ("course_id", "language"), (self.course_id, "en"))
        for audience in audiences:
            self.rows.add("course_audience", ("course_id", "audience"), (self.course_id, str(audience)))
        self._intakes(track, delivery)

    def _chinese_plus(self, n: int) -> None:
        category, skill, countries = content.CHINESE_PLUS[(n // 10) % len(content.CHINESE_PLUS)]
        hsk = 1 + (n // 10) % 6
        overseas = [pid for pid, country in self.providers if country in countries]
        provider = self.rng.choice(overseas) if overseas and self.rng.random() < 0.5 else \
            self.rng.choice([pid for pid, country in self.providers if country == "CN"])
        hours = self.rng.choice((64, 96, 120, 160))
        self._course_row(key=f"demo-c{self.course_id}", provider=provider, track=Track.CHINESE_PLUS,
                         level=None, category=category, kind=CourseKind.PROFESSIONAL, hours=hours,
                         credits=(Decimal(hours) / Decimal(16)).quantize(Decimal("0.1")),
                         delivery=self.rng.choice((Delivery.BLENDED, Delivery.ON_SITE)), hsk=hsk,
                         tuition=None, status=self._status())
        main_country = countries[n % len(countries)]
        # Every country a programme serves reads it in that country's language.
        readers = {content.COUNTRY_LOCALE[c]: c for c in reversed(countries)} | {"zh-Hans": main_country,
                                                                               "en": main_country}
        for locale in sorted(readers):
            name = skill.get(locale) or skill["en"]
            self.rows.add("course_text", ("course_id", "locale", "title", "summary", "description"), (
                self.course_id, locale, content.CHINESE_PLUS_TITLE[locale].format(skill=name, hsk=hsk),
                content.CHINESE_PLUS_SUMMARY[locale].format(skill=name,
                                                            country=_country_name(readers[locale], locale)),
                None))
        for country in countries:
            self.rows.add("course_country", ("course_id", "country"), (self.course_id, country))
        for language in sorted({"zh-Hans", content.COUNTRY_LOCALE[main_country]}):
            self.rows.add("course_language", ("course_id", "language"), (self.course_id, language))
        for audience in (Audience.EMPLOYEES, Audience.JOB_CHANGERS):
            self.rows.add("course_audience", ("course_id", "audience"), (self.course_id, str(audience)))
        self._intakes(Track.CHINESE_PLUS, Delivery.ON_SITE, countries=countries)

    def _intakes(self, track: Track, delivery: Delivery, countries: Iterable[str] = ("CN",)) -> None:
        self_paced = track is Track.ONLINE and delivery is Delivery.ONLINE and self.rng.random() < 0.5
        count = 1 if self_paced else self.rng.choice((1, 1, 2, 3))
        places = [bid for bid, country in self.bases if country in set(countries)] or \
            [bid for bid, _ in self.bases]
        for i in range(count):
            self.intake_id += 1
            start = self.now + timedelta(days=self.rng.randint(-20, 120) + 30 * i, hours=self.rng.choice((1, 6)))
            capacity = None if self_paced else self.rng.choice((12, 20, 30, 40, 60))
            base = None if delivery is Delivery.ONLINE else self.rng.choice(places)
            timezone = "Asia/Shanghai"
            if base is not None:
                country = next(c for b, c in self.bases if b == base)
                timezone = {"TH": "Asia/Bangkok", "KZ": "Asia/Almaty", "EG": "Africa/Cairo",
                            "KE": "Africa/Nairobi", "DJ": "Africa/Djibouti"}.get(country, "Asia/Shanghai")
            self.rows.add(
                "intake",
                ("id", "course_id", "base_id", "starts_at", "ends_at", "enroll_deadline", "capacity",
                 "seats_taken", "timezone", "created_at"),
                (self.intake_id, self.course_id, base, start, start + timedelta(weeks=self.rng.choice((4, 8, 12))),
                 None if self_paced else start - timedelta(days=2), capacity, 0, timezone, self.now),
            )

    # -- partners and learners -----------------------------------------------------------------

    def partners(self) -> None:
        course_rows = self.rows.tables["course"][1]
        countries: dict[int, set[str]] = {}
        for course_id, country in self.rows.tables.get("course_country", ((), []))[1]:
            countries.setdefault(course_id, set()).add(country)
        for pid, partner in enumerate(content.PARTNERS, start=1):
            contact = partner["contact"]
            self.rows.add("partner", ("id", "slug", "country", "locales", "currency", "email", "phone", "address",
                                      "website", "created_at"),
                          (pid, partner["slug"], partner["country"], partner["locales"], partner["currency"],
                           contact["email"], contact["phone"], contact["address"], contact["website"], self.now))
            for locale, name in partner["name"].items():
                self.rows.add("partner_text", ("partner_id", "locale", "name", "intro"),
                              (pid, locale, name, partner["intro"].get(locale)))
            logo = content.partner_logo(partner["initials"], partner["colour"])
            self.rows.add("partner_logo", ("partner_id", "content_type", "data", "digest", "updated_at"),
                          (pid, "image/svg+xml", logo, hashlib.sha256(logo).hexdigest(), self.now))
            chosen = [row[0] for row in course_rows
                      if partner["country"] in countries.get(row[0], ()) and row[14] == Status.PUBLISHED][:12]
            chosen += [row[0] for row in course_rows if row[3] == Track.ONLINE and row[4] == Level.NATIONAL
                       and row[14] == Status.PUBLISHED][pid * 3:pid * 3 + 4]
            for position, course_id in enumerate(chosen):
                self.rows.add("partner_course", ("partner_id", "course_id", "position"), (pid, course_id, position))

    def learners_and_waitlists(self) -> None:
        """Fill a few intakes to capacity and put learners on their waitlists."""
        intake_rows = self.rows.tables["intake"][1]
        learner_id = 0
        enrollment_cols = ("learner_id", "intake_id", "status", "active", "source", "created_at", "updated_at")
        learners_needed = 70
        for learner_id in range(1, learners_needed + 1):
            self.rows.add("learner", ("id", "telegram_id", "email", "password_hash", "display_name", "phone",
                                      "locale", "timezone", "created_at", "updated_at"),
                          (learner_id, None, f"learner{learner_id}@example.org", None,
                           f"Demo learner {learner_id}", None, "zh-Hans", "Asia/Shanghai", self.now, self.now))
        full = [i for i, row in enumerate(intake_rows)
                if row[6] is not None and row[6] <= 20 and row[3] > self.now][:3]
        for index in full:
            intake = list(intake_rows[index])
            capacity = intake[6]
            waiting = 3 + index % 4
            for seat in range(capacity + waiting):
                status = EnrollmentStatus.ENROLLED if seat < capacity else EnrollmentStatus.WAITLISTED
                self.rows.add("enrollment", enrollment_cols,
                              (1 + seat % learners_needed, intake[0], str(status), True, str(Source.PORTAL),
                               self.now, self.now))
            intake[7] = capacity
            intake_rows[index] = tuple(intake)


def generate(scale: int = DEFAULT_SCALE, seed: int = DEFAULT_SEED, now: datetime | None = None,
             progress: Progress | None = None) -> DemoRows:
    """Build the demo catalogue's rows in memory: ``scale`` courses and their bases, intakes, partners."""
    generator = _Generator(scale, seed, now or datetime.now(UTC))
    generator.providers_and_bases()
    generator.courses(progress)
    generator.partners()
    generator.learners_and_waitlists()
    return generator.rows


async def _insert(conn: BaseDBAsyncClient, table: str, columns: Sequence[str], rows: list[tuple],
                  progress: Progress | None, batch: int = 5000) -> None:
    sqlite = conn.capabilities.dialect == "sqlite"
    marks = ", ".join("?" if sqlite else f"${i}" for i in range(1, len(columns) + 1))
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        if sqlite:
            # Tortoise keeps decimals as text and booleans as integers on SQLite.
            chunk = [tuple(str(v) if isinstance(v, Decimal) else int(v) if isinstance(v, bool) else v
                           for v in row) for row in chunk]
        # Tortoise types the rows as lists; its drivers take any sequence, tuples included.
        await conn.execute_many(sql, chunk)  # type: ignore[arg-type]
        if progress:
            progress(len(chunk))


async def load(conn: BaseDBAsyncClient, rows: DemoRows, progress: Progress | None = None) -> None:
    """Insert generated rows into an empty catalogue in one transaction, and index them for search.

    ``progress`` is called with the number of rows written, then of documents indexed: the
    whole load reports :func:`work` units.

    :raises CatalogueNotEmpty: when any course already exists (nothing is written).
    """
    existing = await Course.all().using_db(conn).count()
    if existing:
        raise CatalogueNotEmpty(existing)
    for table, (columns, table_rows) in rows.tables.items():
        await _insert(conn, table, columns, table_rows, progress)
    if conn.capabilities.dialect == "postgres":
        # Explicit ids were written: move each sequence past them.
        for table, (columns, _) in rows.tables.items():
            if "id" in columns:
                await conn.execute_script(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 1))")
    await reindex_courses(using=conn, progress=progress)
    await reindex_bases(using=conn, progress=progress)


def work(rows: DemoRows) -> int:
    """Units of progress a :func:`load` of ``rows`` reports: rows inserted, then documents indexed."""
    published = sum(1 for row in rows.tables.get("course", ((), []))[1] if row[14] == Status.PUBLISHED)
    return rows.total + published + rows.count("base")
