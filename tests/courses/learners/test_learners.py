"""Learner identities: Telegram, portal accounts with argon2 passwords, linking with one-time tokens."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from courses.enrollment import enroll, my_enrollments
from courses.errors import NotFound
from courses.learners import (
    AlreadyLinked,
    EmailTaken,
    InvalidCredentials,
    InvalidEmail,
    InvalidLocale,
    InvalidTimezone,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    WeakPassword,
    add_portal_account,
    authenticate,
    change_password,
    create_link_token,
    get_learner,
    learner_for_telegram,
    link_telegram,
    register,
    update_preferences,
)
from courses.models import Enrollment, Learner, LinkToken, Outbox
from courses.vocabulary import EnrollmentStatus, Source
from tests.courses.intakes import NOW, make_intake

PASSWORD = "correct horse battery"


async def test_telegram_learner_is_created_once_even_when_updates_race(db: str) -> None:
    profiles = await asyncio.gather(*(learner_for_telegram(777, display_name="Aigerim", locale="ru-KZ")
                                      for _ in range(5)))
    assert len({p.id for p in profiles}) == 1
    assert await Learner.filter(telegram_id=777).count() == 1
    again = await learner_for_telegram(777, display_name="Other", locale="en")
    assert (again.display_name, again.locale, again.has_password) == ("Aigerim", "ru-KZ", False)
    assert (await learner_for_telegram(778, locale="not a tag!")).locale is None


async def test_register_and_authenticate(db: str) -> None:
    learner = await register(" Li.Wei@Example.ORG ", PASSWORD, display_name="李伟", locale="zh-Hans",
                             timezone="Asia/Shanghai")
    assert learner.email == "li.wei@example.org" and learner.has_password
    stored = await Learner.get(id=learner.id)
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert (await authenticate("LI.WEI@example.org", PASSWORD)).id == learner.id
    for email, password in [("li.wei@example.org", "wrong password"), ("nobody@example.org", PASSWORD),
                            ("not an email", PASSWORD)]:
        with pytest.raises(InvalidCredentials) as caught:
            await authenticate(email, password)
        assert caught.value.code == "invalid_credentials"
    with pytest.raises(EmailTaken) as taken:
        await register("li.wei@example.org", PASSWORD)
    assert taken.value.code == "email_taken"


@pytest.mark.parametrize(("email", "password", "kwargs", "error"), [
    ("no-at-sign", PASSWORD, {}, InvalidEmail),
    ("a@b", PASSWORD, {}, InvalidEmail),
    ("ok@example.org", "short", {}, WeakPassword),
    ("ok@example.org", PASSWORD, {"timezone": "Mars/Olympus"}, InvalidTimezone),
    ("ok@example.org", PASSWORD, {"locale": "!!"}, InvalidLocale),
])
async def test_register_refuses_bad_input(db: str, email: str, password: str, kwargs: dict,
                                          error: type) -> None:
    with pytest.raises(error):
        await register(email, password, **kwargs)
    assert await Learner.all().count() == 0


async def test_change_password(db: str) -> None:
    learner = await register("a@example.org", PASSWORD)
    with pytest.raises(InvalidCredentials):
        await change_password(learner.id, "not the password", "new password 1")
    with pytest.raises(WeakPassword):
        await change_password(learner.id, PASSWORD, "short")
    await change_password(learner.id, PASSWORD, "new password 1")
    assert (await authenticate("a@example.org", "new password 1")).id == learner.id
    with pytest.raises(InvalidCredentials):
        await authenticate("a@example.org", PASSWORD)


async def test_preferences(db: str) -> None:
    learner = await learner_for_telegram(42)
    updated = await update_preferences(learner.id, locale="ar", timezone="Africa/Cairo",
                                       display_name=" Omar ")
    assert (updated.locale, updated.timezone, updated.display_name) == ("ar", "Africa/Cairo", "Omar")
    assert (await update_preferences(learner.id, timezone="Asia/Bangkok")).locale == "ar"
    assert (await get_learner(learner.id)).timezone == "Asia/Bangkok"
    with pytest.raises(InvalidTimezone):
        await update_preferences(learner.id, timezone="Nowhere/City")
    with pytest.raises(NotFound):
        await update_preferences(learner.id + 1, locale="en")


async def test_telegram_learner_adds_a_portal_account(db: str) -> None:
    learner = await learner_for_telegram(55)
    await register("taken@example.org", PASSWORD)
    with pytest.raises(EmailTaken):
        await add_portal_account(learner.id, "taken@example.org", PASSWORD)
    account = await add_portal_account(learner.id, "mine@example.org", PASSWORD)
    assert (account.telegram_id, account.email, account.has_password) == (55, "mine@example.org", True)
    assert (await authenticate("mine@example.org", PASSWORD)).id == learner.id
    with pytest.raises(EmailTaken):
        await add_portal_account(learner.id, "second@example.org", PASSWORD)


async def test_link_token_links_once(db: str) -> None:
    account = await register("link@example.org", PASSWORD)
    token = await create_link_token(account.id, now=NOW)
    assert len(f"link{token}") <= 64 and token.replace("-", "").replace("_", "").isalnum()
    assert await LinkToken.filter(token_hash=token).count() == 0  # only its hash is stored
    linked = await link_telegram(token, 9001, now=NOW + timedelta(minutes=1))
    assert (linked.id, linked.telegram_id) == (account.id, 9001)
    assert (await learner_for_telegram(9001)).id == account.id
    with pytest.raises(LinkUsed) as used:
        await link_telegram(token, 9001, now=NOW + timedelta(minutes=2))
    assert used.value.code == "link_used"


async def test_link_token_expires_and_unknown_tokens_fail(db: str) -> None:
    account = await register("late@example.org", PASSWORD)
    token = await create_link_token(account.id, now=NOW, ttl=timedelta(minutes=10))
    with pytest.raises(LinkExpired) as expired:
        await link_telegram(token, 9002, now=NOW + timedelta(minutes=11))
    assert expired.value.code == "link_expired"
    with pytest.raises(LinkInvalid) as unknown:
        await link_telegram("no-such-token", 9002, now=NOW)
    assert unknown.value.code == "link_invalid"
    assert (await get_learner(account.id)).telegram_id is None
    with pytest.raises(NotFound):
        await create_link_token(account.id + 100, now=NOW)


async def test_concurrent_uses_of_one_token_link_once(db: str) -> None:
    account = await register("race@example.org", PASSWORD)
    token = await create_link_token(account.id, now=NOW)
    outcomes = await asyncio.gather(*(link_telegram(token, 9100 + i, now=NOW) for i in range(4)),
                                    return_exceptions=True)
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert all(isinstance(o, LinkUsed) for o in outcomes if isinstance(o, Exception))


async def test_linking_merges_the_telegram_learner_into_the_account(db: str) -> None:
    shared, bot_only = await make_intake(capacity=1), await make_intake(capacity=5)
    waiting_for = await make_intake(capacity=0)
    account = await register("merge@example.org", PASSWORD)
    await Learner.filter(id=account.id).update(email_confirmed_at=NOW)  # its seat needs a confirmed address
    telegram = await learner_for_telegram(4242, locale="th")
    await enroll(account.id, shared.id, source=Source.PORTAL, now=NOW)
    await enroll(telegram.id, shared.id, source=Source.BOT, now=NOW)  # waitlisted: the seat is taken
    await enroll(telegram.id, bot_only.id, source=Source.BOT, now=NOW)
    await enroll(telegram.id, waiting_for.id, source=Source.BOT, now=NOW)
    token = await create_link_token(account.id, now=NOW)
    merged = await link_telegram(token, 4242, now=NOW)
    assert (merged.id, merged.telegram_id, merged.locale) == (account.id, 4242, "th")
    assert not await Learner.exists(id=telegram.id)
    views = {v.intake_id: v.status for v in await my_enrollments(account.id, include_ended=False)}
    assert views == {shared.id: EnrollmentStatus.ENROLLED, bot_only.id: EnrollmentStatus.ENROLLED,
                     waiting_for.id: EnrollmentStatus.WAITLISTED}
    # The clashing duplicate was cancelled, not kept as a second active enrollment.
    assert await Enrollment.filter(learner_id=account.id, intake_id=shared.id).count() == 2
    assert await Outbox.filter(learner_id=account.id).count() == 4


async def test_telegram_user_of_another_account_cannot_be_linked(db: str) -> None:
    first = await register("one@example.org", PASSWORD)
    other = await learner_for_telegram(31337)
    await add_portal_account(other.id, "two@example.org", PASSWORD)
    token = await create_link_token(first.id, now=NOW)
    with pytest.raises(AlreadyLinked) as caught:
        await link_telegram(token, 31337, now=NOW)
    assert caught.value.code == "already_linked"
    assert (await get_learner(first.id)).telegram_id is None
    # The refusal rolled back: the token can still be used for a free Telegram user.
    assert (await link_telegram(token, 31338, now=NOW)).telegram_id == 31338
