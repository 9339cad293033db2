"""The OpenAPI 3.1 document of the partner API (``/api/v1/openapi.json``), written beside the handlers.

A schemathesis test calls every operation described here against the running app and checks
each response against these schemas, so the document and :mod:`portal.api.v1` cannot drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from courses.vocabulary import MAJOR_CATEGORIES, Audience, BaseDomain, BaseKind, CourseKind, Delivery, Level, Track

VERSION = "1.0.0"


def _enum(values) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
MOMENT = {"type": "string", "format": "date-time"}
STRINGS = {"type": "array", "items": STRING}

COURSE = {
    "id": INTEGER,
    "track": _enum(Track),
    "level": _nullable(_enum(Level)),
    "major_category": {"type": "integer", "minimum": 41, "maximum": 59},
    "kind": _enum(CourseKind),
    "delivery": _enum(Delivery),
    "hours": INTEGER,
    "credits": {"type": "number"},
    "hsk_level": _nullable({"type": "integer", "minimum": 1, "maximum": 6}),
    "tuition": _nullable({"type": "string", "description": "decimal amount; null means free"}),
    "currency": STRING,
    "title": _ref("LocalizedText"),
    "summary": _nullable(_ref("LocalizedText")),
    "provider": _object({"id": INTEGER, "name": _nullable(_ref("LocalizedText"))}),
    "languages": STRINGS,
    "audiences": {"type": "array", "items": _enum(Audience)},
    "countries": STRINGS,
    "next_start": _nullable(MOMENT),
    "next_seats_left": _nullable({"type": "integer", "minimum": 0,
                                  "description": "seats left in the intake at next_start; null: no seat limit, "
                                                 "or no next start"}),
    "has_open_seats": {"type": "boolean"},
}
INTAKE = {
    "id": INTEGER,
    "course_id": INTEGER,
    "starts_at": MOMENT,
    "ends_at": _nullable(MOMENT),
    "enroll_deadline": _nullable(MOMENT),
    "timezone": STRING,
    "capacity": _nullable(INTEGER),
    "seats_left": _nullable(INTEGER),
    "waitlist_length": INTEGER,
    "base_id": _nullable(INTEGER),
    "base_name": _nullable(_ref("LocalizedText")),
    "country": _nullable(STRING),
    "province": _nullable(STRING),
    "city": _nullable(STRING),
    "place": _nullable({"type": "string", "description": "city, province and country in the request's locale; "
                                                         "null when the intake is online"}),
    "open": {"type": "boolean"},
}
BASE = {
    "id": INTEGER,
    "kind": _enum(BaseKind),
    "country": STRING,
    "province": _nullable(STRING),
    "place": STRING,
    "city": _nullable(STRING),
    "latitude": _nullable({"type": "number"}),
    "longitude": _nullable({"type": "number"}),
    "name": _ref("LocalizedText"),
    "address": _nullable(_ref("LocalizedText")),
    "domains": {"type": "array", "items": _enum(BaseDomain)},
    "audiences": {"type": "array", "items": _enum(Audience)},
    "distance_km": _nullable({"type": "number"}),
}
DETAIL = {
    "intakes": {"type": "array", "items": _ref("Intake")},
    "locales": STRINGS,
    "description": _nullable(_ref("LocalizedText")),
}


def _page(item: str) -> dict[str, Any]:
    return _object(
        {
            "items": {"type": "array", "items": _ref(item)},
            "total": INTEGER,
            "next_cursor": _nullable(STRING),
            "locale": STRING,
        }
    )


def _schemas() -> dict[str, Any]:
    return {
        "LocalizedText": {
            **_object({"text": STRING, "locale": STRING, "converted": {"type": "boolean"}}),
            "description": "A text and the locale it is really written in (fallbacks included).",
        },
        "Course": _object(COURSE),
        "Credit": _object(CREDIT),
        "CourseDetail": _object(
            {
                **COURSE,
                **DETAIL,
                "external_url": _nullable(STRING),
                "provider_country": STRING,
                "published_at": _nullable(MOMENT),
            }
        ),
        "Intake": _object(INTAKE),
        "Base": _object(BASE),
        "BaseDetail": _object(
            {
                **BASE,
                **DETAIL,
                "phone": _nullable(STRING),
                "email": _nullable(STRING),
                "website": _nullable(STRING),
            }
        ),
        "CoursePage": _page("Course"),
        "BasePage": _page("Base"),
        "IntakeList": _object({"items": {"type": "array", "items": _ref("Intake")}, "locale": STRING}),
        "PartnerCatalogue": _object(
            {
                "slug": STRING,
                "country": STRING,
                "locale": STRING,
                "locales": STRINGS,
                "name": _ref("LocalizedText"),
                "intro": _nullable(_ref("LocalizedText")),
                "currency": _nullable(STRING),
                "courses": {"type": "array", "items": _ref("Course")},
                "elsewhere": {"type": "array", "items": _ref("Course")},
            }
        ),
        "Error": {
            "type": "object",
            "required": ["error", "status"],
            "properties": {"error": STRING, "status": INTEGER, "field": STRING},
        },
    }


def _query(name: str, schema: dict[str, Any], description: str, *, many: bool = False) -> dict[str, Any]:
    if many:
        schema = {"type": "array", "items": schema, "maxItems": 20}
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": schema,
            "style": "form",
            "explode": True,
        }
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _common(locales: Sequence[str]) -> list[dict[str, Any]]:
    return [
        _query(
            "locale",
            {"type": "string", "enum": list(locales)},
            "Language of the texts; default: the partner's main locale.",
        ),
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "schema": STRING,
            "description": "An ETag from an earlier answer: 304 when the answer is unchanged.",
        },
    ]


PAGING = [
    _query("cursor", STRING, "The next_cursor of the previous page."),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "Items per page."),
]
COUNTRY = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
COURSE_FILTERS = [
    _query("q", STRING, "Search words (any language); results in relevance order."),
    _query("track", _enum(Track), "Track.", many=True),
    _query("level", _enum(Level), "Grade of online courses.", many=True),
    _query(
        "category",
        {"type": "integer", "enum": sorted(MAJOR_CATEGORIES)},
        "Major category (41–59).",
        many=True,
    ),
    _query("kind", _enum(CourseKind), "Foundation or professional.", many=True),
    _query("delivery", _enum(Delivery), "Online, blended or on site.", many=True),
    _query(
        "lang",
        {"type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
        "Language of instruction (BCP 47).",
        many=True,
    ),
    _query("audience", _enum(Audience), "Audience.", many=True),
    _query("country", COUNTRY, "Provider country (ISO 3166 alpha-2).", many=True),
    _query("partner_country", COUNTRY, "Country a Chinese + vocational skills programme serves.", many=True),
    _query("hsk", {"type": "integer", "minimum": 1, "maximum": 6}, "HSK level.", many=True),
    _query(
        "open", {"type": "string", "enum": ["yes", "no"]}, "Only courses with an open intake and a free seat."
    ),
    _query("from", {"type": "string", "format": "date"}, "An intake starting on or after this day."),
    _query("until", {"type": "string", "format": "date"}, "An intake starting on or before this day."),
]
BASE_FILTERS = [
    _query("q", STRING, "Search words."),
    _query("kind", _enum(BaseKind), "Kind of learning centre.", many=True),
    _query("country", COUNTRY, "Country (ISO 3166 alpha-2).", many=True),
    _query("domain", _enum(BaseDomain), "Domain.", many=True),
    _query("audience", _enum(Audience), "Audience.", many=True),
    _query(
        "lat", {"type": "number", "minimum": -90, "maximum": 90}, "Latitude: sort nearest first (with lon)."
    ),
    _query("lon", {"type": "number", "minimum": -180, "maximum": 180}, "Longitude (with lat)."),
]
ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
}

CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "description": "A verification code, printed (ABCD-EFGH-JKMN) or compact, any case.",
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,20}$"},
}
CREDIT = {
    "code": STRING,
    "course": _object({"id": INTEGER, "title": _nullable(_ref("LocalizedText")),
                       "provider": _nullable(_ref("LocalizedText"))}),
    "track": _enum(Track),
    "level": _nullable(_enum(Level)),
    "major_category": INTEGER,
    "hours": INTEGER,
    "credits": {"type": "number"},
    "completed_on": {"type": "string", "format": "date"},
    "learner_name": _nullable({"type": "string", "description": "only when the learner chose to show it"}),
    "revoked": {"type": "boolean"},
    "revoked_reason": _nullable(STRING),
    "verify_url": STRING,
    "credential_url": {"type": "string", "description": "the signed Open Badges 3.0 credential"},
}


def _responses(schema: str, *, not_found: bool = False) -> dict[str, Any]:
    error = {"application/json": {"schema": _ref("Error")}}
    limit_headers = {"X-RateLimit-Limit": {"schema": INTEGER}, "X-RateLimit-Remaining": {"schema": INTEGER}}
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": {"ETag": {"schema": STRING}, **limit_headers},
            "content": {"application/json": {"schema": _ref(schema)}},
        },
        "304": {"description": "Not modified since the ETag in If-None-Match"},
        "400": {"description": "A parameter is not acceptable", "content": error},
        "401": {"description": "No valid API key", "content": error},
        "429": {
            "description": "Rate limit exceeded",
            "content": error,
            "headers": {"Retry-After": {"schema": INTEGER}, **limit_headers},
        },
    }
    if not_found:
        responses["404"] = {"description": "No such published item", "content": error}
    return responses


def _operation(
    operation_id: str, summary: str, parameters: list, schema: str, *, not_found: bool = False
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": _responses(schema, not_found=not_found),
        }
    }


@lru_cache(maxsize=4)
def _document(locales: tuple[str, ...]) -> dict[str, Any]:
    common = _common(locales)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Lifelong Learning Portal partner API",
            "version": VERSION,
            "description": "The public catalogue: courses, intakes, learning centres and Chinese + "
            "vocational skills programmes, and what a credit's verification code proves. No personal "
            "data of learners (a name only where the learner chose to show it).",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"apiKey": []}],
        "paths": {
            "/courses": _operation(
                "listCourses", "Published courses", [*common, *PAGING, *COURSE_FILTERS], "CoursePage"
            ),
            "/courses/{id}": _operation(
                "getCourse",
                "One published course with its intakes",
                [*common, ID],
                "CourseDetail",
                not_found=True,
            ),
            "/courses/{id}/intakes": _operation(
                "listCourseIntakes",
                "The intakes of a published course",
                [*common, ID],
                "IntakeList",
                not_found=True,
            ),
            "/chinese-plus": _operation(
                "listChinesePlus",
                "Chinese + vocational skills programmes",
                [*common, *PAGING, *COURSE_FILTERS],
                "CoursePage",
            ),
            "/bases": _operation(
                "listBases", "Published learning centres", [*common, *PAGING, *BASE_FILTERS], "BasePage"
            ),
            "/bases/{id}": _operation(
                "getBase",
                "One learning centre with its coming intakes",
                [*common, ID],
                "BaseDetail",
                not_found=True,
            ),
            "/credentials/{code}": _operation(
                "getCredit",
                "What a verification code proves (the public verification page's facts), "
                "only while the learner consents to partners reading that record (else 404)",
                [*common, CODE],
                "Credit",
                not_found=True,
            ),
            "/partner": _operation(
                "getPartnerCatalogue",
                "The calling partner's curated catalogue",
                common,
                "PartnerCatalogue",
                not_found=True,
            ),
        },
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        },
    }


def document(locales: Sequence[str]) -> dict[str, Any]:
    """The OpenAPI 3.1 document for a portal serving ``locales``."""
    return _document(tuple(locales))
