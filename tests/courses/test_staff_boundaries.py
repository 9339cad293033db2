"""The staff and partner modules of the domain know no transport (STYLE.md, principle 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import courses

FORBIDDEN = ("aiohttp", "aiogram", "jinja2", "portal", "bot")
MODULES = ("staff", "importer", "import_columns", "sheets", "exporter", "calendar", "partners", "ratelimit",
           "editing", "base_editing", "rosters", "__main__")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_staff_modules_import_no_transport() -> None:
    root = Path(courses.__file__).parent
    for name in MODULES:
        assert not imported(root / f"{name}.py") & set(FORBIDDEN), name
