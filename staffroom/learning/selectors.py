"""Reads of the learning record, always scoped to a school and, for personal records, to their owner."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, FilteredRelation, Func, Max, Min, OuterRef, Prefetch, Q, Subquery, Sum
from django.http import Http404

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import StaffGroup
from staffroom.core.db import reporting_db
from staffroom.organisations.calendar import Period, academic_year, academic_year_starting

from . import policies
from .models import Activity, Evidence, FollowUp, Visibility


def _with_details(qs):
    return qs.select_related("follow_up").prefetch_related("subjects", "descriptors__standard")


@dataclass(frozen=True)
class ActivityFilters:
    year: Period
    kind: str = ""
    subject_id: int | None = None
    standard_id: int | None = None


def own_activities(*, user, school, filters: ActivityFilters):
    qs = Activity.objects.filter(school=school, owner=user, date__range=(filters.year.start, filters.year.end))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.subject_id:
        qs = qs.filter(subjects__id=filters.subject_id)
    if filters.standard_id:
        qs = qs.filter(descriptors__standard_id=filters.standard_id)
    return _with_details(qs.distinct()).order_by("-date", "-id")


def all_own_activities(*, user, school):
    return (
        _with_details(Activity.objects.filter(school=school, owner=user))
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("-date", "-id")
    )


def years_with_activity(*, user, school, today: datetime.date) -> list[Period]:
    """Academic years from the person's first activity to their last, and the current one, newest first."""
    start_month = school.academic_year_start_month
    span = Activity.objects.filter(school=school, owner=user).aggregate(first=Min("date"), last=Max("date"))
    # An activity may be dated up to a month ahead, so the newest can fall in next academic year.
    first = academic_year(min(span["first"] or today, today), start_month)
    last = academic_year(max(span["last"] or today, today), start_month)
    return [academic_year_starting(y, start_month) for y in range(last.start.year, first.start.year - 1, -1)]


@dataclass(frozen=True)
class HoursSummary:
    total: Decimal
    subject_specific: Decimal
    activities: int
    entitlement: Decimal
    subject_target: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.entitlement - self.total, Decimal(0))


def hours_summary(*, user, school, year: Period) -> HoursSummary:
    totals = Activity.objects.filter(school=school, owner=user, date__range=(year.start, year.end)).aggregate(
        total=Sum("hours"),
        subject=Sum("hours", filter=Q(subject_specific=True)),
        n=Count("id"),
    )
    entitlement = Decimal(school.entitlement_hours)
    return HoursSummary(
        total=totals["total"] or Decimal(0),
        subject_specific=totals["subject"] or Decimal(0),
        activities=totals["n"],
        entitlement=entitlement,
        subject_target=(entitlement * school.subject_specific_share / 100).quantize(Decimal("0.1")),
    )


def get_visible_activity(*, membership, pk) -> Activity:
    """The activity if this person may see it; otherwise 404, whether it exists elsewhere or not at all."""
    try:
        activity = (
            _with_details(Activity.objects.select_related("owner"))
            .prefetch_related("evidence")
            .get(pk=pk, school=membership.school)
        )
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    owner_membership = None
    if activity.owner_id != membership.user_id and activity.visibility == Visibility.LINE_MANAGER:
        owner_membership = Membership.objects.filter(school=membership.school, user_id=activity.owner_id).first()
    if not policies.can_view_activity(membership, activity, owner_membership):
        raise Http404
    return activity


def get_own_activity(*, membership, pk) -> Activity:
    try:
        return (
            _with_details(Activity.objects)
            .prefetch_related("evidence")
            .get(pk=pk, school=membership.school, owner=membership.user)
        )
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visible_evidence(*, membership, pk) -> Evidence:
    try:
        evidence = Evidence.objects.select_related("activity").get(pk=pk, school=membership.school)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    get_visible_activity(membership=membership, pk=evidence.activity_id)
    return evidence


