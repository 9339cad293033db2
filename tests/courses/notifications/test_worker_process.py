"""``python -m courses deliver`` as real processes: two workers side by side, an SMTP server process
and the fake Bot API; every due notice goes out exactly once on its channel, in its language."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from courses.enrollment import enroll
from courses.models import CourseText, Learner, Outbox
from courses.vocabulary import OutboxStatus, Source
from tests.courses.intakes import NOW, make_intake, make_learners
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.mail_sink import MailSink

ROOT = Path(__file__).resolve().parents[3]
LEARNERS = 12  # of each channel


async def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        assert time.monotonic() < deadline, "the workers did not finish in time"
        await asyncio.sleep(0.1)


@pytest.mark.slow
async def test_two_worker_processes_deliver_every_notice_once(
        db: str, telegram: FakeTelegram, mail_sink: MailSink, tmp_path: Path) -> None:
    intake = await make_intake(capacity=None)
    await CourseText.create(course_id=intake.course_id, locale="en", title="Welding")
    await CourseText.create(course_id=intake.course_id, locale="ru", title="Сварка")
    by_telegram = await make_learners(LEARNERS)
    by_mail = await make_learners(LEARNERS, telegram=False)
    await Learner.filter(id__in=[learner.id for learner in by_mail]).update(locale="ru")
    for learner in by_telegram + by_mail:
        await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)

    env = {**os.environ, "DATABASE_URL": db, "SECRET_KEY": "x", "REDIS_URL": "", "PYTHONPATH": str(ROOT),
           "BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": telegram.url, "SMTP_URL": mail_sink.url,
           "MAIL_FROM": "Portal <portal@example.org>", "PUBLIC_URL": "https://learn.example.org",
           "MAIL_RATE": "100"}
    workers = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "courses", "deliver", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT) for _ in range(2)]
    try:
        async def all_sent() -> bool:
            return await Outbox.filter(status=OutboxStatus.SENT).count() == 2 * LEARNERS

        await wait_until(all_sent)
        await asyncio.sleep(1.0)  # a further round of both workers must send nothing more
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        outputs = [(await asyncio.wait_for(p.communicate(), 30))[0].decode() for p in workers]
    assert [p.returncode for p in workers] == [0, 0], outputs

    sends = Counter(int(call.params["chat_id"]) for call in telegram.of("sendMessage"))
    assert sends == Counter({learner.telegram_id: 1 for learner in by_telegram})
    mails = Counter(str(mail["To"]) for mail in mail_sink.mails())
    assert mails == Counter({learner.email: 1 for learner in by_mail})
    assert all(mail["Content-Language"] == "ru" and "Сварка" in str(mail.get_body(("plain",)).get_content())
               for mail in mail_sink.mails())
