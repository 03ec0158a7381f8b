"""Who gets in: only a live token, given as a bearer token. Every refusal is JSON with a message."""

import pytest
from django.utils import timezone

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.accounts.services import deactivate_member, update_member
from staffroom.api.models import ApiToken, TokenKind
from staffroom.api.services import hash_secret, revoke_token
from staffroom.learning.models import Visibility
from staffroom.testing.factories import make_activity, make_member

from .conftest import make_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer not-a-token",
        "Bearer srk_" + "a" * 43,  # the right shape, but no such token
        "Bearer srk_" + "a" * 42 + "\x00",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "x" * 5000,
    ],
    ids=["none", "empty", "malformed", "unknown", "nul", "basic", "huge"],
)
def test_no_live_token_is_401_with_a_message(client, teacher_a, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/learning/activities", headers=headers)
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_only_a_hash_of_the_secret_is_stored(teacher_a):
    secret = make_token(teacher_a)
    token = ApiToken.objects.get()
    assert secret not in {token.key_hash, token.prefix, token.name}
    assert token.key_hash == hash_secret(secret)
    assert secret.startswith(token.prefix)


def test_a_token_records_when_it_was_last_used(api_client, teacher_a):
    secret = make_token(teacher_a)
    assert ApiToken.objects.get().last_used_at is None
    assert api_client(secret).get("/api/v1/learning/activities").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_stops_working(api_client, teacher_a):
    secret = make_token(teacher_a)
    client = api_client(secret)
    assert client.get("/api/v1/learning/activities").status_code == 200
    revoke_token(actor=teacher_a.user, token=ApiToken.objects.get())
    assert client.get("/api/v1/learning/activities").status_code == 401


def test_a_token_stops_when_its_person_leaves_the_school(api_client, head_a, teacher_a):
    client = api_client(make_token(teacher_a))
    deactivate_member(actor=head_a.user, membership=teacher_a)
    assert client.get("/api/v1/learning/activities").status_code == 401


def test_a_school_token_stops_when_its_creator_is_no_longer_an_admin(api_client, school_a, head_a):
    other_admin = make_member(school_a, SchoolRole.SCHOOL_ADMIN)
    client = api_client(make_token(head_a, kind=TokenKind.SCHOOL))
    assert client.get("/api/v1/staff").status_code == 200
    update_member(
        actor=other_admin.user,
        membership=head_a,
        roles=[SchoolRole.TEACHER],
        job_title="",
        department=None,
        line_manager=None,
    )
    assert client.get("/api/v1/staff").status_code == 401


def test_revoking_twice_changes_nothing(teacher_a):
    make_token(teacher_a)
    token = revoke_token(actor=teacher_a.user, token=ApiToken.objects.get())
    first = token.revoked_at
    assert revoke_token(actor=teacher_a.user, token=token).revoked_at == first
    assert first <= timezone.now()


def test_a_read_only_token_cannot_write(api_client, teacher_a):
    client = api_client(make_token(teacher_a, scope="read"))
    response = client.post(
        "/api/v1/learning/activities",
        {"title": "Reading", "kind": "reading", "date": "2020-01-01", "hours": "1"},
    )
    assert response.status_code == 403
    assert "read only" in response.json()["detail"]


def test_a_personal_token_is_only_for_its_own_school(api_client, teacher_a, school_b):
    # Someone working at two schools makes a token per school; A's token never reads what they have at B.
    at_b = Membership.objects.create(user=teacher_a.user, school=school_b, staff_group="teachers")
    make_activity(at_b, title="Recorded at B", visibility=Visibility.SCHOOL)
    make_activity(teacher_a, title="Recorded at A")
    body = api_client(make_token(teacher_a)).get("/api/v1/learning/activities").json()
    assert [a["title"] for a in body["items"]] == ["Recorded at A"]


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v2/staff")
    assert response.status_code == 404
    assert "/api/docs" in response.json()["detail"]
