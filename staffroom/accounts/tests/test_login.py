"""Logging in by email, lockout after repeated failures, password reset, two-factor, closed sign-up, idle timeout."""

import datetime
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.models import User
from staffroom.testing.factories import PASSWORD

from .conftest import password_login

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


def test_staff_log_in_with_their_email_and_land_on_home(client, teacher):
    response = password_login(client, "T.Jones@Oakfield.example", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Hello, Tom" in client.get(reverse("home")).content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, teacher):
    response = password_login(client, teacher.user.email, "not-the-password")

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_logging_in_starts_a_new_session(client, teacher):
    # A session key an attacker planted before login must not carry over (session fixation).
    session = client.session
    session["planted"] = "yes"
    session.save()
    before = session.session_key

    password_login(client, teacher.user.email, PASSWORD)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logging_out_ends_the_session(client, teacher):
    password_login(client, teacher.user.email, PASSWORD)
    client.post(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failures_lock_the_account_from_that_address(teacher, settings):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert password_login(attacker, teacher.user.email, "guess-again").status_code == 200

    locked = password_login(attacker, teacher.user.email, "guess-again")

    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    # While locked, even the right password from there is refused, whatever the case of the email.
    right = password_login(attacker, teacher.user.email.upper(), PASSWORD)
    assert right.status_code == 429
    assert attacker.get(reverse("home")).status_code == 302


def test_a_lockout_does_not_lock_the_person_out_from_elsewhere(teacher, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(attacker, teacher.user.email, "guess-again")

    teacher_at_school = Client(REMOTE_ADDR="198.51.100.20")
    assert password_login(teacher_at_school, teacher.user.email, PASSWORD).status_code == 302


def test_a_password_reset_email_has_a_working_link(client, teacher, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": teacher.user.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [teacher.user.email]
    assert mailoutbox[0].subject.startswith("[Staffroom]")
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)

    # allauth moves the key out of the address into the session before showing the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_password_url, {"password1": "N3w-staffroom-pass", "password2": "N3w-staffroom-pass"})

    assert done.status_code == 302
    teacher.user.refresh_from_db()
    assert teacher.user.check_password("N3w-staffroom-pass")


def test_a_password_reset_for_an_unknown_email_sends_nothing_revealing(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    # allauth's default here is either silence or a note that there is no account; never a reset link.
    assert not any("/password/reset/key/" in m.body for m in mailoutbox)


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_person_can_turn_on_two_factor_with_an_authenticator_app(client, teacher):
    password_login(client, teacher.user.email, PASSWORD)
    assert client.get(reverse("mfa_index")).status_code == 200

    # Turning on two-factor is sensitive, so allauth asks for the password again first.
    ask = client.get(reverse("mfa_activate_totp"))
    assert ask.status_code == 302
    assert ask["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(ask["Location"], {"password": PASSWORD}).status_code == 302

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    body = page.content.decode()
    assert secret in body
    assert "<svg" in body or "data:image" in body  # the QR code

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=teacher.user).exists()

    right = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert Authenticator.objects.filter(user=teacher.user, type=Authenticator.Type.TOTP).exists()

    # The next login asks for a code before it lets the person in.
    browser = Client()
    step = password_login(browser, teacher.user.email, PASSWORD)
    assert step.status_code == 302
    assert step["Location"] == reverse("mfa_authenticate")
    assert browser.get(reverse("home")).status_code == 302


def test_two_factor_pages_need_a_login(client):
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_nobody_can_sign_themselves_up(client):
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()

    client.post(
        reverse("account_signup"),
        {"email": "walk.in@example.com", "password1": "Walk-in-pass-42", "password2": "Walk-in-pass-42"},
    )

    assert not User.objects.filter(email="walk.in@example.com").exists()
    assert client.get(reverse("home")).status_code == 302


def test_sessions_time_out_when_idle():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60


def test_an_idle_session_that_has_expired_is_logged_out(client, teacher):
    password_login(client, teacher.user.email, PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_each_request_pushes_the_idle_expiry_back(client, teacher):
    password_login(client, teacher.user.email, PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    assert client.get(reverse("home")).status_code == 200

    assert Session.objects.get(session_key=key).expire_date > soon
