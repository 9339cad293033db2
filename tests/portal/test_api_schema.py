"""Schemathesis against the running portal: every API operation, generated inputs, no server errors
and every response as the OpenAPI document says.

The portal runs as its own process (``python -m portal``) on 127.0.0.1 over a copy of the demo
catalogue; requests carry a real API key.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from courses.models import Partner
from courses.partners import issue_api_key
from courses.storage import database
from tests.conftest import TEST_DATABASE_URL
from tests.databases import is_postgres

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("API_SCHEMA_EXAMPLES", "40"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
pytestmark = pytest.mark.skipif(
    bool(TEST_DATABASE_URL) and is_postgres(TEST_DATABASE_URL), reason="runs over the SQLite demo file"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _issue_key(url: str) -> str:
    async with database(url, global_fallback=False):
        partner = await Partner.first()
        return (await issue_api_key(partner.id, rate_per_minute=100_000)).secret


@pytest.fixture(scope="module")
def running_portal(
    demo_template: Path | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(base URL, API key) of a portal process serving a copy of the demo catalogue."""
    assert demo_template is not None
    target = tmp_path_factory.mktemp("api") / "api.db"
    target.write_bytes(demo_template.read_bytes())
    url = f"sqlite:///{target}"
    key = asyncio.run(_issue_key(url))
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "SECRET_KEY": "schema-test",
        "BOT_TOKEN": "",
        "REDIS_URL": "",
    }
    log = (tmp_path_factory.mktemp("api") / "portal.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "portal"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        # A busy machine may take long to start a portal: wait on /healthz, not on the clock.
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                log.flush()
                output = Path(log.name).read_text(errors="replace")
                if process.poll() is not None:
                    raise RuntimeError("the portal exited before it answered:\n" + output) from None
                if time.monotonic() > deadline:
                    raise RuntimeError("the portal did not answer /healthz within 120 s:\n" + output) from None
                time.sleep(0.2)
        yield base, key
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def test_api_conforms_to_its_openapi_document(running_portal: tuple[str, str]) -> None:
    base, key = running_portal
    schema = schemathesis.openapi.from_url(base + "/api/v1/openapi.json")
    schema.config.update(base_url=base + "/api/v1")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case) -> None:
            case.call_and_validate(headers={"X-API-Key": key}, checks=CHECKS)

        check()


def test_malformed_requests_never_cause_server_errors(running_portal: tuple[str, str]) -> None:
    """Inputs outside the document (negative generation) get 4xx answers, never a 5xx."""
    base, key = running_portal
    schema = schemathesis.openapi.from_url(base + "/api/v1/openapi.json")
    schema.config.update(base_url=base + "/api/v1")
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case) -> None:
            case.call_and_validate(headers={"X-API-Key": key}, checks=[not_a_server_error])

        check()
