"""Simplified Chinese to Traditional with Taiwan usage (OpenCC's ``s2twp``), in a sixth of its memory.

Every web process converts: zh-Hant pages show zh-Hans texts converted, and search indexes the
words a Taiwan reader saw. OpenCC's stock ``s2twp`` costs a process about 43 MB, almost all of it
for its dictionary *groups* (a group is expanded in memory; a single ``.ocd2`` dictionary is read
as its compact trie). So the two groups over the big dictionaries are merged once into single
dictionaries with OpenCC's own ``opencc_dict`` tool, from the dictionaries of the installed OpenCC:

- segmentation: the union of ``STPhrases`` and ``STPhrases_GeneratedFromRegionalPhrases``;
- first conversion step: those phrases, then ``STCharacters`` (the group short-circuits from
  phrases to characters; phrase keys are all longer than one character, so the longest match of
  the merged dictionary picks what the group picks).

The small Taiwan group is left as it is. The result converts like ``s2twp`` (a test compares the
two on every dictionary key and the demo catalogue) in about 12 MB. When the tool or a dictionary
is missing (another OpenCC build), the stock ``s2twp`` is used and a warning says so.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

__all__ = ["to_traditional"]

log = logging.getLogger(__name__)

PHRASES = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases")
CHARACTERS = "STCharacters"
TAIWAN = ("TWPhrases", "TWVariantsPhrases", "TWVariants")
NORMALIZATION = "CJK_Compatibility_Ideographs"
SEGMENTING_FILE, CONVERTING_FILE = "phrases.ocd2", "phrases-characters.ocd2"  # what the merge writes


def _ocd2(path: Path | str) -> dict[str, str]:
    return {"type": "ocd2", "file": str(path)}


def _merged(tool: Path, sources: list[Path], target: Path) -> None:
    """One .ocd2 of the entries of ``sources``; on a key in several, the first source's entry wins."""
    lines: dict[str, str] = {}
    for source in sources:
        text = target.with_name(source.stem + ".txt")
        subprocess.run([str(tool), "-i", str(source), "-o", str(text), "-f", "ocd2", "-t", "text"],
                       check=True, capture_output=True)
        for line in text.read_text(encoding="utf-8").splitlines():
            key = line.partition("\t")[0]
            if key and key not in lines:
                lines[key] = line
    merged = target.with_suffix(".txt")
    merged.write_text("\n".join(lines.values()) + "\n", encoding="utf-8")
    subprocess.run([str(tool), "-i", str(merged), "-o", str(target), "-f", "text", "-t", "ocd2"],
                   check=True, capture_output=True)


def compact_config(folder: Path) -> Path:
    """Write the merged dictionaries and their config into ``folder``; return the config's path.

    Raises OSError or SubprocessError when the installed OpenCC lacks the tool or a dictionary."""
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    share, tool = root / "share" / "opencc", root / "bin" / "opencc_dict"
    names = (*PHRASES, CHARACTERS, *TAIWAN, NORMALIZATION)
    missing = [name for name in names if not (share / f"{name}.ocd2").is_file()]
    if missing or not tool.is_file():
        raise FileNotFoundError(f"OpenCC without {'opencc_dict' if not tool.is_file() else ', '.join(missing)}")
    # Merged in a child process: the ~50,000 lines it reads would stay in this process's heap. It runs
    # this file as a script, which needs only the standard library (and so starts in a few ms).
    subprocess.run([sys.executable, "-I", __file__, str(tool), str(share), str(folder)], check=True,
                   capture_output=True, timeout=300)
    config: dict[str, Any] = {
        "name": "s2twp, merged dictionaries",
        "normalization": [{"dict": _ocd2(share / f"{NORMALIZATION}.ocd2")}],
        "segmentation": {"type": "mmseg", "dict": _ocd2(folder / SEGMENTING_FILE)},
        "conversion_chain": [
            {"dict": _ocd2(folder / CONVERTING_FILE)},
            {"dict": {"type": "group", "match_policy": "short_circuit",
                      "dicts": [_ocd2(share / f"{name}.ocd2") for name in TAIWAN]}},
        ],
    }
    path = folder / "s2twp-merged.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - an opencc.OpenCC
    from opencc import OpenCC

    # The dictionaries are read into memory when loaded: the folder is not needed afterwards.
    with tempfile.TemporaryDirectory(prefix="lifelong-opencc-") as folder:
        try:
            return OpenCC(str(compact_config(Path(folder))))
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("Traditional Chinese conversion uses OpenCC's stock s2twp (about 30 MB more "
                        "per process): %s", error)
    return OpenCC("s2twp")


@lru_cache(maxsize=65536)
def to_traditional(text: str) -> str:
    """``text`` in Traditional Chinese with Taiwan usage (软件 → 軟體), as OpenCC's ``s2twp`` converts it.

    Conversions are cached; the converter is loaded on the first call."""
    return cast(str, _converter().convert(text))  # OpenCC ships no type hints


def _merge_into(tool: Path, share: Path, folder: Path) -> None:
    _merged(tool, [share / f"{name}.ocd2" for name in PHRASES], folder / SEGMENTING_FILE)
    _merged(tool, [share / f"{name}.ocd2" for name in (*PHRASES, CHARACTERS)], folder / CONVERTING_FILE)


if __name__ == "__main__":
    _merge_into(*(Path(argument) for argument in sys.argv[1:4]))
