"""The main pages make the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.observation import services
from staffroom.observation.models import Audience
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Subject
from staffroom.testing.factories import make_member

from .conftest import completed, future_slot

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def assert_same(django_assert_num_queries, client, url, expected) -> None:
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def grow_observations(teacher, n):
    for _ in range(n):
        other = make_member(teacher.school)
        completed(teacher, other)
        completed(other, teacher)


def grow_slots(school, outsider, n):
    for i in range(n):
        host = make_member(school)
        slot = future_slot(host, days=2 + i, audience=Audience.NETWORK)
        services.book_slot(actor=outsider.user, visitor=outsider, slot=slot)


def grow_coaching(head, teacher, n):
    step = services.save_action_step(actor=head.user, school=head.school, title=f"Step {n}", success="s", practice="p")
    for _ in range(n):
        coachee = make_member(head.school)
        pair = services.pair_coach(actor=head.user, school=head.school, coach=teacher, coachee=coachee)
        services.record_coaching_session(
            actor=teacher.user,
            pair=pair,
            data=services.SessionData(visited_on=school_today(head.school), action_step=step),
        )


def grow_peers(teacher, outsider, n):
    maths = Subject.objects.get(slug="mathematics")
    for school_member in [teacher.school, outsider.school] * n:
        member = make_member(school_member)
        services.save_peer_profile(
            actor=member.user,
            membership=member,
            data=services.ProfileData(
                opted_in=True, reach="network", group_size=3, subjects=[maths], key_stages=["ks2"]
            ),
        )


def test_observation_list(django_assert_num_queries, login, teacher):
    client = login(teacher)
    grow_observations(teacher, 2)
    few = count(client, reverse("observation:list"))
    grow_observations(teacher, 4)
    assert_same(django_assert_num_queries, client, reverse("observation:list"), few)


def test_slot_catalogue(django_assert_num_queries, login, network, school, outsider):
    client = login(outsider)
    grow_slots(school, outsider, 2)
    few = count(client, reverse("observation:slots"))
    grow_slots(school, outsider, 4)
    assert_same(django_assert_num_queries, client, reverse("observation:slots"), few)


def test_coaching_page(django_assert_num_queries, login, head, teacher):
    grow_coaching(head, teacher, 2)
    few_teacher, few_head = (
        count(login(teacher), reverse("observation:coaching")),
        count(login(head), reverse("observation:coaching")),
    )
    grow_coaching(head, teacher, 4)
    assert_same(django_assert_num_queries, login(teacher), reverse("observation:coaching"), few_teacher)
    assert_same(django_assert_num_queries, login(head), reverse("observation:coaching"), few_head)


def test_find_a_peer(django_assert_num_queries, login, network, teacher, outsider):
    maths = Subject.objects.get(slug="mathematics")
    services.save_peer_profile(
        actor=teacher.user,
        membership=teacher,
        data=services.ProfileData(opted_in=True, reach="network", group_size=3, subjects=[maths]),
    )
    client = login(teacher)
    grow_peers(teacher, outsider, 2)
    few = count(client, reverse("observation:peers"))
    grow_peers(teacher, outsider, 6)
    assert_same(django_assert_num_queries, client, reverse("observation:peers"), few)


def grow_groups(teacher, n):
    """n more colleagues suggested to Tess, each in an active pair with her with both visits recorded."""
    maths = Subject.objects.get(slug="mathematics")
    today = school_today(teacher.school)
    groups = []
    for _ in range(n):
        peer = make_member(teacher.school)
        services.save_peer_profile(
            actor=peer.user,
            membership=peer,
            data=services.ProfileData(opted_in=True, reach="school", group_size=2, subjects=[maths]),
        )
        group = services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[peer])
        services.respond_to_peer_group(actor=peer.user, membership=peer, group=group, accept=True)
        for visitor, host in ((peer, teacher), (teacher, peer)):
            services.record_peer_visit(
                actor=visitor.user, group=group, visitor=visitor, host=host, visited_on=today, will_try="t"
            )
        groups.append(group)
    return groups


def test_find_a_peer_with_groups_and_a_group_page(django_assert_num_queries, login, teacher):
    maths = Subject.objects.get(slug="mathematics")
    services.save_peer_profile(
        actor=teacher.user,
        membership=teacher,
        data=services.ProfileData(opted_in=True, reach="school", group_size=2, subjects=[maths]),
    )
    client = login(teacher)
    [first] = grow_groups(teacher, 1)
    few = count(client, reverse("observation:peers"))
    group_page = count(client, reverse("observation:peer_group_detail", args=[first.pk]))
    grow_groups(teacher, 3)
    assert_same(django_assert_num_queries, client, reverse("observation:peers"), few)
    assert_same(
        django_assert_num_queries, client, reverse("observation:peer_group_detail", args=[first.pk]), group_page
    )
