"""Staff through the API: listed for admins' and school tokens, upserted by MIS staff ID, idempotently."""

import pytest

from staffroom.accounts.models import Membership, MembershipRole, User
from staffroom.accounts.roles import SchoolRole
from staffroom.api.models import TokenKind
from staffroom.core.models import AuditEvent
from staffroom.testing.factories import make_member

from .conftest import make_token

pytestmark = pytest.mark.django_db

ALICE = {
    "email": "Alice.Adams@a.example",
    "first_name": "Alice",
    "last_name": "Adams",
    "roles": ["teacher", "middle_leader"],
    "job_title": "Head of maths",
    "department": "Mathematics",
}


def _rows():
    return (
        sorted(Membership.objects.values_list("user__email", "mis_id", "job_title", "department__name", "staff_group")),
        sorted(MembershipRole.objects.values_list("membership__mis_id", "role")),
        User.objects.count(),
    )


def test_staff_imported_twice_produce_the_same_rows(api_client, school_token_a):
    client = api_client(school_token_a)
    first = client.put("/api/v1/staff/T0042", ALICE)
    assert first.status_code == 201, first.content
    assert first.json()["outcome"] == "created"
    staff = first.json()["staff"]
    assert staff["external_id"] == "T0042"
    assert staff["email"] == "alice.adams@a.example"
    assert staff["roles"] == ["middle_leader", "teacher"]
    assert staff["department"] == "Mathematics"
    rows = _rows()
    events = AuditEvent.objects.filter(verb__startswith="staff.").count()

    again = client.put("/api/v1/staff/T0042", ALICE)

    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert again.json()["staff"] == staff
    assert _rows() == rows
    assert AuditEvent.objects.filter(verb__startswith="staff.").count() == events


def test_an_upsert_updates_and_is_audited(api_client, school_token_a, head_a):
    client = api_client(school_token_a)
    client.put("/api/v1/staff/T0042", ALICE)
    response = client.put("/api/v1/staff/T0042", {**ALICE, "job_title": "Deputy head", "roles": ["senior_leader"]})
    assert response.status_code == 200
    assert response.json()["outcome"] == "updated"
    assert response.json()["staff"]["roles"] == ["senior_leader"]
    event = AuditEvent.objects.filter(verb="staff.updated_by_sync").get()
    assert event.actor == head_a.user
    assert event.school == head_a.school
    assert AuditEvent.objects.filter(verb="staff.created_by_sync").count() == 1


def test_an_existing_member_is_matched_by_email_and_given_the_staff_id(api_client, school_token_a, teacher_a):
    response = api_client(school_token_a).put(
        "/api/v1/staff/T7", {**ALICE, "email": teacher_a.user.email.upper(), "roles": ["teacher"]}
    )
    assert response.status_code == 200
    teacher_a.refresh_from_db()
    assert teacher_a.mis_id == "T7"
    assert Membership.objects.filter(school=teacher_a.school).count() == 2


def test_a_staff_id_held_by_someone_else_is_refused(api_client, school_token_a, teacher_a):
    client = api_client(school_token_a)
    client.put("/api/v1/staff/T1", ALICE)
    response = client.put("/api/v1/staff/T1", {**ALICE, "email": "someone.else@a.example"})
    assert response.status_code == 422
    assert "belongs to alice.adams@a.example" in response.json()["detail"]


def test_a_staff_list_for_a_school_token_and_an_admin_but_not_a_teacher(api_client, head_a, teacher_a):
    assert api_client(make_token(head_a, kind=TokenKind.SCHOOL)).get("/api/v1/staff").status_code == 200
    assert api_client(make_token(head_a)).get("/api/v1/staff").status_code == 200
    refused = api_client(make_token(teacher_a)).get("/api/v1/staff")
    assert refused.status_code == 403
    assert "school admin" in refused.json()["detail"]
    assert api_client(make_token(teacher_a)).put("/api/v1/staff/T1", ALICE).status_code == 403
    assert Membership.objects.filter(mis_id="T1").count() == 0


