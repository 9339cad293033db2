"""A parsed query as SQL for each backend: FTS5 MATCH expressions on SQLite, LIKE over trigram indexes on PostgreSQL."""

from __future__ import annotations

from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.search import analysis
from courses.storage.sql import is_sqlite

__all__ = [
    "MatchKind",
]

# -- compiling a query for each backend --------------------------------------------------------


class MatchKind(StrEnum):
    TITLE = "title"
    SUMMARY = "summary"
    FUZZY = "fuzzy"


def _compile(
    conn: BaseDBAsyncClient, parts: list[analysis.QueryPart], readings: list[tuple[str, ...]]
) -> list[tuple[MatchKind, str, list]]:
    """The tiers of a query: (match kind, condition on search_doc, parameters), best first."""
    fuzzy = any(part.fuzzy for part in parts)
    if is_sqlite(conn):
        title = f"{{title}} : ({_fts(parts, False)})"
        if readings:
            title = (
                f"({title}) OR ({{pinyin}} : ({' OR '.join(_fts_term(analysis.Term(r)) for r in readings)}))"
            )
        both = f"{{title summary}} : ({_fts(parts, False)})"
        tiers = [(MatchKind.TITLE, title), (MatchKind.SUMMARY, f"({both}) NOT ({title})")]
        if fuzzy:
            tiers.append(
                (MatchKind.FUZZY, f"({{title summary}} : ({_fts(parts, True)})) NOT (({both}) OR ({title}))")
            )
        return [(match, "search_doc MATCH ?", [expression]) for match, expression in tiers]
    title_sql, title_params = _like(parts, ("title",), False)
    for reading in readings:
        title_sql = f"({title_sql}) OR search_doc.pinyin LIKE ?"
        title_params = [*title_params, "% " + " ".join(reading) + " %"]
    both_sql, both_params = _like(parts, ("title", "summary"), False)
    result = [
        (MatchKind.TITLE, f"({title_sql})", title_params),
        (MatchKind.SUMMARY, f"({both_sql}) AND NOT ({title_sql})", [*both_params, *title_params]),
    ]
    if fuzzy:
        fuzzy_sql, fuzzy_params = _like(parts, ("title", "summary"), True)
        result.append(
            (
                MatchKind.FUZZY,
                f"({fuzzy_sql}) AND NOT ({both_sql}) AND NOT ({title_sql})",
                [*fuzzy_params, *both_params, *title_params],
            )
        )
    return result


def _fts_term(term: analysis.Term) -> str:
    # Every token is quoted (quotes doubled), so no user text is ever read as FTS5 syntax.
    phrase = " ".join(token.replace('"', '""') for token in term.tokens)
    return f'"{phrase}"' + ("*" if term.prefix else "")


def _fts(parts: list[analysis.QueryPart], fuzzy: bool) -> str:
    groups = []
    for part in parts:
        terms = part.exact + (part.fuzzy if fuzzy else ())
        groups.append("(" + " OR ".join(_fts_term(t) for t in terms) + ")")
    return " AND ".join(groups)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(parts: list[analysis.QueryPart], columns: tuple[str, ...], fuzzy: bool) -> tuple[str, list[str]]:
    groups: list[str] = []
    params: list[str] = []
    for part in parts:
        alternatives = []
        for term in part.exact + (part.fuzzy if fuzzy else ()):
            pattern = "% " + _like_escape(" ".join(term.tokens)) + ("%" if term.prefix else " %")
            for column in columns:
                alternatives.append(f"search_doc.{column} LIKE ?")
                params.append(pattern)
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups), params
