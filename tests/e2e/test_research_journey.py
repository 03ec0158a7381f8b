"""Research across a network, in a browser: the Oakfield teacher starts an enquiry, the Riverside teacher joins
and adds a note, the Oakfield teacher writes and publishes the finding, and the Riverside teacher finds it in the
network library by searching. A teacher in another network searches for the same words and finds nothing. Every
page is checked with axe."""

import pytest

from staffroom.accounts.roles import SchoolRole
from staffroom.organisations.models import Subject
from staffroom.research.models import LibraryItem, ProjectNote
from staffroom.testing.factories import PASSWORD, NetworkFactory, SchoolFactory, join_network, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def alliance():
    network = NetworkFactory(name="Fenland Learning Alliance")
    oakfield = SchoolFactory(name="Oakfield Primary School")
    riverside = SchoolFactory(name="Riverside Academy")
    join_network(network, oakfield, riverside)
    elsewhere = SchoolFactory(name="Northern School")
    join_network(NetworkFactory(name="Northern Trust"), elsewhere)
    make_member(oakfield, SchoolRole.TEACHER, email="teacher@oakfield.example", first_name="Olu", last_name="Adeyemi")
    make_member(riverside, SchoolRole.TEACHER, email="teacher@riverside.example", first_name="Rosa", last_name="Brown")
    make_member(elsewhere, SchoolRole.TEACHER, email="teacher@northern.example", first_name="Nia", last_name="Cole")
    # Transactional tests flush the subjects the migrations ship, so the journey makes sure of its own.
    Subject.objects.get_or_create(slug="mathematics", defaults={"name": "Mathematics"})


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_a_project_from_question_to_a_finding_found_in_the_library(live_server, new_page, alliance, a11y, screenshot):
    base = live_server.url

    lead = new_page()
    _sign_in(lead, base, "teacher@oakfield.example")
    lead.goto(f"{base}/research/projects/")
    a11y.check(lead, "projects")
    screenshot(lead, "research-01-projects-empty")
    lead.get_by_role("link", name="Start a research project").click()
    lead.get_by_role("button", name="Start the project").click()
    expect(lead.get_by_role("alert")).to_contain_text("There is a problem")
    a11y.check(lead, "project form with errors")
    screenshot(lead, "research-02-project-form-errors")
    lead.get_by_label("Title").fill("Retrieval quizzes and fractions")
    lead.get_by_label("Research question").fill("Do daily quizzes help Years 5 to 7 remember fractions?")
    lead.get_by_label("Mathematics").check()
    lead.get_by_label("Primary", exact=True).check()
    lead.get_by_role("button", name="Start the project").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Retrieval quizzes and fractions")
    a11y.check(lead, "new project")
    screenshot(lead, "research-03-project-started")
    project_url = lead.url

    colleague = new_page()
    _sign_in(colleague, base, "teacher@riverside.example")
    colleague.goto(project_url)
    expect(colleague.get_by_text("Notes and data files are for the project's members")).to_be_visible()
    colleague.get_by_role("button", name="Join this project").click()
    expect(colleague.get_by_text("You have joined the project.")).to_be_visible()
    colleague.get_by_label("Session").first.select_option("update")
    colleague.get_by_label("Note", exact=True).fill("Year 7 quiz groups scored 68% on last term's fractions.")
    colleague.get_by_role("button", name="Add note").click()
    expect(colleague.get_by_text("Note added.")).to_be_visible()
    expect(colleague.locator("#stage-update")).to_contain_text("Year 7 quiz groups scored 68%")
    a11y.check(colleague, "project with a note")
    screenshot(colleague, "research-04-note-added")
    assert ProjectNote.objects.get().author.school.name == "Riverside Academy"

    lead.reload()
    lead.get_by_label("The finding in a sentence or two").fill("A short daily quiz helped pupils keep fractions.")
    lead.get_by_label("What we found").fill("Quiz groups scored 13 points higher on the shared test.")
    lead.get_by_role("button", name="Save the finding").click()
    expect(lead.get_by_text("Finding saved.")).to_be_visible()
    lead.get_by_role("button", name="Publish to the network library").click()
    expect(lead.get_by_text("The finding is in the network library.")).to_be_visible()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Retrieval quizzes and fractions")
    a11y.check(lead, "published finding")
    screenshot(lead, "research-05-finding-in-library")
    assert LibraryItem.objects.get().kind == LibraryItem.Kind.FINDING

    colleague.goto(f"{base}/research/library/")
    colleague.get_by_label("Search").fill("daily quiz fractions")
    colleague.get_by_label("Kind").select_option("finding")
    colleague.get_by_role("button", name="Search").click()
    expect(colleague.get_by_role("heading", name="1 item found")).to_be_visible()
    a11y.check(colleague, "library search")
    screenshot(colleague, "research-06-library-search")
    colleague.get_by_role("link", name="Retrieval quizzes and fractions").click()
    expect(colleague.get_by_text("Quiz groups scored 13 points higher")).to_be_visible()

    outsider = new_page()
    _sign_in(outsider, base, "teacher@northern.example")
    outsider.goto(f"{base}/research/library/?q=daily+quiz+fractions")
    expect(outsider.get_by_role("heading", name="0 items found")).to_be_visible()
    screenshot(outsider, "research-07-other-network-finds-nothing")
    assert outsider.goto(project_url).status == 404

    a11y.assert_clean()
