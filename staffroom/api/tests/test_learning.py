"""Learning activities: a personal token sees what its person sees; a school token only what is shared with the
school; only a personal token records, through the learning services and their checks."""

import datetime

import pytest

from staffroom.accounts.roles import SchoolRole
from staffroom.api.models import TokenKind
from staffroom.core.models import AuditEvent
from staffroom.learning.models import Activity, FollowUp, Visibility
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import SubjectFactory, make_activity, make_member

from .conftest import make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(school_a, head_a, teacher_a):
    """The teacher's private, line-manager and school records, and a colleague's private and school ones."""
    colleague = make_member(school_a, SchoolRole.TEACHER)
    return {
        "teacher_private": make_activity(teacher_a, title="T private", visibility=Visibility.PRIVATE),
        "teacher_manager": make_activity(teacher_a, title="T manager", visibility=Visibility.LINE_MANAGER),
        "teacher_school": make_activity(teacher_a, title="T school", visibility=Visibility.SCHOOL),
        "colleague_private": make_activity(colleague, title="C private", visibility=Visibility.PRIVATE),
        "colleague_manager": make_activity(colleague, title="C manager", visibility=Visibility.LINE_MANAGER),
        "colleague_school": make_activity(colleague, title="C school", visibility=Visibility.SCHOOL),
    }


def _titles(response):
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


def test_a_personal_token_sees_what_its_person_sees(api_client, teacher_a, head_a, records):
    teacher = api_client(make_token(teacher_a))
    assert _titles(teacher.get("/api/v1/learning/activities")) == [
        "C school",
        "T manager",
        "T private",
        "T school",
    ]
    assert _titles(teacher.get("/api/v1/learning/activities", {"mine": "true"})) == [
        "T manager",
        "T private",
        "T school",
    ]
    # The head is the teacher's line manager, so sees the record the teacher shared with their line manager.
    head = api_client(make_token(head_a))
    assert _titles(head.get("/api/v1/learning/activities")) == ["C school", "T manager", "T school"]


def test_a_school_token_sees_only_what_is_shared_with_the_school(api_client, school_token_a, records):
    client = api_client(school_token_a)
    assert _titles(client.get("/api/v1/learning/activities")) == ["C school", "T school"]
    private = records["teacher_private"]
    assert client.get(f"/api/v1/learning/activities/{private.pk}").status_code == 404
    shared = records["teacher_school"]
    body = client.get(f"/api/v1/learning/activities/{shared.pk}").json()
    assert body["owner_email"] == "teacher@a.example"
    assert body["follow_up"] is None or "due_on" in body["follow_up"]


@pytest.mark.parametrize("name", ["teacher_private", "teacher_manager", "colleague_private", "colleague_manager"])
def test_someone_elses_unshared_record_is_404(api_client, school_a, records, name):
    outsider = make_member(school_a, SchoolRole.TEACHER)
    response = api_client(make_token(outsider)).get(f"/api/v1/learning/activities/{records[name].pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_filters(api_client, teacher_a):
    today = school_today(teacher_a.school)
    make_activity(teacher_a, title="Old", date=today - datetime.timedelta(days=400), kind="reading")
    make_activity(teacher_a, title="New", date=today, kind="course")
    client = api_client(make_token(teacher_a))
    since = (today - datetime.timedelta(days=30)).isoformat()
    assert _titles(client.get("/api/v1/learning/activities", {"date_from": since})) == ["New"]
    assert _titles(client.get("/api/v1/learning/activities", {"kind": "reading"})) == ["Old"]
    assert client.get("/api/v1/learning/activities", {"kind": "nonsense"}).status_code == 422
    assert client.get("/api/v1/learning/activities", {"date_from": "yesterday"}).status_code == 422


def _new(school, **overrides):
    return {
        "title": "Retrieval practice course",
        "kind": "course",
        "date": (school_today(school) - datetime.timedelta(days=2)).isoformat(),
        "hours": "3.5",
        "visibility": "school",
        "learned": "Low-stakes quizzes at the start of lessons.",
        **overrides,
    }


def test_a_personal_token_records_an_activity_with_its_follow_up_and_audit(api_client, teacher_a):
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    response = api_client(make_token(teacher_a)).post(
        "/api/v1/learning/activities", _new(teacher_a.school, subjects=["mathematics"])
    )
    assert response.status_code == 201, response.content
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    assert activity.owner == teacher_a.user and activity.school == teacher_a.school
    assert list(activity.subjects.all()) == [maths]
    assert body["subjects"] == ["mathematics"]
    assert FollowUp.objects.filter(activity=activity).exists()
    assert AuditEvent.objects.filter(verb="learning.activity_recorded", actor=teacher_a.user).count() == 1


def test_a_school_token_cannot_record_someones_learning(api_client, school_token_a, school_a):
    response = api_client(school_token_a).post("/api/v1/learning/activities", _new(school_a))
    assert response.status_code == 403
    assert "personal token" in response.json()["detail"]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        ({"hours": "5000"}, 422, "at most 100 hours"),
        ({"hours": "0"}, 422, "hours"),
        ({"hours": "1.234"}, 422, "decimal places"),
        ({"hours": "NaN"}, 422, "hours"),
        ({"hours": 10**400}, 422, "hours"),
        ({"date": "2999-01-01"}, 422, "more than a month ahead"),
        ({"date": "not a date"}, 422, "date"),
        ({"kind": "party"}, 422, "kind"),
        ({"title": ""}, 422, "title"),
        ({"title": ["a list"]}, 422, "title"),
        ({"subjects": ["no-such-subject"]}, 422, "Unknown subjects: no-such-subject"),
        ({"follow_up_on": "1999-01-01"}, 422, "revisit date"),
        ({"title": "nul\u0000byte"}, 400, "NUL"),
    ],
)
def test_bad_input_is_a_clear_error_and_records_nothing(api_client, teacher_a, overrides, status, words):
    response = api_client(make_token(teacher_a)).post(
        "/api/v1/learning/activities", _new(teacher_a.school, **overrides)
    )
    assert response.status_code == status, response.content
    assert words in str(response.json()["detail"])
    assert not Activity.objects.exists()


@pytest.mark.parametrize("activity_id", ["abc", "0", "-1", str(2**64), "1%00"])
def test_junk_ids_are_refused_without_a_server_error(api_client, teacher_a, activity_id):
    response = api_client(make_token(teacher_a)).get(f"/api/v1/learning/activities/{activity_id}")
    assert response.status_code in {404, 422}


@pytest.mark.parametrize("kind", [TokenKind.PERSONAL, TokenKind.SCHOOL])
def test_listing_takes_the_same_queries_however_many(api_client, head_a, teacher_a, kind, django_assert_num_queries):
    client = api_client(make_token(head_a, kind=kind))
    client.get("/api/v1/learning/activities")
    maths = SubjectFactory()

    def add(n):
        for _ in range(n):
            activity = make_activity(make_member(head_a.school, SchoolRole.TEACHER), visibility=Visibility.SCHOOL)
            activity.subjects.add(maths)
            make_activity(teacher_a, visibility=Visibility.LINE_MANAGER)

    add(2)
    with django_assert_num_queries(5) as small:
        client.get("/api/v1/learning/activities")
    add(4)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/api/v1/learning/activities")
    assert response.json()["count"] == (12 if kind == TokenKind.PERSONAL else 6)
