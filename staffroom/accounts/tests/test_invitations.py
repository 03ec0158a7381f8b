"""An admin invites a member of staff by email; the invited person sets a password and arrives on Home."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.models import Invitation, Membership, User
from staffroom.accounts.roles import SchoolRole, StaffGroup
from staffroom.organisations.models import Department
from staffroom.testing.factories import PASSWORD, SchoolFactory, make_member

from .conftest import password_login

pytestmark = pytest.mark.django_db

INVITE_URL = reverse("accounts:invite")
NEW_PASSWORD = "Wh1teboard-marker-42"


def invite_form(**overrides):
    data = {
        "email": "new.teacher@oakfield.example",
        "first_name": "Priya",
        "last_name": "Shah",
        "roles": [SchoolRole.TEACHER, SchoolRole.CPD_COORDINATOR],
        "job_title": "Year 4 teacher",
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    match = re.search(r"https?://\S+?(/invitation/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def send_invitation(client, django_capture_on_commit_callbacks, **overrides):
    # The email goes once the invitation is committed; the test's transaction never commits, so run those hooks.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE_URL, invite_form(**overrides))
    return response


@pytest.mark.parametrize("role", [SchoolRole.SCHOOL_ADMIN, SchoolRole.HEADTEACHER])
def test_an_admin_invites_by_email_and_the_person_joins(
    role, school, login, django_capture_on_commit_callbacks, django_user_model
):
    inviter = make_member(school, role)
    maths = Department.objects.create(school=school, name="Maths")
    client = login(inviter)

    response = send_invitation(client, django_capture_on_commit_callbacks, department=maths.pk)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff_list")
    membership = Membership.objects.get(school=school, user__email="new.teacher@oakfield.example")
    assert membership.role_set == {SchoolRole.TEACHER, SchoolRole.CPD_COORDINATOR}
    assert membership.staff_group == StaffGroup.TEACHERS
    assert (membership.job_title, membership.department) == ("Year 4 teacher", maths)
    assert not membership.user.has_usable_password()
    invitation = Invitation.objects.get(membership=membership)
    assert invitation.invited_by == inviter.user
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.teacher@oakfield.example"]
    assert school.name in mail.outbox[0].subject
    link = link_in(mail.outbox[0])
    assert link == reverse("accounts:accept_invitation", args=[invitation.token])

    # The invited person opens the link in their own browser.
    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "new.teacher@oakfield.example" in page.content.decode()
    assert 'name="password1"' in page.content.decode()

    response = newcomer.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = newcomer.get(reverse("home"))
    assert home.status_code == 200
    assert "Hello, Priya" in home.content.decode()
    user = django_user_model.objects.get(email="new.teacher@oakfield.example")
    assert user.check_password(NEW_PASSWORD)
    # And from now on they log in like anyone else.
    again = password_login(Client(), "new.teacher@oakfield.example", NEW_PASSWORD)
    assert again.status_code == 302
    assert again["Location"] == reverse("home")


def test_the_invitation_page_explains_weak_and_mismatched_passwords(
    school, admin, login, django_capture_on_commit_callbacks
):
    send_invitation(login(admin), django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    newcomer = Client()

    mismatch = newcomer.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 200
    assert "The two passwords are different." in mismatch.content.decode()

    short = newcomer.post(link, {"password1": "abc12", "password2": "abc12"})
    assert short.status_code == 200
    assert "too short" in short.content.decode()

    common = newcomer.post(link, {"password1": "password123", "password2": "password123"})
    assert "too common" in common.content.decode()

    numeric = newcomer.post(link, {"password1": "4815162342108", "password2": "4815162342108"})
    assert "entirely numeric" in numeric.content.decode()

    # Nothing was accepted along the way: the link still works and nobody is logged in.
    assert Invitation.objects.get().accepted_at is None
    assert not User.objects.get(email="new.teacher@oakfield.example").has_usable_password()
    assert newcomer.get(reverse("home")).status_code == 302


def test_an_invitation_link_works_once(school, admin, login, django_capture_on_commit_callbacks):
    send_invitation(login(admin), django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    Client().post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    stranger = Client()
    page = stranger.get(link)
    assert page.status_code == 410
    assert "This invitation cannot be used" in page.content.decode()

    attempt = stranger.post(link, {"password1": "An0ther-passphrase!", "password2": "An0ther-passphrase!"})
    assert attempt.status_code == 410
    user = User.objects.get(email="new.teacher@oakfield.example")
    assert user.check_password(NEW_PASSWORD)
    assert stranger.get(reverse("home")).status_code == 302


def test_an_expired_invitation_shows_the_same_page(school, admin, login, django_capture_on_commit_callbacks):
    send_invitation(login(admin), django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    link = link_in(mail.outbox[0])

    page = Client().get(link)
    assert page.status_code == 410
    assert "This invitation cannot be used" in page.content.decode()
    response = Client().post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert not User.objects.get(email="new.teacher@oakfield.example").has_usable_password()


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 300])
def test_an_unknown_invitation_link_shows_the_same_page(client, token):
    assert client.get(reverse("accounts:accept_invitation", args=[token])).status_code == 410


def test_inviting_an_existing_member_is_refused_and_keeps_what_was_typed(school, admin, teacher, login, mailoutbox):
    before = (User.objects.count(), Membership.objects.count(), Invitation.objects.count())

    response = login(admin).post(
        INVITE_URL,
        invite_form(email="T.Jones@oakfield.example", first_name="Thomas", job_title="Head of Year 6"),
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "t.jones@oakfield.example is already a member of staff here." in body
    assert 'value="Thomas"' in body
    assert 'value="Head of Year 6"' in body
    assert (User.objects.count(), Membership.objects.count(), Invitation.objects.count()) == before
    teacher.refresh_from_db()
    assert teacher.role_set == {SchoolRole.TEACHER}
    assert mailoutbox == []


def test_a_bad_email_is_shown_beside_the_field(school, admin, login):
    response = login(admin).post(INVITE_URL, invite_form(email="priya.shah@", first_name="Priya"))

    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    body = response.content.decode()
    assert 'for="id_email">Email address <span class="error-message" id="id_email_error">' in body
    assert 'value="Priya"' in body
    assert not Invitation.objects.exists()


def test_an_invitation_needs_a_role(school, admin, login):
    response = login(admin).post(INVITE_URL, invite_form(roles=[]))
    assert response.status_code == 200
    assert "roles" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_a_line_manager_from_another_school_cannot_be_chosen(school, admin, login):
    elsewhere = make_member(SchoolFactory())
    response = login(admin).post(INVITE_URL, invite_form(line_manager=elsewhere.pk))
    assert response.status_code == 200
    assert "line_manager" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_someone_from_another_school_can_be_invited_without_losing_their_account(
    school, admin, login, django_capture_on_commit_callbacks
):
    elsewhere = make_member(SchoolFactory(name="Beech Academy"), email="shared@trust.example")

    response = send_invitation(login(admin), django_capture_on_commit_callbacks, email="shared@trust.example")

    assert response.status_code == 302
    assert Membership.objects.filter(user=elsewhere.user).count() == 2
    elsewhere.refresh_from_db()
    assert elsewhere.is_active
    # They keep their password: the email and the link tell them to log in as usual, and the link cannot reset it.
    assert "Log in with your usual email and password" in mail.outbox[0].body
    link = link_in(mail.outbox[0])
    stranger = Client()
    page = stranger.get(link)
    assert page.status_code == 200
    assert "You have joined Oakfield Primary" in page.content.decode()
    stranger.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    elsewhere.user.refresh_from_db()
    assert elsewhere.user.check_password(PASSWORD)
    assert stranger.get(reverse("home")).status_code == 302
    browser = Client()
    password_login(browser, "shared@trust.example", PASSWORD)
    assert "Oakfield Primary" in browser.get(reverse("home")).content.decode()


def test_an_address_typed_in_another_case_finds_the_same_account(school, admin, login):
    # An account an operator made by hand may carry capitals; inviting it must not make a second account.
    existing = make_member(SchoolFactory(name="Beech Academy"))
    User.objects.filter(pk=existing.user.pk).update(email="Mixed.Case@Trust.example")

    response = login(admin).post(INVITE_URL, invite_form(email="mixed.case@trust.example"))

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="mixed.case@trust.example").count() == 1
    assert Membership.objects.filter(user=existing.user).count() == 2


def test_an_invitation_stops_working_when_the_person_is_deactivated(
    school, admin, login, django_capture_on_commit_callbacks
):
    admin_client = login(admin)
    send_invitation(admin_client, django_capture_on_commit_callbacks)
    invited = Membership.objects.get(user__email="new.teacher@oakfield.example")
    admin_client.post(reverse("accounts:member_set_active", args=[invited.pk]), {"active": "0"})
    link = link_in(mail.outbox[0])

    newcomer = Client()
    assert newcomer.get(link).status_code == 410
    assert newcomer.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 410

    invited.user.refresh_from_db()
    assert not invited.user.is_active
    assert not invited.user.has_usable_password()
