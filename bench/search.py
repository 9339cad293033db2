"""Search at scale: 200 mixed-language searches over courses, programmes and bases, in-process.

python -m bench.search [--scale 100000] [--rounds 200]
"""

from __future__ import annotations

import asyncio

from bench.loading import arguments, fresh_database, load_demo, measure, report
from courses.search import search
from courses.storage import counts, database

# (query, locale): what learners type, in every language the portal speaks, typos included.
QUERIES = [
    ("焊接", "zh-Hans"),
    ("护理", "zh-Hans"),
    ("物流", "zh-Hans"),
    ("焊接技术与自动化", "zh-Hans"),
    ("老年大学", "zh-Hans"),
    ("天津", "zh-Hans"),
    ("大数据", "zh-Hans"),
    ("中文+焊接", "zh-Hans"),
    ("銲接", "zh-Hant"),
    ("護理", "zh-Hant"),
    ("人工智慧", "zh-Hant"),
    ("電子商務", "zh-Hant"),
    ("hanjie", "zh-Hans"),
    ("han jie", "zh-Hans"),
    ("hànjiē", "zh-Hans"),
    ("wuliu", "zh-Hans"),
    ("welding", "en"),
    ("Nursing", "en"),
    ("logistics management", "en"),
    ("Luban Workshop", "en"),
    ("сварка", "ru"),
    ("логистика", "ru"),
    ("Уход за пожилыми", "ru"),
    ("électricité", "fr"),
    ("soudage", "fr"),
    ("soins infirmiers", "fr"),
    ("التمريض", "ar"),
    ("اللحام", "ar"),
    ("พยาบาล", "th"),
    ("งานเชื่อม", "th"),
    ("weldng", "en"),
    ("nursng", "en"),
    ("logistcs", "en"),
    ("сваркка", "ru"),
    ("robot", "en"),
    ("cnc", "en"),
    ("tai chi", "en"),
    ("smartphone", "en"),
    ("焊", "zh-Hans"),
    ("ลู่ปัน", "th"),
]


async def main() -> None:
    args = arguments(__doc__)
    with fresh_database() as url:
        async with database(url):
            await load_demo(args.scale)
            print(f"{args.scale} courses, {args.rounds} searches over {len(QUERIES)} queries")
            for query, locale in QUERIES:  # one round first: lazy tables (pinyin syllables) are built once
                await search(query, locale)

            def one(i: int):  # noqa: ANN202
                query, locale = QUERIES[i % len(QUERIES)]
                return search(query, locale)

            async def uncounted(i: int):  # noqa: ANN202
                counts.forget()
                return await one(i)

            await measure("search, mixed languages", one, args.rounds)
            await measure("search, mixed languages, totals not cached", uncounted, args.rounds)
            slowest = []
            for query, locale in QUERIES:
                times = await _times(query, locale)
                slowest.append((sorted(times)[len(times) // 2], query, times))
            for _, query, times in sorted(slowest, reverse=True)[:5]:
                report(f"  slowest: {query!r}", times)


async def _times(query: str, locale: str) -> list[float]:
    import time

    times = []
    for _ in range(5):
        counts.forget()
        started = time.perf_counter()
        await search(query, locale)
        times.append((time.perf_counter() - started) * 1000)
    return times


if __name__ == "__main__":
    asyncio.run(main())
