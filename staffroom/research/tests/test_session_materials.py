"""Session materials: the leader of a network session shares materials linked to it in the library."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from staffroom.network.models import NetworkSession
from staffroom.research.models import LibraryItem

from .helpers import make_world, share

pytestmark = pytest.mark.django_db


def _session(leader, network, *, open_to=(), title="Retrieval practice that sticks"):
    starts = timezone.now() + datetime.timedelta(days=7)
    session = NetworkSession.objects.create(
        network=network,
        school=leader.school,
        leader=leader,
        title=title,
        description="A twilight session.",
        host_school=leader.school,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        capacity=20,
        status=NetworkSession.Status.PUBLISHED,
    )
    session.open_to_schools.set(open_to)
    return session


def test_the_leader_shares_materials_for_their_session(login):
    world = make_world()
    session = _session(world.colleague, world.network)
    client = login(world.colleague)
    form = client.get(reverse("research:library_add"), {"session": session.pk}).content.decode()
    assert "Material for a session you lead" in form and f'value="{session.pk}" selected' in form
    response = client.post(
        reverse("research:library_add"),
        {
            "network": world.network.pk,
            "session": session.pk,
            "kind": "resource",
            "title": "Slides",
            "summary": "The slides",
            "body": "Slide text",
        },
    )
    item = LibraryItem.objects.get()
    assert response.status_code == 302
    assert item.session == session and item.kind == LibraryItem.Kind.SESSION_MATERIAL
    page = login(world.bystander).get(reverse("research:library_item", kwargs={"pk": item.pk})).content.decode()
    assert reverse("network:session", args=[session.pk]) in page
    assert [i.title for i in LibraryItem.objects.filter(search_document__icontains="sticks")] == ["Slides"]


def test_someone_who_leads_no_session_is_not_offered_the_choice(login):
    world = make_world()
    session = _session(world.colleague, world.network)
    client = login(world.lead)
    assert "Material for a session you lead" not in client.get(reverse("research:library_add")).content.decode()
    client.post(
        reverse("research:library_add"),
        {
            "network": world.network.pk,
            "session": session.pk,
            "kind": "resource",
            "title": "T",
            "summary": "S",
            "body": "B",
        },
    )
    assert LibraryItem.objects.get().session is None


def test_the_service_refuses_someone_elses_session():
    world = make_world()
    session = _session(world.colleague, world.network)
    with pytest.raises(PermissionDenied):
        share(world.lead, world.network, "Not mine", session=session)
    assert not LibraryItem.objects.exists()


def test_a_session_open_to_some_schools_is_linked_only_for_them(login):
    world = make_world()
    session = _session(world.colleague, world.network, open_to=[world.riverside], title="Riverside only")
    item = share(world.colleague, world.network, "Riverside slides", session=session)
    url = reverse("research:library_item", kwargs={"pk": item.pk})
    assert reverse("network:session", args=[session.pk]) in login(world.bystander).get(url).content.decode()
    page = login(world.lead).get(url).content.decode()
    assert "Riverside slides" in page
    assert reverse("network:session", args=[session.pk]) not in page


def test_another_networks_session_cannot_be_chosen(login):
    world = make_world()
    northern = _session(world.outsider, world.other_network, title="Northern session")
    _session(world.colleague, world.network)
    response = login(world.colleague).post(
        reverse("research:library_add"),
        {
            "network": world.network.pk,
            "session": northern.pk,
            "kind": "resource",
            "title": "T",
            "summary": "S",
            "body": "B",
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not LibraryItem.objects.exists()
