"""The columns of official course lists, in Chinese and in English, and how each cell is read.

A cell that cannot be read becomes a :class:`Problem` (row, column, code); nothing here touches
the database. The faces turn a problem's code into a localized sentence via ``PROBLEM_MESSAGES``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale

from courses.vocabulary.kinds import MAJOR_CATEGORIES, N_, CourseKind, Delivery, Level, Status, Track

__all__ = [
    "PROBLEM_MESSAGES",
]

# canonical field → accepted headers (compared after normalization); the first is the Chinese
# header written back in reports, the first ASCII one is the English header the export uses.
COLUMNS: dict[str, tuple[str, ...]] = {
    "key": ("课程编号", "key"),
    "title": ("课程名称", "课程名", "title", "course title", "course name"),
    "provider": ("学校名称", "院校名称", "学校", "单位名称", "开课单位", "provider", "school", "institution"),
    "lead": ("课程负责人", "负责人", "lead", "course lead"),
    "category": ("专业大类", "所属专业大类", "category", "major category"),
    "level": ("课程级别", "级别", "level"),
    "track": ("课程类别", "track"),
    "kind": ("课程类型", "kind"),
    "hours": ("学时", "总学时", "hours"),
    "credits": ("学分", "credits"),
    "delivery": ("授课方式", "delivery"),
    "url": ("课程链接", "课程网址", "链接", "url", "link", "course url"),
    "province": ("省份", "所在省份", "province"),
    "summary": ("课程简介", "简介", "summary"),
    "languages": ("授课语言", "languages"),
    "hsk": ("中文水平", "hsk", "hsk level"),
    "countries": ("服务国家", "countries"),
    "status": ("状态", "status"),
    "locale": ("文本语言", "locale"),
}
REQUIRED = ("title", "provider", "category", "hours")

PROBLEM_MESSAGES: dict[str, str] = {
    "encoding": N_("The file is neither UTF-8 nor GB18030 text; save it again as UTF-8 CSV or as XLSX."),
    "not_a_spreadsheet": N_("The file is not a CSV or XLSX spreadsheet that can be read."),
    "empty_file": N_("The file is empty."),
    "no_header": N_("No header row with the expected column names was found."),
    "missing_column": N_("The column “{column}” is missing."),
    "required": N_("A value is required."),
    "too_long": N_("The value is longer than {limit} characters."),
    "not_a_number": N_("“{value}” is not a number."),
    "out_of_range": N_("“{value}” is out of range."),
    "unknown_category": N_("“{value}” is not a major category (41–59 or its name)."),
    "unknown_level": N_("“{value}” is not a course level (国家级, 省级, 校级)."),
    "unknown_value": N_("“{value}” is not an accepted value here."),
    "bad_url": N_("“{value}” is not a web address (http:// or https://)."),
    "duplicate_row": N_("The same course already appears in row {first_row}."),
    "too_many_rows": N_("The file has more than {limit} rows."),
    "cell_too_long": N_("Row {row} has a cell longer than {limit} characters."),
    "too_large": N_("The file unpacks to more than an import may read; split it into smaller files."),
    "too_slow": N_("Reading the file took too long; split it into smaller files."),
    # refusals of the admin forms, which read fields with the same rules
    "below_taken": N_("The capacity cannot be below the seats already taken."),
    "no_title": N_("A course needs a title in at least one language before it is published."),
}

_CATEGORY_NAMES_ZH = {
    "农林牧渔": 41,
    "资源环境与安全": 42,
    "能源动力与材料": 43,
    "土木建筑": 44,
    "水利": 45,
    "装备制造": 46,
    "生物与化工": 47,
    "轻工纺织": 48,
    "食品药品与粮食": 49,
    "交通运输": 50,
    "电子与信息": 51,
    "电子信息": 51,
    "医药卫生": 52,
    "财经商贸": 53,
    "旅游": 54,
    "文化艺术": 55,
    "新闻传播": 56,
    "教育与体育": 57,
    "公安与司法": 58,
    "公共管理与服务": 59,
}
_CATEGORY_NAMES_EN = {name.lower(): code for code, name in MAJOR_CATEGORIES.items()}
_LEVELS = {"国家级": Level.NATIONAL, "省级": Level.PROVINCIAL, "校级": Level.SCHOOL}
_TRACKS = {
    "在线精品课程": Track.ONLINE,
    "在线课程": Track.ONLINE,
    "继续教育": Track.CONTINUING,
    "社区教育": Track.CONTINUING,
    "老年教育": Track.CONTINUING,
    "中文+职业技能": Track.CHINESE_PLUS,
}
_KINDS = {
    "公共基础课": CourseKind.FOUNDATION,
    "专业课": CourseKind.PROFESSIONAL,
    "专业（技能）课": CourseKind.PROFESSIONAL,
    "专业技能课": CourseKind.PROFESSIONAL,
}
_DELIVERIES = {
    "线上": Delivery.ONLINE,
    "在线": Delivery.ONLINE,
    "混合式": Delivery.BLENDED,
    "混合": Delivery.BLENDED,
    "线下": Delivery.ON_SITE,
    "面授": Delivery.ON_SITE,
}
_STATUSES = {
    "草稿": Status.DRAFT,
    "已发布": Status.PUBLISHED,
    "发布": Status.PUBLISHED,
    "已归档": Status.ARCHIVED,
}
_LANGUAGE_NAMES = {
    "中文": "zh-Hans",
    "汉语": "zh-Hans",
    "英语": "en",
    "英文": "en",
    "俄语": "ru",
    "法语": "fr",
    "阿拉伯语": "ar",
    "泰语": "th",
}
_COUNTRY_NAMES_ZH = {
    name: code for code, name in Locale.parse("zh").territories.items() if len(code) == 2 and code.isalpha()
}
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_SPLIT = re.compile(r"[,，、;；/\s]+")
_SEPARATORS = re.compile(r"[\s*＊:：（）()]+")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (or with the file when ``row`` is None)."""

    row: int | None
    column: str | None
    code: str
    value: str | None = None
    details: dict[str, object] = field(default_factory=dict)

    def message(self, gettext: Callable[[str], str] = str) -> str:
        """The problem as a sentence, translated by ``gettext`` (English when none is given)."""
        return describe(self.code, gettext, column=self.column, value=self.value, **self.details)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def describe(code: str, gettext: Callable[[str], str] = str, **values: object) -> str:
    """The sentence for a problem code; placeholders without a value read as an ellipsis."""
    return gettext(PROBLEM_MESSAGES.get(code, PROBLEM_MESSAGES["unknown_value"])).format_map(_Blank(values))


