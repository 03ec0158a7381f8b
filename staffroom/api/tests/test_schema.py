"""The published schema is valid OpenAPI 3, and schemathesis, generating requests from it (valid and invalid),
finds no server error in any operation."""

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.evaluation.models import Metric, MetricCohort
from staffroom.network.tests.conftest import published_session
from staffroom.testing.factories import (
    NetworkFactory,
    SchoolFactory,
    add_network_role,
    join_network,
    make_activity,
    make_member,
)
from staffroom.wsgi import application

from .conftest import make_token

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    validate(document)
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def token(db):
    """A head and school admin's read and write personal token, which may call every operation, over a school with
    a metric, some learning and a network session, so that generated requests reach real code as well as refusals."""
    school = SchoolFactory()
    head = make_member(school, SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN)
    metric = Metric.objects.create(school=school, name="Attendance", min_value=0, max_value=100)
    MetricCohort.objects.create(metric=metric, name="SEND")
    make_activity(head)
    network = NetworkFactory()
    join_network(network, school)
    lead = make_member(SchoolFactory(), SchoolRole.SENIOR_LEADER)
    join_network(network, lead.school)
    add_network_role(lead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    published_session(lead, network, lead)
    return make_token(head)


@pytest.fixture
def keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, which closes the database connection at the end of each
    request; inside a test's transaction that would close it under the test (PostgreSQL). Django's own test client
    turns this off in the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_generated_request_causes_a_server_error(case, token, keep_the_test_connection):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])


def test_the_docs_page_is_served_from_our_own_origin_without_inline_script(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assert '<html lang="en-GB">' in html
    # The only script element with content is JSON data, which the browser never runs.
    assert html.count("<script") == 3
    assert '<script type="application/json" id="swagger-settings">' in html
    assert '"validatorUrl": null' in html
    assert "style=" not in html
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
