"""The appraisal issue's "done when", in a browser: a teacher sees where she stands, sets an objective linked to a
standard and to learning she has recorded, and checks in; her appraiser comments; both write their notes for the
planning review, agree a record and sign it; the head approves; the teacher downloads the year's record and sees
who has opened it. Nobody at another school in the network can reach any of it."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.formats import date_format

from staffroom.accounts.roles import SchoolRole
from staffroom.appraisal import rules, services
from staffroom.appraisal.models import Appraisal, Reviewer, ReviewMeeting, Stage
from staffroom.frameworks.models import Descriptor, Framework
from staffroom.frameworks.services import adopt_framework
from staffroom.learning.models import ActivityKind, Visibility
from staffroom.learning.services import ActivityData, record_activity
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Department
from staffroom.testing.factories import PASSWORD, NetworkFactory, SchoolFactory, join_network, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect

OBJECTIVE = "Use retrieval practice to close gaps in Year 4 times tables"
ACTIVITY = "Retrieval practice twilight"


@pytest.fixture
def oakfield():
    call_command("load_frameworks", stdout=io.StringIO())
    school = SchoolFactory(name="Oakfield Primary School")
    riverside = SchoolFactory(name="Riverside Academy")
    join_network(NetworkFactory(name="Fenland Learning Alliance"), school, riverside)
    for slug in ("teachers-standards-england", "teaching-assistant-standards", "headteachers-standards-2020"):
        adopt_framework(actor=None, school=school, framework=Framework.objects.get(slug=slug, is_current=True))
    adopt_framework(
        actor=None,
        school=riverside,
        framework=Framework.objects.get(slug="teachers-standards-england", is_current=True),
    )
    ks2 = Department.objects.create(school=school, name="Key Stage 2")
    head = make_member(
        school, SchoolRole.HEADTEACHER, email="head@oakfield.example", first_name="Helen", last_name="Hart"
    )
    phase_leader = make_member(
        school,
        SchoolRole.MIDDLE_LEADER,
        email="ks2@oakfield.example",
        first_name="Arun",
        last_name="Patel",
        line_manager=head,
    )
    teacher = make_member(
        school,
        SchoolRole.TEACHER,
        email="teacher@oakfield.example",
        first_name="Tess",
        last_name="Walker",
        line_manager=phase_leader,
    )
    for member in (phase_leader, teacher):
        member.department = ks2
        member.save(update_fields=["department"])
    make_member(riverside, SchoolRole.HEADTEACHER, email="head@riverside.example", first_name="Rhona")
    make_member(riverside, SchoolRole.TEACHER, email="teacher@riverside.example", first_name="Rita")

    record_activity(
        actor=teacher.user,
        school=school,
        data=ActivityData(
            title=ACTIVITY,
            kind=ActivityKind.INSET,
            date=school_today(school),
            hours=Decimal("1.5"),
            visibility=Visibility.PRIVATE,
            learned="Low-stakes quizzes at the start of lessons show the gaps before they widen.",
        ),
    )
    cycle = services.create_cycle(actor=head.user, school=school, year_start=rules.current_year_start(school))
    services.create_appraisals(actor=head.user, cycle=cycle)
    appraisal = Appraisal.objects.get(cycle=cycle, appraisee=teacher)
    services.assign_reviewer(
        actor=head.user, appraisal=appraisal, membership=phase_leader, role=Reviewer.Role.APPRAISER
    )
    planning = ReviewMeeting.objects.get(appraisal=appraisal, stage__kind=Stage.Kind.PLANNING)
    return {
        "school": school,
        "appraisal": appraisal,
        "planning": planning,
        "descriptor": Descriptor.objects.get(framework__slug="teachers-standards-england", code="TS2.b"),
    }


def log_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def open_appraisal_section(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Appraisal", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appraisal")


def test_a_year_of_appraisal_from_objective_to_approved_review(live_server, new_page, oakfield, a11y, screenshot):
    base = live_server.url
    appraisal, planning = oakfield["appraisal"], oakfield["planning"]
    descriptor = oakfield["descriptor"]
    year = rules.year_label(oakfield["school"], appraisal.cycle.year_start)
    planning_due = date_format(planning.stage.due_on, "j F Y")

    # The teacher sees where she stands: who appraises her, the stages, and what is due next.
    teacher = new_page()
    log_in(teacher, base, "teacher@oakfield.example")
    open_appraisal_section(teacher)
    own = teacher.get_by_role("region", name=f"Your appraisal {year}")
    expect(own).to_contain_text("Your appraiser: Arun Patel")
    # Planning is the first stage: whether it shows as next or overdue depends only on today's date.
    expect(own.locator(".next-due")).to_contain_text("Planning")
    expect(own.locator(".next-due")).to_contain_text(planning_due)
    expect(own.locator(".stage-list > li")).to_have_count(3)
    for stage in ("Planning", "Mid-year review", "End-of-year review"):
        expect(own.locator(".stage-list")).to_contain_text(stage)
    a11y.check(teacher, "appraisal overview")
    screenshot(teacher, "appraisal-01-overview")

    teacher.get_by_role("link", name="Open your appraisal").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text(f"Your appraisal {year}")
    expect(teacher).to_have_url(f"{base}/appraisal/{appraisal.pk}/")
    expect(teacher.locator(".summary-list")).to_contain_text("Arun Patel")
    expect(teacher.locator(".summary-list")).to_contain_text(planning_due)
    a11y.check(teacher, "appraisal detail")
    screenshot(teacher, "appraisal-02-detail")

    # An objective without success criteria is refused, saying why, and keeps what she typed.
    teacher.get_by_role("link", name="Add an objective").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("New objective")
    a11y.check(teacher, "objective form")
    screenshot(teacher, "appraisal-03-objective-form")
    teacher.fill("#id_title", OBJECTIVE)
    teacher.fill("#id_rationale", "A third of the class still count on their fingers for the 7 and 8 times tables.")
    teacher.get_by_role("button", name="Add the objective").click()
    expect(teacher.get_by_role("alert")).to_contain_text("There is a problem")
    criteria = teacher.locator(".field-error").filter(has=teacher.locator("#id_success_criteria"))
    expect(criteria).to_contain_text("Write at least one success criterion")
    expect(teacher.locator("#id_title")).to_have_value(OBJECTIVE)
    a11y.check(teacher, "objective form with a missing success criterion")
    screenshot(teacher, "appraisal-04-objective-form-error")

    teacher.fill("#id_success_criteria", "Every pupil answers the multiplication check within six seconds.")
    teacher.select_option("#id_descriptors", str(descriptor.pk))
    teacher.get_by_label(re.compile(ACTIVITY)).check()
    teacher.get_by_role("button", name="Add the objective").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text(OBJECTIVE)
    expect(teacher.get_by_role("status")).to_contain_text(f"Added “{OBJECTIVE}”")
    expect(teacher.locator(".summary-list")).to_contain_text(descriptor.code)
    expect(teacher.get_by_role("region", name="Evidence from My learning")).to_contain_text(ACTIVITY)
    objective_url = teacher.url

    teacher.fill("#id_text", "Started a five-question starter every maths lesson.")
    teacher.get_by_role("button", name="Add check-in").click()
    check_ins = teacher.locator("#check-ins")
    expect(check_ins.get_by_role("status")).to_contain_text("Check-in added.")
    expect(check_ins.locator(".check-in")).to_have_count(1)
    expect(check_ins).to_contain_text("Started a five-question starter")
    screenshot(teacher, "appraisal-05-objective")

    # The appraiser finds the appraisal among those she reviews, and comments on the objective.
    appraiser = new_page()
    log_in(appraiser, base, "ks2@oakfield.example")
    open_appraisal_section(appraiser)
    appraiser.get_by_role("region", name="Table of the appraisals you review").get_by_role(
        "link", name="Tess Walker"
    ).click()
    expect(appraiser.get_by_role("heading", level=1)).to_have_text(f"Appraisal of Tess Walker, {year}")
    appraiser.get_by_role("link", name=OBJECTIVE).click()
    expect(appraiser).to_have_url(objective_url)
    appraiser.fill("#id_text", "Seen in Tuesday's lesson: the starter is brisk and the class enjoy it.")
    appraiser.get_by_role("button", name="Add your comment").click()
    comment = appraiser.locator("#check-ins .check-in").nth(1)
    expect(comment).to_contain_text("Seen in Tuesday's lesson")
    expect(comment).to_contain_text("Reviewer")

    # Both write their notes for the planning review; the teacher writes the agreed record; both sign.
    appraiser.get_by_role("link", name="Back to the appraisal").click()
    appraiser.get_by_role("link", name="Planning", exact=True).click()
    expect(appraiser.get_by_role("heading", level=1)).to_have_text("Planning: Tess Walker")
    appraiser.fill("#id_reviewer_notes-text", "A well-chosen objective; ask the maths lead about the online check.")
    appraiser.get_by_role("button", name="Save my notes").click()
    expect(appraiser.get_by_role("status")).to_contain_text("Saved.")
    review_url = appraiser.url
    assert review_url == f"{base}/appraisal/reviews/{planning.pk}/"

    teacher.goto(f"{base}/appraisal/{appraisal.pk}/")
    teacher.get_by_role("link", name="Planning", exact=True).click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Your Planning")
    expect(teacher.get_by_role("region", name="The reviewer's notes")).to_contain_text("A well-chosen objective")
    teacher.fill("#id_appraisee_notes-text", "I would like time to visit a Year 4 class at Riverside.")
    teacher.get_by_role("button", name="Save my notes").click()
    expect(teacher.get_by_role("status")).to_contain_text("Saved.")
    teacher.fill("#id_agreed_record-meeting_on", school_today(oakfield["school"]).isoformat())
    teacher.fill(
        "#id_agreed_record-text",
        "We agreed the objective and its success criteria. Arun will arrange a visit to Riverside in spring.",
    )
    teacher.get_by_role("button", name="Save the agreed record").click()
    # The page before also said "Saved.", so wait for what only the saved record shows: the meeting date.
    expect(teacher.locator(".summary-list")).to_contain_text(date_format(school_today(oakfield["school"]), "j F Y"))
    expect(teacher.get_by_role("status")).to_contain_text("Saved.")
    a11y.check(teacher, "review page")
    screenshot(teacher, "appraisal-06-review")
    teacher.get_by_role("button", name="Sign the agreed record").click()
    expect(teacher.get_by_role("status")).to_contain_text("Signed. Thank you.")
    expect(teacher.get_by_role("region", name="Sign off")).to_contain_text("Waiting for the other side.")

    # The appraiser reads the record as it now stands before signing it.
    appraiser.goto(review_url)
    expect(appraiser.get_by_role("region", name="Agreed record of the meeting")).to_contain_text("visit to Riverside")
    appraiser.get_by_role("button", name="Sign the agreed record").click()
    expect(appraiser.get_by_role("status")).to_contain_text("Signed. Thank you.")
    expect(appraiser.locator(".summary-list")).to_contain_text("Signed by Arun Patel")

    # The head sees it waiting for approval and approves it.
    head = new_page()
    log_in(head, base, "head@oakfield.example")
    open_appraisal_section(head)
    head.get_by_role("region", name="Waiting for your approval").get_by_role(
        "link", name="Planning: Tess Walker"
    ).click()
    expect(head).to_have_url(review_url)
    head.get_by_role("button", name="Approve this review").click()
    expect(head.get_by_role("status")).to_contain_text("Approved.")
    expect(head.locator(".summary-list")).to_contain_text("Approved by Helen Hart")
    expect(head.get_by_text("This review has been approved and is now closed.")).to_be_visible()
    screenshot(head, "appraisal-07-approved")

    open_appraisal_section(head)
    head.get_by_role("navigation", name="Appraisal", exact=True).get_by_role("link", name="Run the cycle").click()
    expect(head.get_by_role("heading", level=1)).to_have_text("Run the appraisal cycle")
    expect(head.locator("body")).to_contain_text("Planning")
    a11y.check(head, "cycle management")
    screenshot(head, "appraisal-08-cycle")

    # The planning stage is done for the teacher; she downloads the year's record.
    teacher.goto(f"{base}/appraisal/{appraisal.pk}/")
    planning_row = teacher.locator(".stage-list > li").filter(has_text="Planning")
    expect(planning_row).to_contain_text("Done")
    with teacher.expect_download() as download_info:
        teacher.get_by_role("link", name="The year's record (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    # And she can see that her appraiser and the head opened it.
    teacher.get_by_role("link", name="Who has opened your appraisal").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Who has opened your appraisal")
    people = teacher.get_by_role("region", name="Other people, in short")
    expect(people.locator("li").filter(has_text="Arun Patel")).to_contain_text("opened it")
    expect(people.locator("li").filter(has_text="Helen Hart")).to_contain_text("opened it")
    a11y.check(teacher, "access log")
    screenshot(teacher, "appraisal-09-access-log")

    # Nobody at another school in the network can tell the appraisal exists, not even its head.
    appraisal_url = f"{base}/appraisal/{appraisal.pk}/"
    for email in ("teacher@riverside.example", "head@riverside.example"):
        outsider = new_page()
        log_in(outsider, base, email)
        assert outsider.goto(appraisal_url).status == 404
        expect(outsider.locator("body")).not_to_contain_text("Tess Walker")
        assert outsider.goto(review_url).status == 404
        assert outsider.context.request.get(f"{appraisal_url}record.pdf").status == 404
        assert outsider.context.request.get(objective_url).status == 404
    screenshot(outsider, "appraisal-10-riverside-404")

    a11y.assert_clean()
