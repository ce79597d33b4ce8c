"""Schemathesis against the served OpenAPI schema: every GET endpoint, generated
requests, no server errors and answers that match the schema (a small world, few
examples per endpoint so the whole run stays short)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application()).include(
    method="GET"
)


@pytest.fixture
def same_connection():
    """Keep the test's database connection (and its transaction) across requests, as
    Django's own test client does: the WSGI handler would close it after each one."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same requests every run: a failure is never a fluke
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_get_endpoints_conform_to_the_schema(case, money, token_for, same_connection):
    # As an analyst, who reads everything: the public's narrower view is tested apart.
    case.call_and_validate(headers={"Authorization": f"Bearer {token_for(money.analyst)}"})
