"""Deactivating a member of staff ends their access to that school at once; reactivating restores it."""

import pytest
from django.test import Client
from django.urls import reverse

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.core.models import AuditEvent
from staffroom.testing.factories import PASSWORD, SchoolFactory, make_member

from .conftest import password_login

pytestmark = pytest.mark.django_db


def set_active(client, membership, active: bool):
    return client.post(
        reverse("accounts:member_set_active", args=[membership.pk]), {"active": "1" if active else "0"}, follow=True
    )


def logged_in_browser(membership) -> Client:
    browser = Client()
    response = password_login(browser, membership.user.email, PASSWORD)
    assert response.status_code == 302, "the teacher could not log in to begin with"
    assert browser.get(reverse("home")).status_code == 200
    return browser


def test_deactivating_ends_the_persons_session_at_once(school, admin, teacher, login):
    teachers_browser = logged_in_browser(teacher)

    response = set_active(login(admin), teacher, active=False)

    assert "is deactivated and has been logged out" in response.content.decode()
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert teacher.deactivated_at is not None
    next_request = teachers_browser.get(reverse("learning:list"))
    assert next_request.status_code == 302
    assert next_request["Location"].startswith(reverse("account_login"))
    assert AuditEvent.objects.filter(verb="staff.deactivated", target_id=str(teacher.pk)).exists()


def test_a_deactivated_person_cannot_log_in(school, admin, teacher, login):
    set_active(login(admin), teacher, active=False)

    browser = Client()
    response = password_login(browser, teacher.user.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert "inactive" in browser.get(response["Location"]).content.decode().lower()
    assert browser.get(reverse("home")).status_code == 302


def test_reactivating_restores_access(school, admin, teacher, login):
    admin_client = login(admin)
    set_active(admin_client, teacher, active=False)

    response = set_active(admin_client, teacher, active=True)

    assert "can log in again" in response.content.decode()
    browser = Client()
    assert password_login(browser, teacher.user.email, PASSWORD).status_code == 302
    assert browser.get(reverse("home")).status_code == 200


def test_deactivated_staff_leave_the_list_unless_asked_for(school, admin, teacher, login):
    client = login(admin)
    set_active(client, teacher, active=False)

    assert teacher.user.email not in client.get(reverse("accounts:staff_list")).content.decode()
    everyone = client.get(reverse("accounts:staff_list"), {"show": "all"}).content.decode()
    assert teacher.user.email in everyone
    assert "Deactivated" in everyone


def test_an_admin_cannot_deactivate_themselves(school, admin, login):
    client = login(admin)

    response = set_active(client, admin, active=False)

    assert "You cannot deactivate your own account." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    assert client.get(reverse("accounts:staff_list")).status_code == 200


def test_deactivating_at_one_school_keeps_access_at_another(school, admin, login):
    other_school = SchoolFactory(name="Beech Academy")
    at_other = make_member(other_school, SchoolRole.TEACHER, email="split@trust.example")
    here = Membership.objects.create(user=at_other.user, school=school, staff_group=at_other.staff_group)
    here.roles.create(role=SchoolRole.TEACHER)
    browser = logged_in_browser(here)

    set_active(login(admin), here, active=False)

    at_other.user.refresh_from_db()
    assert at_other.user.is_active
    home = browser.get(reverse("home"))
    assert home.status_code == 200
    assert "Beech Academy" in home.content.decode()
    assert "Oakfield Primary" not in home.content.decode()
    # A fresh login lands them in the school where they still work.
    again = Client()
    assert password_login(again, "split@trust.example", PASSWORD).status_code == 302
    assert "Beech Academy" in again.get(reverse("home")).content.decode()


def test_deactivating_twice_changes_nothing_more(school, admin, teacher, login):
    client = login(admin)
    set_active(client, teacher, active=False)
    set_active(client, teacher, active=False)
    assert AuditEvent.objects.filter(verb="staff.deactivated").count() == 1
