from dataclasses import dataclass
from decimal import Decimal

import pytest

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.evaluation.models import Metric, MetricCohort
from staffroom.organisations.models import Phase
from staffroom.testing.factories import SchoolFactory, make_member


@dataclass
class Oakfield:
    school: object
    head: Membership
    senior: Membership
    middle: Membership
    teacher: Membership
    ta: Membership
    governor: Membership
    other_head: Membership
    attendance: Metric
    disadvantaged: MetricCohort


@pytest.fixture
def oak(db):
    school = SchoolFactory(name="Oakfield Primary", phase=Phase.PRIMARY)
    other = SchoolFactory(name="Riverside")
    attendance = Metric.objects.create(
        school=school, name="Attendance", unit="%", min_value=Decimal(0), max_value=Decimal(100)
    )
    disadvantaged = MetricCohort.objects.create(metric=attendance, name="Disadvantaged")
    middle = make_member(school, SchoolRole.MIDDLE_LEADER)
    attendance.responsible.add(middle)
    return Oakfield(
        school=school,
        head=make_member(school, SchoolRole.HEADTEACHER),
        senior=make_member(school, SchoolRole.SENIOR_LEADER),
        middle=middle,
        teacher=make_member(school, SchoolRole.TEACHER),
        ta=make_member(school, SchoolRole.TEACHING_ASSISTANT),
        governor=make_member(school, SchoolRole.GOVERNOR),
        other_head=make_member(other, SchoolRole.HEADTEACHER),
        attendance=attendance,
        disadvantaged=disadvantaged,
    )
