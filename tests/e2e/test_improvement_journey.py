"""The improvement issue's "done when" for the plan, in a browser: ta@oakfield proposes an improvement; the head
accepts it into the English plan with the teaching assistant as owner and a success criterion on a metric; the
teaching assistant posts an update and sets the status in place (HTMX), and a stale second change is refused with
a clear message. Every page is checked with axe."""

import pytest

from staffroom.accounts.roles import SchoolRole
from staffroom.evaluation.models import DataPoint, EvaluationArea, Metric
from staffroom.improvement.models import Action, ImprovementPlan, Priority, SubPlan
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.organisations.models import Subject
from staffroom.testing.factories import PASSWORD, SchoolFactory, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def oakfield():
    school = SchoolFactory(name="Oakfield Primary School")
    head = make_member(school, SchoolRole.HEADTEACHER, email="head@oakfield.example", first_name="Helen")
    ta = make_member(
        school, SchoolRole.TEACHING_ASSISTANT, email="ta@oakfield.example", first_name="Tara", last_name="Ahmed"
    )
    # Transactional tests flush the subjects the migrations ship, so the journey makes sure of its own.
    english, _created = Subject.objects.get_or_create(slug="english", defaults={"name": "English"})
    year = academic_year(school_today(school), school.academic_year_start_month).start.year
    plan = ImprovementPlan.objects.create(school=school, year_start=year)
    priority = Priority.objects.create(school=school, plan=plan, title="Every pupil reads fluently", order=1)
    SubPlan.objects.create(school=school, priority=priority, subject=english, lead=head)
    Metric.objects.create(school=school, name="Reading fluency", unit="%")
    return head, ta


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_proposal_to_action_with_in_place_status(live_server, new_page, oakfield, a11y, screenshot, tmp_path):
    base = live_server.url
    head, ta = oakfield

    ta_page = new_page()
    _sign_in(ta_page, base, "ta@oakfield.example")
    ta_page.get_by_role("link", name="Improvement", exact=True).click()
    a11y.check(ta_page, "improvement hub")
    ta_page.get_by_role("link", name="Propose an improvement").first.click()
    ta_page.get_by_label("Title").fill("Reading buddies at lunchtime")
    ta_page.get_by_label("The problem").fill("Year 3 readers who are behind rarely read aloud.")
    ta_page.get_by_label("Your idea").fill("Pair them with Year 5 buddies three lunchtimes a week.")
    ta_page.get_by_role("button", name="Share proposal").click()
    expect(ta_page.get_by_role("heading", name="Reading buddies at lunchtime")).to_be_visible()
    a11y.check(ta_page, "proposal")
    proposal_url = ta_page.url

    head_page = new_page()
    _sign_in(head_page, base, "head@oakfield.example")
    head_page.goto(proposal_url)
    head_page.get_by_role("link", name="Accept into the plan").click()
    a11y.check(head_page, "accept proposal")
    head_page.get_by_label("Into which plan").select_option(index=1)
    head_page.get_by_label("Success criteria").fill("Reading fluency at least 90% by July")
    head_page.get_by_label("Metric for the success criterion").select_option(label="Reading fluency (%)")
    head_page.locator("#id_target_comparison").select_option("gte")
    head_page.get_by_label("Target value").fill("90")
    head_page.get_by_role("button", name="Accept into the plan").click()
    expect(head_page.get_by_text("Proposal accepted into the plan.")).to_be_visible()
    action = Action.objects.get(title="Reading buddies at lunchtime")
    assert action.owner_id == ta.pk and action.metric.name == "Reading fluency"

    # The teaching assistant sees it on Home, posts an update and sets the status without a page load.
    ta_page.goto(f"{base}/")
    ta_page.get_by_role("link", name="Reading buddies at lunchtime").click()
    ta_page.get_by_label("Post an update").fill("Ten pairs trained; sessions start Monday.")
    ta_page.get_by_role("button", name="Post update").click()
    expect(ta_page.locator("#updates")).to_contain_text("Ten pairs trained")
    ta_page.get_by_label("Status of “Reading buddies at lunchtime”").select_option("on_track")
    ta_page.get_by_role("button", name="Change status").click()
    expect(ta_page.locator(f"#action-{action.pk} .tag")).to_have_text("On track")
    expect(ta_page.get_by_role("alert")).to_have_count(0)
    ta_page.get_by_label("Milestone", exact=True).fill("Train ten Year 5 buddies")
    ta_page.get_by_role("button", name="Add milestone").click()
    expect(ta_page.get_by_text("Milestone added.")).to_be_visible()
    ta_page.get_by_role("button", name="Mark done “Train ten Year 5 buddies”").click()
    expect(ta_page.get_by_role("button", name="Reopen “Train ten Year 5 buddies”")).to_be_visible()
    a11y.check(ta_page, "action")
    screenshot(ta_page, "improvement-action")

    head_page.goto(f"{base}/improvement/board/")
    a11y.check(head_page, "board")
    screenshot(head_page, "improvement-board")
    head_page.goto(f"{base}/improvement/plan/")
    a11y.check(head_page, "plan")
    screenshot(head_page, "improvement-plan")

    # The profile shows every dimension side by side, and the same metrics CSV imported twice changes nothing.
    head_page.get_by_role("link", name="Improvement", exact=True).click()
    head_page.get_by_role("link", name="School profile: every dimension of self-evaluation").click()
    expect(head_page.get_by_role("heading", level=1)).to_have_text("School profile")
    assert EvaluationArea.objects.filter(school=head.school).count() >= 9
    for area in EvaluationArea.objects.filter(school=head.school):
        expect(head_page.get_by_role("heading", name=area.name, exact=True)).to_be_visible()
    a11y.check(head_page, "profile")
    screenshot(head_page, "improvement-profile")
    csv_file = tmp_path / "fluency.csv"
    csv_file.write_text(
        "metric,cohort,year,term,value\nReading fluency,,2025,autumn,71\nReading fluency,,2025,spring,78\n"
        "Reading fluency,,2025,summer,140\n"
    )
    head_page.goto(f"{base}/evaluation/metrics/import/")
    for expected in (
        "2 new values, 0 changed, 0 already up to date.",
        "0 new values, 0 changed, 2 already up to date.",
    ):
        head_page.get_by_label("CSV file").set_input_files(str(csv_file))
        head_page.get_by_role("button", name="Import").click()
        expect(head_page.get_by_text(expected)).to_be_visible()
        expect(head_page.get_by_role("table")).to_contain_text("outside this metric's valid range")
    a11y.check(head_page, "metrics import")
    assert DataPoint.objects.filter(metric__name="Reading fluency").count() == 2

    a11y.assert_clean()
    action.refresh_from_db()
    assert action.status == Action.Status.ON_TRACK
