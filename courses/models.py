"""Tortoise models of the catalogue, the learners and their records.

The schema itself is created only by Alembic (``alembic/versions``); a drift test keeps
these classes and the migrations in agreement. Texts a learner reads live in the
``*_text`` tables, one row per locale (BCP 47 tag), never in the entity rows.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from courses.vocabulary import kinds

LOCALE = 16  # BCP 47 tags such as "zh-Hans" fit easily


# Row and the mixins below hold the columns many tables share; Tortoise copies their fields into
# every concrete model, so the tables are the same as if each had declared them. Foreign keys name
# their model class (so type checkers know the relation) and declare the ``<name>_id`` attribute
# Tortoise sets on every instance.
class Row(Model):
    """A row named by an integer surrogate key, the only kind of primary key the schema uses."""

    id = fields.IntField(primary_key=True)

    class Meta:
        abstract = True


class Created:
    """The row records when it was written."""

    created_at = fields.DatetimeField(auto_now_add=True)


class Edited(Created):
    """The row records when it was written and when it last changed."""

    updated_at = fields.DatetimeField(auto_now=True)


class LocaleText:
    """One locale's texts of an entity; the model adds the entity and makes (entity, locale) unique."""

    locale = fields.CharField(max_length=LOCALE)


class Provider(Created, Row):
    """An institution that offers courses: a school, a college, an enterprise or an overseas partner."""

    key = fields.CharField(max_length=64, unique=True)
    kind = fields.CharEnumField(kinds.ProviderKind, max_length=32)
    country = fields.CharField(max_length=2)
    province = fields.CharField(max_length=64, null=True)
    city = fields.CharField(max_length=64, null=True)
    website = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "provider"


class ProviderText(LocaleText, Row):
    provider = fields.ForeignKeyField(Provider, related_name="texts", on_delete=fields.CASCADE)
    provider_id: int
    name = fields.CharField(max_length=200)

    class Meta:
        table = "provider_text"
        unique_together = (("provider", "locale"),)


class Base(Edited, Row):
    """A learning centre: a continuing- or community-education base, an elder university, a Luban Workshop …"""

    key = fields.CharField(max_length=64, unique=True)
    kind = fields.CharEnumField(kinds.BaseKind, max_length=32, db_index=True)
    country = fields.CharField(max_length=2)
    province = fields.CharField(max_length=64, null=True)
    city = fields.CharField(max_length=64, null=True)
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    phone = fields.CharField(max_length=40, null=True)
    email = fields.CharField(max_length=254, null=True)
    website = fields.CharField(max_length=500, null=True)
    status = fields.CharEnumField(kinds.Status, max_length=16, default=kinds.Status.PUBLISHED)

    class Meta:
        table = "base"
        indexes = (("country", "province", "city"), ("latitude", "longitude"))


class BaseText(LocaleText, Row):
    base = fields.ForeignKeyField(Base, related_name="texts", on_delete=fields.CASCADE)
    base_id: int
    name = fields.CharField(max_length=200)
    address = fields.CharField(max_length=300, null=True)
    description = fields.TextField(null=True)

    class Meta:
        table = "base_text"
        unique_together = (("base", "locale"),)


class BaseDomainTag(Row):
    base = fields.ForeignKeyField(Base, related_name="domains", on_delete=fields.CASCADE)
    base_id: int
    domain = fields.CharEnumField(kinds.BaseDomain, max_length=32, db_index=True)

    class Meta:
        table = "base_domain"
        unique_together = (("base", "domain"),)


class BaseAudience(Row):
    base = fields.ForeignKeyField(Base, related_name="audiences", on_delete=fields.CASCADE)
    base_id: int
    audience = fields.CharEnumField(kinds.Audience, max_length=32, db_index=True)

    class Meta:
        table = "base_audience"
        unique_together = (("base", "audience"),)


class Course(Edited, Row):
    """One catalogue entry in one of the three tracks."""

    key = fields.CharField(max_length=64, unique=True)  # stable across imports
    provider = fields.ForeignKeyField(Provider, related_name="courses", on_delete=fields.RESTRICT)
    provider_id: int
    track = fields.CharEnumField(kinds.Track, max_length=16)
    level = fields.CharEnumField(kinds.Level, max_length=16, null=True)  # graded online courses only
    major_category = fields.SmallIntField()  # 41–59, see kinds.MAJOR_CATEGORIES
    kind = fields.CharEnumField(kinds.CourseKind, max_length=16)
    hours = fields.IntField()
    credits = fields.DecimalField(max_digits=5, decimal_places=1)
    delivery = fields.CharEnumField(kinds.Delivery, max_length=16)
    hsk_level = fields.SmallIntField(null=True)  # "Chinese + vocational skills" only, 1–6
    tuition = fields.DecimalField(max_digits=10, decimal_places=2, null=True)  # null = free
    currency = fields.CharField(max_length=3, default="CNY")
    url = fields.CharField(max_length=500, null=True)
    status = fields.CharEnumField(kinds.Status, max_length=16, default=kinds.Status.DRAFT)
    published_at = fields.DatetimeField(null=True)

    class Meta:
        table = "course"
        indexes = (
            ("status", "id"),  # the catalogue order: lists and keyset pages read this index only
            ("status", "track", "level"),
            ("status", "major_category"),
            ("status", "hsk_level"),
            ("provider",),
        )


