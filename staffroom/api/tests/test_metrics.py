"""Metrics and their data points: every member reads them; writes go through the evaluation services and rules."""

from decimal import Decimal

import pytest

from staffroom.accounts.roles import SchoolRole
from staffroom.api.models import TokenKind
from staffroom.core.models import AuditEvent
from staffroom.evaluation.models import DataPoint, Metric, MetricCohort
from staffroom.testing.factories import make_member

from .conftest import make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendance(school_a):
    metric = Metric.objects.create(school=school_a, name="Attendance", unit="%", min_value=0, max_value=100)
    MetricCohort.objects.create(metric=metric, name="Disadvantaged")
    return metric


def _url(metric_id):
    return f"/api/v1/metrics/{metric_id}/data-points"


def test_every_member_reads_the_metrics(api_client, teacher_a, attendance):
    body = api_client(make_token(teacher_a, scope="read")).get("/api/v1/metrics").json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == "Attendance"
    assert body["items"][0]["cohorts"] == ["Disadvantaged"]


def test_a_leader_records_a_value_idempotently_and_it_is_audited(api_client, head_a, attendance):
    client = api_client(make_token(head_a))
    point = {"cohort": "Disadvantaged", "year_start": 2025, "term": 1, "value": "91.5"}
    first = client.post(_url(attendance.pk), point)
    assert first.status_code == 200, first.content
    assert first.json()["cohort"] == "Disadvantaged"
    assert Decimal(str(first.json()["value"])) == Decimal("91.5")
    assert client.post(_url(attendance.pk), point).status_code == 200
    assert DataPoint.objects.count() == 1
    client.post(_url(attendance.pk), {**point, "value": 92})
    assert DataPoint.objects.get().value == Decimal("92")
    assert AuditEvent.objects.filter(verb="evaluation.data_recorded", actor=head_a.user).count() == 3
    listed = client.get(_url(attendance.pk)).json()
    assert [(p["year_start"], p["term"], p["cohort"]) for p in listed["items"]] == [(2025, 1, "Disadvantaged")]


def test_a_school_token_writes_with_its_creators_authority(api_client, school_token_a, attendance):
    response = api_client(school_token_a).post(_url(attendance.pk), {"year_start": 2025, "term": 2, "value": 95})
    assert response.status_code == 200
    assert DataPoint.objects.get().cohort is None


def test_a_teacher_may_read_but_not_record(api_client, teacher_a, attendance):
    client = api_client(make_token(teacher_a))
    assert client.get(_url(attendance.pk)).status_code == 200
    response = client.post(_url(attendance.pk), {"year_start": 2025, "term": 1, "value": 90})
    assert response.status_code == 403
    assert not DataPoint.objects.exists()


def test_a_responsible_middle_leader_records(api_client, school_a, attendance):
    leader = make_member(school_a, SchoolRole.MIDDLE_LEADER)
    attendance.responsible.add(leader)
    response = api_client(make_token(leader)).post(_url(attendance.pk), {"year_start": 2025, "term": 1, "value": 90})
    assert response.status_code == 200


def test_another_schools_metric_is_404(api_client, school_token_b, attendance):
    client = api_client(school_token_b)
    assert client.get(_url(attendance.pk)).status_code == 404
    assert client.post(_url(attendance.pk), {"year_start": 2025, "term": 1, "value": 90}).status_code == 404
    assert client.get("/api/v1/metrics").json()["count"] == 0


@pytest.mark.parametrize(
    ("point", "status", "words"),
    [
        ({"year_start": 2025, "term": 1, "value": 101}, 422, "outside this metric's valid range, 0 to 100"),
        ({"year_start": 2025, "term": 4, "value": 50}, 422, "term"),
        ({"year_start": 1066, "term": 1, "value": 50}, 422, "year_start"),
        ({"year_start": 10**30, "term": 1, "value": 50}, 422, "year_start"),
        ({"year_start": 2025, "term": 1, "value": "lots"}, 422, "value"),
        ({"year_start": 2025, "term": 1, "value": 1e300}, 422, "value"),
        ({"year_start": 2025, "term": 1, "value": 50, "cohort": "Year 12"}, 422, "Choose one of this metric's cohorts"),
        ({"year_start": "2025x", "term": 1, "value": 50}, 422, "year_start"),
        ({"year_start": 2025, "term": 1, "value": 50, "note": "a\u0000"}, 400, "NUL"),
    ],
)
def test_bad_values_are_clear_errors_and_store_nothing(api_client, head_a, attendance, point, status, words):
    response = api_client(make_token(head_a)).post(_url(attendance.pk), point)
    assert response.status_code == status, response.content
    assert words in str(response.json()["detail"])
    assert not DataPoint.objects.exists()


@pytest.mark.parametrize("metric_id", ["0", str(2**63), "x"])
def test_junk_metric_ids(api_client, head_a, metric_id):
    assert api_client(make_token(head_a)).get(_url(metric_id)).status_code in {404, 422}


def test_lists_take_the_same_queries_however_many(api_client, school_a, head_a, attendance, django_assert_num_queries):
    client = api_client(make_token(head_a, kind=TokenKind.SCHOOL))
    client.get("/api/v1/metrics")
    cohort = attendance.cohorts.get()

    def add(start, n):
        for i in range(start, start + n):
            metric = Metric.objects.create(school=school_a, name=f"Metric {i}")
            MetricCohort.objects.create(metric=metric, name="SEND")
            DataPoint.objects.create(metric=attendance, cohort=cohort, year_start=2000 + i, term=1, value=90)
            DataPoint.objects.create(metric=attendance, cohort=None, year_start=2000 + i, term=2, value=90)

    add(0, 2)
    with django_assert_num_queries(5) as metrics_small:
        client.get("/api/v1/metrics")
    with django_assert_num_queries(5) as points_small:
        client.get(_url(attendance.pk))
    add(2, 4)
    with django_assert_num_queries(len(metrics_small.captured_queries)):
        assert client.get("/api/v1/metrics").json()["count"] == 7
    with django_assert_num_queries(len(points_small.captured_queries)):
        assert client.get(_url(attendance.pk)).json()["count"] == 12
