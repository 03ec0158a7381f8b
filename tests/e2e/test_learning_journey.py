"""The issue's "done when": a teaching assistant records learning with evidence in a browser, sees it counted,
downloads a portfolio, and nobody at another school can reach it."""

import io
import re
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command

from staffroom.accounts.roles import SchoolRole
from staffroom.frameworks.models import Descriptor, Framework
from staffroom.frameworks.services import adopt_framework
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import PASSWORD, SchoolFactory, SubjectFactory, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


def write_pdf(path: Path, text: str) -> Path:
    """A small, valid one-page PDF: evidence checks look at the file's own bytes, not just its name."""
    stream = zlib.compress(f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def schools():
    call_command("load_frameworks", stdout=io.StringIO())
    oakfield = SchoolFactory(name="Oakfield Primary School")
    riverside = SchoolFactory(name="Riverside Academy")
    teachers_standards = Framework.objects.get(slug="teachers-standards-england", is_current=True)
    ta_standards = Framework.objects.get(slug="teaching-assistant-standards", is_current=True)
    for school in (oakfield, riverside):
        adopt_framework(actor=None, school=school, framework=teachers_standards)
    adopt_framework(actor=None, school=oakfield, framework=ta_standards)
    SubjectFactory(name="English", slug="english")
    SubjectFactory(name="Mathematics", slug="mathematics")
    class_teacher = make_member(oakfield, SchoolRole.TEACHER, email="teacher@oakfield.example")
    ta = make_member(
        oakfield,
        SchoolRole.TEACHING_ASSISTANT,
        email="ta@oakfield.example",
        first_name="Priya",
        line_manager=class_teacher,
    )
    riverside_teacher = make_member(riverside, SchoolRole.TEACHER, email="teacher@riverside.example")
    return {
        "oakfield": oakfield,
        "ta": ta,
        "riverside_teacher": riverside_teacher,
        # One standard from each framework the school has adopted.
        "descriptors": [
            Descriptor.objects.filter(framework=ta_standards).order_by("order").first(),
            Descriptor.objects.filter(framework=teachers_standards).order_by("order").first(),
        ],
    }


def log_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_teaching_assistant_records_learning_with_evidence(live_server, new_page, schools, a11y, screenshot, tmp_path):
    base = live_server.url
    ta_page = new_page()

    ta_page.goto(f"{base}/accounts/login/")
    a11y.check(ta_page, "login")
    screenshot(ta_page, "01-login")
    log_in(ta_page, base, "ta@oakfield.example")
    expect(ta_page.get_by_role("heading", level=1)).to_have_text("Hello, Priya")
    a11y.check(ta_page, "home")
    screenshot(ta_page, "02-home")

    ta_page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(ta_page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(ta_page.locator("#hours-heading + p")).to_contain_text("0 of 35 hours")
    a11y.check(ta_page, "my learning (empty)")
    screenshot(ta_page, "03-my-learning-empty")

    ta_page.get_by_role("link", name="Record learning").click()
    expect(ta_page.get_by_role("heading", level=1)).to_have_text("Record learning")
    a11y.check(ta_page, "record learning form")
    screenshot(ta_page, "04-record-form")

    # Sent empty, the form says what is missing, in a summary and beside each field.
    ta_page.get_by_role("button", name="Save to my record").click()
    expect(ta_page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(ta_page.locator(".field-error").filter(has=ta_page.locator("#id_title"))).to_contain_text("required")
    a11y.check(ta_page, "record learning form with errors")
    screenshot(ta_page, "05-record-form-errors")

    descriptors = schools["descriptors"]
    evidence = write_pdf(tmp_path / "phonics-certificate.pdf", "Certificate of attendance: phonics training")
    ta_page.fill("#id_title", "Phonics training for support staff")
    ta_page.select_option("#id_kind", "course")
    ta_page.fill("#id_date", school_today(schools["oakfield"]).isoformat())
    ta_page.fill("#id_hours", "3")
    ta_page.get_by_label("English").check()
    ta_page.select_option("#id_descriptors", [str(d.pk) for d in descriptors])
    ta_page.fill("#id_learned", "How to model blending sounds for the Year 1 catch-up group.")
    ta_page.fill("#id_will_try", "Daily five-minute blending practice before lunch.")
    ta_page.fill("#id_pupils", "Year 1 phonics catch-up group")
    ta_page.fill("#id_success_measure", "More of the group pass the next phonics check.")
    ta_page.set_input_files("#id_files", str(evidence))
    ta_page.get_by_label("Shared with my line manager").check()
    screenshot(ta_page, "06-record-form-filled")
    ta_page.get_by_role("button", name="Save to my record").click()

    expect(ta_page.get_by_role("heading", level=1)).to_have_text("Phonics training for support staff")
    expect(ta_page.get_by_role("status")).to_contain_text("Recorded")
    expect(ta_page.locator(".summary-list")).to_contain_text("Shared with my line manager")
    for descriptor in descriptors:
        expect(ta_page.locator(".summary-list")).to_contain_text(descriptor.code)
    evidence_link = ta_page.get_by_role("link", name="phonics-certificate.pdf")
    expect(evidence_link).to_be_visible()
    activity_url = ta_page.url
    evidence_url = base + evidence_link.get_attribute("href")
    assert re.search(r"/learning/\d+/$", activity_url)
    assert re.search(r"/learning/evidence/\d+/$", evidence_url)
    a11y.check(ta_page, "activity detail")
    screenshot(ta_page, "07-activity-detail")

    # The owner gets her file back byte for byte.
    own_copy = ta_page.context.request.get(evidence_url)
    assert own_copy.status == 200
    assert own_copy.body() == evidence.read_bytes()

    ta_page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(ta_page.get_by_role("link", name="Phonics training for support staff")).to_be_visible()
    expect(ta_page.locator("#hours-heading + p")).to_contain_text("3 of 35 hours, of which 3 subject-specific")
    figures = ta_page.locator(".chart-table")
    expect(figures.get_by_role("row", name="All professional learning")).to_contain_text("3")
    expect(figures.get_by_role("row", name="Subject-specific")).to_contain_text("3")
    a11y.check(ta_page, "my learning")
    screenshot(ta_page, "08-my-learning")

    with ta_page.expect_download() as download_info:
        ta_page.get_by_role("link", name=re.compile(r"Portfolio for .* \(PDF\)")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    # She shared it with her line manager, who can open it and its evidence ...
    manager_page = new_page()
    log_in(manager_page, base, "teacher@oakfield.example")
    assert manager_page.goto(activity_url).status == 200
    expect(manager_page.get_by_role("heading", level=1)).to_have_text("Phonics training for support staff")
    assert manager_page.context.request.get(evidence_url).status == 200

    # ... but someone at another school cannot tell that either exists.
    riverside_page = new_page()
    log_in(riverside_page, base, "teacher@riverside.example")
    response = riverside_page.goto(activity_url)
    assert response.status == 404
    screenshot(riverside_page, "09-riverside-404")
    assert riverside_page.context.request.get(evidence_url).status == 404
    expect(riverside_page.locator("body")).not_to_contain_text("Phonics training")

    a11y.assert_clean()


def test_impossible_hours_are_explained_and_nothing_typed_is_lost(live_server, new_page, schools, a11y, screenshot):
    page = new_page()
    log_in(page, live_server.url, "ta@oakfield.example")
    page.goto(f"{live_server.url}/learning/new/")
    page.fill("#id_title", "Makaton level 1")
    page.select_option("#id_kind", "course")
    page.fill("#id_hours", "5000")
    page.get_by_role("button", name="Save to my record").click()

    hours_field = page.locator(".field").filter(has=page.locator("#id_hours"))
    expect(hours_field.locator(".error-message")).to_contain_text("One activity can be at most 100 hours")
    expect(page.locator("#id_title")).to_have_value("Makaton level 1")
    expect(page.locator("#id_hours")).to_have_value("5000")
    a11y.check(page, "record learning form, hours too many")
    screenshot(page, "10-hours-too-many")
    a11y.assert_clean()
