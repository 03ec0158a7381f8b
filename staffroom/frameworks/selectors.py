"""Reads for frameworks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from .models import Descriptor, Framework, Standard

if TYPE_CHECKING:
    from staffroom.organisations.models import School


def all_current_frameworks() -> QuerySet[Framework]:
    return Framework.objects.filter(is_current=True)


def frameworks_for_school(*, school: School) -> QuerySet[Framework]:
    return Framework.objects.filter(is_current=True, adoptions__school=school)


def is_adopted(*, school: School, framework: Framework) -> bool:
    return framework.adoptions.filter(school=school).exists()


def get_framework(*, slug: str, version: str | None = None) -> Framework:
    """The named version, or the current one; raises Framework.DoesNotExist."""
    if version is None:
        return Framework.objects.get(slug=slug, is_current=True)
    return Framework.objects.get(slug=slug, version=version)


def framework_outline(*, framework: Framework) -> QuerySet[Standard]:
    """The framework's standards in order, each with its domain and its descriptors, for showing it whole."""
    descriptors = Descriptor.objects.select_related("career_stage").order_by("order")
    return (
        framework.standards.select_related("domain")
        .prefetch_related(Prefetch("descriptors", queryset=descriptors))
        .order_by("order")
    )


def descriptor_choices_for_school(*, school: School) -> QuerySet[Descriptor]:
    """What the school's staff may link their work to: descriptors of its adopted, current frameworks."""
    return (
        Descriptor.objects.filter(framework__in=frameworks_for_school(school=school))
        .select_related("standard", "framework", "career_stage")
        .order_by("framework__name", "framework_id", "order")
    )


def get_descriptor(*, pk: int, school: School | None = None) -> Descriptor:
    """Raises Descriptor.DoesNotExist; with a school, only descriptors that school may link to are found."""
    descriptors = (
        descriptor_choices_for_school(school=school)
        if school is not None
        else Descriptor.objects.select_related("standard", "framework", "career_stage")
    )
    return descriptors.get(pk=pk)
