"""Two-factor authentication required for the roles a school chooses; sessions end when an account is disabled."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from staffroom.accounts.models import Membership, MembershipRole
from staffroom.accounts.roles import SchoolRole
from staffroom.organisations.models import School
from staffroom.testing.factories import SchoolFactory, make_member

from .conftest import password_login

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
SETUP = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.STAFFROOM_ENFORCE_MFA = True


def with_password(membership):
    membership.user.set_password(PASSWORD)
    membership.user.save()
    return membership


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_a_new_school_requires_it_of_heads_senior_leaders_and_admins():
    assert set(SchoolFactory().mfa_required_roles) == {
        SchoolRole.HEADTEACHER,
        SchoolRole.SENIOR_LEADER,
        SchoolRole.SCHOOL_ADMIN,
    }


@pytest.mark.parametrize("role", [SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER, SchoolRole.SCHOOL_ADMIN])
def test_a_leader_without_an_authenticator_is_sent_to_set_one_up_before_anything_else(school, login, role):
    client = login(make_member(school, role))

    for url in [reverse("home"), reverse("learning:list"), reverse("organisations:school_settings")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == SETUP


def test_a_teacher_is_not_asked(school, teacher, login):
    assert login(teacher).get(reverse("home")).status_code == 200


def test_a_head_who_has_set_it_up_goes_about_their_work(school, head, login):
    TOTP.activate(head.user, "JBSWY3DPEHPK3PXP")

    assert login(head).get(reverse("home")).status_code == 200


def test_htmx_requests_are_told_to_load_the_set_up_page_in_full(school, head, login):
    response = login(head).get(reverse("learning:list"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == SETUP


def test_the_whole_journey_from_password_to_authenticator_to_home(client, school, head):
    with_password(head)
    assert password_login(client, head.user.email, PASSWORD)["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == SETUP

    # allauth asks for the password again before a new authenticator is added; that page must stay open too.
    page = client.get(SETUP, follow=True)
    assert "Your school asks everyone in your role to sign in with an authenticator app" in page.content.decode()
    if page.redirect_chain:
        assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
        page = client.post(page.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(SETUP, {"code": "000000" if current_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=head.user).exists()

    client.post(SETUP, {"code": current_code(secret)})

    assert Authenticator.objects.filter(user=head.user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("home")).status_code == 200


def test_a_school_chooses_the_roles(school, head, teacher, login):
    school.mfa_required_roles = [SchoolRole.TEACHER]
    school.save()

    assert login(teacher).get(reverse("home"))["Location"] == SETUP
    client = login(make_member(school, SchoolRole.SCHOOL_ADMIN))
    assert client.get(reverse("home")).status_code == 200


def test_a_requirement_at_any_of_a_persons_schools_applies_wherever_they_are(school, login):
    elsewhere = SchoolFactory(name="Aardvark Academy", mfa_required_roles=[])
    both = make_member(elsewhere, SchoolRole.TEACHER)
    leader_here = Membership.objects.create(user=both.user, school=school, staff_group="teachers")
    MembershipRole.objects.create(membership=leader_here, role=SchoolRole.SENIOR_LEADER)

    # Aardvark Academy comes first, so that is the school they are in; the rule still follows the account.
    client = login(both)
    assert client.get(reverse("home"))["Location"] == SETUP


def test_logging_out_stays_possible(school, head, login):
    client = login(head)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_admin_chooses_the_roles_in_school_settings(school, login):
    admin = make_member(school, SchoolRole.SCHOOL_ADMIN)
    TOTP.activate(admin.user, "JBSWY3DPEHPK3PXP")
    client = login(admin)
    page = client.get(reverse("organisations:school_settings")).content.decode()
    assert 'name="mfa_required_roles" value="headteacher"' in page

    data = {
        "name": school.name,
        "urn": "",
        "phase": "primary",
        "academic_year_start_month": "9",
        "time_zone": "Europe/London",
        "entitlement_hours": "35",
        "subject_specific_share": "50",
        "follow_up_weeks": "6",
        "mfa_required_roles": ["headteacher", "school_admin", "cpd_coordinator"],
    }
    assert client.post(reverse("organisations:school_settings"), data).status_code == 302
    school.refresh_from_db()
    assert set(school.mfa_required_roles) == {"headteacher", "school_admin", "cpd_coordinator"}

    bad = client.post(reverse("organisations:school_settings"), {**data, "mfa_required_roles": ["wizard"]})
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()
    assert 'value="35"' in bad.content.decode()
    assert School.objects.get(pk=school.pk).mfa_required_roles == school.mfa_required_roles


def test_disabling_an_account_ends_its_sessions_at_once(school, teacher, login):
    client = login(teacher)
    assert client.get(reverse("home")).status_code == 200

    # A superuser disables the account in Django's admin, not through the school's deactivation.
    teacher.user.is_active = False
    teacher.user.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