@dataclass
class CourseRow:
    """One valid row: the fields it sets (absent columns leave stored values alone)."""

    row: int
    key: str
    provider: str
    locale: str
    course: dict[str, object]
    text: dict[str, object]
    province: str | None = None
    languages: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None


def normalize_header(header: str) -> str:
    return _SEPARATORS.sub(" ", header.replace("\ufeff", "")).strip().lower()


def header_index(columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Normalized header → field, for columns given as field → accepted headers."""
    return {normalize_header(alias): name for name, aliases in columns.items() for alias in aliases}


_HEADER_INDEX = header_index(COLUMNS)


def map_headers(cells: list[str], known: Mapping[str, str] | None = None) -> dict[str, int]:
    """Canonical field → column index for the recognised headers of a row (first occurrence wins).

    ``known`` maps normalized headers to fields (the course list's when None; see :func:`header_index`).
    """
    known = _HEADER_INDEX if known is None else known
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = known.get(normalize_header(cell))
        if name and name not in mapping:
            mapping[name] = index
    return mapping


def is_chinese(headers: list[str]) -> bool:
    return any(any("\u4e00" <= ch <= "\u9fff" for ch in header) for header in headers)


def header_label(name: str, chinese: bool) -> str:
    """The header to name a field by in a report, in the file's language."""
    aliases = COLUMNS[name]
    return aliases[0] if chinese else next(a for a in aliases if a.isascii())


def stable_key(provider: str, title: str) -> str:
    """The key of a course known only by school and title: the same pair always gives the same key."""
    digest = hashlib.sha256(f"{' '.join(provider.split())}\n{' '.join(title.split())}".encode()).hexdigest()
    return f"imp-{digest[:32]}"


class CellError(ValueError):
    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def _lookup(value: str, names: Mapping[str, object], enum: type) -> object:
    try:
        return enum(value.lower().replace("-", "_"))
    except ValueError:
        pass
    if value in names:
        return names[value]
    raise CellError("unknown_value")


def read_category(value: str) -> int:
    match = re.match(r"^(\d{2})(\d{2}|\d{4})?\b", value)
    if match:
        code = int(match.group(1))
        if code in MAJOR_CATEGORIES:
            return code
        raise CellError("unknown_category")
    name = value.removesuffix("大类").strip()
    if name in _CATEGORY_NAMES_ZH:
        return _CATEGORY_NAMES_ZH[name]
    if value.lower() in _CATEGORY_NAMES_EN:
        return _CATEGORY_NAMES_EN[value.lower()]
    raise CellError("unknown_category")


def read_level(value: str) -> Level:
    try:
        return Level(value.lower())
    except ValueError:
        pass
    for word, level in _LEVELS.items():
        if word in value:
            return level
    raise CellError("unknown_level")


def read_int(value: str, low: int, high: int) -> int:
    try:
        number = Decimal(value.upper().removeprefix("HSK").strip())
    except InvalidOperation:
        raise CellError("not_a_number") from None
    if number != number.to_integral_value() or not low <= number <= high:
        raise CellError("out_of_range")
    return int(number)


def read_credits(value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError("not_a_number") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal("999.9"):
        raise CellError("out_of_range")
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Characters no real course address needs, that end an HTML attribute or a Telegram entity early.
_URL_BREAKERS = frozenset('"<>\\`')


def read_url(value: str) -> str:
    """A web address fit to show as a link: ``http(s)://host.tld…`` with no quote, angle bracket,
    backslash, backtick, whitespace or control character (import, course and base editing share it).

    :raises CellError: ``bad_url``, or ``too_long`` past 500 characters.
    """
    if (not re.match(r"^https?://[^\s/?#]+\.[^\s]+$", value, re.IGNORECASE)
            or any(ch in _URL_BREAKERS or ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value)):
        raise CellError("bad_url")
    if len(value) > 500:
        raise CellError("too_long", limit=500)
    return value


def read_languages(value: str) -> tuple[str, ...]:
    tags = []
    for part in _SPLIT.split(value):
        if not part:
            continue
        tag = _LANGUAGE_NAMES.get(part, part)
        if not _TAG.match(tag):
            raise CellError("unknown_value")
        tags.append(tag)
    return tuple(sorted(set(tags)))


def read_countries(value: str) -> tuple[str, ...]:
    codes = []
    for part in _SPLIT.split(value):
        if not part:
            continue
        code = part.upper() if re.fullmatch(r"[A-Za-z]{2}", part) else _COUNTRY_NAMES_ZH.get(part)
        if code is None:
            raise CellError("unknown_value")
        codes.append(code)
    return tuple(sorted(set(codes)))


def read_locale(value: str) -> str:
    if not _TAG.match(value):
        raise CellError("unknown_value")
    return value


def text(limit: int) -> Callable[[str], str]:
    def read(value: str) -> str:
        if len(value) > limit:
            raise CellError("too_long", limit=limit)
        return value

    return read


# field → how a non-empty cell is read
READERS: dict[str, Callable[[str], object]] = {
    "key": text(64),
    "title": text(300),
    "provider": text(200),
    "lead": text(100),
    "category": read_category,
    "level": read_level,
    "track": lambda v: _lookup(v, _TRACKS, Track),
    "kind": lambda v: _lookup(v, _KINDS, CourseKind),
    "hours": lambda v: read_int(v, 1, 10000),
    "credits": read_credits,
    "delivery": lambda v: _lookup(v, _DELIVERIES, Delivery),
    "url": read_url,
    "province": text(64),
    "summary": text(4000),
    "languages": read_languages,
    "hsk": lambda v: read_int(v, 1, 6),
    "countries": read_countries,
    "status": lambda v: _lookup(v, _STATUSES, Status),
    "locale": read_locale,
}
