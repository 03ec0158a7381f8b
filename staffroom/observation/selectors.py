"""Reads for peer learning, always scoped to the person asking; "not yours" and "missing" are the same 404."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import StaffGroup
from staffroom.appraisal.models import Objective, Reviewer
from staffroom.frameworks.selectors import descriptor_choices_for_school
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.organisations.models import NetworkSchool

from . import matching, policies
from .models import (
    ActionStep,
    Audience,
    CoachingPair,
    CoachingSession,
    LearningWalk,
    Observation,
    ObservationFile,
    ObservationTemplate,
    OpenSlot,
    PeerGroup,
    PeerGroupMember,
    PeerProfile,
    PeerVisit,
    SlotBooking,
)


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def current_year_start(school) -> int:
    return academic_year(school_today(school), school.academic_year_start_month).start.year


# ---- developmental observation ----------------------------------------------------------------------------


def _is_appraiser_of_observed(membership):
    """The viewer is an appraiser on the observed person's appraisal for the current year."""
    return Exists(
        Reviewer.objects.filter(
            membership=membership,
            role=Reviewer.Role.APPRAISER,
            appraisal__appraisee=OuterRef("observed"),
            appraisal__cycle__year_start=current_year_start(membership.school),
        )
    )


def visible_observations(*, membership):
    """What this person may read: their own, those they were invited to give, and those shared with them."""
    invited = Q(observer=membership) & ~Q(status=Observation.Status.WITHDRAWN)
    shared_with_manager = Q(share_with_line_manager=True, observed__line_manager=membership)
    shared_with_appraiser = Q(share_with_appraiser=True) & _is_appraiser_of_observed(membership)
    return Observation.objects.filter(
        Q(observed=membership) | invited | shared_with_manager | shared_with_appraiser,
        school=membership.school_id,
    )


def _with_people(qs):
    return qs.select_related(
        "observed__user",
        "observer__user",
        "focus_descriptor",
        "focus_objective",
        "focus_action_step",
        "template",
    )


def observation_lists(*, membership) -> dict[str, list[Observation]]:
    """One query for the whole overview, split into the three lists the page shows."""
    rows = list(_with_people(visible_observations(membership=membership)).order_by("-planned_on", "-id"))
    return {
        "mine": [o for o in rows if o.observed_id == membership.pk],
        "giving": [o for o in rows if o.observer_id == membership.pk],
        "shared": [o for o in rows if membership.pk not in (o.observed_id, o.observer_id)],
    }


def get_visible_observation(*, membership, pk) -> Observation:
    qs = (
        _with_people(visible_observations(membership=membership))
        .select_related("template")
        .prefetch_related(Prefetch("files", queryset=ObservationFile.objects.order_by("uploaded_at", "id")))
    )
    return _get(qs, pk=pk)


def get_own_observation(*, membership, pk) -> Observation:
    return _get(_with_people(Observation.objects.filter(school=membership.school_id, observed=membership)), pk=pk)


def get_observation_to_write(*, membership, pk) -> Observation:
    return _get(
        _with_people(Observation.objects.filter(school=membership.school_id, observer=membership)).prefetch_related(
            "template__prompts__descriptor"
        ),
        pk=pk,
    )


def get_visible_file(*, membership, pk) -> ObservationFile:
    observation_ids = visible_observations(membership=membership).values("pk")
    file = _get(
        ObservationFile.objects.filter(school=membership.school_id, observation__in=observation_ids).select_related(
            "observation"
        ),
        pk=pk,
    )
    if file.observation.observed_id != membership.pk and not file.shared:
        raise Http404
    return file


