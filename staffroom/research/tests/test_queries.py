"""The project and library pages ask the database the same number of questions however much there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.research import services
from staffroom.research.models import Stage
from staffroom.testing.factories import SubjectFactory, make_member

from .helpers import make_world, pdf, share
from .test_library import _descriptor

pytestmark = pytest.mark.django_db


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _grow_projects(world, n, start):
    schools = [world.oakfield, world.riverside, world.fenbridge]
    for i in range(start, start + n):
        lead = make_member(schools[i % 3])
        project = services.start_project(
            actor=lead.user,
            membership=lead,
            network=world.network,
            title=f"Project {i}",
            question="Why?",
            subjects=[world.maths],
            phases=["primary"],
        )
        joiner = make_member(schools[(i + 1) % 3])
        services.join_project(actor=joiner.user, membership=joiner, project=project)
        services.add_note(actor=lead.user, membership=lead, project=project, stage=Stage.LAUNCH, text=f"Note {i}")


def _grow_project_working(world, n, start):
    for i in range(start, start + n):
        joiner = make_member([world.oakfield, world.riverside, world.fenbridge][i % 3])
        services.join_project(actor=joiner.user, membership=joiner, project=world.project)
        for stage in Stage.values:
            services.add_note(actor=joiner.user, membership=joiner, project=world.project, stage=stage, text=f"{i}")
        services.add_file(actor=joiner.user, membership=joiner, project=world.project, stage="update", uploaded=pdf())


def _grow_library(world, n, start):
    english = SubjectFactory(name="English", slug="english")
    for i in range(start, start + n):
        tag = _descriptor(code=f"T{i}", text=f"Tag {i}")
        share(
            make_member(world.riverside),
            world.network,
            f"Fractions item {i}",
            subjects=[world.maths, english],
            phases=["primary"],
            descriptors=[tag],
        )


def test_the_project_list_stays_flat(login):
    world = make_world()
    client = login(world.bystander)
    _grow_projects(world, 2, 0)
    small = _count(client, reverse("research:projects"))
    _grow_projects(world, 4, 2)
    assert _count(client, reverse("research:projects")) == small


@pytest.mark.parametrize("who", ["lead", "bystander"])
def test_the_project_page_stays_flat(login, who):
    world = make_world()
    client = login(getattr(world, who))
    url = reverse("research:project", kwargs={"pk": world.project.pk})
    _grow_project_working(world, 2, 0)
    small = _count(client, url)
    _grow_project_working(world, 4, 2)
    assert _count(client, url) == small


@pytest.mark.parametrize("params", [{}, {"q": "fractions item"}, {"subject": "mathematics", "phase": "primary"}])
def test_the_library_stays_flat(login, params):
    world = make_world()
    client = login(world.lead)
    _grow_library(world, 3, 0)
    small = _count(client, reverse("research:library"), params)
    _grow_library(world, 6, 3)
    assert _count(client, reverse("research:library"), params) == small


def test_a_library_item_page_stays_flat(login):
    world = make_world()
    _grow_library(world, 1, 0)
    from staffroom.research.models import LibraryItem

    item = LibraryItem.objects.get()
    client = login(world.lead)
    url = reverse("research:library_item", kwargs={"pk": item.pk})
    small = _count(client, url)
    for i in range(5):
        item.descriptors.add(_descriptor(code=f"X{i}", text="More"))
    assert _count(client, url) == small