class CourseText(LocaleText, Row):
    course = fields.ForeignKeyField(Course, related_name="texts", on_delete=fields.CASCADE)
    course_id: int
    title = fields.CharField(max_length=300)
    summary = fields.TextField(null=True)
    description = fields.TextField(null=True)

    class Meta:
        table = "course_text"
        unique_together = (("course", "locale"),)


class CourseLanguage(Row):
    """A language of instruction (BCP 47)."""

    course = fields.ForeignKeyField(Course, related_name="languages", on_delete=fields.CASCADE)
    course_id: int
    language = fields.CharField(max_length=LOCALE, db_index=True)

    class Meta:
        table = "course_language"
        unique_together = (("course", "language"),)


class CourseAudience(Row):
    course = fields.ForeignKeyField(Course, related_name="audiences", on_delete=fields.CASCADE)
    course_id: int
    audience = fields.CharEnumField(kinds.Audience, max_length=32, db_index=True)

    class Meta:
        table = "course_audience"
        unique_together = (("course", "audience"),)


class CourseCountry(Row):
    """A partner country (ISO 3166 alpha-2) that a "Chinese + vocational skills" programme serves."""

    course = fields.ForeignKeyField(Course, related_name="countries", on_delete=fields.CASCADE)
    course_id: int
    country = fields.CharField(max_length=2, db_index=True)

    class Meta:
        table = "course_country"
        unique_together = (("course", "country"),)


class Intake(Created, Row):
    """A dated run of a course that learners enroll in.

    ``seats_taken`` is claimed with a conditional UPDATE so that concurrent enrollments
    never exceed ``capacity`` (null = unlimited).
    """

    course = fields.ForeignKeyField(Course, related_name="intakes", on_delete=fields.CASCADE)
    course_id: int
    base = fields.ForeignKeyField(Base, related_name="intakes", null=True, on_delete=fields.SET_NULL)
    base_id: int | None
    starts_at = fields.DatetimeField(db_index=True)
    ends_at = fields.DatetimeField(null=True)
    enroll_deadline = fields.DatetimeField(null=True)
    capacity = fields.IntField(null=True)
    seats_taken = fields.IntField(default=0)
    timezone = fields.CharField(max_length=64, default="Asia/Shanghai")

    class Meta:
        table = "intake"
        indexes = (("course", "starts_at"),)


class Learner(Edited, Row):
    """A learner known by a Telegram user id, a portal account, or both once linked."""

    telegram_id = fields.BigIntField(unique=True, null=True)
    email = fields.CharField(max_length=254, unique=True, null=True)
    password_hash = fields.CharField(max_length=200, null=True)
    display_name = fields.CharField(max_length=200, null=True)
    phone = fields.CharField(max_length=40, null=True)
    locale = fields.CharField(max_length=LOCALE, null=True)
    timezone = fields.CharField(max_length=64, null=True)
    email_confirmed_at = fields.DatetimeField(null=True)  # unconfirmed: an enrollment takes no seat
    telegram_blocked_at = fields.DatetimeField(null=True)  # "bot was blocked": notices go by e-mail
    reminders = fields.BooleanField(default=True)  # False after "unsubscribe" under a reminder
    # Raised by a password reset: portal sessions signed in under an older epoch are over.
    session_epoch = fields.IntField(default=0)
    share_hours = fields.BooleanField(default=False)  # yearly CE hours on their verification pages

    class Meta:
        table = "learner"


class LinkToken(Row):
    """A one-time token that links a Telegram identity to a portal account."""

    learner = fields.ForeignKeyField(Learner, related_name="link_tokens", on_delete=fields.CASCADE)
    learner_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "link_token"


