import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.improvement.models import Priority, SubPlan
from staffroom.organisations.models import Subject
from staffroom.testing.factories import make_member

from .helpers import make_action, make_world


def _grow(world, n):
    for i in range(n):
        priority = Priority.objects.create(school=world.school, plan=world.plan, title=f"Priority {i}", order=i + 2)
        sub_plan = SubPlan.objects.create(
            school=world.school, priority=priority, subject=Subject.objects.get(slug="mathematics"), lead=world.lead
        )
        for j in range(2):
            helper = make_member(world.school)
            make_action(sub_plan, world.owner, title=f"Action {i}.{j}", collaborators=[helper, world.collaborator])


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["improvement:plan", "improvement:board", "improvement:my_actions", "home"])
def test_query_count_stays_flat_as_the_plan_grows(login, name):
    world = make_world()
    client = login(world.owner)
    url = reverse(name)
    _grow(world, 2)
    small = _count(client, url)
    _grow(world, 4)
    assert _count(client, url) == small


def _grow_proposals(world, n):
    from staffroom.improvement import services

    for i in range(n):
        proposer = make_member(world.school)
        proposal = services.propose(
            actor=proposer.user,
            school=world.school,
            data=services.ProposalData(title=f"Idea {i}", problem="A problem", idea="An idea"),
        )
        services.support_proposal(actor=world.other.user, proposal=proposal)
        services.comment_on_proposal(actor=world.collaborator.user, proposal=proposal, text="Yes please")
        services.rate_priorities(actor=proposer.user, plan=world.plan, scores={world.priority.pk: 4})
        Priority.objects.create(school=world.school, plan=world.plan, title=f"Extra priority {i}", order=10 + i)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["improvement:proposals", "improvement:ratings", "improvement:hub"])
def test_query_count_stays_flat_as_proposals_and_ratings_grow(login, name):
    world = make_world()
    client = login(world.head)
    url = reverse(name)
    _grow_proposals(world, 2)
    small = _count(client, url)
    _grow_proposals(world, 5)
    assert _count(client, url) == small