def observer_candidates(*, membership):
    return (
        Membership.objects.active()
        .filter(school=membership.school_id)
        .exclude(pk=membership.pk)
        .exclude(staff_group=StaffGroup.GOVERNANCE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def focus_descriptors(*, school):
    return descriptor_choices_for_school(school=school)


def focus_objectives(*, membership):
    return (
        Objective.objects.filter(
            school=membership.school_id,
            appraisal__appraisee=membership,
            appraisal__cycle__year_start=current_year_start(membership.school),
        )
        .exclude(status=Objective.Status.WITHDRAWN)
        .order_by("order", "id")
    )


def focus_action_steps(*, membership):
    """The steps a coach has set for this person, newest first, without repeats."""
    ids = CoachingSession.objects.filter(school=membership.school_id, pair__coachee=membership).values("action_step_id")
    return ActionStep.objects.filter(school=membership.school_id, pk__in=ids).order_by("title", "id")


def active_templates(*, school):
    return ObservationTemplate.objects.filter(school=school, is_active=True).order_by("name", "id")


def school_templates(*, school):
    return (
        ObservationTemplate.objects.filter(school=school).prefetch_related("prompts__descriptor").order_by("name", "id")
    )


def get_template(*, school, pk) -> ObservationTemplate:
    return _get(ObservationTemplate.objects.filter(school=school).prefetch_related("prompts"), pk=pk)


# ---- learning walks ---------------------------------------------------------------------------------------


def walks(*, membership):
    qs = LearningWalk.objects.filter(school=membership.school_id).select_related("led_by__user")
    if not policies.can_lead_walks(membership):
        qs = qs.filter(published_at__isnull=False)
    return qs.order_by("-walked_on", "-id")


def get_visible_walk(*, membership, pk) -> LearningWalk:
    return _get(walks(membership=membership), pk=pk)


# ---- coaching ---------------------------------------------------------------------------------------------


def _pairs():
    return CoachingPair.objects.select_related("coach__user", "coachee__user")


def my_coaching(*, membership):
    return list(
        _pairs()
        .filter(Q(coach=membership) | Q(coachee=membership), school=membership.school_id, ended_at__isnull=True)
        .annotate(session_count=Count("sessions"))
        .order_by("-started_on", "-id")
    )


def school_pairs(*, school):
    return list(
        _pairs()
        .filter(school=school, ended_at__isnull=True)
        .annotate(session_count=Count("sessions"))
        .order_by("coachee__user__last_name", "coachee__user__first_name", "id")
    )


def get_visible_pair(*, membership, pk) -> CoachingPair:
    """Only the coach and the coachee read the visits; the leader who paired them sees only that they exist."""
    return _get(
        _pairs()
        .filter(Q(coach=membership) | Q(coachee=membership), school=membership.school_id)
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=CoachingSession.objects.select_related("action_step").order_by("visited_on", "id"),
            )
        ),
        pk=pk,
    )


def is_coach(*, membership) -> bool:
    return CoachingPair.objects.filter(school=membership.school_id, coach=membership, ended_at__isnull=True).exists()


def action_steps(*, school, subject_id=None, phase=""):
    qs = ActionStep.objects.filter(school=school, is_active=True).select_related("subject")
    if subject_id:
        qs = qs.filter(Q(subject_id=subject_id) | Q(subject__isnull=True))
    if phase:
        qs = qs.filter(Q(phase=phase) | Q(phase=""))
    return qs.order_by("title", "id")


