"""Reads for the insight pages: a few grouped queries per page, whatever the number of staff or activities.

Nothing here returns confidential text (reflections, what changed, appraisal records, readiness notes): only
counts, hours, dates, kinds and the titles of activities shared by at least five people.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import StaffGroup
from staffroom.appraisal import rules as appraisal_rules
from staffroom.appraisal.models import AppraisalCycle, Objective, ReviewMeeting
from staffroom.frameworks.models import Standard
from staffroom.improvement.models import Action, ImprovementPlan
from staffroom.learning.models import Activity, ActivityKind, FollowUp
from staffroom.observation.models import CoachingSession
from staffroom.organisations.calendar import Period
from staffroom.organisations.models import School

from .aggregates import MIN_GROUP
from .models import CpdBudget, Spend

REACH_GROUPS = [StaffGroup.TEACHERS, StaffGroup.TEACHING_ASSISTANTS, StaffGroup.SUPPORT, StaffGroup.MIDDAY]
PD_STANDARD_SLUG = "dfe-pd-standard"
EEF_SLUG = "eef-pd-mechanisms"
CLASSROOM_CHANGE_LEVEL = 4  # Guskey 4 (use in practice) and 5 (pupil outcomes) mean the classroom changed


def _staff(school):
    return Membership.objects.active().filter(school=school, staff_group__in=REACH_GROUPS)


def _staff_activities(school_ids, period: Period):
    """Activities recorded at a school by people who are staff there now (the join matches one membership, since
    a person has one per school, so sums are not multiplied)."""
    return Activity.objects.filter(
        school_id__in=school_ids,
        date__range=(period.start, period.end),
        owner__memberships__school=F("school"),
        owner__memberships__is_active=True,
        owner__memberships__staff_group__in=REACH_GROUPS,
    )


# ---- reach -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonReach:
    user_id: int
    group: str
    hours: Decimal
    subject_hours: Decimal
    this_term: int


def reach_by_person(*, school, year: Period, this_term: Period) -> list[PersonReach]:
    staff = dict(_staff(school).values_list("user_id", "staff_group"))
    rows = {
        r["owner_id"]: r
        for r in _staff_activities([school.pk], year)
        .values("owner_id")
        .annotate(
            total_hours=Sum("hours"),
            subj_hours=Sum("hours", filter=Q(subject_specific=True)),
            this_term=Count("id", filter=Q(date__range=(this_term.start, this_term.end))),
        )
    }
    result = []
    for user_id, group in staff.items():
        row = rows.get(user_id, {})
        result.append(
            PersonReach(
                user_id=user_id,
                group=group,
                hours=row.get("total_hours") or Decimal(0),
                subject_hours=row.get("subj_hours") or Decimal(0),
                this_term=row.get("this_term") or 0,
            )
        )
    return result


def nothing_this_term(*, school, this_term: Period):
    recorded = Activity.objects.filter(
        school=school, owner=OuterRef("user"), date__range=(this_term.start, this_term.end)
    )
    return (
        _staff(school)
        .exclude(Exists(recorded))
        .select_related("user")
        .order_by("staff_group", "user__last_name", "user__first_name", "id")
    )


@dataclass(frozen=True)
class SpendSummary:
    budget: Decimal | None
    spent: Decimal
    by_kind: list[tuple[str, Decimal]]
    recent: list[Spend]

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent


def spend_summary(*, school, year: Period, year_start: int, recent: int = 10) -> SpendSummary:
    budget = CpdBudget.objects.filter(school=school, year_start=year_start).values_list("amount", flat=True).first()
    spends = Spend.objects.filter(school=school, spent_on__range=(year.start, year.end))
    by_kind = {r["kind"]: r["total"] for r in spends.values("kind").annotate(total=Sum("amount"))}
    return SpendSummary(
        budget=budget,
        spent=sum(by_kind.values(), Decimal(0)),
        by_kind=[(ActivityKind(k).label, by_kind[k]) for k in ActivityKind.values if k in by_kind],
        recent=list(spends.select_related("recorded_by")[:recent]),
    )


# ---- impact ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpRow:
    owner_id: int
    due_on: datetime.date
    answered_on: datetime.date | None
    level: int | None
    kind: str
    title: str
    activity_date: datetime.date


def follow_ups(*, school, since: datetime.date, until: datetime.date) -> list[FollowUpRow]:
    rows = (
        FollowUp.objects.filter(school=school)
        .filter(Q(due_on__range=(since, until)) | Q(answered_at__date__range=(since, until)))
        .values_list(
            "owner_id", "due_on", "answered_at", "guskey_level", "activity__kind", "activity__title", "activity__date"
        )
    )
    tz = school.tz
    return [
        FollowUpRow(
            owner_id=owner,
            due_on=due,
            answered_on=answered.astimezone(tz).date() if answered else None,
            level=level,
            kind=kind,
            title=title,
            activity_date=activity_date,
        )
        for owner, due, answered, level, kind, title, activity_date in rows
    ]


@dataclass(frozen=True)
class CoachingRow:
    coachee_id: int
    progress: str


def coaching_progress(*, school, year: Period) -> list[CoachingRow]:
    return [
        CoachingRow(coachee_id=c, progress=p)
        for c, p in CoachingSession.objects.filter(school=school, visited_on__range=(year.start, year.end))
        .exclude(previous_progress="")
        .values_list("pair__coachee_id", "previous_progress")
    ]


# ---- quality ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    pk: int
    owner_id: int
    title: str
    date: datetime.date
    hours: Decimal


def programme_activities(*, school, year: Period) -> list[ActivityRow]:
    return [
        ActivityRow(pk=pk, owner_id=o, title=t, date=d, hours=h)
        for pk, o, t, d, h in _staff_activities([school.pk], year).values_list(
            "pk", "owner_id", "title", "date", "hours"
        )
    ]


def pd_tags(*, activity_ids) -> dict[int, set[str]]:
    """For each activity, the codes of the PD standard's parts and EEF mechanisms it is linked to."""
    tags = defaultdict(set)
    through = Activity.descriptors.through
    for activity_id, code in through.objects.filter(
        activity_id__in=activity_ids, descriptor__framework__slug__in=[PD_STANDARD_SLUG, EEF_SLUG]
    ).values_list("activity_id", "descriptor__standard__code"):
        tags[activity_id].add(code)
    return tags


