"""The layering DESIGN.md promises: the domain knows no transport, and the faces hold no ORM queries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRANSPORTS = {"aiohttp", "aiohttp_jinja2", "aiohttp_session", "aiogram", "jinja2", "portal", "bot"}
ORM = {"tortoise", "courses.models"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(folder: str, forbidden: set[str]) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


def test_the_domain_imports_no_transport() -> None:
    assert offenders("courses", TRANSPORTS) == []


@pytest.mark.parametrize("folder", ["portal", "bot"])
def test_the_faces_make_no_orm_queries(folder: str) -> None:
    assert offenders(folder, ORM) == []


def test_the_scan_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import aiohttp.web\nfrom aiogram import Bot\nfrom . import local\n", encoding="utf-8")
    assert imported_modules(sample) == {"aiohttp.web", "aiogram"}
