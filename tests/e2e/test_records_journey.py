"""The portable record's "done when", in a browser: teacher@oakfield downloads her signed record; she starts at
Riverside under a new account and imports it, with every record there; a tampered copy is refused with the
reason and nothing is added. Every page is checked with axe."""

import pytest

from staffroom.accounts.roles import SchoolRole
from staffroom.frameworks.models import Descriptor, Domain, Framework, Standard
from staffroom.learning.models import Activity, Evidence
from staffroom.records.models import ImportedCoachingStep, ImportedObservation, Qualification, RecordImport
from staffroom.records.tests.conftest import build_record
from staffroom.records.tests.test_portable import _change_json_byte, rewrite
from staffroom.testing.factories import PASSWORD, SchoolFactory, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def people():
    oakfield = SchoolFactory(name="Oakfield Primary School")
    riverside = SchoolFactory(name="Riverside Academy")
    teacher = make_member(oakfield, email="teacher@oakfield.example", first_name="Tess", last_name="Teacher")
    coach = make_member(oakfield, SchoolRole.SENIOR_LEADER, email="coach@oakfield.example", first_name="Cora")
    newcomer = make_member(riverside, email="t.teacher@riverside.example", first_name="Tess", last_name="Teacher")
    framework = Framework.objects.create(
        slug="teachers-standards",
        name="Teachers' Standards",
        short_name="TS",
        version="2011",
        kind="professional_standards",
    )
    domain = Domain.objects.create(framework=framework, code="1", name="Teaching")
    standard = Standard.objects.create(framework=framework, domain=domain, code="4", name="Plan and teach")
    descriptor = Descriptor.objects.create(standard=standard, framework=framework, code="4c", text="Questioning")
    build_record(teacher, coach, descriptor)
    return teacher, newcomer


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_export_import_at_riverside_and_a_tampered_copy_refused(
    live_server, new_page, people, a11y, screenshot, tmp_path
):
    base = live_server.url
    teacher, newcomer = people

    page = new_page()
    _sign_in(page, base, "teacher@oakfield.example")
    page.get_by_role("link", name="My record", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My professional record")
    a11y.check(page, "my record")
    screenshot(page, "records-01-my-record")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my signed record (.zip)").click()
    archive = tmp_path / "record.zip"
    download_info.value.save_as(archive)
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(rewrite(archive.read_bytes(), _change_json_byte))

    river = new_page()
    _sign_in(river, base, "t.teacher@riverside.example")
    river.get_by_role("link", name="My record", exact=True).click()
    river.get_by_role("link", name="Import a record from another school").click()
    a11y.check(river, "import form")
    screenshot(river, "records-02-import-form")

    river.get_by_label("Portable record (.zip)").set_input_files(str(tampered))
    river.get_by_label("This is my own professional record").check()
    river.get_by_role("button", name="Check and import").click()
    expect(river.get_by_role("alert")).to_contain_text("The signature does not match")
    a11y.check(river, "tampered refused")
    screenshot(river, "records-03-tampered-refused")
    assert not RecordImport.objects.exists()
    assert not Activity.objects.filter(school=newcomer.school).exists()

    river.get_by_label("Portable record (.zip)").set_input_files(str(archive))
    river.get_by_label("This is my own professional record").check()
    river.get_by_role("button", name="Check and import").click()
    expect(river.get_by_role("heading", level=1)).to_have_text("Record imported from Oakfield Primary School")
    expect(river.get_by_text("Valid: signed by this Staffroom.")).to_be_visible()
    a11y.check(river, "imported record")
    screenshot(river, "records-04-imported")

    owner = newcomer.user
    assert Activity.objects.filter(school=newcomer.school, owner=owner).count() == 2
    assert Evidence.objects.filter(school=newcomer.school).count() == 2
    assert ImportedObservation.objects.filter(owner=owner).count() == 1
    assert ImportedCoachingStep.objects.filter(owner=owner).count() == 1
    assert Qualification.objects.filter(school=newcomer.school, owner=owner).count() == 1

    river.get_by_role("link", name="Questioning workshop 0").click()
    expect(river.get_by_role("link", name="notes 0.pdf")).to_be_visible()
    a11y.check(river, "imported activity")
    screenshot(river, "records-05-imported-activity")
    a11y.assert_clean()


def test_head_sets_retention_and_anonymises_a_leaver(live_server, new_page, people, a11y, screenshot):
    from staffroom.accounts.services import deactivate_member
    from staffroom.records.models import RetentionPolicy

    teacher, _newcomer = people
    head = make_member(teacher.school, SchoolRole.HEADTEACHER, email="head@oakfield.example", first_name="Helen")
    deactivate_member(actor=head.user, membership=teacher)

    page = new_page()
    _sign_in(page, live_server.url, "head@oakfield.example")
    page.get_by_role("link", name="My record", exact=True).click()
    page.get_by_role("link", name="Data protection: subject access, leavers and retention").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    a11y.check(page, "data protection")
    screenshot(page, "records-06-data-protection")

    page.get_by_role("link", name="Retention periods").click()
    page.locator("#id_leavers_months").fill("72")
    page.locator("#id_leavers_action").select_option("anonymise")
    page.locator("#id_audit_months").fill("0")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.get_by_role("alert")).to_contain_text("Ensure this value is greater than or equal to 1")
    a11y.check(page, "retention errors")
    screenshot(page, "records-07-retention-errors")
    page.locator("#id_audit_months").fill("84")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.get_by_text("Retention periods saved.")).to_be_visible()
    assert RetentionPolicy.objects.get(school=teacher.school, record_type="leavers").months == 72

    page.get_by_role("link", name="Back to Data protection").click()
    page.get_by_role("link", name="Remove Tess Teacher's data").click()
    page.get_by_label("Anonymise", exact=False).check()
    page.get_by_role("button", name="Remove their data").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to confirm")
    a11y.check(page, "leaver confirm")
    screenshot(page, "records-08-leaver-confirm")
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Remove their data").click()
    expect(page.get_by_text("Their data has been removed.")).to_be_visible()
    expect(page.get_by_text("1 former member of staff has been anonymised.")).to_be_visible()
    a11y.assert_clean()
