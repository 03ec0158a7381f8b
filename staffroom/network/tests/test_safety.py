"""What crosses the school gate is only what is meant to: published sessions open to your school, your own
bookings, and (for a session's leader and the network CPD lead) its register and anonymous feedback. This test
builds one of everything and then tries every network page, action and feed as people who should see none of it."""

import pytest
from django.urls import reverse

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.network import services
from staffroom.network.models import Booking, NetworkSchoolSettings, NetworkSession
from staffroom.network.urls import urlpatterns
from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member

from .conftest import published_session, run_session, session_data

pytestmark = pytest.mark.django_db

ROUTES_WITH_PK = [p.name for p in urlpatterns if "<int:pk>" in str(p.pattern)]
PAGES = [p.name for p in urlpatterns if not p.pattern.converters and p.name]


@pytest.fixture
def world(ta, network, cpd_lead, teacher, riverside, oakfield):
    """Oakfield and Riverside's private matters, as seen from elsewhere."""
    NetworkSchoolSettings.objects.create(school=oakfield, bookings_need_approval=True)
    proposed = services.propose_session(
        actor=ta.user, leader=ta, network=network, data=session_data(oakfield, title="SECRET proposal")
    )
    oakfield_only = published_session(ta, network, cpd_lead, title="SECRET oakfield only", open_to_schools=[oakfield])
    held = published_session(ta, network, cpd_lead, title="Open to the alliance")
    booking = services.book_place(actor=teacher.user, member=teacher, session=held)
    oakfield_colleague = make_member(oakfield, first_name="Zebedee", last_name="Secretname")
    request = services.book_place(actor=oakfield_colleague.user, member=oakfield_colleague, session=oakfield_only)
    run_session(held)
    services.mark_attendance(actor=ta.user, session=held, attended_ids=[booking.pk])
    services.give_feedback(
        actor=teacher.user,
        booking=booking,
        data=services.FeedbackData(worthwhile=5, relevant=5, learned=5, will_use="SECRET feedback text"),
    )
    feed = services.calendar_feed(actor=teacher.user, member=teacher)
    secrets = [
        "SECRET proposal",
        "SECRET oakfield only",
        "SECRET feedback text",
        "Secretname",
        teacher.user.last_name,
        feed.token,
    ]
    return {
        "sessions": [proposed, oakfield_only, held],
        "bookings": [booking, request],
        "secrets": secrets,
        "feed": feed,
    }


def _other_network_member():
    school = SchoolFactory(name="Other Alliance School")
    other = NetworkFactory(name="Other Alliance")
    join_network(other, school, SchoolFactory(name="Its partner"))
    member = make_member(school, SchoolRole.HEADTEACHER, SchoolRole.CPD_COORDINATOR)
    add_network_role(member.user, other, NetworkRole.NETWORK_CPD_LEAD)
    return member


def _assert_sealed(client, world, *, can_see_session=()):
    for name in ROUTES_WITH_PK:
        for obj in [*world["sessions"], *world["bookings"]]:
            if obj in can_see_session:
                continue
            url = reverse(f"network:{name}", args=[obj.pk])
            for response in (client.get(url), client.post(url, {"attended": ["1"], "decision": "approve"})):
                assert response.status_code in {403, 404, 405}, (name, obj, response.status_code)
    for name in PAGES:
        response = client.get(reverse(f"network:{name}"))
        assert response.status_code in {200, 403, 405}, name
        page = response.content.decode()
        for secret in world["secrets"]:
            assert secret not in page, (name, secret)


def test_nothing_reaches_a_school_in_another_network(login, world):
    stranger = _other_network_member()
    client = login(stranger)
    _assert_sealed(client, world)
    assert Booking.objects.filter(member=stranger).count() == 0
    assert NetworkSession.objects.filter(status=NetworkSession.Status.CANCELLED).count() == 0


def test_a_network_colleague_sees_only_what_is_open_to_their_school(login, world, fenbridge):
    colleague = make_member(fenbridge, SchoolRole.HEADTEACHER)
    client = login(colleague)
    proposed, oakfield_only, held = world["sessions"]
    # The published, alliance-wide session is visible, but not its register or feedback.
    page = client.get(reverse("network:session", args=[held.pk])).content.decode()
    assert "Open to the alliance" in page
    for secret in world["secrets"]:
        assert secret not in page
    for name in ("attendance", "results", "session_edit", "publish", "return", "cancel_session"):
        url = reverse(f"network:{name}", args=[held.pk])
        assert client.post(url).status_code in {403, 404}, name
        assert client.get(url).status_code in {403, 404, 405}, name
    # Everything else is sealed, including another school's bookings and the approval of an Oakfield request.
    world_without_held = {**world, "sessions": [proposed, oakfield_only]}
    _assert_sealed(client, world_without_held)


def test_a_calendar_feed_shows_only_its_owners_sessions(client, world, ta):
    body = client.get(reverse("network:calendar_feed", args=[world["feed"].token])).content.decode()
    assert "Open to the alliance" in body
    assert "SECRET" not in body
    leader_feed = services.calendar_feed(actor=ta.user, member=ta)
    body = client.get(reverse("network:calendar_feed", args=[leader_feed.token])).content.decode()
    # The leader's feed has the published sessions they lead, never the proposal still under review.
    assert "SECRET oakfield only" in body and "SECRET proposal" not in body
