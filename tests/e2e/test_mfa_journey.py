"""A head whose school requires two-factor authentication signs in, is sent to set up an authenticator app before
anything else, does so, and reaches Home; the school's admin sees the roles chosen in School settings."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

from staffroom.accounts.roles import SchoolRole
from staffroom.testing.factories import PASSWORD, SchoolFactory, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.STAFFROOM_ENFORCE_MFA = True


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_a_head_sets_up_an_authenticator_before_anything_else(live_server, new_page, a11y, screenshot):
    school = SchoolFactory(name="Oakfield Primary School")
    make_member(school, SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN, email="head@oakfield.example")
    base = live_server.url
    page = new_page()

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", "head@oakfield.example")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()

    # Straight to the set-up, with the reason; allauth may first ask for the password again.
    expect(page.get_by_text("Your school asks everyone in your role")).to_be_visible()
    screenshot(page, "mfa-01-sent-to-set-up")
    a11y.check(page, "mfa set-up (first page)")
    if page.locator("#id_password").count():
        page.fill("#id_password", PASSWORD)
        page.locator("form button[type=submit], form input[type=submit]").last.click()
    expect(page.locator("input[name=code]")).to_be_visible()

    # Going elsewhere first is not possible: back to the set-up (allauth shows a new key each time it is opened).
    page.goto(f"{base}/learning/")
    expect(page.locator("input[name=code]")).to_be_visible()
    secret = re.search(r"\b[A-Z2-7]{32}\b", page.content()).group(0)
    screenshot(page, "mfa-02-authenticator-form")
    a11y.check(page, "mfa authenticator form")

    page.fill("input[name=code]", code_for(secret))
    with page.expect_navigation():
        page.locator("input[name=code]").press("Enter")
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")

    page.goto(f"{base}/admin/school/")
    head_box = page.get_by_role("checkbox", name="Headteacher")
    expect(head_box).to_be_checked()
    expect(page.get_by_role("checkbox", name="Teacher", exact=True)).not_to_be_checked()
    screenshot(page, "mfa-03-school-settings")
    a11y.check(page, "school settings with two-factor roles")
    a11y.assert_clean()
