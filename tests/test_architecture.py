"""The layering DESIGN.md promises: the domain knows no transport, and the faces hold no ORM queries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRANSPORTS = {"aiohttp", "aiohttp_jinja2", "aiohttp_session", "aiogram", "jinja2", "portal", "bot"}
ORM = {"tortoise", "courses.models", "courses.learners.tables", "courses.reach_models", "courses.outcomes.tables"}


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


def test_the_faces_import_the_domain_through_its_packages() -> None:
    """A face names ``courses.enrollment``, never ``courses.enrollment.seats``: inner modules may move."""
    packages = {p.name for p in (ROOT / "courses").iterdir() if (p / "__init__.py").exists()}
    inner = {f"courses.{package}." for package in packages}
    found = [f"{path.relative_to(ROOT)} imports {name}"
             for folder in ("portal", "bot") for path in sorted((ROOT / folder).rglob("*.py"))
             for name in imported_modules(path) if any(name.startswith(prefix) for prefix in inner)]
    assert found == []


def test_the_domain_is_grouped_into_small_modules() -> None:
    top = sorted(p.name for p in (ROOT / "courses").glob("*.py"))
    assert len(top) <= 12, top
    long = [f"{p.relative_to(ROOT)}: {n} lines" for p in sorted((ROOT / "courses").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert long == []


# What a web process loads only when it does the work that needs it: the bot's webhook (aiogram, about
# 120 MB), staff spreadsheets (openpyxl, 9 MB), credential proofs (pyld with requests, 15 MB), Telegram
# notices (httpx, 8 MB), indexing (pypinyin's phrases, 56 MB) and migrations (Alembic with SQLAlchemy).
LOADED_ON_DEMAND = ("aiogram", "bot", "openpyxl", "pyld", "requests", "httpx", "pypinyin", "opencc", "alembic",
                    "sqlalchemy")


def test_the_portal_loads_what_it_serves_with_and_no_more() -> None:
    import subprocess
    import sys

    probe = f"import sys, portal.app; print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(LOADED_ON_DEMAND)}))"
    found = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_no_package_exports_a_name_its_submodule_would_shadow() -> None:
    """``courses.enrollment.availability`` must stay the function once any inner module is imported."""
    import importlib

    for init in sorted((ROOT / "courses").glob("*/__init__.py")):
        package = importlib.import_module(f"courses.{init.parent.name}")
        inner = {p.stem for p in init.parent.glob("*.py")}
        assert not set(getattr(package, "__all__", ())) & inner, init.parent.name
