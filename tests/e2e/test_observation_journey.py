"""The peer-learning issue's "done when", in a browser: a teacher invites a colleague to observe against a focus
she chose; the notes reach her and not the head until she shares them; a teacher from another school in the
network books her open classroom; both learning records show the visit; Find a peer proposes a partner with a
reason, and the pair is formed. Pages are reached by URL, as the main navigation link is added separately."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from staffroom.accounts.roles import SchoolRole
from staffroom.frameworks.models import Descriptor, Framework
from staffroom.frameworks.services import adopt_framework
from staffroom.observation import services
from staffroom.observation.models import Audience, OpenSlot
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Subject
from staffroom.testing.factories import PASSWORD, NetworkFactory, SchoolFactory, join_network, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def alliance():
    call_command("load_frameworks", stdout=io.StringIO())
    oakfield = SchoolFactory(name="Oakfield Primary School")
    riverside = SchoolFactory(name="Riverside Academy")
    join_network(NetworkFactory(name="Fenland Learning Alliance"), oakfield, riverside)
    standards = Framework.objects.get(slug="teachers-standards-england", is_current=True)
    for school in (oakfield, riverside):
        adopt_framework(actor=None, school=school, framework=standards)
    head = make_member(oakfield, SchoolRole.HEADTEACHER, email="head@oakfield.example", first_name="Helen")
    teacher = make_member(
        oakfield, email="teacher@oakfield.example", first_name="Tess", last_name="Teacher", line_manager=head
    )
    colleague = make_member(oakfield, email="colleague@oakfield.example", first_name="Colin", last_name="Colleague")
    visitor = make_member(riverside, email="teacher@riverside.example", first_name="Rita", last_name="Rivers")
    focus = Descriptor.objects.get(framework=standards, code="TS6.b")
    # Transactional tests flush the subjects the migrations ship, so the journey makes sure of its own.
    maths, _created = Subject.objects.get_or_create(slug="mathematics", defaults={"name": "Mathematics"})
    for person in (teacher, visitor):
        services.save_peer_profile(
            actor=person.user,
            membership=person,
            data=services.ProfileData(
                opted_in=True, reach="network", group_size=2, subjects=[maths], descriptors=[focus]
            ),
        )
    day = school_today(oakfield) + datetime.timedelta(days=3)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)), oakfield.tz)
    slot = services.offer_slot(
        actor=teacher.user,
        host=teacher,
        data=services.SlotData(
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            lesson="Year 4 maths: fractions",
            focus="Mini-whiteboards and re-teaching on the spot",
            audience=Audience.NETWORK,
            capacity=2,
        ),
    )
    return {"oakfield": oakfield, "focus": focus, "slot": slot, "colleague": colleague}


def log_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_peer_observation_open_classroom_and_find_a_peer(live_server, new_page, alliance, a11y, screenshot):
    base = live_server.url
    focus = alliance["focus"]

    # The teacher invites a colleague to observe, against a standard she chose.
    tess = new_page()
    csp_errors = []
    tess.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(tess, base, "teacher@oakfield.example")
    tess.goto(f"{base}/observation/")
    expect(tess.get_by_role("heading", level=1)).to_have_text("Developmental observation")
    a11y.check(tess, "observation overview")
    screenshot(tess, "obs-01-overview")
    tess.get_by_role("link", name="Invite an observer").click()
    a11y.check(tess, "invite form")
    tess.select_option("#id_observer", str(alliance["colleague"].pk))
    tess.get_by_label("A standard").check()
    tess.select_option("#id_focus_descriptor", str(focus.pk))
    tess.fill("#id_lesson", "Year 4 maths, period 2")
    screenshot(tess, "obs-02-invite")
    tess.get_by_role("button", name="Send the invitation").click()
    expect(tess.get_by_role("status")).to_contain_text("We have asked Colin Colleague")
    expect(tess.locator("main")).to_contain_text(focus.code)
    observation_url = tess.url
    assert re.search(r"/observation/\d+/$", observation_url)
    a11y.check(tess, "observation detail (invited)")

    # The colleague writes notes against that focus.
    colin = new_page()
    log_in(colin, base, "colleague@oakfield.example")
    colin.goto(observation_url)
    expect(colin.locator("main")).to_contain_text(focus.code)
    colin.get_by_role("link", name="Write your notes").click()
    colin.locator("textarea").first.fill("Every pupil showed an answer on a mini-whiteboard before you moved on.")
    colin.get_by_role("button", name="Send my notes").click()
    expect(colin.get_by_role("status")).to_contain_text("Your notes are with Tess Teacher")

    # The head, her line manager, cannot read it until she shares it.
    helen = new_page()
    log_in(helen, base, "head@oakfield.example")
    assert helen.goto(observation_url).status == 404
    expect(helen.locator("body")).not_to_contain_text("mini-whiteboard")

    tess.goto(observation_url)
    expect(tess.locator("main")).to_contain_text("Every pupil showed an answer on a mini-whiteboard")
    a11y.check(tess, "observation detail (notes written)")
    screenshot(tess, "obs-03-notes")
    tess.get_by_label("Share with my line manager").check()
    tess.get_by_role("button", name="Save sharing").click()
    expect(tess.get_by_role("status")).to_contain_text("Saved who can read this observation")
    assert helen.goto(observation_url).status == 200
    expect(helen.locator("main")).to_contain_text("Every pupil showed an answer on a mini-whiteboard")
    screenshot(helen, "obs-04-shared-with-head")

    # A teacher at another school in the network books the open classroom.
    rita = new_page()
    log_in(rita, base, "teacher@riverside.example")
    rita.goto(f"{base}/observation/open-classrooms/")
    a11y.check(rita, "slots catalogue")
    screenshot(rita, "obs-05-slots")
    rita.get_by_role("link", name="Year 4 maths: fractions").first.click()
    expect(rita.get_by_role("heading", level=1)).to_have_text("Year 4 maths: fractions")
    a11y.check(rita, "slot detail")
    rita.get_by_role("button", name="Book a place").click()
    expect(rita.get_by_role("status")).to_contain_text("You have a place")
    screenshot(rita, "obs-06-booked")
    slot_url = rita.url

    # After the lesson (moved into the past here), she records what she will try.
    slot = alliance["slot"]
    past = timezone.now() - datetime.timedelta(hours=3)
    OpenSlot.objects.filter(pk=slot.pk).update(starts_at=past, ends_at=past + datetime.timedelta(hours=1))
    rita.goto(slot_url)
    rita.get_by_role("link", name="Record the visit").click()
    rita.get_by_label("What will you try in your own lessons?").fill("Mini-whiteboards before independent work.")
    rita.get_by_role("button", name="Save to my record").click()
    expect(rita.get_by_role("status")).to_contain_text("in your learning record and your host's")

    rita.goto(f"{base}/learning/")
    expect(rita.get_by_role("link", name=re.compile("Open classroom: visited Tess Teacher"))).to_be_visible()
    screenshot(rita, "obs-07-visitor-record")
    tess.goto(f"{base}/learning/")
    expect(tess.get_by_role("link", name=re.compile("Open classroom: hosted Rita Rivers"))).to_be_visible()
    screenshot(tess, "obs-08-host-record")

    # Find a peer proposes a partner, and says why; she proposes reciprocal visits and Rita accepts.
    tess.goto(f"{base}/observation/peers/")
    suggestion = tess.locator("li.activity").filter(has_text="Rita Rivers")
    expect(suggestion).to_contain_text("Riverside Academy")
    expect(suggestion).to_contain_text("You both work on “TS6.b")
    a11y.check(tess, "find a peer")
    screenshot(tess, "obs-09-find-a-peer")
    tess.get_by_role("button", name="Propose reciprocal visits with Rita Rivers").click()
    expect(tess.get_by_role("heading", level=1)).to_have_text("Peer pair")
    expect(tess.locator("main")).to_contain_text("You both work on “TS6.b")
    group_url = tess.url
    rita.goto(group_url)
    rita.get_by_role("button", name="Accept").click()
    expect(rita.locator("main")).to_contain_text("Record my visit to Tess Teacher")
    a11y.check(rita, "peer group")
    screenshot(rita, "obs-10-peer-pair")
    assert helen.goto(group_url).status == 404

    # htmx's own indicator style is no longer injected, so the CSP has nothing to block.
    tess.goto(f"{base}/learning/")
    tess.wait_for_load_state("networkidle")
    assert not csp_errors, csp_errors

    a11y.assert_clean()
