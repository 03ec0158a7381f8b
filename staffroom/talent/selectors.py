"""Reads for talent and succession, scoped to the school and, across the network, to people who opted in."""

from django.db.models import Prefetch, Q
from django.http import Http404

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import StaffGroup
from staffroom.organisations.models import NetworkSchool

from .models import Aspiration, Candidate, ProgrammeTaken, ReadinessAssessment, SuccessionPlan, TalentProfile


def network_school_ids(*, school) -> set[int]:
    """Schools sharing a network with this one, itself excluded."""
    networks = NetworkSchool.objects.filter(school=school).values("network_id")
    return set(
        NetworkSchool.objects.filter(network_id__in=networks).exclude(school=school).values_list("school_id", flat=True)
    )


def profile_of(*, membership) -> TalentProfile | None:
    return TalentProfile.objects.filter(membership=membership).first()


def own_entries(*, membership):
    return (
        list(Aspiration.objects.filter(membership=membership)),
        list(ProgrammeTaken.objects.filter(membership=membership)),
    )


def get_own_aspiration(*, membership, pk) -> Aspiration:
    try:
        return Aspiration.objects.get(membership=membership, pk=pk)
    except (Aspiration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_own_programme(*, membership, pk) -> ProgrammeTaken:
    try:
        return ProgrammeTaken.objects.get(membership=membership, pk=pk)
    except (ProgrammeTaken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _people_with_talent():
    return Membership.objects.select_related("user", "school").prefetch_related(
        Prefetch("aspirations", queryset=Aspiration.objects.order_by("created_at", "id")),
        Prefetch("programmes_taken", queryset=ProgrammeTaken.objects.order_by("-year", "id")),
    )


def school_pool(*, school):
    """The school's staff with their aspirations, programmes and this school's readiness judgements."""
    return list(
        _people_with_talent()
        .active()
        .filter(school=school)
        .exclude(staff_group=StaffGroup.GOVERNANCE)
        .prefetch_related(Prefetch("readiness_assessments", queryset=ReadinessAssessment.objects.filter(school=school)))
        .order_by("user__last_name", "user__first_name", "id")
    )


def candidate_pool(*, school):
    """Who may be put forward for a post here: active staff of the school, and staff at network schools who have
    made their aspirations visible across the network."""
    return (
        Membership.objects.active()
        .exclude(staff_group=StaffGroup.GOVERNANCE)
        .filter(
            Q(school=school) | Q(school_id__in=network_school_ids(school=school), talent_profile__network_visible=True)
        )
    )


def network_visible_people(*, school):
    return list(
        _people_with_talent()
        .active()
        .filter(school_id__in=network_school_ids(school=school), talent_profile__network_visible=True)
        .exclude(staff_group=StaffGroup.GOVERNANCE)
        .order_by("school__name", "user__last_name", "user__first_name", "id")
    )


def get_school_member(*, school, pk) -> Membership:
    try:
        return (
            Membership.objects.active()
            .exclude(staff_group=StaffGroup.GOVERNANCE)
            .select_related("user")
            .get(school=school, pk=pk)
        )
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def readiness_of(*, school, membership):
    return list(ReadinessAssessment.objects.filter(school=school, membership=membership).select_related("assessed_by"))


def plans(*, school):
    return list(
        SuccessionPlan.objects.filter(school=school)
        .select_related("incumbent__user")
        .prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.select_related("membership__user", "membership__school"))
        )
    )


def get_plan(*, school, pk) -> SuccessionPlan:
    try:
        return SuccessionPlan.objects.select_related("incumbent__user").get(school=school, pk=pk)
    except (SuccessionPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def plan_candidates(*, plan):
    return list(
        plan.candidates.select_related("membership__user", "membership__school").prefetch_related(
            Prefetch("membership__aspirations", queryset=Aspiration.objects.order_by("created_at", "id")),
            Prefetch("membership__programmes_taken", queryset=ProgrammeTaken.objects.order_by("-year", "id")),
        )
    )


def get_candidate(*, plan, pk) -> Candidate:
    try:
        return plan.candidates.get(pk=pk)
    except (Candidate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
