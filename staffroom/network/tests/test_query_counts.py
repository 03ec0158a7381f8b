"""The offer's pages make the same number of queries however many sessions, bookings and schools there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.accounts.roles import NetworkRole
from staffroom.community.models import Cluster, TrainingNeed
from staffroom.network import services
from staffroom.research import services as research_services
from staffroom.research.models import LibraryItem
from staffroom.testing.factories import (
    NetworkFactory,
    SchoolFactory,
    SubjectFactory,
    add_network_role,
    join_network,
    make_member,
)

from .conftest import published_session, run_session

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    client.get(url)  # Warms per-process caches (content types, sessions) so both runs start alike.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def build(count):
    """A network of schools with `count` sessions, each with bookings from the other schools, attended and
    with feedback; returns (leader, booker, reviewer, one session)."""
    schools = [SchoolFactory() for _ in range(3)]
    network = NetworkFactory()
    join_network(network, *schools)
    leader = make_member(schools[0])
    reviewer = make_member(schools[1])
    add_network_role(reviewer.user, network, NetworkRole.NETWORK_CPD_LEAD)
    booker = make_member(schools[2])
    others = [make_member(schools[n % 2 + 1]) for n in range(count)]
    subjects = [SubjectFactory(name=f"Subject {n}") for n in range(2)]
    session = None
    for n in range(count):
        session = published_session(leader, network, reviewer, title=f"Session {n}", subjects=subjects, days=3 + n)
        for person in [booker, *others[: n + 1]]:
            services.book_place(actor=person.user, member=person, session=session)
    for person in others:
        services.calendar_feed(actor=person.user, member=person)
    held = published_session(leader, network, reviewer, title="Held")
    bookings = [services.book_place(actor=p.user, member=p, session=held) for p in [booker, *others]]
    run_session(held)
    services.mark_attendance(actor=leader.user, session=held, attended_ids=[b.pk for b in bookings])
    for booking in bookings:
        services.give_feedback(
            actor=booking.member.user,
            booking=booking,
            data=services.FeedbackData(worthwhile=4, relevant=4, learned=3, will_use="Something"),
        )
    return leader, booker, reviewer, session, held


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("booker", "network:offer"),
        ("booker", "network:mine"),
        ("leader", "network:mine"),
        ("booker", "network:balance"),
        ("reviewer", "network:review"),
    ],
)
def test_lists_stay_flat(login, who, page):
    few, many = build(2), build(6)
    index = {"leader": 0, "booker": 1, "reviewer": 2}[who]
    url = reverse(page)
    assert queries(login(few[index]), url) == queries(login(many[index]), url)


@pytest.mark.parametrize("page", ["network:session", "network:attendance", "network:results"])
def test_the_leaders_session_pages_stay_flat_as_bookings_grow(login, page):
    few, many = build(2), build(6)
    assert queries(login(few[0]), reverse(page, args=[few[4].pk])) == queries(
        login(many[0]), reverse(page, args=[many[4].pk])
    )


def test_the_session_page_for_a_booker_stays_flat(login):
    few, many = build(2), build(6)
    assert queries(login(few[1]), reverse("network:session", args=[few[3].pk])) == queries(
        login(many[1]), reverse("network:session", args=[many[3].pk])
    )


def with_materials_and_commission(built, count):
    """Puts `count` library items on the held session, and a cluster's commission behind it."""
    leader, _booker, _reviewer, _session, held = built
    for n in range(count):
        research_services.share_resource(
            actor=leader.user,
            membership=leader,
            network=held.network,
            title=f"Slides {n}",
            summary="The slides from the session.",
            link="https://example.org/slides",
            kind=LibraryItem.Kind.SESSION_MATERIAL,
            session=held,
        )
    cluster = Cluster.objects.create(network=held.network, name=f"Cluster for {held.pk}")
    cluster.schools.add(leader.school)
    TrainingNeed.objects.create(
        cluster=cluster,
        title="Phonics training",
        description="Training for the cluster.",
        budget=500,
        respond_by=datetime.date(2030, 1, 1),
        status=TrainingNeed.Status.COMMISSIONED,
        session=held,
    )
    return built


@pytest.mark.parametrize("who", [0, 1, 2])
def test_the_session_page_stays_flat_as_library_materials_grow(login, who):
    few, many = with_materials_and_commission(build(2), 2), with_materials_and_commission(build(2), 6)
    url_few, url_many = reverse("network:session", args=[few[4].pk]), reverse("network:session", args=[many[4].pk])
    few_count = queries(login(few[who]), url_few)
    response = login(many[who]).get(url_many)
    assert "Slides 5" in response.content.decode()
    assert "Commissioned by" in response.content.decode()
    assert few_count == queries(login(many[who]), url_many)
