"""Reads for appraisal, always scoped to the school of the person asking and then to what they may read.

"Not yours" and "does not exist" are the same 404: the get_visible_* selectors raise Http404 for both, so an
appraisal's id tells nobody else anything.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership, User
from staffroom.accounts.roles import SchoolRole, StaffGroup
from staffroom.frameworks.models import Descriptor, Standard
from staffroom.frameworks.selectors import descriptor_choices_for_school
from staffroom.learning.models import Activity, Evidence
from staffroom.organisations.calendar import school_today

from . import policies, rules
from .models import (
    AccessLog,
    Appraisal,
    AppraisalCycle,
    CheckIn,
    Objective,
    OutcomeStatement,
    Reviewer,
    ReviewMeeting,
    SelfRating,
    SelfReview,
    Stage,
    SupportTheme,
)

# ---- years and cycles -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearChoice:
    year_start: int
    label: str
    is_current: bool
    asked_for_junk: bool


def chosen_year(*, school, raw) -> YearChoice:
    """The academic year a page shows: the one asked for with ?year=, or else always the current one."""
    current = rules.current_year_start(school)
    year = rules.parse_year(raw) if raw not in (None, "") else current
    junk = year is None
    year = current if junk else year
    return YearChoice(
        year_start=year, label=rules.year_label(school, year), is_current=year == current, asked_for_junk=junk
    )


def year_options(*, school, chosen: int) -> list[tuple[int, str]]:
    """Years with a cycle, the current year and the one chosen, newest first."""
    years = set(AppraisalCycle.objects.filter(school=school).values_list("year_start", flat=True))
    years |= {rules.current_year_start(school), chosen}
    return [(y, rules.year_label(school, y)) for y in sorted(years, reverse=True)]


def _cycles():
    return AppraisalCycle.objects.select_related(
        "school", "teacher_framework", "support_framework", "headteacher_framework"
    ).prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("due_on", "opens_on", "id")))


def get_cycle(*, school, year_start: int) -> AppraisalCycle | None:
    return _cycles().filter(school=school, year_start=year_start).first()


def get_cycle_for_management(*, school, pk) -> AppraisalCycle:
    try:
        return _cycles().get(school=school, pk=pk)
    except (AppraisalCycle.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_stage_for_management(*, school, pk) -> Stage:
    try:
        return Stage.objects.select_related("cycle").get(school=school, pk=pk)
    except (Stage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def outcome_statements(*, school):
    return OutcomeStatement.objects.filter(school=school).annotate(
        used=Exists(Appraisal.objects.filter(outcome_statement=OuterRef("pk")))
    )


def year_from_form(*, school, raw) -> int:
    """A year posted by one of our forms, or the current year for anything else."""
    return rules.parse_year(raw) or rules.current_year_start(school)


def get_outcome_statement(*, school, pk) -> OutcomeStatement:
    try:
        return OutcomeStatement.objects.get(school=school, pk=pk)
    except (OutcomeStatement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# ---- appraisals as their readers see them ---------------------------------------------------------------------


def _reviewers():
    return Prefetch(
        "reviewers", queryset=Reviewer.objects.select_related("membership__user").order_by("assigned_at", "id")
    )


def _appraisals():
    return Appraisal.objects.select_related(
        "school",
        "appraisee__user",
        "outcome_statement",
        "cycle__teacher_framework",
        "cycle__support_framework",
        "cycle__headteacher_framework",
    ).prefetch_related(_reviewers())


def get_visible_appraisal(*, membership, pk) -> Appraisal:
    """The appraisal if this person may read it; otherwise 404, whether it exists elsewhere or not at all."""
    try:
        appraisal = _appraisals().get(pk=pk, school=membership.school)
    except (Appraisal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policies.can_view_appraisal(membership, appraisal):
        raise Http404
    return appraisal


def get_reviewer_for_management(*, school, pk) -> Reviewer:
    try:
        return Reviewer.objects.select_related("appraisal__school", "membership__user").get(school=school, pk=pk)
    except (Reviewer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_appraisal_for_management(*, school, pk) -> Appraisal:
    """For assigning reviewers: names and roles only, never the appraisal's contents."""
    try:
        return _appraisals().get(pk=pk, school=school)
    except (Appraisal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _check_ins():
    return Prefetch("check_ins", queryset=CheckIn.objects.select_related("author").order_by("created_at", "id"))


def _linked_activities():
    """Linked learning as its readers see it: reflections, the follow-up and the files."""
    return (
        Activity.objects.select_related("follow_up")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("-date", "-id")
    )


def _evidence():
    return Prefetch("evidence", queryset=_linked_activities())


def get_visible_objective(*, membership, pk) -> Objective:
    try:
        objective = (
            Objective.objects.select_related(
                "subject",
                "plan_priority__plan",
                "carried_from",
                "appraisal__school",
                "appraisal__appraisee__user",
                "appraisal__cycle__teacher_framework",
                "appraisal__cycle__support_framework",
                "appraisal__cycle__headteacher_framework",
            )
            .prefetch_related(
                Prefetch("appraisal__reviewers", queryset=Reviewer.objects.select_related("membership__user")),
                Prefetch("descriptors", queryset=Descriptor.objects.select_related("standard", "career_stage")),
                _check_ins(),
                _evidence(),
            )
            .get(pk=pk, school=membership.school)
        )
    except (Objective.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policies.can_view_appraisal(membership, objective.appraisal):
        raise Http404
    return objective


def carried_history(*, objective: Objective) -> list[Objective]:
    """The objective's earlier years, newest first, each with its check-ins: read-only history."""
    history = []
    earlier_id = objective.carried_from_id
    seen = {objective.pk}
    while earlier_id and earlier_id not in seen:
        seen.add(earlier_id)
        earlier = (
            Objective.objects.select_related("appraisal__cycle")
            .prefetch_related(_check_ins())
            .filter(pk=earlier_id, school_id=objective.school_id)
            .first()
        )
        if earlier is None:
            break
        history.append(earlier)
        earlier_id = earlier.carried_from_id
    return history


def get_visible_review(*, membership, pk) -> ReviewMeeting:
    try:
        review = (
            ReviewMeeting.objects.select_related(
                "stage",
                "reviewer_signed_by",
                "approved_by",
                "appraisal__school",
                "appraisal__cycle",
                "appraisal__appraisee__user",
                "appraisal__outcome_statement",
            )
            .prefetch_related(
                Prefetch("appraisal__reviewers", queryset=Reviewer.objects.select_related("membership__user"))
            )
            .get(pk=pk, school=membership.school)
        )
    except (ReviewMeeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policies.can_view_appraisal(membership, review.appraisal):
        raise Http404
    return review


def _active_objectives_count():
    return Coalesce(
        Subquery(
            Objective.objects.filter(appraisal=OuterRef("pk"), status=Objective.Status.ACTIVE)
            .values("appraisal")
            .annotate(n=Count("id"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _rated_count():
    return Coalesce(
        Subquery(
            SelfRating.objects.filter(self_review__appraisal=OuterRef("pk"))
            .exclude(level="")
            .values("self_review")
            .annotate(n=Count("id"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _with_progress(qs):
    return qs.annotate(
        active_objectives=_active_objectives_count(),
        has_objectives=Exists(Objective.objects.filter(appraisal=OuterRef("pk")).exclude(status="withdrawn")),
        rated_standards=_rated_count(),
    ).prefetch_related(Prefetch("reviews", queryset=ReviewMeeting.objects.select_related("stage")))


def attach_progress(appraisals, *, cycle, today: datetime.date):
    """Sets .progress (stage by stage) and .due (the first stage due) on each appraisal, from prefetched rows."""
    stages = list(cycle.stages.all())
    for appraisal in appraisals:
        reviews = {r.stage_id: r for r in appraisal.reviews.all()}
        appraisal.progress = rules.stage_progress(
            stages=stages, reviews_by_stage=reviews, has_objectives=appraisal.has_objectives, today=today
        )
        appraisal.due = rules.first_due(appraisal.progress)
        appraisal.reviews_total = sum(1 for p in appraisal.progress if p.stage.kind in rules.REVIEW_KINDS)
        appraisal.reviews_done = sum(1 for p in appraisal.progress if p.state == rules.State.DONE)
    return appraisals


def my_appraisal(*, membership, cycle) -> Appraisal | None:
    return _with_progress(_appraisals().filter(cycle=cycle, appraisee=membership)).first()


def appraisals_i_review(*, membership, cycle):
    return list(
        _with_progress(_appraisals().filter(cycle=cycle, reviewers__membership=membership)).order_by(
            "appraisee__user__last_name", "appraisee__user__first_name", "id"
        )
    )


def staff_appraisals_for_head(*, membership, cycle):
    """Every staff appraisal in the cycle, for a headteacher who reads them (never a head's appraisal)."""
    if not membership.has_role(SchoolRole.HEADTEACHER):
        return []
    return list(
        _with_progress(
            _appraisals().filter(cycle=cycle, kind=Appraisal.Kind.STAFF).exclude(appraisee=membership)
        ).order_by("appraisee__user__last_name", "appraisee__user__first_name", "id")
    )


def awaiting_my_approval(*, membership, cycle):
    signed = ReviewMeeting.objects.filter(
        appraisal__cycle=cycle,
        appraisee_signed_at__isnull=False,
        reviewer_signed_at__isnull=False,
        approved_at__isnull=True,
    ).select_related("stage", "appraisal__appraisee__user")
    as_head = Q(appraisal__kind=Appraisal.Kind.STAFF) & ~Q(appraisal__appraisee=membership)
    as_governor = Q(
        appraisal__kind=Appraisal.Kind.HEADTEACHER,
        appraisal__reviewers__membership=membership,
        appraisal__reviewers__role=Reviewer.Role.GOVERNOR,
    )
    if membership.has_role(SchoolRole.HEADTEACHER):
        return list(signed.filter(as_head | as_governor).distinct().order_by("stage__due_on", "id"))
    return list(signed.filter(as_governor).distinct().order_by("stage__due_on", "id"))


def appraisal_page(*, appraisal: Appraisal):
    """The objectives (with what the list shows) and reviews of one appraisal."""
    objectives = (
        appraisal.objectives.select_related("subject", "plan_priority__plan", "carried_from__appraisal__cycle")
        .prefetch_related(Prefetch("descriptors", queryset=Descriptor.objects.select_related("standard")))
        .annotate(check_in_count=Count("check_ins", distinct=True), evidence_count=Count("evidence", distinct=True))
        .order_by("order", "id")
    )
    reviews = appraisal.reviews.select_related("stage").order_by("stage__due_on", "stage__opens_on", "stage_id")
    return list(objectives), list(reviews)


def record_objectives(*, appraisal: Appraisal):
    """Everything the PDF shows of each objective."""
    return list(
        appraisal.objectives.select_related("subject", "plan_priority__plan", "carried_from__appraisal__cycle")
        .prefetch_related(
            Prefetch("descriptors", queryset=Descriptor.objects.select_related("standard")),
            _check_ins(),
            Prefetch("evidence", queryset=Activity.objects.select_related("follow_up").order_by("-date", "-id")),
        )
        .order_by("order", "id")
    )


def record_reviews(*, appraisal: Appraisal):
    return list(
        appraisal.reviews.select_related("stage", "reviewer_signed_by", "approved_by").order_by(
            "stage__due_on", "stage__opens_on", "stage_id"
        )
    )


def self_review_of(*, appraisal: Appraisal) -> SelfReview | None:
    return (
        SelfReview.objects.filter(appraisal=appraisal)
        .select_related("framework", "career_stage")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=SelfRating.objects.select_related("standard").prefetch_related(_evidence()),
            ),
            _evidence(),
        )
        .first()
    )


def self_review_summary(*, appraisal: Appraisal) -> SelfReview | None:
    """The self-review with .rated set: how many standards have a rating so far."""
    return (
        SelfReview.objects.filter(appraisal=appraisal)
        .select_related("framework", "career_stage")
        .annotate(rated=Count("ratings", filter=~Q(ratings__level="")))
        .first()
    )


def standard_count(*, framework_id: int | None) -> int:
    return Standard.objects.filter(framework_id=framework_id).count() if framework_id else 0


def activities_by_standard(*, activities, standards) -> dict[int, list]:
    """For each standard, the activities whose linked descriptors belong to it: suggestions, not choices made."""
    wanted = {s.pk for s in standards}
    result: dict[int, list] = {}
    for activity in activities:
        for standard_id in {d.standard_id for d in activity.descriptors.all()} & wanted:
            result.setdefault(standard_id, []).append(activity)
    return result


def standards_for(*, framework):
    return (
        Standard.objects.filter(framework=framework)
        .select_related("domain")
        .prefetch_related(Prefetch("descriptors", queryset=Descriptor.objects.order_by("order")))
        .order_by("order")
    )


def descriptor_choices(*, appraisal: Appraisal, cycle, keep=()):
    """Descriptors an objective may link to: the appraisee's framework for the cycle, else the school's choices,
    and whatever it already links to (carried over from another framework, say), so that saving keeps them."""
    framework_id = rules.framework_id_for(appraisal, cycle)
    qs = descriptor_choices_for_school(school=appraisal.school)
    if framework_id:
        qs = qs.filter(framework_id=framework_id)
    keep = list(keep)
    if not keep:
        return qs
    return (
        Descriptor.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk__in=keep))
        .select_related("standard", "framework", "career_stage")
        .order_by("framework__name", "framework_id", "order")
    )


# ---- evidence from My learning ---------------------------------------------------------------------------------


def evidence_candidates(*, appraisal: Appraisal, since: datetime.date | None = None, keep=()):
    """The appraisee's own learning at this school, newest first: only ever their own record."""
    qs = Activity.objects.filter(school=appraisal.school_id, owner_id=appraisal.appraisee.user_id)
    if since is not None:
        qs = qs.filter(Q(date__gte=since) | Q(pk__in=list(keep)))
    return qs.prefetch_related("descriptors").order_by("-date", "-id")


def evidence_file_for(*, appraisal: Appraisal, pk) -> Evidence:
    """A file of an activity the appraisee linked to this appraisal (an objective or the self-review)."""
    linked = (
        Q(activity__appraisal_objectives__appraisal=appraisal)
        | Q(activity__in=SelfReview.evidence.through.objects.filter(selfreview__appraisal=appraisal).values("activity"))
        | Q(
            activity__in=SelfRating.evidence.through.objects.filter(
                selfrating__self_review__appraisal=appraisal
            ).values("activity")
        )
    )
    try:
        return (
            Evidence.objects.filter(
                linked,
                school=appraisal.school_id,
                activity__owner_id=appraisal.appraisee.user_id,
            )
            .distinct()
            .get(pk=pk)
        )
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# ---- running the cycle ------------------------------------------------------------------------------------------


def cycle_appraisals(*, cycle):
    return list(
        _appraisals()
        .filter(cycle=cycle)
        .select_related("appraisee__line_manager__user")
        .order_by("appraisee__user__last_name", "appraisee__user__first_name", "id")
    )


def staff_without_appraisal(*, cycle):
    has_one = Appraisal.objects.filter(cycle=cycle, appraisee=OuterRef("pk"))
    return (
        Membership.objects.active()
        .staff()
        .filter(school=cycle.school_id)
        .exclude(Exists(has_one))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )


def appraiser_candidates(*, school):
    """Active staff who may appraise a colleague (never governors or advisers)."""
    return (
        Membership.objects.active()
        .staff()
        .filter(school=school)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )


def panel_candidates(*, school, also=None):
    """Governors and external advisers, who review the headteacher (and `also`, so that a form can name them)."""
    panel = Q(roles__role__in=[SchoolRole.GOVERNOR, SchoolRole.EXTERNAL_ADVISER])
    return (
        Membership.objects.active()
        .filter(panel | Q(pk=also.pk) if also is not None else panel, school=school)
        .select_related("user")
        .prefetch_related("roles")
        .distinct()
        .order_by("user__last_name", "user__first_name", "id")
    )


# ---- support needs for the CPD coordinator: counts only ---------------------------------------------------------


@dataclass(frozen=True)
class Count_:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class SupportNeeds:
    by_theme: list[Count_]
    by_subject: list[Count_]
    by_group: list[Count_]
    objectives: int
    people: int


STAFF_GROUPS = [StaffGroup.TEACHERS, StaffGroup.TEACHING_ASSISTANTS, StaffGroup.SUPPORT, StaffGroup.MIDDAY]


def support_needs(*, cycle) -> SupportNeeds:
    """Objectives in progress that ask for support, counted three ways. No text and no names ever leave here.

    The headteacher's own appraisal is left out: its panel is the governors, and a count of one would say
    what the head asked for.
    """
    base = Objective.objects.filter(
        appraisal__cycle=cycle, appraisal__kind=Appraisal.Kind.STAFF, status=Objective.Status.ACTIVE
    ).exclude(support_needed="", support_theme="")
    themes = dict(base.order_by().values_list("support_theme").annotate(n=Count("id")))
    by_theme = [Count_(t.value, str(t.label), themes.get(t.value, 0)) for t in SupportTheme]
    if themes.get(""):
        by_theme.append(Count_("", _("No theme chosen"), themes[""]))
    subjects = base.order_by().values("subject__slug", "subject__name").annotate(n=Count("id"))
    by_subject = sorted(
        (Count_(r["subject__slug"] or "", r["subject__name"] or _("No subject"), r["n"]) for r in subjects),
        key=lambda c: (-c.count, c.key == "", c.label),
    )
    groups = dict(base.order_by().values_list("appraisal__appraisee__staff_group").annotate(n=Count("id")))
    by_group = [Count_(g.value, str(g.label), groups.get(g.value, 0)) for g in STAFF_GROUPS]
    totals = base.aggregate(objectives=Count("id"), people=Count("appraisal", distinct=True))
    return SupportNeeds(
        by_theme=by_theme,
        by_subject=by_subject,
        by_group=by_group,
        objectives=totals["objectives"],
        people=totals["people"],
    )


# ---- who has opened an appraisal ---------------------------------------------------------------------------------


def access_entries(*, appraisal: Appraisal, exclude_user=None):
    entries = AccessLog.objects.filter(appraisal=appraisal)
    if exclude_user is not None:
        entries = entries.exclude(user=exclude_user)
    return entries.select_related("user").order_by("-at", "-id")


@dataclass(frozen=True)
class Visitor:
    name: str
    opened: int
    changed: int
    exported: int
    last: datetime.datetime


def access_summary(*, appraisal: Appraisal, exclude_user=None) -> list[Visitor]:
    """Each person who has opened, changed or downloaded the appraisal, with how often and when last."""
    entries = AccessLog.objects.filter(appraisal=appraisal)
    if exclude_user is not None:
        entries = entries.exclude(user=exclude_user)
    rows = (
        entries.order_by()
        .values("user")
        .annotate(
            opened=Count("id", filter=Q(action=AccessLog.Action.VIEWED)),
            changed=Count("id", filter=Q(action=AccessLog.Action.CHANGED)),
            exported=Count("id", filter=Q(action=AccessLog.Action.EXPORTED)),
            last=Max("at"),
        )
    )
    rows = list(rows)
    users = User.objects.in_bulk([r["user"] for r in rows if r["user"]])
    return sorted(
        (
            Visitor(
                name=users[r["user"]].display_name if r["user"] in users else _("Someone who has left"),
                opened=r["opened"],
                changed=r["changed"],
                exported=r["exported"],
                last=r["last"],
            )
            for r in rows
        ),
        key=lambda v: v.last,
        reverse=True,
    )


# ---- Home and navigation -----------------------------------------------------------------------------------------


def takes_part(*, membership) -> bool:
    """Whether this person has an appraisal or reviews one at their school, in any year."""
    return Appraisal.objects.filter(
        Q(appraisee=membership) | Q(reviewers__membership=membership), school=membership.school_id
    ).exists()


@dataclass(frozen=True)
class HomeCard:
    year_label: str
    own: Appraisal | None
    own_due: rules.StageProgress | None
    reviewing: int
    reviewing_due: rules.StageProgress | None
    reviewing_due_count: int


def home_card(*, membership, today: datetime.date | None = None) -> HomeCard | None:
    """What is due next in this year's appraisal, for the appraisee and for their reviewers; None if neither."""
    school = membership.school
    cycle = get_cycle(school=school, year_start=rules.current_year_start(school))
    if cycle is None:
        return None
    today = today or school_today(school)
    own = my_appraisal(membership=membership, cycle=cycle)
    reviewing = appraisals_i_review(membership=membership, cycle=cycle)
    if own is None and not reviewing:
        return None
    attach_progress([own, *reviewing] if own else reviewing, cycle=cycle, today=today)
    due = [a.due for a in reviewing if a.due is not None]
    earliest = min(due, key=lambda p: p.stage.due_on) if due else None
    return HomeCard(
        year_label=rules.year_label(school, cycle.year_start),
        own=own,
        own_due=own.due if own else None,
        reviewing=len(reviewing),
        reviewing_due=earliest,
        reviewing_due_count=sum(1 for p in due if earliest and p.stage.pk == earliest.stage.pk),
    )


JUST_CHANGED = datetime.timedelta(seconds=30)


def just_changed_by(*, user, appraisal) -> bool:
    """Whether this person's latest entry in the access log is a change made moments ago."""
    latest = (
        AccessLog.objects.filter(appraisal=appraisal, user=user)
        .order_by("-at", "-id")
        .values_list("action", "at")
        .first()
    )
    return latest is not None and latest[0] == AccessLog.Action.CHANGED and latest[1] >= timezone.now() - JUST_CHANGED
