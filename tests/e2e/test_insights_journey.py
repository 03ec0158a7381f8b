"""Issue 7's "done when" for insights and talent, in a browser: the head of Oakfield reads reach, impact, programme
quality and appraisal/plan progress, each with charts and tables, and downloads a CSV; the alliance CPD lead sees
the schools side by side across the network; a teacher records an aspiration and makes it visible across the
network; the head records her readiness and builds a succession plan with her as a candidate. Every page is
checked with axe."""

import datetime
import io

import pytest
from django.core.management import call_command

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.frameworks.models import Descriptor
from staffroom.frameworks.services import shipped_framework_files
from staffroom.learning.models import ActivityKind
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.talent.models import Aspiration, Candidate, ReadinessAssessment
from staffroom.testing.factories import (
    PASSWORD,
    NetworkFactory,
    SchoolFactory,
    add_network_role,
    join_network,
    make_activity,
    make_member,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def alliance():
    paths = [p for p in shipped_framework_files() if p.stem in ("dfe-pd-standard", "eef-pd-mechanisms")]
    call_command("load_frameworks", *[str(p) for p in paths], stdout=io.StringIO())
    network = NetworkFactory(name="Fenland Learning Alliance")
    oakfield = SchoolFactory(name="Oakfield Primary School")
    fenbridge = SchoolFactory(name="Fenbridge Primary School")
    join_network(network, oakfield, fenbridge)
    head = make_member(oakfield, SchoolRole.HEADTEACHER, email="head@oakfield.example", first_name="Helen")
    teacher = make_member(
        oakfield, SchoolRole.TEACHER, email="teacher@oakfield.example", first_name="Daniel", last_name="Okafor"
    )
    staff = (
        [head, teacher]
        + [make_member(oakfield) for _ in range(4)]
        + [make_member(oakfield, SchoolRole.TEACHING_ASSISTANT) for _ in range(5)]
    )
    cpdlead = make_member(fenbridge, SchoolRole.CPD_COORDINATOR, email="cpdlead@alliance.example")
    add_network_role(cpdlead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    staff += [cpdlead] + [make_member(fenbridge) for _ in range(5)]
    year = academic_year(school_today(oakfield), oakfield.academic_year_start_month)
    day = year.start + datetime.timedelta(days=7)
    codes = ["PD3", "EEF-M6", "EEF-M8"]
    for index, member in enumerate(staff):
        activity = make_activity(
            member,
            date=day,
            hours=str(2 + index % 3),
            kind=ActivityKind.INSET,
            title="Autumn INSET: retrieval practice",
        )
        activity.descriptors.set(Descriptor.objects.filter(code__in=codes[: 1 + index % 3]))
    return head, teacher, cpdlead


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_insights_and_succession(live_server, new_page, alliance, a11y, screenshot):
    base = live_server.url
    head, teacher, cpdlead = alliance

    page = new_page()
    _sign_in(page, base, "head@oakfield.example")
    page.get_by_role("link", name="Insights", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reach")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    page.get_by_label("CPD budget for the year (£)").fill("8000")
    page.get_by_role("button", name="Save budget").click()
    expect(page.get_by_text("Budget saved.")).to_be_visible()
    a11y.check(page, "insights reach")
    screenshot(page, "insights-01-reach")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    csv_text = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "Hours per person this year against the entitlement" in csv_text
    assert "Teaching assistants" in csv_text

    page.get_by_role("link", name="Impact", exact=True).click()
    expect(page.get_by_role("heading", name="Evidence of impact by level over time")).to_be_visible()
    a11y.check(page, "insights impact")
    screenshot(page, "insights-02-impact")

    page.get_by_role("link", name="Programme quality").click()
    expect(page.get_by_role("heading", name="Suggestions")).to_be_visible()
    expect(
        page.get_by_text("Little of your programme includes rehearsal or follow-up in the classroom.")
    ).to_be_visible()
    a11y.check(page, "insights quality")
    screenshot(page, "insights-03-quality")

    page.get_by_role("link", name="Appraisal and plans").click()
    expect(page.get_by_role("heading", name="Improvement plan actions")).to_be_visible()
    a11y.check(page, "insights progress")
    screenshot(page, "insights-04-progress")

    lead_page = new_page()
    _sign_in(lead_page, base, "cpdlead@alliance.example")
    lead_page.get_by_role("link", name="Insights", exact=True).click()
    lead_page.get_by_role("link", name="Across the network", exact=True).click()
    expect(lead_page.get_by_role("heading", name="Fenland Learning Alliance", exact=True)).to_be_visible()
    expect(lead_page.get_by_role("heading", name="Fenland Learning Alliance: giving and taking")).to_be_visible()
    # Once in the school figures and once in giving and taking.
    expect(lead_page.get_by_role("rowheader", name="Oakfield Primary School")).to_have_count(2)
    expect(lead_page.get_by_text("Daniel Okafor")).to_have_count(0)
    a11y.check(lead_page, "insights network")
    screenshot(lead_page, "insights-05-network")

    teacher_page = new_page()
    _sign_in(teacher_page, base, "teacher@oakfield.example")
    teacher_page.get_by_role("link", name="Talent", exact=True).click()
    teacher_page.get_by_role("button", name="Save aspiration").click()
    expect(teacher_page.get_by_role("alert")).to_contain_text("There is a problem")
    teacher_page.get_by_label("Leadership", exact=True).check()
    teacher_page.get_by_label("In a sentence, what would you like to do next?").fill(
        "Lead mathematics across the school"
    )
    teacher_page.get_by_label("A role you are aiming for").select_option("subject_lead")
    teacher_page.get_by_role("button", name="Save aspiration").click()
    expect(teacher_page.get_by_text("Aspiration saved.")).to_be_visible()
    teacher_page.get_by_label("Let leaders across our network see my aspirations and consider me for roles").check()
    teacher_page.get_by_role("button", name="Save my choice").click()
    expect(teacher_page.get_by_text("Leaders across the network can now see your aspirations.")).to_be_visible()
    a11y.check(teacher_page, "talent mine")
    screenshot(teacher_page, "insights-06-my-aspirations")
    assert Aspiration.objects.filter(membership=teacher).count() == 1

    page.get_by_role("link", name="Talent", exact=True).click()
    page.get_by_role("link", name="Talent pool").click()
    a11y.check(page, "talent pool")
    page.get_by_role("link", name="Daniel Okafor").click()
    page.get_by_label("Role", exact=True).select_option("subject_lead")
    page.get_by_label("Ready now").check()
    page.get_by_label("Notes for leaders").fill("Already leads maths CPD for Key Stage 2.")
    page.get_by_role("button", name="Save readiness").click()
    expect(page.get_by_text("Readiness saved.")).to_be_visible()
    a11y.check(page, "talent member")
    screenshot(page, "insights-07-readiness")

    page.get_by_role("link", name="Succession plans").click()
    page.get_by_label("Role", exact=True).select_option("subject_lead")
    page.get_by_label("The post").fill("Mathematics subject lead")
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_text("Succession plan created.")).to_be_visible()
    page.get_by_label("Candidate", exact=True).select_option(label="Daniel Okafor")
    page.get_by_label("Ready now").check()
    page.get_by_role("button", name="Add candidate").click()
    expect(page.get_by_text("Candidate added.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Daniel Okafor")).to_be_visible()
    a11y.check(page, "succession plan")
    screenshot(page, "insights-08-succession")

    # The teacher sees neither the judgement nor the plan.
    teacher_page.goto(f"{base}/talent/")
    expect(teacher_page.get_by_text("Already leads maths CPD")).to_have_count(0)
    teacher_page.goto(f"{base}/talent/succession/")
    expect(teacher_page.get_by_role("heading", level=1)).not_to_contain_text("Succession plans")

    a11y.assert_clean()
    assert ReadinessAssessment.objects.filter(membership=teacher).count() == 1
    assert Candidate.objects.filter(membership=teacher).count() == 1
