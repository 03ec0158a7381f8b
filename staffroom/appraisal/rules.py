"""Appraisal rules that need no database: years, default stage dates, which standards apply, stage progress."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from staffroom.accounts.roles import StaffGroup
from staffroom.organisations.calendar import Period, academic_year, academic_year_starting, school_today

from .models import Appraisal, Stage

REVIEW_KINDS = frozenset({Stage.Kind.PLANNING, Stage.Kind.MID_YEAR, Stage.Kind.END_OF_YEAR})
# Two to four objectives is what schools and the research suggest; more is allowed, with a word of warning.
OBJECTIVES_ADVISED = 4
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
# An end-of-year review can slip into the summer holiday or the first weeks of the next year.
STAGE_DATES_AFTER_YEAR = datetime.timedelta(days=92)


def current_year_start(school) -> int:
    return academic_year(school_today(school), school.academic_year_start_month).start.year


def year_period(school, year_start: int) -> Period:
    return academic_year_starting(year_start, school.academic_year_start_month)


def year_label(school, year_start: int) -> str:
    return year_period(school, year_start).label


def parse_year(raw) -> int | None:
    """A year from a query string, or None for anything that is not a plausible academic year."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if EARLIEST_YEAR <= value <= LATEST_YEAR else None


def stage_window(school, year_start: int) -> tuple[datetime.date, datetime.date]:
    period = year_period(school, year_start)
    return period.start, period.end + STAGE_DATES_AFTER_YEAR


def _month(start: datetime.date, months: int) -> datetime.date:
    index = start.month - 1 + months
    return datetime.date(start.year + index // 12, index % 12 + 1, 1)


def _end_of_month(start: datetime.date, months: int) -> datetime.date:
    return _month(start, months + 1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class StageDefault:
    kind: str
    name: str
    opens_on: datetime.date
    due_on: datetime.date


def default_stages(school, year_start: int) -> list[StageDefault]:
    """Planning by the end of the second month, mid-year by the end of the sixth, end-of-year by the middle of
    the eleventh: end of October, end of February and mid-July for a September start."""
    start = year_period(school, year_start).start
    return [
        StageDefault(Stage.Kind.PLANNING, str(Stage.Kind.PLANNING.label), start, _end_of_month(start, 1)),
        StageDefault(Stage.Kind.MID_YEAR, str(Stage.Kind.MID_YEAR.label), _month(start, 4), _end_of_month(start, 5)),
        StageDefault(
            Stage.Kind.END_OF_YEAR,
            str(Stage.Kind.END_OF_YEAR.label),
            _month(start, 9),
            _month(start, 10).replace(day=15),
        ),
    ]


def framework_for(appraisal: Appraisal, cycle):
    """The standards an appraisee reviews themselves against: the head's, the teachers' or the support staff's."""
    if appraisal.kind == Appraisal.Kind.HEADTEACHER:
        return cycle.headteacher_framework or cycle.teacher_framework
    if appraisal.appraisee.staff_group == StaffGroup.TEACHERS:
        return cycle.teacher_framework
    return cycle.support_framework


def framework_id_for(appraisal: Appraisal, cycle) -> int | None:
    if appraisal.kind == Appraisal.Kind.HEADTEACHER:
        return cycle.headteacher_framework_id or cycle.teacher_framework_id
    if appraisal.appraisee.staff_group == StaffGroup.TEACHERS:
        return cycle.teacher_framework_id
    return cycle.support_framework_id


def is_signed_off(review) -> bool:
    return review is not None and review.appraisee_signed_at is not None and review.reviewer_signed_at is not None


def stage_is_done(stage: Stage, review, *, has_objectives: bool) -> bool:
    """A review stage is done once both sides have signed its review; planning needs objectives as well."""
    if stage.kind not in REVIEW_KINDS:
        return False
    if stage.kind == Stage.Kind.PLANNING and not has_objectives:
        return False
    return is_signed_off(review)


class State:
    DONE = "done"
    OVERDUE = "overdue"
    NEXT = "next"
    LATER = "later"
    PASSED = "passed"


STATE_LABELS = {
    State.DONE: gettext_lazy("Done"),
    State.OVERDUE: gettext_lazy("Overdue"),
    State.NEXT: gettext_lazy("Next"),
    State.LATER: gettext_lazy("Later"),
    State.PASSED: gettext_lazy("Date passed"),
}


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    review: object | None
    state: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_due(self) -> bool:
        return self.state in (State.OVERDUE, State.NEXT)


def stage_progress(*, stages, reviews_by_stage: dict, has_objectives: bool, today: datetime.date):
    """Each stage with where this appraisal stands: done, overdue, next (the first still to come) or later."""
    result = []
    next_found = False
    for stage in sorted(stages, key=lambda s: (s.due_on, s.opens_on, s.pk or 0)):
        review = reviews_by_stage.get(stage.pk)
        if stage_is_done(stage, review, has_objectives=has_objectives):
            state = State.DONE
        elif stage.due_on < today:
            state = State.OVERDUE if stage.kind in REVIEW_KINDS else State.PASSED
        elif not next_found:
            state, next_found = State.NEXT, True
        else:
            state = State.LATER
        result.append(StageProgress(stage=stage, review=review, state=state))
    return result


def first_due(progress: list[StageProgress]) -> StageProgress | None:
    return next((p for p in progress if p.is_due), None)


def describe_due(item: StageProgress) -> str:
    from django.utils.formats import date_format

    values = {"stage": item.stage.name, "date": date_format(item.stage.due_on, "j F Y")}
    if item.state == State.OVERDUE:
        return _("%(stage)s was due by %(date)s") % values
    return _("%(stage)s by %(date)s") % values
