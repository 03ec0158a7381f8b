from django.urls import reverse

from staffroom.accounts.models import Membership
from staffroom.research.models import LibraryItem, ProjectFile, ProjectMember, ProjectNote, ResearchProject

from .test_load_demo import load_demo


def _counts():
    return [m.objects.count() for m in (ResearchProject, ProjectMember, ProjectNote, ProjectFile, LibraryItem)]


def test_the_demo_research_project_spans_three_schools_and_is_found_in_the_library(db, login):
    load_demo()
    project = ResearchProject.objects.get()
    schools = set(project.members.values_list("membership__school__name", flat=True))
    assert len(schools) == 3
    assert set(project.notes.values_list("stage", flat=True)) == {"launch", "update", "dissemination"}
    assert project.library_item.kind == LibraryItem.Kind.FINDING
    assert LibraryItem.objects.count() >= 4
    material = LibraryItem.objects.get(session__isnull=False)
    assert material.added_by == material.session.leader

    client = login(Membership.objects.get(user__email="teacher@riverside.example"))
    body = client.get(reverse("research:library"), {"q": "retrieval fractions", "kind": "finding"}).content.decode()
    assert project.title in body

    before = _counts()
    load_demo()
    assert _counts() == before
