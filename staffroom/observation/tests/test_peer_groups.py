"""Reciprocal pairs and triads formed from Find-a-peer suggestions."""

import datetime

import pytest
from django.urls import reverse

from staffroom.learning.models import Activity, Visibility
from staffroom.observation import services
from staffroom.observation.models import PeerGroup, PeerGroupMember, PeerVisit
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Subject
from staffroom.testing.factories import make_member

from .conftest import opt_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def maths():
    return Subject.objects.get(slug="mathematics")


@pytest.fixture
def matched(network, teacher, outsider, questioning, maths):
    """Tess (Oakfield) and Rita (Riverside) both look across the network and work on questioning in KS2 maths."""
    for person in (teacher, outsider):
        opt_in(person, descriptors=[questioning], subjects=[maths], key_stages=["ks2"])
    return teacher, outsider


def propose(client, *members):
    return client.post(reverse("observation:peer_group_propose"), {"members": [str(m.pk) for m in members]})


def accept(client, group, answer="accept"):
    return client.post(reverse("observation:peer_group_respond", args=[group.pk]), {"answer": answer})


def test_a_suggestion_becomes_a_pair_that_carries_its_reason(login, matched):
    teacher, outsider = matched
    client = login(teacher)
    reason = "You both work on “4c Questioning” in Key Stage 2 Mathematics."
    assert reason in client.get(reverse("observation:peers")).content.decode()

    response = propose(client, outsider)

    group = PeerGroup.objects.get()
    assert response.status_code == 302 and response.url == reverse("observation:peer_group_detail", args=[group.pk])
    assert group.reason == reason and group.status == PeerGroup.Status.PROPOSED
    assert "Standard: 4c Questioning" in group.details
    page = login(outsider).get(response.url).content.decode()
    assert reason in page and "Tess" in page and "Accept" in page
    # The suggestion now links to the group instead of offering to propose it again.
    assert "Propose reciprocal visits with Rita" not in client.get(reverse("observation:peers")).content.decode()


def test_only_an_invitee_accepts_and_then_the_group_is_active(login, matched, colleague):
    teacher, outsider = matched
    group = services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[outsider])

    assert accept(login(teacher), group).status_code == 404  # the proposer does not answer for others
    assert accept(login(colleague), group).status_code == 404  # nor does anyone outside the group
    assert PeerGroup.objects.get().status == PeerGroup.Status.PROPOSED

    accept(login(outsider), group)

    group.refresh_from_db()
    assert group.status == PeerGroup.Status.ACTIVE and group.activated_at is not None
    assert PeerGroupMember.objects.get(membership=outsider).response == PeerGroupMember.Response.ACCEPTED


def test_a_triad_starts_only_when_both_invitees_accept_and_one_refusal_ends_it(network, school, matched, questioning):
    teacher, outsider = matched
    third = make_member(school, first_name="Theo")
    opt_in(third, descriptors=[questioning])
    group = services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[outsider, third])
    assert group.reason == "You all work on “4c Questioning”."

    services.respond_to_peer_group(actor=outsider.user, membership=outsider, group=group, accept=True)
    group.refresh_from_db()
    assert group.status == PeerGroup.Status.PROPOSED

    services.respond_to_peer_group(actor=third.user, membership=third, group=group, accept=False)
    group.refresh_from_db()
    assert group.status == PeerGroup.Status.DECLINED


def test_nobody_outside_the_group_reads_it_not_even_the_head(login, matched, head, colleague, other_school):
    teacher, outsider = matched
    group = services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[outsider])
    url = reverse("observation:peer_group_detail", args=[group.pk])
    riverside_head = make_member(other_school, "headteacher")

    for person in (head, colleague, riverside_head):
        client = login(person)
        assert client.get(url).status_code == 404
        assert client.get(reverse("observation:peer_visit_record", args=[group.pk])).status_code == 404
    assert login(teacher).get(url).status_code == 200
    assert login(outsider).get(url).status_code == 200


