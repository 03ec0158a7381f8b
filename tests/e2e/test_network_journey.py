"""Issue 6's "done when" for the termly offer, in a browser, on the demo alliance: ta@oakfield proposes a session;
cpdlead@alliance publishes it; teacher@riverside books it and adds it to a calendar from the iCal feed; the
teaching assistant marks attendance; the Riverside teacher's learning record shows it with its hours and later its
follow-up; the giving/taking view counts it. Every page is checked with axe."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from staffroom.learning.models import FollowUp
from staffroom.network.models import Booking, NetworkSession

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect

DEMO_PASSWORD = "staffroom-demo"
TITLE = "Story sacks for reluctant readers"


@pytest.fixture
def demo():
    # A trimmed demo keeps the journey quick; the demo logins and their sessions are always there.
    call_command("load_demo", "--staff-per-school", "8", stdout=io.StringIO())


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def _balance_row(page, base_url, school):
    page.goto(f"{base_url}/network/giving-and-taking/")
    cells = page.get_by_role("row", name=school).get_by_role("cell").all_inner_texts()
    return [int(c) for c in cells]


def test_a_teaching_assistant_leads_a_session_for_the_alliance(live_server, new_page, demo, a11y, screenshot):
    base = live_server.url
    teacher = new_page()
    _sign_in(teacher, base, "teacher@riverside.example")
    riverside_before = _balance_row(teacher, base, "Riverside Academy")
    oakfield_before = _balance_row(teacher, base, "Oakfield Primary School")

    # The teaching assistant proposes a session.
    ta = new_page()
    _sign_in(ta, base, "ta@oakfield.example")
    ta.get_by_role("link", name="Network", exact=True).click()
    expect(ta.get_by_role("heading", level=1)).to_have_text("The network offer")
    a11y.check(ta, "network offer")
    screenshot(ta, "network-offer")
    ta.get_by_role("link", name="Propose a session").click()
    day = timezone.localdate() + datetime.timedelta(days=8)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    ta.get_by_label("Title").fill(TITLE)
    ta.get_by_label("Description").fill(
        "Making and using story sacks with pupils who avoid books. Bring a picture book."
    )
    ta.get_by_label("Date", exact=True).fill(day.isoformat())
    ta.get_by_label("Starts at").fill("15:45")
    ta.get_by_label("Ends at").fill("17:15")
    ta.get_by_label("Room, address or joining link").fill("Oakfield library")
    ta.get_by_label("Places").fill("12")
    ta.get_by_label("Teaching assistants", exact=True).check()
    ta.get_by_label("Teachers", exact=True).check()
    ta.get_by_label("Phase").select_option("primary")
    ta.get_by_label("Prompt action planning").check()
    a11y.check(ta, "propose a session")
    screenshot(ta, "network-propose")
    ta.get_by_role("button", name="Send for review").click()
    expect(ta.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(ta.get_by_text("Waiting for review").first).to_be_visible()
    session = NetworkSession.objects.get(title=TITLE)
    assert session.leader.user.email == "ta@oakfield.example"

    # The alliance CPD lead publishes it.
    lead = new_page()
    _sign_in(lead, base, "cpdlead@alliance.example")
    lead.goto(f"{base}/network/review/")
    a11y.check(lead, "review proposals")
    lead.get_by_role("button", name=f"Publish “{TITLE}”").click()
    expect(lead.get_by_text("is now in the offer")).to_be_visible()

    # The Riverside teacher finds it in the offer, books it and subscribes to the calendar feed.
    teacher.goto(f"{base}/network/")
    teacher.get_by_label("Phase").select_option("primary")
    teacher.get_by_role("link", name=TITLE).click()
    a11y.check(teacher, "session page")
    teacher.get_by_role("button", name="Book a place").click()
    expect(teacher.get_by_text("You have a place.")).to_be_visible()
    screenshot(teacher, "network-session-booked")
    assert Booking.objects.get(session=session).status == Booking.Status.CONFIRMED
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Add to my calendar (.ics)").click()
    assert TITLE in download.value.path().read_text()
    teacher.get_by_role("link", name="My sessions").click()
    teacher.get_by_role("button", name="Create my calendar feed").click()
    feed_url = teacher.get_by_label("Your calendar address").input_value()
    a11y.check(teacher, "my sessions")
    # The calendar app fetches the secret address without signing in.
    feed = new_page().request.get(feed_url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert f"SUMMARY:{TITLE}" in feed.text()

    # The session takes place (time passes), and the teaching assistant marks attendance.
    start = timezone.now() - datetime.timedelta(hours=2)
    NetworkSession.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + datetime.timedelta(minutes=90))
    ta.goto(f"{base}/network/mine/")
    ta.get_by_role("link", name="Mark attendance").click()
    a11y.check(ta, "attendance")
    ta.get_by_label("Tomasz Nowak, Riverside Academy").check()
    ta.get_by_role("button", name="Save attendance").click()
    expect(ta.get_by_text("Attendance saved.")).to_be_visible()

    # The teacher's learning record shows it with its hours and a follow-up.
    teacher.get_by_role("link", name="My learning").click()
    entry = teacher.get_by_role("listitem").filter(has_text=f"Network session: {TITLE}")
    expect(entry).to_contain_text("1.50 hours")
    expect(entry).to_contain_text("Follow-up on")
    screenshot(teacher, "network-learning-record")

    # Feedback now (Guskey 1–2); the follow-up comes due later and asks what changed for pupils (4–5).
    teacher.goto(f"{base}/network/mine/")
    teacher.get_by_role("link", name=f"Give feedback on “{TITLE}”").click()
    teacher.get_by_role("group", name="The session was a good use of my time").get_by_label("Strongly agree").check()
    teacher.get_by_role("group", name="It was relevant to my role").get_by_label("Agree", exact=True).check()
    teacher.get_by_role("group", name="I know or can do something I could not before").get_by_label(
        "Agree", exact=True
    ).check()
    teacher.get_by_label("What will you use from it?").fill("A story sack for my Year 7 catch-up readers.")
    a11y.check(teacher, "feedback")
    teacher.get_by_role("button", name="Send feedback").click()
    expect(teacher.get_by_text("Thank you. Your feedback goes to the leader")).to_be_visible()

    FollowUp.objects.filter(activity__network_booking__session=session).update(due_on=timezone.localdate())
    teacher.get_by_role("link", name="My learning").click()
    teacher.get_by_role(
        "link", name=f"Follow-up due: what changed for your pupils after “Network session: {TITLE}”?"
    ).click()
    teacher.get_by_label("What changed for your pupils?").fill(
        "Three reluctant readers now choose a book at tutor time."
    )
    teacher.get_by_label("4. I use it in my practice").check()
    teacher.get_by_role("button", name="Save follow-up").click()
    follow_up = FollowUp.objects.get(activity__network_booking__session=session)
    assert follow_up.answered_at is not None and follow_up.guskey_level == 4

    # The leader sees the feedback; the giving/taking view counts the session and the place.
    ta.goto(f"{base}/network/sessions/{session.pk}/results/")
    expect(ta.get_by_text("A story sack for my Year 7 catch-up readers.")).to_be_visible()
    a11y.check(ta, "feedback results")
    screenshot(ta, "network-results")
    riverside_after = _balance_row(teacher, base, "Riverside Academy")
    oakfield_after = _balance_row(teacher, base, "Oakfield Primary School")
    a11y.check(teacher, "giving and taking")
    screenshot(teacher, "network-giving-and-taking")
    # Columns: sessions led, places offered, places given, places used, of which attended.
    assert oakfield_after[0] == oakfield_before[0] + 1
    assert oakfield_after[1] == oakfield_before[1] + 12
    assert oakfield_after[2] == oakfield_before[2] + 1
    assert riverside_after[3] == riverside_before[3] + 1
    assert riverside_after[4] == riverside_before[4] + 1
    a11y.assert_clean()
