"""Two schools, everything of B as widely shared as it can be: no token of A, personal or school, sees any of it."""

import pytest

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.api.models import TokenKind
from staffroom.evaluation.models import DataPoint, Metric
from staffroom.learning.models import Visibility
from staffroom.testing.factories import make_activity, make_member

from .conftest import make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_data(school_b, head_b):
    teacher = make_member(school_b, SchoolRole.TEACHER)
    Membership.objects.filter(pk=teacher.pk).update(mis_id="B-1")
    activity = make_activity(teacher, visibility=Visibility.SCHOOL, title="Beckford shared")
    metric = Metric.objects.create(school=school_b, name="Beckford attendance")
    DataPoint.objects.create(metric=metric, year_start=2025, term=1, value=95)
    return {"activity": activity, "metric": metric}


@pytest.fixture(params=["school", "personal-head", "personal-teacher"])
def a_client(request, api_client, head_a, teacher_a):
    if request.param == "school":
        return api_client(make_token(head_a, kind=TokenKind.SCHOOL))
    if request.param == "personal-head":
        return api_client(make_token(head_a))
    return api_client(make_token(teacher_a))


def test_a_token_of_one_school_sees_nothing_of_another(a_client, b_data):
    for path in ("/api/v1/learning/activities", "/api/v1/metrics"):
        body = a_client.get(path).json()
        assert body["count"] == 0, path
    staff = a_client.get("/api/v1/staff")
    if staff.status_code == 200:
        assert "Beckford" not in staff.content.decode()
        assert all(m["external_id"] != "B-1" for m in staff.json()["items"])
    assert a_client.get(f"/api/v1/learning/activities/{b_data['activity'].pk}").status_code == 404
    assert a_client.get(f"/api/v1/metrics/{b_data['metric'].pk}/data-points").status_code == 404
    assert a_client.get("/api/v1/staff/B-1").status_code in {403, 404}


def test_a_token_of_one_school_changes_nothing_of_another(a_client, b_data, school_b):
    metric = b_data["metric"]
    response = a_client.post(f"/api/v1/metrics/{metric.pk}/data-points", {"year_start": 2025, "term": 1, "value": 1})
    assert response.status_code in {403, 404}
    assert DataPoint.objects.get(metric=metric).value == 95
    a_client.put(
        "/api/v1/staff/B-1",
        {"email": "intruder@a.example", "first_name": "I", "last_name": "N", "roles": ["teacher"]},
    )
    assert Membership.objects.get(school=school_b, mis_id="B-1").user.email != "intruder@a.example"