def test_reciprocal_visits_reach_both_learning_records_and_finish_the_plan(login, matched):
    teacher, outsider = matched
    group = services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[outsider])
    services.respond_to_peer_group(actor=outsider.user, membership=outsider, group=group, accept=True)
    today = school_today(teacher.school)

    response = login(outsider).post(
        reverse("observation:peer_visit_record", args=[group.pk]),
        {"host": teacher.pk, "visited_on": today.isoformat(), "lesson": "Y4 fractions", "will_try": "Hinge questions"},
    )

    assert response.status_code == 302
    visit = PeerVisit.objects.get()
    assert (visit.host, visit.visitor, visit.will_try) == (teacher, outsider, "Hinge questions")
    visitor_entry = Activity.objects.get(owner=outsider.user)
    host_entry = Activity.objects.get(owner=teacher.user)
    assert visitor_entry.title == "Peer visit: visited Tess Teacher, Y4 fractions"
    assert visitor_entry.will_try == "Hinge questions" and visitor_entry.school == outsider.school
    assert host_entry.title.startswith("Peer visit: hosted Rita Rivers") and host_entry.school == teacher.school
    assert {visitor_entry.visibility, host_entry.visibility} == {Visibility.PRIVATE}
    page = login(teacher).get(reverse("observation:peer_group_detail", args=[group.pk])).content.decode()
    assert "Hinge questions" in page and "Record my visit to Rita Rivers" in page

    services.record_peer_visit(
        actor=teacher.user, group=group, visitor=teacher, host=outsider, visited_on=today, will_try="Cold calling"
    )
    group.refresh_from_db()
    assert group.status == PeerGroup.Status.ENDED


def test_visits_wait_for_acceptance_and_are_never_in_the_future_or_twice(matched):
    teacher, outsider = matched
    group = services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[outsider])
    today = school_today(teacher.school)

    def visit(day=today):
        return services.record_peer_visit(
            actor=outsider.user, group=group, visitor=outsider, host=teacher, visited_on=day, will_try="x"
        )

    with pytest.raises(services.ValidationError, match="everyone has accepted"):
        visit()
    services.respond_to_peer_group(actor=outsider.user, membership=outsider, group=group, accept=True)
    with pytest.raises(services.ValidationError, match="once it has happened"):
        visit(today + datetime.timedelta(days=1))
    visit()
    with pytest.raises(services.ValidationError, match="already recorded"):
        visit()


def test_across_schools_only_when_everyone_chose_the_network(network, school, teacher, outsider, questioning):
    opt_in(teacher, descriptors=[questioning])
    opt_in(outsider, descriptors=[questioning])
    local = make_member(school, first_name="Lou")
    opt_in(local, descriptors=[questioning], reach="school")

    # Lou is Tess's colleague, so she may be suggested to Tess, but she never chose to be found by Riverside.
    with pytest.raises(services.ValidationError, match="across the network"):
        services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[outsider, local])
    # And someone who did not opt in, or is not suggested, cannot be proposed by hand.
    stranger = make_member(school)
    with pytest.raises(services.ValidationError, match="suggested to you"):
        services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[stranger])
    assert not PeerGroup.objects.exists()


def test_the_same_group_is_not_proposed_twice_and_the_proposal_is_deterministic(login, matched):
    teacher, outsider = matched
    client = login(teacher)
    propose(client, outsider)
    response = propose(client, outsider)

    assert response.url == reverse("observation:peers")
    assert PeerGroup.objects.count() == 1
    assert "already have a group" in client.get(response.url).content.decode()


def test_junk_proposals_never_fail(login, matched):
    teacher, _outsider = matched
    client = login(teacher)
    for data in ({}, {"members": ["abc"]}, {"members": ["99999999999999"]}, {"members": [str(teacher.pk)]}):
        response = client.post(reverse("observation:peer_group_propose"), data)
        assert response.status_code == 302
    assert not PeerGroup.objects.exists()
