"""Who may use the school's admin pages: the school's own admins and headteacher, and nobody else."""

import pytest
from django.urls import reverse

from staffroom.accounts.roles import ADMIN_ROLES, SchoolRole
from staffroom.testing.factories import SchoolFactory, make_member

pytestmark = pytest.mark.django_db

NON_ADMIN_ROLES = [r for r in SchoolRole if r not in ADMIN_ROLES]

# (url name, needs the target member's pk, method)
ADMIN_PAGES = [
    ("accounts:staff_list", False, "get"),
    ("accounts:invite", False, "get"),
    ("accounts:staff_import", False, "get"),
    ("accounts:member_detail", True, "get"),
    ("accounts:member_set_active", True, "post"),
    ("organisations:school_settings", False, "get"),
    ("frameworks:choose", False, "get"),
]
PAGE_IDS = [name for name, _, _ in ADMIN_PAGES]


def url_for(name, needs_pk, member):
    return reverse(name, args=[member.pk]) if needs_pk else reverse(name)


def request(client, method, url):
    # Posting "active=1" asks to reactivate someone already active, which changes nothing if it is let through.
    return client.post(url, {"active": "1"}) if method == "post" else client.get(url)


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
@pytest.mark.parametrize(("name", "needs_pk", "method"), ADMIN_PAGES, ids=PAGE_IDS)
def test_the_schools_own_admins_may_use_every_admin_page(school, teacher, login, role, name, needs_pk, method):
    client = login(make_member(school, role))
    response = request(client, method, url_for(name, needs_pk, teacher))
    expected = 302 if method == "post" else 200
    assert response.status_code == expected


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
@pytest.mark.parametrize(("name", "needs_pk", "method"), ADMIN_PAGES, ids=PAGE_IDS)
def test_other_roles_are_refused(school, teacher, login, role, name, needs_pk, method):
    client = login(make_member(school, role))
    response = request(client, method, url_for(name, needs_pk, teacher))
    assert response.status_code == 403
    assert "You cannot use this page" in response.content.decode()


@pytest.mark.parametrize(("name", "needs_pk", "method"), ADMIN_PAGES, ids=PAGE_IDS)
def test_visitors_who_are_not_logged_in_are_sent_to_log_in(client, school, teacher, name, needs_pk, method):
    url = url_for(name, needs_pk, teacher)
    response = request(client, method, url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", ["accounts:member_detail", "accounts:member_set_active"])
def test_another_schools_admin_cannot_reach_this_schools_staff(school, teacher, login, name):
    other_admin = make_member(SchoolFactory(name="Beech Academy"), SchoolRole.SCHOOL_ADMIN)
    client = login(other_admin)

    response = client.post(reverse(name, args=[teacher.pk]), {"active": "0"})

    assert response.status_code == 404
    teacher.refresh_from_db()
    assert teacher.is_active


def test_another_schools_admin_does_not_see_this_schools_staff_listed(school, teacher, login):
    other_admin = make_member(SchoolFactory(name="Beech Academy"), SchoolRole.SCHOOL_ADMIN)
    staff_list = login(other_admin).get(reverse("accounts:staff_list"), {"show": "all", "q": "oakfield"})
    assert teacher.user.email not in staff_list.content.decode()


def test_a_refused_teacher_cannot_deactivate_anyone(school, teacher, login):
    colleague = make_member(school, SchoolRole.TEACHER)
    response = login(teacher).post(reverse("accounts:member_set_active", args=[colleague.pk]), {"active": "0"})
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active


@pytest.mark.parametrize("junk", ["999999", "0"])
def test_a_member_that_does_not_exist_is_not_found(school, admin, login, junk):
    response = login(admin).get(f"/admin/staff/{junk}/")
    assert response.status_code == 404


def test_the_admin_link_shows_only_to_admins(school, admin, teacher, login, client):
    staff_link = f'href="{reverse("accounts:staff_list")}"'
    assert staff_link in login(admin).get(reverse("home")).content.decode()
    client.logout()
    assert staff_link not in login(teacher).get(reverse("home")).content.decode()
