import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from staffroom.accounts.roles import SchoolRole
from staffroom.core.models import AuditEvent
from staffroom.frameworks.models import Framework
from staffroom.frameworks.services import shipped_framework_files
from staffroom.learning.models import ActivityKind
from staffroom.organisations.calendar import Period, academic_year, academic_year_starting, school_today, terms
from staffroom.testing.factories import SchoolFactory, SubjectFactory, make_activity, make_member

PD_FRAMEWORKS = ("dfe-pd-standard", "eef-pd-mechanisms")


@pytest.fixture(scope="module")
def pd_frameworks(django_db_setup, django_db_blocker):
    paths = [p for p in shipped_framework_files() if p.stem in PD_FRAMEWORKS]
    with django_db_blocker.unblock():
        call_command("load_frameworks", *[str(p) for p in paths], stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        Framework.objects.all().delete()
        AuditEvent.objects.filter(verb__startswith="framework.", school=None).delete()


def last_year(school) -> Period:
    current = academic_year(school_today(school), school.academic_year_start_month)
    return academic_year_starting(current.start.year - 1, school.academic_year_start_month)


def day_in(period: Period, days: int) -> datetime.date:
    return period.start + datetime.timedelta(days=days)


def answer(activity, *, on: datetime.date, level: int) -> None:
    follow_up = activity.follow_up
    follow_up.answered_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    follow_up.guskey_level = level
    follow_up.what_changed = '=HYPERLINK("secret") confidential reflection'
    follow_up.save()


@dataclass
class Reach:
    school: object
    year: Period
    head: object
    cpd: object
    governor: object
    teacher: object
    members: dict


@pytest.fixture
def reach_school(db):
    """Last academic year at one school, with hours a person can add up by hand (see test_reach_figures)."""
    school = SchoolFactory(name="Oakfield", entitlement_hours=Decimal(35), subject_specific_share=50)
    year = last_year(school)
    t1, t2, t3 = terms(year)
    maths = SubjectFactory(name="Mathematics")
    head = make_member(school, SchoolRole.HEADTEACHER)
    members = {
        "A": make_member(school, SchoolRole.TEACHER),
        "B": make_member(school, SchoolRole.TEACHER),
        "C": make_member(school, SchoolRole.TEACHER),
        "D": make_member(school, SchoolRole.TEACHER, SchoolRole.CPD_COORDINATOR),
        "E": make_member(school, SchoolRole.TEACHING_ASSISTANT),
        "F": make_member(school, SchoolRole.TEACHING_ASSISTANT),
        "G": make_member(school, SchoolRole.TEACHING_ASSISTANT),
        "M1": make_member(school, SchoolRole.MIDDAY_STAFF),
        "M2": make_member(school, SchoolRole.MIDDAY_STAFF),
    }
    cpd = members["D"]
    governor = make_member(school, SchoolRole.GOVERNOR)
    make_activity(head, date=day_in(t1, 10), hours="10", subjects=[maths])
    make_activity(members["A"], date=day_in(t3, 10), hours="4")
    make_activity(members["B"], date=day_in(t2, 10), hours="6", subjects=[maths])
    make_activity(members["D"], date=day_in(t3, 12), hours="5", subjects=[maths])
    make_activity(members["E"], date=day_in(t3, 14), hours="3")
    make_activity(members["G"], date=day_in(t1, 20), hours="2")
    make_activity(members["M1"], date=day_in(t3, 20), hours="1")
    # Not counted: a governor's learning, last year's, and learning recorded at another school.
    make_activity(governor, date=day_in(t2, 3), hours="7")
    make_activity(members["C"], date=year.start - datetime.timedelta(days=30), hours="9")
    elsewhere = make_member(SchoolFactory(), SchoolRole.TEACHER)
    make_activity(elsewhere, date=day_in(t2, 3), hours="50")
    return Reach(school=school, year=year, head=head, cpd=cpd, governor=governor, teacher=members["A"], members=members)


def course(member, *, on, title="Questioning workshop", kind=ActivityKind.COURSE, hours="2"):
    return make_activity(member, date=on, title=title, kind=kind, hours=hours)
