"""One search across courses, learning centres and "Chinese + vocational skills" programmes.

A query matches titles and summaries (names and addresses of bases) in every stored locale.
It finds Chinese substrings of any length (two-character words through CJK bigram tokens),
Traditional and Simplified alike, pinyin with or without tones and spaces, Latin and Cyrillic
words regardless of case and diacritics (as word prefixes), and Latin or Cyrillic words with a
small typo. Hits are ranked title matches, then summary matches, then fuzzy (typo) matches;
ties by kind and id, so the order is stable.

The index lives in ``search_*`` tables (FTS5 on SQLite, pg_trgm GIN indexes on PostgreSQL)
and must be refreshed by :func:`reindex_courses` / :func:`reindex_bases` after content is
written. Any text is a valid query: quotes, operators and wildcards are matched literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from courses.filters import CourseFilters
from courses.localization import LocalizedText

__all__ = ["HitKind", "MatchKind", "SearchHit", "SearchResults", "search", "reindex_courses", "reindex_bases"]


class HitKind(StrEnum):
    COURSE = "course"
    CHINESE_PLUS = "chinese_plus"
    BASE = "base"


class MatchKind(StrEnum):
    TITLE = "title"
    SUMMARY = "summary"
    FUZZY = "fuzzy"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: what it is, its id, and its localized title and summary (a base's address)."""

    kind: HitKind
    id: int
    title: LocalizedText
    summary: LocalizedText | None
    match: MatchKind


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of hits with the total over all pages; ``corrections`` maps a misspelt word to the
    words the fuzzy tier searched for instead."""

    query: str
    items: tuple[SearchHit, ...]
    total: int
    page: int
    per_page: int
    corrections: dict[str, tuple[str, ...]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


async def search(query: str, locale: str = "en", *, kinds: tuple[HitKind, ...] = (), page: int = 1,
                 per_page: int = 20, filters: CourseFilters | None = None) -> SearchResults:
    """Search published courses, programmes and bases; return one page of ranked hits.

    ``kinds`` limits the result to some kinds (empty = all). ``filters`` narrows course and
    programme hits like :func:`courses.catalogue.list_courses` (and drops bases). A blank
    query gives no hits.

    :raises InvalidInput: for ``page`` < 1 or ``per_page`` outside 1–100.
    """
    raise NotImplementedError


async def reindex_courses(course_ids: list[int] | None = None) -> int:
    """Bring the search index in step with the given courses (all when None); return how many are indexed.

    Published courses are (re)indexed from their texts; others, and ids that no longer exist,
    are removed from the index. Call it after every write to courses or their texts.
    """
    raise NotImplementedError


async def reindex_bases(base_ids: list[int] | None = None) -> int:
    """Bring the search index in step with the given bases (all when None); return how many are indexed."""
    raise NotImplementedError
