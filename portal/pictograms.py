"""Which symbol of the icon sprite (``static/icons.svg``) stands for which catalogue value.

The sprite holds one line drawing per major category (``c41`` … ``c59``) and one per kind of
learning centre (named by the kind's value); pages draw them with ``<use href="…#id">`` beside a
text label, so an unknown value simply gets no icon.
"""

from __future__ import annotations

from courses.vocabulary import MAJOR_CATEGORIES, BaseKind

SPRITE = "icons.svg"
KIND_ICONS = frozenset(kind.value for kind in BaseKind)


def category_icon(code: int) -> str | None:
    return f"c{code}" if code in MAJOR_CATEGORIES else None


def kind_icon(kind: str) -> str | None:
    return kind if kind in KIND_ICONS else None


def facet_icon(filter_name: str, value: str) -> str | None:
    """The icon of a filter value in a facet list: fields (``category``) and kinds of centre only."""
    if filter_name == "category":
        return category_icon(int(value)) if value.isdigit() else None
    if filter_name == "kind":
        return kind_icon(value)
    return None
