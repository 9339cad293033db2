"""Catalogue lists at scale: page 1, the page at offset 50,000, a filtered list, in-process.

python -m bench.catalogue [--scale 100000] [--rounds 200]
"""

from __future__ import annotations

import asyncio

from bench.loading import arguments, fresh_database, load_demo, measure
from courses import catalogue
from courses.filtering import CourseFilters
from courses.storage import counts, database


async def main() -> None:
    args = arguments(__doc__)
    with fresh_database() as url:
        async with database(url):
            await load_demo(args.scale)
            per_page = 20
            deep_page = 50_000 // per_page + 1
            filtered = CourseFilters.parse({"track": "online", "level": "national", "category": "46"})
            cursor = (await catalogue.list_courses(None, "en", page=deep_page - 1)).next_cursor

            async def uncounted(call):  # noqa: ANN001, ANN202 - the total recomputed every time
                counts.forget()
                return await call

            print(f"{args.scale} courses, {args.rounds} calls per case")
            await measure("list page 1", lambda _: catalogue.list_courses(None, "zh-Hans"), args.rounds)
            await measure(
                "list page 1, total not cached",
                lambda _: uncounted(catalogue.list_courses(None, "zh-Hans")),
                args.rounds,
            )
            await measure(
                "list at offset 50,000 (page number)",
                lambda _: catalogue.list_courses(None, "en", page=deep_page),
                args.rounds,
            )
            await measure(
                "list at offset 50,000 (keyset cursor)",
                lambda _: catalogue.list_courses(None, "en", cursor=cursor),
                args.rounds,
            )
            await measure(
                "filtered list (online, national, category 46)",
                lambda _: catalogue.list_courses(filtered, "ru"),
                args.rounds,
            )
            await measure(
                "filtered list, page 20",
                lambda _: catalogue.list_courses(filtered, "ru", page=20),
                args.rounds,
            )
            await measure(
                "facets of the filtered list, not cached",
                lambda _: uncounted(catalogue.course_facets(filtered)),
                max(5, args.rounds // 20),
            )
            await measure(
                "nearest 5 bases", lambda _: catalogue.nearest_bases(39.08, 117.2, "en"), args.rounds
            )


if __name__ == "__main__":
    asyncio.run(main())
