"""What to offer when a search finds nothing: near spellings and the fields most courses are in."""

from __future__ import annotations

from dataclasses import dataclass

from courses.filtering.filters import searched_text
from courses.search import analysis, memory, ranking
from courses.storage.sql import connection

__all__ = [
    "SearchHelp",
    "search_help",
]


@dataclass(frozen=True, slots=True)
class SearchHelp:
    """Queries spelled near the learner's (each finds something) and the largest fields (category codes)."""

    spellings: tuple[str, ...]
    categories: tuple[int, ...]


async def search_help(query: str, *, spellings: int = 3, categories: int = 4) -> SearchHelp:
    """Suggestions for a query that found nothing; any text is accepted (it is cut like a query)."""
    index = await memory.current(connection())
    words = [part.word for part in analysis.query_parts(searched_text(query))]
    near: list[str] = []
    for number, word in enumerate(words):
        if not analysis.is_fuzzy_candidate(word):
            continue
        for similar in ranking.similar_words(index, word):
            spelled = " ".join([*words[:number], similar, *words[number + 1 :]])
            if spelled not in near and ranking.match(index, spelled).courses.by_score:
                near.append(spelled)
    sizes = sorted(((len(ids), int(code)) for code, ids in index.values.get("category", {}).items()),
                   reverse=True)
    return SearchHelp(tuple(near[:spellings]), tuple(code for _, code in sizes[:categories]))