class Enrollment(Edited, Row):
    """A learner's place in an intake.

    ``active`` is true while enrolled or waitlisted and NULL otherwise: NULLs are distinct in
    unique constraints on SQLite and PostgreSQL alike, so (learner, intake, active) admits at
    most one active enrollment per learner and intake, and any number of ended ones.
    """

    learner = fields.ForeignKeyField(Learner, related_name="enrollments", null=True, on_delete=fields.SET_NULL)
    learner_id: int | None
    intake = fields.ForeignKeyField(Intake, related_name="enrollments", on_delete=fields.CASCADE)
    intake_id: int
    status = fields.CharEnumField(kinds.EnrollmentStatus, max_length=16)
    active = fields.BooleanField(null=True, default=True)
    source = fields.CharEnumField(kinds.Source, max_length=16)

    class Meta:
        table = "enrollment"
        unique_together = (("learner", "intake", "active"),)
        indexes = (("intake", "status"),)


class CreditRecord(Created, Row):
    """A credit-bank entry written when a learner completes a course."""

    learner = fields.ForeignKeyField(Learner, related_name="credit_records", null=True, on_delete=fields.SET_NULL)
    learner_id: int | None
    course = fields.ForeignKeyField(Course, related_name="credit_records", on_delete=fields.RESTRICT)
    course_id: int
    enrollment = fields.ForeignKeyField(Enrollment, related_name="credit_records", null=True, on_delete=fields.SET_NULL)
    enrollment_id: int | None
    track = fields.CharEnumField(kinds.Track, max_length=16)
    hours = fields.IntField()
    credits = fields.DecimalField(max_digits=5, decimal_places=1)
    completed_at = fields.DatetimeField()
    verification_code = fields.CharField(max_length=32, unique=True)
    # The learner's name is on the public verification page only when they chose so (default: not).
    show_name = fields.BooleanField(default=False)
    partner_consent = fields.BooleanField(default=False)  # partners' API may read it while True
    revoked_at = fields.DatetimeField(null=True)
    revoked_reason = fields.CharField(max_length=500, null=True)
    source = fields.CharEnumField(kinds.CreditSource, max_length=16, default=kinds.CreditSource.COMPLETION)

    class Meta:
        table = "credit_record"


class Partner(Created, Row):
    """An overseas partner with its own localized, curated catalogue and contact (checked by courses.partners)."""

    slug = fields.CharField(max_length=64, unique=True)
    country = fields.CharField(max_length=2)
    locales = fields.CharField(max_length=200)  # comma-separated BCP 47 tags, first is the main one
    currency = fields.CharField(max_length=3, null=True)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=40, null=True)
    address = fields.CharField(max_length=300, null=True)
    website = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "partner"


class PartnerText(LocaleText, Row):
    partner = fields.ForeignKeyField(Partner, related_name="texts", on_delete=fields.CASCADE)
    partner_id: int
    name = fields.CharField(max_length=200)
    intro = fields.TextField(null=True)

    class Meta:
        table = "partner_text"
        unique_together = (("partner", "locale"),)


class PartnerCourse(Row):
    partner = fields.ForeignKeyField(Partner, related_name="selection", on_delete=fields.CASCADE)
    partner_id: int
    course = fields.ForeignKeyField(Course, related_name="partner_selections", on_delete=fields.CASCADE)
    course_id: int
    position = fields.IntField(default=0)

    class Meta:
        table = "partner_course"
        unique_together = (("partner", "course"),)


class PartnerApiKey(Created, Row):
    partner = fields.ForeignKeyField(Partner, related_name="api_keys", on_delete=fields.CASCADE)
    partner_id: int
    prefix = fields.CharField(max_length=12)  # shown to staff to tell keys apart
    key_hash = fields.CharField(max_length=64, unique=True)
    rate_per_minute = fields.IntField(default=600)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "partner_api_key"


class StaffUser(Created, Row):
    email = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=200)
    display_name = fields.CharField(max_length=200, null=True)
    role = fields.CharEnumField(kinds.StaffRole, max_length=16)
    provider = fields.ForeignKeyField(Provider, related_name="staff", null=True, on_delete=fields.CASCADE)
    provider_id: int | None
    disabled = fields.BooleanField(default=False)

    class Meta:
        table = "staff_user"


class Outbox(Created, Row):
    """A notification to deliver, written in the same transaction as the change that causes it."""

    learner = fields.ForeignKeyField(Learner, related_name="notifications", null=True, on_delete=fields.CASCADE)
    learner_id: int | None
    channel = fields.CharEnumField(kinds.Channel, max_length=16, default=kinds.Channel.TELEGRAM)
    kind = fields.CharField(max_length=32)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    dedup_key = fields.CharField(max_length=128, unique=True, null=True)
    status = fields.CharEnumField(kinds.OutboxStatus, max_length=16, default=kinds.OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claimed_until = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, null=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox"
        indexes = (("status", "next_attempt_at"),)
