"""The compact Simplified → Traditional (Taiwan) converter converts exactly as OpenCC's stock s2twp."""

from __future__ import annotations

import random
from pathlib import Path

import opencc
import pytest

from courses.demo import content
from courses.i18n import traditional

CATALOGUE_TEXTS = [
    *(texts["zh-Hans"] for _, texts, _ in content.SUBJECTS),
    *(texts["zh-Hans"] for _, texts, _ in content.CHINESE_PLUS),
    *(variant["zh-Hans"] for variant in content.VARIANTS if "zh-Hans" in variant),
    content.SUMMARY["zh-Hans"], content.CHINESE_PLUS_TITLE["zh-Hans"], content.CHINESE_PLUS_SUMMARY["zh-Hans"],
    *(names["zh-Hans"] for names in content.BASE_KIND_NAMES.values()),
]
SENTENCES = [
    "软件工程师在干燥的地方干活，头发也干了。",  # 软件 → 軟體 (Taiwan), 干 three ways
    "面向退役军人、农民工和老年人的继续教育基地，提供线上线下混合式课程。",
    "中文+职业技能：鲁班工坊开设电气自动化、汽车维修与护理专业。",
    "SQL注入与PN结：借记卡的网络安全。",  # entries of the regional phrase dictionary
]


@pytest.fixture(scope="module")
def dictionary_keys(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every key of the dictionaries merged, as the merge wrote them out."""
    folder = tmp_path_factory.mktemp("opencc")
    traditional.compact_config(folder)
    keys = []
    for name in (*traditional.PHRASES, traditional.CHARACTERS):
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        keys += [line.partition("\t")[0] for line in text.splitlines() if line]
    assert len(keys) > 40_000
    return keys


def test_the_compact_converter_is_the_one_in_use() -> None:
    converter = traditional._converter()
    assert Path(converter.config).name == "s2twp-merged.json"
    assert converter.convert("软件") == "軟體"


def test_it_converts_every_dictionary_key_and_catalogue_text_as_stock_s2twp(dictionary_keys: list[str]) -> None:
    stock, compact = opencc.OpenCC("s2twp"), traditional._converter()
    rng = random.Random(5)
    # Runs of phrases with and without something between them: where segmentation could part.
    runs = ["".join(rng.choice(dictionary_keys) + rng.choice(["", "的", "，", "a "]) for _ in range(rng.randint(2, 5)))
            for _ in range(20_000)]
    texts = [*dictionary_keys, *runs, *CATALOGUE_TEXTS, *SENTENCES]
    differ = [(text, stock.convert(text), compact.convert(text)) for text in texts
              if stock.convert(text) != compact.convert(text)]
    assert differ == []


def test_without_the_dictionary_tool_the_stock_config_is_used(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    monkeypatch.setattr(opencc, "__file__", str(tmp_path / "opencc" / "__init__.py"))
    with pytest.raises(FileNotFoundError):
        traditional.compact_config(tmp_path)
    traditional._converter.cache_clear()
    try:
        fallback = traditional._converter()
        assert Path(fallback.config).name == "s2twp.json"
        assert fallback.convert("软件") == "軟體"
    finally:
        traditional._converter.cache_clear()
