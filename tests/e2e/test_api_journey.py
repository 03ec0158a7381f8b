"""The API in a browser and over HTTP: the head of Oakfield creates a school integration token in Admin, copies the
secret shown once, and an MIS sync puts the same member of staff twice (one row). She revokes it and it stops
working. The documentation page renders Swagger UI from our own origin with no Content-Security-Policy complaint."""

import pytest

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.testing.factories import PASSWORD, SchoolFactory, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect

PERSON = {"email": "new.teacher@oakfield.example", "first_name": "Nia", "last_name": "Okafor", "roles": ["teacher"]}


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_school_token_sync_revoke_and_docs(live_server, new_page, a11y, screenshot):
    base = live_server.url
    school = SchoolFactory(name="Oakfield Primary School")
    make_member(school, SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN, email="head@oakfield.example")

    page = new_page()
    _sign_in(page, base, "head@oakfield.example")
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Integrations", exact=True).click()
    a11y.check(page, "integrations")
    screenshot(page, "api-01-integrations-empty")
    page.get_by_label("Name").fill("MIS sync")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token").input_value()
    assert secret.startswith("srk_")
    a11y.check(page, "integrations with new token")
    screenshot(page, "api-02-token-shown-once")

    headers = {"Authorization": f"Bearer {secret}"}
    for expected in (201, 200):
        response = page.request.put(f"{base}/api/v1/staff/T0042", data=PERSON, headers=headers)
        assert response.status == expected, response.text()
    assert Membership.objects.filter(school=school, mis_id="T0042").count() == 1

    page.goto(f"{base}/admin/integrations/")
    expect(page.get_by_label("Token")).to_have_count(0)
    page.get_by_role("button", name="Revoke MIS sync").click()
    expect(page.get_by_text("Revoked “MIS sync”")).to_be_visible()
    screenshot(page, "api-03-token-revoked")
    assert page.request.get(f"{base}/api/v1/staff", headers=headers).status == 401

    page.goto(f"{base}/profile/")
    page.get_by_role("link", name="API tokens").click()
    a11y.check(page, "personal tokens")
    screenshot(page, "api-04-personal-tokens")

    docs = new_page()
    complaints = []
    docs.on("console", lambda message: complaints.append(message.text) if "Content Security" in message.text else None)
    docs.goto(f"{base}/api/docs")
    expect(docs.get_by_text("/api/v1/staff/{external_id}").first).to_be_visible()
    screenshot(docs, "api-05-docs")
    assert complaints == []
    a11y.assert_clean()
