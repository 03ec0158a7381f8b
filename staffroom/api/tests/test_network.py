"""Network sessions and bookings: a token sees the sessions its person may open, and books or cancels only for that
person, through the network services (capacity, waiting list, approval, audit)."""

import pytest

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.api.models import TokenKind
from staffroom.core.models import AuditEvent
from staffroom.network.models import Booking, NetworkSession
from staffroom.network.tests.conftest import published_session, run_session
from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member

from .conftest import make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance(school_a, school_b):
    """A and C are in one network; B is not in it."""
    network = NetworkFactory(name="Fenland Learning Alliance")
    school_c = SchoolFactory(name="Carrow Primary")
    join_network(network, school_a, school_c)
    lead = make_member(school_c, SchoolRole.CPD_COORDINATOR, SchoolRole.SENIOR_LEADER)
    add_network_role(lead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    session = published_session(lead, network, lead, capacity=1, title="Phonics for support staff")
    return {"network": network, "lead": lead, "session": session, "school_c": school_c}


def _book(client, session_id):
    return client.post(f"/api/v1/network/sessions/{session_id}/bookings", {})


def test_a_member_sees_the_offer_and_books_once(api_client, teacher_a, alliance):
    client = api_client(make_token(teacher_a))
    listed = client.get("/api/v1/network/sessions").json()
    assert [s["title"] for s in listed["items"]] == ["Phonics for support staff"]
    assert listed["items"][0]["my_booking_status"] is None
    session_id = alliance["session"].pk

    first = _book(client, session_id)
    again = _book(client, session_id)

    assert first.status_code == 200, first.content
    assert first.json()["status"] == "confirmed"
    assert again.json()["id"] == first.json()["id"]
    assert Booking.objects.count() == 1
    assert AuditEvent.objects.filter(verb="network.place_requested", actor=teacher_a.user).count() == 1
    detail = client.get(f"/api/v1/network/sessions/{session_id}").json()
    assert (detail["places_taken"], detail["my_booking_status"]) == (1, "confirmed")
    assert [b["session_title"] for b in client.get("/api/v1/network/bookings").json()["items"]] == [
        "Phonics for support staff"
    ]


def test_a_full_session_puts_the_next_on_the_waiting_list_and_a_cancellation_promotes(
    api_client, school_a, teacher_a, alliance
):
    colleague = make_member(school_a, SchoolRole.TEACHER)
    first = api_client(make_token(teacher_a))
    second = api_client(make_token(colleague))
    session_id = alliance["session"].pk
    booking_id = _book(first, session_id).json()["id"]
    assert _book(second, session_id).json()["status"] == "waiting"

    cancelled = first.post(f"/api/v1/network/bookings/{booking_id}/cancel", {})

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert Booking.objects.get(member=colleague).status == Booking.Status.CONFIRMED
    assert AuditEvent.objects.filter(verb="network.booking_cancelled").count() == 1


def test_someone_elses_booking_and_a_session_outside_the_network_are_404(
    api_client, school_a, teacher_a, head_b, alliance
):
    booking_id = _book(api_client(make_token(teacher_a)), alliance["session"].pk).json()["id"]
    colleague = api_client(make_token(make_member(school_a, SchoolRole.TEACHER)))
    assert colleague.post(f"/api/v1/network/bookings/{booking_id}/cancel", {}).status_code == 404
    outsider = api_client(make_token(head_b))
    assert outsider.get("/api/v1/network/sessions").json()["count"] == 0
    assert outsider.get(f"/api/v1/network/sessions/{alliance['session'].pk}").status_code == 404
    assert _book(outsider, alliance["session"].pk).status_code == 404
    assert outsider.post(f"/api/v1/network/bookings/{booking_id}/cancel", {}).status_code == 404
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_school_tokens_and_read_only_tokens_do_not_book(api_client, head_a, teacher_a, alliance):
    school = api_client(make_token(head_a, kind=TokenKind.SCHOOL))
    assert school.get("/api/v1/network/sessions").status_code == 200
    refused = _book(school, alliance["session"].pk)
    assert refused.status_code == 403
    assert "personal token" in refused.json()["detail"]
    assert school.get("/api/v1/network/bookings").status_code == 403
    assert _book(api_client(make_token(teacher_a, scope="read")), alliance["session"].pk).status_code == 403
    assert not Booking.objects.exists()


def test_a_past_or_unpublished_session_is_refused_with_a_message(api_client, teacher_a, alliance):
    client = api_client(make_token(teacher_a))
    past = run_session(alliance["session"])
    response = _book(client, past.pk)
    assert response.status_code == 422
    assert "already started" in str(response.json()["detail"])
    NetworkSession.objects.filter(pk=past.pk).update(status=NetworkSession.Status.PROPOSED)
    assert _book(client, past.pk).status_code == 404


@pytest.mark.parametrize("junk", ["0", str(2**63), "abc"])
def test_junk_ids(api_client, teacher_a, junk):
    client = api_client(make_token(teacher_a))
    assert client.get(f"/api/v1/network/sessions/{junk}").status_code in {404, 422}
    assert client.post(f"/api/v1/network/sessions/{junk}/bookings", {}).status_code in {404, 422}
    assert client.post(f"/api/v1/network/bookings/{junk}/cancel", {}).status_code in {404, 422}


# The token and its roles (2); the networks the school is in and those the person reviews (2); count, page,
# subjects and the person's own bookings (4).
SESSION_LIST_QUERIES = 8
# The token and its roles, count and page.
BOOKING_LIST_QUERIES = 4


def test_lists_take_the_same_queries_however_many(api_client, school_a, teacher_a, alliance, django_assert_num_queries):
    client = api_client(make_token(teacher_a))
    client.get("/api/v1/network/sessions")
    lead, network = alliance["lead"], alliance["network"]

    def add(n):
        for _ in range(n):
            session = published_session(lead, network, lead, capacity=5)
            _book(client, session.pk)
            _book(api_client(make_token(make_member(school_a, SchoolRole.TEACHER))), session.pk)

    add(2)
    with django_assert_num_queries(SESSION_LIST_QUERIES):
        client.get("/api/v1/network/sessions")
    with django_assert_num_queries(BOOKING_LIST_QUERIES):
        client.get("/api/v1/network/bookings")
    add(4)
    with django_assert_num_queries(SESSION_LIST_QUERIES):
        assert client.get("/api/v1/network/sessions").json()["count"] == 7
    with django_assert_num_queries(BOOKING_LIST_QUERIES):
        assert client.get("/api/v1/network/bookings").json()["count"] == 6
