"""Nothing of another network crosses over: every research page, tried with the ids of another network's rows."""

import pytest
from django.urls import reverse

from staffroom.research import services
from staffroom.research.models import Stage

from .helpers import make_world, pdf, share

pytestmark = pytest.mark.django_db

SECRET = "Northern secret"


def _northern_rows(world):
    project = services.start_project(
        actor=world.outsider.user,
        membership=world.outsider,
        network=world.other_network,
        title=SECRET,
        question=f"{SECRET} question",
    )
    services.add_note(
        actor=world.outsider.user, membership=world.outsider, project=project, stage=Stage.LAUNCH, text=SECRET
    )
    data = services.add_file(
        actor=world.outsider.user, membership=world.outsider, project=project, stage=Stage.UPDATE, uploaded=pdf()
    )
    services.save_finding(
        actor=world.outsider.user, membership=world.outsider, project=project, summary=SECRET, body=SECRET
    )
    finding = services.publish_finding(actor=world.outsider.user, membership=world.outsider, project=project)
    resource = share(world.outsider, world.other_network, SECRET, summary=SECRET, uploaded=pdf())
    return {"project": project.pk, "file": data.pk, "items": [finding.pk, resource.pk]}


PROJECT_ROUTES = ("project", "project_join", "note_add", "file_add", "finding_save", "finding_publish")
FILE_ROUTES = ("file", "file_remove")
ITEM_ROUTES = ("library_item", "library_file", "library_remove")
LIST_ROUTES = ("projects", "library", "project_create", "library_add")


def test_the_sweep_covers_every_research_route():
    from tests.test_url_table import named_routes

    research = {name.split(":", 1)[1] for name, _ in named_routes() if name.startswith("research:")}
    assert research == {*PROJECT_ROUTES, *FILE_ROUTES, *ITEM_ROUTES, *LIST_ROUTES}


@pytest.mark.parametrize("who", ["lead", "bystander", "cpd_lead", "governor", "loner"])
def test_no_research_page_reaches_another_networks_rows(login, who):
    world = make_world()
    rows = _northern_rows(world)
    client = login(getattr(world, who))
    urls = [
        *(reverse(f"research:{n}", kwargs={"pk": rows["project"]}) for n in PROJECT_ROUTES),
        *(reverse(f"research:{n}", kwargs={"pk": rows["file"]}) for n in FILE_ROUTES),
        *(reverse(f"research:{n}", kwargs={"pk": pk}) for n in ITEM_ROUTES for pk in rows["items"]),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url, {"stage": "launch", "text": "Let me in"})
            assert response.status_code in {404, 405}, url
            assert SECRET not in response.content.decode(), url
    for name in LIST_ROUTES:
        for params in ({}, {"q": "northern secret"}, {"q": "secret", "kind": "finding"}):
            response = client.get(reverse(f"research:{name}"), params)
            assert SECRET not in response.content.decode(), name
    project = world.other_network.research_projects.get()
    assert project.notes.count() == 1 and project.members.count() == 1 and project.files.count() == 1
    assert world.other_network.library_items.count() == 2