def test_a_read_only_school_token_lists_but_does_not_upsert(api_client, head_a):
    client = api_client(make_token(head_a, kind=TokenKind.SCHOOL, scope="read"))
    assert client.get("/api/v1/staff").status_code == 200
    assert client.put("/api/v1/staff/T1", ALICE).status_code == 403


def test_one_member_by_staff_id_and_another_schools_is_404(api_client, school_token_a, school_token_b, school_b):
    other = make_member(school_b, SchoolRole.TEACHER)
    Membership.objects.filter(pk=other.pk).update(mis_id="B1")
    client = api_client(school_token_a)
    client.put("/api/v1/staff/T1", ALICE)
    assert client.get("/api/v1/staff/T1").json()["email"] == "alice.adams@a.example"
    assert client.get("/api/v1/staff/B1").status_code == 404
    assert api_client(school_token_b).get("/api/v1/staff/T1").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("{not json", 400, "not valid JSON"),
        ("", 422, "body"),
        ('{"email": "a\\u0000b@a.example"}', 400, "NUL"),
        ({**ALICE, "email": "not-an-email"}, 422, "not an email address"),
        ({**ALICE, "roles": []}, 422, "roles"),
        ({**ALICE, "roles": ["emperor"]}, 422, "roles"),
        ({**ALICE, "roles": "teacher"}, 422, "roles"),
        ({**ALICE, "first_name": 12}, 422, "first_name"),
        ({**ALICE, "first_name": "   "}, 422, "first name and last name"),
        ({**ALICE, "last_name": "x" * 151}, 422, "last_name"),
        ([1, 2, 3], 422, "Field required"),
        ({**ALICE, "first_name": 10**400}, 422, "first_name"),
    ],
    ids=[
        "malformed",
        "empty",
        "nul",
        "email",
        "no-roles",
        "unknown-role",
        "roles-not-list",
        "wrong-type",
        "blank-name",
        "too-long",
        "array",
        "huge-int",
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(api_client, school_token_a, body, status, words):
    before = _rows()
    response = api_client(school_token_a).put("/api/v1/staff/T9", body)
    assert response.status_code == status, response.content
    assert words in str(response.json()["detail"])
    assert _rows() == before


@pytest.mark.parametrize("external_id", ["a%00b", "-leading-hyphen", "x" * 65, "%C3%A9"])
def test_a_bad_staff_id_in_the_url_is_refused(api_client, school_token_a, external_id):
    client = api_client(school_token_a)
    assert client.get(f"/api/v1/staff/{external_id}").status_code in {404, 422}
    assert client.put(f"/api/v1/staff/{external_id}", ALICE).status_code in {404, 422}
    assert not Membership.objects.exclude(mis_id="").exists()


def test_paging_is_bounded(api_client, school_token_a):
    client = api_client(school_token_a)
    assert client.get("/api/v1/staff", {"offset": 10**30}).status_code == 422
    assert client.get("/api/v1/staff", {"limit": 0}).status_code == 422
    assert client.get("/api/v1/staff", {"limit": "many"}).status_code == 422
    assert client.get("/api/v1/staff", {"limit": "1\x00"}).status_code == 400
    assert client.get("/api/v1/staff", {"limit": 1, "offset": 0}).json()["count"] == 1


def test_listing_staff_takes_the_same_queries_however_many(
    api_client, school_a, school_token_a, django_assert_num_queries
):
    client = api_client(school_token_a)
    client.get("/api/v1/staff")  # the token's last-used time is written once, outside the measured requests

    def add(n):
        for _ in range(n):
            make_member(school_a, SchoolRole.TEACHER, SchoolRole.MIDDLE_LEADER)

    add(3)
    with django_assert_num_queries(5) as small:
        assert client.get("/api/v1/staff").json()["count"] == 4
    add(6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/api/v1/staff").json()["count"] == 10