def pd_standards() -> dict[str, list[Standard]]:
    """The current PD standard's parts and the EEF mechanisms (with their groups), by framework slug."""
    result = {PD_STANDARD_SLUG: [], EEF_SLUG: []}
    for standard in (
        Standard.objects.filter(framework__slug__in=result.keys(), framework__is_current=True)
        .select_related("framework", "domain")
        .order_by("framework__slug", "order", "id")
    ):
        result[standard.framework.slug].append(standard)
    return result


# ---- appraisal and plan progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageCount:
    name: str
    opens_on: datetime.date
    due_on: datetime.date
    done: int
    overdue: int
    to_come: int


def appraisal_stage_counts(*, school, year_start: int, today: datetime.date) -> tuple[int, list[StageCount]]:
    """How many appraisals there are this year and, stage by stage, how many are done, overdue or still to come."""
    cycle = AppraisalCycle.objects.filter(school=school, year_start=year_start).first()
    if cycle is None:
        return 0, []
    stages = [s for s in cycle.stages.all() if s.kind in appraisal_rules.REVIEW_KINDS]
    has_objectives = set(
        Objective.objects.filter(appraisal__cycle=cycle)
        .exclude(status="withdrawn")
        .values_list("appraisal_id", flat=True)
    )
    reviews = defaultdict(dict)
    for review in ReviewMeeting.objects.filter(appraisal__cycle=cycle).only(
        "appraisal_id", "stage_id", "appraisee_signed_at", "reviewer_signed_at"
    ):
        reviews[review.appraisal_id][review.stage_id] = review
    appraisal_ids = list(cycle.appraisals.values_list("pk", flat=True))
    counts = {s.pk: {"done": 0, "overdue": 0, "to_come": 0} for s in stages}
    for appraisal_id in appraisal_ids:
        for progress in appraisal_rules.stage_progress(
            stages=stages,
            reviews_by_stage=reviews[appraisal_id],
            has_objectives=appraisal_id in has_objectives,
            today=today,
        ):
            state = progress.state
            key = "done" if state == appraisal_rules.State.DONE else "overdue" if state == "overdue" else "to_come"
            counts[progress.stage.pk][key] += 1
    return len(appraisal_ids), [
        StageCount(name=s.name, opens_on=s.opens_on, due_on=s.due_on, **counts[s.pk])
        for s in sorted(stages, key=lambda s: (s.due_on, s.pk))
    ]


