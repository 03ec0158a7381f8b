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
