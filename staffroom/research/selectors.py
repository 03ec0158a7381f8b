"""Reads for research projects and the network library, always limited to the networks of the current school."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from staffroom.accounts.models import Membership
from staffroom.frameworks.models import Descriptor
from staffroom.network import selectors as network_selectors
from staffroom.network.models import NetworkSession
from staffroom.organisations.models import Network, NetworkSchool

from .models import LibraryItem, ProjectFile, ProjectMember, ProjectNote, ResearchProject

SEARCH_CONFIG = "english"
# What the library search and PostgreSQL's index both read; migration 0002 builds the index from this.
SEARCH_VECTOR = SearchVector("search_document", config=SEARCH_CONFIG)
_WORD = re.compile(r"\w+")


def network_ids(*, school) -> list[int]:
    return list(NetworkSchool.objects.filter(school=school).values_list("network_id", flat=True))


def networks_for(*, school) -> QuerySet[Network]:
    return Network.objects.filter(memberships__school=school).order_by("name")


def _membership_related(prefix: str) -> list[str]:
    return [f"{prefix}__user", f"{prefix}__school"]


# ---- projects ----------------------------------------------------------------------------------------------------


def projects(*, school) -> QuerySet[ResearchProject]:
    return (
        ResearchProject.objects.filter(network_id__in=network_ids(school=school))
        .select_related("network", "library_item", *_membership_related("lead"))
        .annotate(member_count=Count("members", distinct=True), note_count=Count("notes", distinct=True))
        .order_by("-created_at", "-id")
    )


def get_project(*, school, pk) -> ResearchProject:
    """The project if it belongs to one of the school's networks; otherwise the same 404 as a missing one."""
    try:
        return (
            ResearchProject.objects.filter(network_id__in=network_ids(school=school))
            .select_related("network", "library_item", *_membership_related("lead"))
            .get(pk=pk)
        )
    except (ResearchProject.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def project_members(*, project) -> list[ProjectMember]:
    return list(project.members.select_related(*_membership_related("membership")))


def project_working(*, project) -> tuple[list[ProjectNote], list[ProjectFile]]:
    notes = list(project.notes.select_related(*_membership_related("author")))
    files = list(project.files.select_related("uploaded_by", "school"))
    return notes, files


def project_tags(*, project) -> ResearchProject:
    return (
        ResearchProject.objects.filter(pk=project.pk)
        .prefetch_related("subjects", Prefetch("descriptors", Descriptor.objects.select_related("framework")))
        .get()
    )


def is_member(*, project, membership: Membership | None) -> bool:
    return membership is not None and project.members.filter(membership=membership).exists()


def get_project_file(*, school, pk) -> ProjectFile:
    try:
        return ProjectFile.objects.select_related("project", "project__library_item").get(
            pk=pk, project__network_id__in=network_ids(school=school)
        )
    except (ProjectFile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# ---- library -----------------------------------------------------------------------------------------------------


def search_words(text: str) -> list[str]:
    """The words of a search, without punctuation, so both databases are asked the same thing."""
    return _WORD.findall(text or "")


def library_items(*, school) -> QuerySet[LibraryItem]:
    return LibraryItem.objects.filter(network_id__in=network_ids(school=school))


def search_library(
    *, school, text: str = "", subject=None, phase: str = "", descriptor=None, kind: str = ""
) -> QuerySet[LibraryItem]:
    """Items of the school's networks that contain every word of `text` and carry every chosen tag.

    PostgreSQL uses its full-text search (indexed, ranked, and matching other forms of a word: "assessing"
    finds "assessment"); SQLite looks for each word inside the text. On both, an item is only ever found in
    the networks of the asking school, and an empty search lists everything, newest first.
    """
    items = library_items(school=school)
    if subject is not None:
        items = items.filter(subjects=subject)
    if phase:
        items = items.filter(phases__contains=f",{phase},")
    if descriptor is not None:
        items = items.filter(descriptors=descriptor)
    if kind:
        items = items.filter(kind=kind)
    words = search_words(text)
    order = ["-created_at", "-id"]
    if words and connection.vendor == "postgresql":
        query = SearchQuery(" ".join(words), search_type="plain", config=SEARCH_CONFIG)
        items = items.annotate(document=SEARCH_VECTOR).filter(document=query)
        items = items.annotate(rank=SearchRank(SEARCH_VECTOR, query))
        order = ["-rank", *order]
    else:
        for word in words:
            items = items.filter(search_document__icontains=word)
    return (
        items.select_related("network", "project", "school", *_membership_related("added_by"))
        .prefetch_related("subjects", Prefetch("descriptors", Descriptor.objects.select_related("framework")))
        .order_by(*order)
    )


def get_library_item(*, school, pk) -> LibraryItem:
    try:
        return (
            library_items(school=school)
            .select_related("network", "project", "session", "school", *_membership_related("added_by"))
            .prefetch_related(
                "subjects", Prefetch("descriptors", Descriptor.objects.select_related("framework", "standard"))
            )
            .get(pk=pk)
        )
    except (LibraryItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def sessions_led(*, membership) -> list[NetworkSession]:
    """Sessions of the school's networks this person leads, which they may add materials for."""
    return list(
        NetworkSession.objects.filter(leader=membership, network_id__in=network_ids(school=membership.school))
        .exclude(status=NetworkSession.Status.CANCELLED)
        .order_by("-starts_at", "-id")
    )


def session_visible(*, membership, item: LibraryItem) -> bool:
    """Whether the item's session may be opened by this person (sessions can be open to some schools only)."""
    if item.session_id is None:
        return False
    return network_selectors.visible_sessions(membership=membership).filter(pk=item.session_id).exists()


def tags_in_use(*, school) -> QuerySet[Descriptor]:
    """Framework descriptors tagged on the school's networks' items: the library's tag filter offers only these."""
    used = LibraryItem.descriptors.through.objects.filter(
        libraryitem__network_id__in=network_ids(school=school)
    ).values("descriptor_id")
    return Descriptor.objects.filter(pk__in=used).select_related("framework").order_by("framework__name", "order")