@dataclass(frozen=True)
class PlanCounts:
    has_plan: bool
    by_status: list[tuple[str, str, int]]
    overdue: int
    next_due: datetime.date | None


def plan_counts(*, school, year_start: int, today: datetime.date) -> PlanCounts:
    plan = ImprovementPlan.objects.filter(school=school, year_start=year_start).first()
    if plan is None:
        return PlanCounts(has_plan=False, by_status=[], overdue=0, next_due=None)
    actions = Action.objects.filter(school=school, sub_plan__priority__plan=plan)
    counts = dict(actions.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    open_actions = actions.exclude(status=Action.Status.DONE)
    figures = open_actions.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    next_due = open_actions.filter(due_on__gte=today).order_by("due_on").values_list("due_on", flat=True).first()
    return PlanCounts(
        has_plan=True,
        by_status=[(value, label, counts.get(value, 0)) for value, label in Action.Status.choices],
        overdue=figures["overdue"],
        next_due=next_due,
    )


# ---- network ---------------------------------------------------------------------------------------------------


@dataclass
class SchoolFigures:
    school: School
    staff: int = 0
    hours: Decimal = Decimal(0)
    subject_hours: Decimal = Decimal(0)
    active_this_term: int = 0
    follow_ups_due: int = 0
    follow_ups_answered: int = 0
    classroom_change: int = 0
    budget: Decimal | None = None
    spent: Decimal = Decimal(0)

    @property
    def shown(self) -> bool:
        return self.staff >= MIN_GROUP


def network_figures(*, network, year: Period, this_term: Period, year_start: int, today: datetime.date):
    """Per-school totals for a network: counts and hours only, never anyone's record or name."""
    schools = list(School.objects.filter(network_memberships__network=network).order_by("name", "id"))
    figures = {s.pk: SchoolFigures(school=s) for s in schools}
    ids = list(figures)
    for row in (
        Membership.objects.active()
        .filter(school_id__in=ids, staff_group__in=REACH_GROUPS)
        .values("school_id")
        .annotate(n=Count("id"))
    ):
        figures[row["school_id"]].staff = row["n"]
    for row in (
        _staff_activities(ids, year)
        .values("school_id")
        .annotate(
            total_hours=Sum("hours"),
            subj_hours=Sum("hours", filter=Q(subject_specific=True)),
            active=Count("owner_id", filter=Q(date__range=(this_term.start, this_term.end)), distinct=True),
        )
    ):
        f = figures[row["school_id"]]
        f.hours, f.subject_hours = row["total_hours"] or 0, row["subj_hours"] or 0
        f.active_this_term = row["active"]
    for row in (
        FollowUp.objects.filter(school_id__in=ids, due_on__range=(year.start, min(today, year.end)))
        .values("school_id")
        .annotate(
            due=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            change=Count("id", filter=Q(guskey_level__gte=CLASSROOM_CHANGE_LEVEL)),
        )
    ):
        f = figures[row["school_id"]]
        f.follow_ups_due, f.follow_ups_answered, f.classroom_change = row["due"], row["answered"], row["change"]
    for school_id, amount in CpdBudget.objects.filter(school_id__in=ids, year_start=year_start).values_list(
        "school_id", "amount"
    ):
        figures[school_id].budget = amount
    for row in (
        Spend.objects.filter(school_id__in=ids, spent_on__range=(year.start, year.end))
        .values("school_id")
        .annotate(total=Sum("amount"))
    ):
        figures[row["school_id"]].spent = row["total"]
    return list(figures.values())
