"""The network community in a browser: the alliance's CPD lead builds the annual impact and needs survey and sends
it to teachers across the network; two teachers at different schools find it on Home and answer it; the CPD lead
reads the results school by school (each has five answers, the least for a school's own figures). Then a teacher
opts in to the directory and a colleague at another school finds her by subject. Every page is checked with axe."""

import datetime

import pytest

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.community import services
from staffroom.community.models import ImpactSurvey, SurveyRecipient
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Subject
from staffroom.testing.factories import (
    PASSWORD,
    NetworkFactory,
    SchoolFactory,
    add_network_role,
    join_network,
    make_member,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def alliance():
    network = NetworkFactory(name="Fenland Learning Alliance")
    oakfield, riverside = SchoolFactory(name="Oakfield Primary School"), SchoolFactory(name="Riverside Academy")
    join_network(network, oakfield, riverside)
    lead = make_member(
        oakfield,
        SchoolRole.CPD_COORDINATOR,
        email="cpdlead@alliance.example",
        first_name="Rachel",
        last_name="Whitmore",
    )
    add_network_role(lead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    oak_teacher = make_member(oakfield, email="teacher@oakfield.example", first_name="Daniel", last_name="Okafor")
    river_teacher = make_member(riverside, email="teacher@riverside.example", first_name="Tomasz", last_name="Nowak")
    # Four more teachers at each school answer outside the browser, so each school reaches five in the journey.
    others = [make_member(school, first_name=f"Colleague{i}") for school in (oakfield, riverside) for i in range(4)]
    Subject.objects.get_or_create(slug="mathematics", defaults={"name": "Mathematics"})
    return lead, oak_teacher, river_teacher, others


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def _answer(page, base, email, a11y, screenshot, shot):
    _sign_in(page, base, email)
    page.get_by_role("link", name="Annual impact and needs survey").click()
    if shot:
        a11y.check(page, "answer survey")
        screenshot(page, "community-04-answer")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    page.get_by_role("radio", name="Agree", exact=True).check()
    page.get_by_role("checkbox", name="Behaviour and routines").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Your answers have been recorded anonymously")).to_be_visible()


def test_survey_and_directory_journey(live_server, new_page, alliance, a11y, screenshot):
    base = live_server.url
    lead, oak_teacher, river_teacher, others = alliance

    page = new_page()
    _sign_in(page, base, "cpdlead@alliance.example")
    page.goto(f"{base}/community/")
    a11y.check(page, "community hub")
    screenshot(page, "community-01-hub")
    page.get_by_role("link", name="Impact and needs surveys").click()
    page.get_by_role("link", name="New survey").click()
    a11y.check(page, "new survey")
    page.get_by_role("button", name="Create survey").click()

    page.get_by_label("Question", exact=True).fill("Network CPD this year improved my practice")
    page.get_by_label("Kind of answer").select_option("likert")
    page.get_by_label("What it measures").select_option("impact")
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    page.get_by_label("Question", exact=True).fill("What do you need next year?")
    page.get_by_label("Kind of answer").select_option("multi")
    page.get_by_label("What it measures").select_option("need")
    page.get_by_role("button", name="Add question").click()
    expect(page.locator("#id_choices_error")).to_contain_text("Give at least two options")
    a11y.check(page, "survey with an error")
    expect(page.get_by_label("Question", exact=True)).to_have_value("What do you need next year?")
    page.get_by_label("Options").fill("Behaviour and routines\nEarly reading\nMaths mastery")
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    page.get_by_role("checkbox", name="Teacher", exact=True).check()
    closes = school_today(lead.school) + datetime.timedelta(days=14)
    page.get_by_label("Closes on").fill(closes.isoformat())
    a11y.check(page, "survey builder")
    screenshot(page, "community-02-builder")
    page.get_by_role("button", name="Send survey").click()
    expect(page.get_by_text("Survey sent to 10 people.")).to_be_visible()
    screenshot(page, "community-03-sent")

    survey = ImpactSurvey.objects.get()
    for member in others:
        services.submit_response(
            actor=member.user,
            membership=member,
            survey=survey,
            answers={f"q{q.pk}": "5" if q.kind == "likert" else ["Early reading"] for q in survey.questions.all()},
            today=school_today(member.school),
        )

    _answer(new_page(), base, "teacher@oakfield.example", a11y, screenshot, True)
    _answer(new_page(), base, "teacher@riverside.example", a11y, screenshot, False)
    assert SurveyRecipient.objects.count() == 10

    page.goto(f"{base}/community/surveys/{survey.pk}/results/")
    expect(page.get_by_role("heading", name="100% report positive impact")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Riverside Academy")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Oakfield Primary School")).to_be_visible()
    a11y.check(page, "results")
    screenshot(page, "community-05-results")

    # Tomasz opts in to the directory with his subject; Daniel at Oakfield finds him by it.
    river = new_page()
    _sign_in(river, base, "teacher@riverside.example")
    river.goto(f"{base}/community/directory/")
    river.get_by_role("link", name="List me in the directory").click()
    a11y.check(river, "directory profile")
    river.get_by_label("List me in the network directory").check()
    river.get_by_role("checkbox", name="Mathematics").check()
    river.get_by_label("Expertise I can share").fill("Bar models from Year 3 to Year 8")
    screenshot(river, "community-06-profile")
    river.get_by_role("button", name="Save").click()
    expect(river.get_by_text("You are listed in the network directory.")).to_be_visible()

    oak = new_page()
    _sign_in(oak, base, "teacher@oakfield.example")
    oak.goto(f"{base}/community/directory/")
    oak.get_by_label("Subject").select_option(label="Mathematics")
    oak.get_by_role("button", name="Search").click()
    expect(oak.get_by_role("heading", name="Tomasz Nowak")).to_be_visible()
    expect(oak.get_by_text("Bar models from Year 3 to Year 8")).to_be_visible()
    expect(oak.get_by_text("teacher@riverside.example")).to_have_count(0)
    a11y.check(oak, "directory search")
    screenshot(oak, "community-07-directory")

    a11y.assert_clean()
