"""The pages where people create and revoke tokens: their own in their profile, the school's in Admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.api.models import ApiToken, TokenKind
from staffroom.api.services import hash_secret
from staffroom.core.models import AuditEvent
from staffroom.testing.factories import make_member

from .conftest import make_token

pytestmark = pytest.mark.django_db


def test_a_member_creates_a_personal_token_and_sees_the_secret_once(login, teacher_a):
    client = login(teacher_a)
    response = client.post(reverse("tokens:personal"), {"name": "My spreadsheet", "scope": "read"}, follow=True)
    assert response.redirect_chain == [(reverse("tokens:personal"), 302)]
    secret = response.context["new_secret"]
    token = ApiToken.objects.get()
    assert token.key_hash == hash_secret(secret)
    assert (token.kind, token.scope, token.membership) == (TokenKind.PERSONAL, "read", teacher_a)
    assert secret in response.content.decode()
    again = client.get(reverse("tokens:personal")).content.decode()
    assert secret not in again
    assert token.prefix in again
    assert AuditEvent.objects.filter(verb="api.token_created", actor=teacher_a.user).exists()


def test_a_member_revokes_their_own_token_but_not_someone_elses(login, teacher_a, head_a):
    make_token(head_a, name="Head's")
    make_token(teacher_a, name="Mine")
    mine = ApiToken.objects.get(name="Mine")
    heads = ApiToken.objects.get(name="Head's")
    client = login(teacher_a)
    assert client.post(reverse("tokens:personal_revoke", args=[heads.pk])).status_code == 404
    assert client.post(reverse("tokens:personal_revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    heads.refresh_from_db()
    assert mine.revoked_at is not None and heads.revoked_at is None
    assert AuditEvent.objects.filter(verb="api.token_revoked", actor=teacher_a.user).count() == 1


def test_bad_input_keeps_what_was_typed(login, teacher_a):
    client = login(teacher_a)
    response = client.post(reverse("tokens:personal"), {"name": "Sync\x00", "scope": "everything"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "scope"}
    assert not ApiToken.objects.exists()
    response = client.post(reverse("tokens:personal"), {"name": "", "scope": "read"})
    assert "name" in response.context["form"].errors


def test_school_tokens_are_for_admins_of_that_school_only(login, head_a, teacher_a, head_b):
    make_token(head_b, kind=TokenKind.SCHOOL, name="Beckford MIS")
    b_token = ApiToken.objects.get()
    assert login(teacher_a).get(reverse("tokens:school")).status_code == 403
    client = login(head_a)
    page = client.get(reverse("tokens:school"))
    assert page.status_code == 200
    assert "Beckford MIS" not in page.content.decode()
    assert client.post(reverse("tokens:school_revoke", args=[b_token.pk])).status_code == 404
    response = client.post(reverse("tokens:school"), {"name": "MIS sync", "scope": "write"}, follow=True)
    assert response.context["new_secret"]
    assert ApiToken.objects.filter(school=head_a.school, kind=TokenKind.SCHOOL, scope="write").count() == 1


def test_another_admin_may_revoke_a_school_token(login, school_a, head_a):
    other_admin = make_member(school_a, SchoolRole.SCHOOL_ADMIN)
    make_token(head_a, kind=TokenKind.SCHOOL)
    token = ApiToken.objects.get()
    assert login(other_admin).post(reverse("tokens:school_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("name", ["tokens:personal", "tokens:school"])
def test_the_token_pages_take_the_same_queries_however_many(login, head_a, name, django_assert_num_queries):
    client = login(head_a)
    kind = TokenKind.PERSONAL if name == "tokens:personal" else TokenKind.SCHOOL
    for i in range(2):
        make_token(head_a, kind=kind, name=f"T{i}")
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name))
    for i in range(2, 8):
        make_token(head_a, kind=kind, name=f"T{i}")
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
