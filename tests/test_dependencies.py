"""Dependency floors stay above releases with published security fixes, and the pins agree with them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).parents[1]
# package → the first release with the fixes the floor must not go below
FIXED_IN = {"aiohttp": Version("3.14.4")}


def test_floors_exclude_releases_with_known_fixes_and_pins_satisfy_them() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = {r.name: r for r in map(Requirement, project["dependencies"])}
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    for name, fixed in FIXED_IN.items():
        specifier = requirements[name].specifier
        assert not specifier.contains(Version(f"{fixed.major}.{fixed.minor}.{fixed.micro - 1}")), name
        assert specifier.contains(Version(pins[name].strip())), name


def test_the_start_up_hints_name_how_to_install_what_running_does_not() -> None:
    """``make run`` installs only the runtime dependencies: a module the portal's start-up message tells
    the developer to run with ``python -m`` is one of them, or the message says how to install it."""
    import re

    from portal.__main__ import NO_MAIL_WARNING

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {Requirement(r).name.lower() for r in project["dependencies"]}
    suggested = re.findall(r"python -m ([\w.]+)", NO_MAIL_WARNING)
    assert suggested, "the hint no longer suggests a local mail sink"
    for module in suggested:
        top = module.split(".")[0].lower()
        assert top in runtime or re.search(rf"pip install {re.escape(top)}\b", NO_MAIL_WARNING), module
