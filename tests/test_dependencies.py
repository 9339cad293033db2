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
