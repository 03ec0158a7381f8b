"""The health check, error pages, and the rule that only people with a school use the app."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.core import views
from staffroom.testing.factories import SchoolFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def test_healthz_reports_a_working_database(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": True}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_broken_database_without_failing(client):
    broken = mock.Mock()
    broken.cursor.side_effect = RuntimeError("connection refused")

    with mock.patch.object(views, "connection", broken):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": False}


def test_healthz_only_answers_get(client):
    assert client.post(reverse("healthz")).status_code == 405


@pytest.fixture
def teacher(db):
    return make_member(SchoolFactory(name="Oakfield Primary"), SchoolRole.TEACHER)


def test_a_missing_page_is_a_friendly_404_when_logged_in(teacher, login):
    response = login(teacher).get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "Oakfield Primary" in body  # the normal header, so the person can find their way back


def test_a_missing_page_is_a_friendly_404_when_not_logged_in(client):
    response = client.get("/learning/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_page_explains_itself(teacher, login):
    response = login(teacher).get(reverse("accounts:staff_list"))

    assert response.status_code == 403
    body = response.content.decode()
    assert "You cannot use this page" in body
    assert "ask your school admin" in body


def test_the_error_handlers_render_on_their_own(rf: RequestFactory):
    request = rf.get("/")
    request.user = mock.Mock(is_authenticated=False)
    request.membership = None
    request.user_memberships = []

    assert views.bad_request(request).status_code == 400
    assert views.permission_denied(request, PermissionDenied()).status_code == 403
    assert views.page_not_found(request).status_code == 404
    server_error = views.server_error(request)
    assert server_error.status_code == 500
    assert "Something went wrong" in server_error.content.decode()


def test_someone_with_no_school_is_logged_out(client):
    drifter = UserFactory()
    client.force_login(drifter, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_superuser_with_no_school_can_still_use_django_admin(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(reverse("admin:index")).status_code == 200
    # The app's own pages need a school, and say so rather than breaking.
    assert client.get(reverse("home")).status_code == 403


def test_home_greets_the_person_and_shows_their_term(teacher, login):
    body = login(teacher).get(reverse("home")).content.decode()
    assert f"Hello, {teacher.user.first_name}" in body
    assert " term " in body
    # A teacher does not see the school-wide overview.
    assert "people have recorded nothing this term" not in body
