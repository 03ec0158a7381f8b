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


def school_pool(*, school, viewer):
    """The school's staff with their aspirations, programmes and this school's readiness judgements; a leader is
    not shown the judgements about themselves."""
    judgements = ReadinessAssessment.objects.filter(school=school).exclude(membership=viewer)
    return list(
        _people_with_talent()
        .active()
        .filter(school=school)
        .exclude(staff_group=StaffGroup.GOVERNANCE)
        .prefetch_related(Prefetch("readiness_assessments", queryset=judgements))
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


def get_school_member(*, school, pk, viewer) -> Membership:
    """A member of staff whose talent page a leader may open: anyone at the school but the leader themself, whose
    readiness is for other leaders to judge and read."""
    if str(pk) == str(viewer.pk):
        raise Http404
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


def plans(*, school, viewer):
    """Succession plans, leaving out the viewer's own candidacy."""
    candidates = Candidate.objects.exclude(membership=viewer).select_related("membership__user", "membership__school")
    return list(
        SuccessionPlan.objects.filter(school=school)
        .select_related("incumbent__user")
        .prefetch_related(Prefetch("candidates", queryset=candidates))
    )


def get_plan(*, school, pk) -> SuccessionPlan:
    try:
        return SuccessionPlan.objects.select_related("incumbent__user").get(school=school, pk=pk)
    except (SuccessionPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def plan_candidates(*, plan, viewer):
    return list(
        plan.candidates.exclude(membership=viewer)
        .select_related("membership__user", "membership__school")
        .prefetch_related(
            Prefetch("membership__aspirations", queryset=Aspiration.objects.order_by("created_at", "id")),
            Prefetch("membership__programmes_taken", queryset=ProgrammeTaken.objects.order_by("-year", "id")),
        )
    )


def get_candidate(*, plan, pk, viewer) -> Candidate:
    try:
        return plan.candidates.exclude(membership=viewer).get(pk=pk)
    except (Candidate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