def coaching_candidates(*, school):
    return (
        Membership.objects.active()
        .filter(school=school)
        .exclude(staff_group=StaffGroup.GOVERNANCE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# ---- open classrooms --------------------------------------------------------------------------------------


def network_school_ids(*, school) -> set[int]:
    """Schools that share at least one network with this one, itself excluded."""
    networks = NetworkSchool.objects.filter(school=school).values("network_id")
    return set(
        NetworkSchool.objects.filter(network_id__in=networks).exclude(school=school).values_list("school_id", flat=True)
    )


def _slots_visible_to(membership):
    return OpenSlot.objects.filter(
        Q(school=membership.school_id)
        | Q(audience=Audience.NETWORK, school_id__in=network_school_ids(school=membership.school))
    )


def _with_counts(qs, membership):
    mine = SlotBooking.objects.filter(slot=OuterRef("pk"), visitor=membership)
    return qs.select_related("host__user", "school").annotate(
        booked=Count("bookings", distinct=True), i_booked=Exists(mine)
    )


def slot_catalogue(*, membership):
    """Upcoming, open slots this person may book or is hosting, soonest first."""
    return list(
        _with_counts(_slots_visible_to(membership), membership)
        .filter(cancelled_at__isnull=True, starts_at__gte=timezone.now())
        .order_by("starts_at", "id")
    )


def get_visible_slot(*, membership, pk) -> OpenSlot:
    return _get(_with_counts(_slots_visible_to(membership), membership), pk=pk)


def get_hosted_slot(*, membership, pk) -> OpenSlot:
    return _get(OpenSlot.objects.filter(school=membership.school_id, host=membership), pk=pk)


def slot_bookings(*, slot):
    return slot.bookings.select_related("visitor__user", "visitor__school").order_by("seat")


def my_bookings(*, membership):
    return list(
        SlotBooking.objects.filter(visitor=membership)
        .select_related("slot__host__user", "slot__school")
        .order_by("slot__starts_at", "id")
    )


def my_slots(*, membership):
    return list(
        OpenSlot.objects.filter(school=membership.school_id, host=membership)
        .annotate(booked=Count("bookings"))
        .order_by("-starts_at", "-id")[:50]
    )


def get_own_booking(*, membership, pk) -> SlotBooking:
    # A visitor from another school reaches their booking through the booking itself, not through a school.
    return _get(
        SlotBooking.objects.filter(visitor=membership).select_related("slot__host__user", "slot__school"), pk=pk
    )


# ---- find a peer ------------------------------------------------------------------------------------------


def peer_profile(*, membership) -> PeerProfile | None:
    return PeerProfile.objects.filter(membership=membership).prefetch_related("subjects", "descriptors").first()


def candidate_profiles(*, membership, profile: PeerProfile):
    """Opted-in profiles this person may be matched with: their school, or network-wide where both opted in."""
    reach = Q(school=membership.school_id)
    if profile.reach == PeerProfile.Reach.NETWORK:
        reach |= Q(
            school_id__in=network_school_ids(school=membership.school),
            reach=PeerProfile.Reach.NETWORK,
        )
    return (
        PeerProfile.objects.filter(reach, opted_in=True, membership__is_active=True)
        .exclude(membership=membership)
        .select_related("membership__user", "membership__school")
        .prefetch_related("subjects", "descriptors", "action_steps", "membership__roles")
    )


def _short(text: str, limit: int = 90) -> str:
    text = text.strip().rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def peer_facts(profile: PeerProfile) -> matching.PeerFacts:
    """What matching may know about a person: only what their opt-in profile says, and where they work."""
    m = profile.membership
    return matching.PeerFacts(
        key=m.pk,
        name=m.user.display_name,
        school_id=m.school_id,
        school_name=m.school.name,
        role=m.job_title or ", ".join(str(label) for label in m.role_labels()),
        career_stage=profile.career_stage,
        career_stage_label=profile.get_career_stage_display() if profile.career_stage else "",
        phase=profile.phase,
        phase_label=profile.get_phase_display() if profile.phase else "",
        key_stages=frozenset(profile.key_stages or ()),
        subjects={s.pk: s.name for s in profile.subjects.all()},
        descriptors={d.pk: _short(f"{d.code} {d.text}") for d in profile.descriptors.all()},
        action_steps={s.title.casefold(): s.title for s in profile.action_steps.all()},
    )


def full_peer_profile(*, membership) -> PeerProfile | None:
    return (
        PeerProfile.objects.filter(membership=membership)
        .select_related("membership__user", "membership__school")
        .prefetch_related("subjects", "descriptors", "action_steps", "membership__roles")
        .first()
    )


# ---- peer groups ------------------------------------------------------------------------------------------


def _groups():
    return PeerGroup.objects.prefetch_related(
        Prefetch(
            "members",
            queryset=PeerGroupMember.objects.select_related("membership__user", "membership__school").order_by("id"),
        )
    )


def my_peer_groups(*, membership) -> list[PeerGroup]:
    """Groups I was proposed into or proposed, newest first; read through the group, whichever school I am in."""
    return list(_groups().filter(members__membership=membership).order_by("-created_at", "-id")[:20])


def get_peer_group(*, membership, pk) -> PeerGroup:
    """Only the group's own members read it; to anyone else, a leader included, it does not exist."""
    return _get(
        _groups()
        .filter(members__membership=membership)
        .prefetch_related(Prefetch("visits", queryset=PeerVisit.objects.select_related("host__user", "visitor__user"))),
        pk=pk,
    )


@dataclass(frozen=True)
class PlannedVisit:
    host: Membership
    visitor: Membership
    visit: PeerVisit | None


def peer_group_plan(group: PeerGroup) -> list[PlannedVisit]:
    """Every member hosts once and visits each of the others: n × (n − 1) visits, in member order."""
    people = [m.membership for m in group.members.all()]
    done = {(v.host_id, v.visitor_id): v for v in group.visits.all()}
    return [
        PlannedVisit(host=host, visitor=visitor, visit=done.get((host.pk, visitor.pk)))
        for host in people
        for visitor in people
        if visitor.pk != host.pk
    ]


# ---- Home ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeCard:
    to_observe: list  # invitations waiting for my notes
    to_discuss: list  # my observations with notes, awaiting the conversation
    visits: list  # my upcoming open-classroom visits
    to_record: list  # visits that happened and wait for "what I will try"

    def __bool__(self) -> bool:
        return bool(self.to_observe or self.to_discuss or self.visits or self.to_record)


def home_card(*, membership) -> HomeCard | None:
    """What peer learning asks of this person now; None when nothing does (the Home page then shows no card)."""
    open_ones = list(
        _with_people(
            Observation.objects.filter(
                Q(observer=membership, status=Observation.Status.INVITED)
                | Q(observed=membership, status=Observation.Status.WRITTEN),
                school=membership.school_id,
            )
        ).order_by("planned_on", "id")[:10]
    )
    now = timezone.now()
    bookings = list(
        SlotBooking.objects.filter(visitor=membership, visited_at__isnull=True, slot__cancelled_at__isnull=True)
        .select_related("slot__host__user", "slot__school")
        .order_by("slot__starts_at", "id")[:10]
    )
    card = HomeCard(
        to_observe=[o for o in open_ones if o.observer_id == membership.pk],
        to_discuss=[o for o in open_ones if o.observed_id == membership.pk],
        visits=[b for b in bookings if b.slot.starts_at > now],
        to_record=[b for b in bookings if b.slot.starts_at <= now],
    )
    return card or None