def get_own_follow_up(*, membership, pk) -> FollowUp:
    try:
        return FollowUp.objects.select_related("activity", "school").get(
            pk=pk, school=membership.school, owner=membership.user
        )
    except (FollowUp.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def due_follow_ups(*, user, school, today: datetime.date, limit: int = 10):
    return (
        FollowUp.objects.filter(school=school, owner=user, answered_at__isnull=True, due_on__lte=today)
        .select_related("activity")
        .order_by("due_on", "id")[:limit]
    )


def upcoming_follow_ups(*, user, school, today: datetime.date, limit: int = 5):
    return (
        FollowUp.objects.filter(school=school, owner=user, answered_at__isnull=True, due_on__gt=today)
        .select_related("activity")
        .order_by("due_on", "id")[:limit]
    )


def recent_activities(*, user, school, limit: int = 5):
    return Activity.objects.filter(school=school, owner=user).order_by("-date", "-id")[:limit]


def shared_with_me(*, membership, limit: int = 50):
    """Colleagues' records shared with the whole school, or with me as their line manager."""
    my_reports = Membership.objects.filter(school=membership.school, line_manager=membership).values("user_id")
    return (
        Activity.objects.filter(school=membership.school)
        .exclude(owner=membership.user)
        .filter(Q(visibility=Visibility.SCHOOL) | Q(visibility=Visibility.LINE_MANAGER, owner_id__in=my_reports))
        .select_related("owner")
        .order_by("-date", "-id")[:limit]
    )


STAFF_GROUPS_FOR_REACH = [StaffGroup.TEACHERS, StaffGroup.TEACHING_ASSISTANTS, StaffGroup.SUPPORT, StaffGroup.MIDDAY]


@dataclass(frozen=True)
class GroupHours:
    group: StaffGroup
    people: int
    people_with_learning: int
    hours: Decimal


def school_hours_by_group(*, school, period: Period) -> list[GroupHours]:
    # The period goes into the join itself, so PostgreSQL reads only this term's activities (from the covering
    # index on school, date, owner, hours) rather than every activity the staff have ever recorded.
    in_period = FilteredRelation(
        "user__learning_activities",
        condition=Q(
            user__learning_activities__school=school,
            user__learning_activities__date__range=(period.start, period.end),
        ),
    )
    rows = (
        Membership.objects.active()
        .filter(school=school, staff_group__in=STAFF_GROUPS_FOR_REACH)
        .alias(in_period=in_period)
        .order_by()
        .values("staff_group")
        .annotate(
            people=Count("id", distinct=True),
            with_learning=Count("id", filter=Q(in_period__id__isnull=False), distinct=True),
            hours=Sum("in_period__hours"),
        )
    )
    by_group = {r["staff_group"]: r for r in rows}
    return [
        GroupHours(
            group=g,
            people=by_group.get(g, {}).get("people", 0),
            people_with_learning=by_group.get(g, {}).get("with_learning", 0),
            hours=by_group.get(g, {}).get("hours") or Decimal(0),
        )
        for g in STAFF_GROUPS_FOR_REACH
    ]


def staff_with_nothing_recorded(*, school, period: Period):
    recorded = Activity.objects.filter(school=school, owner=OuterRef("user"), date__range=(period.start, period.end))
    return (
        Membership.objects.active()
        .staff()
        .filter(school=school)
        .annotate(has_learning=Exists(recorded))
        .filter(has_learning=False)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def network_hours_by_school(*, network, period: Period):
    """Each school's recorded hours and active staff in the period: counts only, never anyone's record."""
    # Subqueries rather than joins: joining activities and memberships together would multiply the sums.
    # Func rather than Sum/Count: an aggregate annotation would add a GROUP BY to each subquery, which makes
    # PostgreSQL plan them less well (1.7× the hand-written query on the benchmark; 1.0× without).
    hours = (
        Activity.objects.filter(school=OuterRef("pk"), date__range=(period.start, period.end))
        .order_by()
        .annotate(total=Func(F("hours"), function="SUM"))
        .values("total")
    )
    # order_by(): Membership's default ordering by name would join every member's user row into the count.
    staff = (
        Membership.objects.active()
        .staff()
        .filter(school=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("id"), function="COUNT"))
        .values("n")
    )
    # A network-wide report may read from the replica (staffroom.core.db): it is read-only and never follows a write.
    # Plain rows with only what the report shows: building a hundred School objects cost as much as the query.
    return (
        network.schools.using(reporting_db())
        .annotate(hours=Subquery(hours), staff=Subquery(staff))
        .order_by("name")
        .values("pk", "name", "hours", "staff")
    )
