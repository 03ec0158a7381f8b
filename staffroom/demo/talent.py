"""Demo CPD budgets and spending, aspirations, leadership programmes, readiness and succession plans.

Everything goes through the insights and talent services, so it is audited as in the app. A school that already
has a budget for this year, or a succession plan, is left alone: a second run adds nothing and never undoes what
someone changed while trying the demo. The journey logins (the Oakfield teacher) are left without aspirations so
that recording one is a fresh start.
"""

import datetime
import re
from decimal import Decimal

from staffroom.accounts.models import Membership
from staffroom.insights import services as insights
from staffroom.insights.models import CpdBudget
from staffroom.learning.models import ActivityKind as K
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.organisations.models import School
from staffroom.talent import services as talent
from staffroom.talent.models import KeyRole, Programme, ProgrammeTaken, Readiness, Route, SuccessionPlan

from . import content

BUDGETS = {"oakfield": Decimal("9500"), "riverside": Decimal("32000"), "fenbridge": Decimal("7000")}
# (months into the year, what it paid for, kind, share of the budget)
SPENDING = (
    (0, "Supply cover for the early reading training days", K.COURSE, Decimal("0.12")),
    (1, "Alliance network subscription", K.NETWORK_SESSION, Decimal("0.08")),
    (1, "Instructional coaching programme licence", K.COACHING, Decimal("0.15")),
    (2, "Maths mastery course fees", K.COURSE, Decimal("0.10")),
    (2, "NPQ top-up and study days", K.QUALIFICATION, Decimal("0.07")),
    (3, "Education conference places and travel", K.CONFERENCE, Decimal("0.06")),
)
NPQ_CODES = {
    "NPQLT": Programme.NPQLT,
    "NPQLTD": Programme.NPQLTD,
    "NPQLBC": Programme.NPQLBC,
    "NPQLL": Programme.NPQLL,
    "NPQSL": Programme.NPQSL,
    "NPQH": Programme.NPQH,
    "NPQEL": Programme.NPQEL,
    "NPQEYL": Programme.NPQEYL,
}
# (school key, job title starts with, route, role, aim, years, network visible)
ASPIRATIONS = (
    (
        "oakfield",
        "Deputy headteacher",
        Route.LEADERSHIP,
        KeyRole.HEADTEACHER,
        "Lead a primary school of my own, starting with acting headship cover.",
        3,
        False,
    ),
    (
        "oakfield",
        "Key Stage 2 phase leader",
        Route.LEADERSHIP,
        KeyRole.DEPUTY,
        "Join the senior team and lead the curriculum across Key Stage 2.",
        2,
        True,
    ),
    (
        "oakfield",
        "SENCo and assistant",
        Route.SPECIALIST,
        KeyRole.SENCO,
        "Support SEND provision across the alliance's primary schools.",
        2,
        True,
    ),
    (
        "oakfield",
        "Key Stage 1 phase leader",
        Route.SUBJECT,
        KeyRole.SUBJECT_LEAD,
        "Lead mathematics across the school and coach colleagues in mastery teaching.",
        1,
        False,
    ),
    (
        "oakfield",
        "Class teacher, Year 5",
        Route.PEDAGOGY,
        KeyRole.PHASE_LEAD,
        "Become an expert coach for early career teachers.",
        2,
        False,
    ),
    (
        "riverside",
        "Teacher of mathematics",
        Route.LEADERSHIP,
        KeyRole.SUBJECT_LEAD,
        "Lead a mathematics department, ideally within the alliance.",
        2,
        True,
    ),
    (
        "riverside",
        "Head of English",
        Route.LEADERSHIP,
        KeyRole.ASSISTANT_HEAD,
        "Move into senior leadership with responsibility for literacy across the curriculum.",
        2,
        True,
    ),
    (
        "fenbridge",
        "Deputy headteacher",
        Route.LEADERSHIP,
        KeyRole.HEADTEACHER,
        "Headship in a small rural primary within three years.",
        3,
        True,
    ),
)
JOURNEY_TEACHER = "teacher@oakfield.example"


def seed_budgets_and_talent() -> None:
    schools = {spec.key: School.objects.filter(name=spec.name).first() for spec in content.SCHOOLS}
    for key, school in schools.items():
        if school is not None:
            _budget(key, school)
    if all(schools.values()) and not SuccessionPlan.objects.filter(school=schools["oakfield"]).exists():
        _talent(schools)


def _budget(key: str, school: School) -> None:
    today = school_today(school)
    year = academic_year(today, school.academic_year_start_month)
    if CpdBudget.objects.filter(school=school, year_start=year.start.year).exists():
        return
    head = Membership.objects.filter(school=school, roles__role="headteacher").select_related("user").first()
    actor = head.user if head else None
    budget = BUDGETS.get(key, Decimal("10000"))
    insights.set_budget(actor=actor, school=school, year_start=year.start.year, amount=budget)
    for months, description, kind, share in SPENDING:
        day = min(year.start + datetime.timedelta(days=30 * months + 10), today)
        insights.add_spend(
            actor=actor,
            school=school,
            spent_on=day,
            description=description,
            kind=kind,
            amount=(budget * share).quantize(Decimal("1")),
        )


def _member(school: School, title: str) -> Membership | None:
    return (
        Membership.objects.active()
        .filter(school=school, job_title__startswith=title)
        .exclude(user__email=JOURNEY_TEACHER)
        .select_related("user", "school")
        .order_by("id")
        .first()
    )


def _talent(schools: dict[str, School]) -> None:
    people = {}
    for key, title, route, role, aim, years, visible in ASPIRATIONS:
        member = _member(schools[key], title)
        if member is None:
            continue
        people[(key, title)] = member
        talent.add_aspiration(
            actor=member.user, membership=member, route=route, role=role, aim=aim, timescale_years=years
        )
        talent.set_network_visibility(actor=member.user, membership=member, visible=visible)
    year = school_today(schools["oakfield"]).year
    for spec in content.SCHOOLS:
        for slot in spec.slots:
            match = re.search(r"\((NPQ[A-Z]+)\)", slot.npq or "")
            code = NPQ_CODES.get(match.group(1)) if match else None
            if code is None and slot.npq and "SENCO" in slot.npq.upper():
                code = Programme.NPQSENCO
            member = _member(schools[spec.key], slot.job_title) if code else None
            if member is not None:
                talent.add_programme(
                    actor=member.user,
                    membership=member,
                    programme=code,
                    status=ProgrammeTaken.Status.COMPLETED,
                    year=year - 2,
                )
    oakfield = schools["oakfield"]
    head = Membership.objects.filter(school=oakfield, user__email="head@oakfield.example").select_related("user")
    head = head.first()
    if head is None:
        return
    readiness = (
        (
            "Deputy headteacher",
            KeyRole.HEADTEACHER,
            Readiness.ONE_TWO_YEARS,
            "Led the school well during my secondment; needs more experience of budget setting.",
        ),
        (
            "Key Stage 2 phase leader",
            KeyRole.DEPUTY,
            Readiness.ONE_TWO_YEARS,
            "Strong curriculum thinking; would benefit from leading a whole-school project first.",
        ),
        ("SENCo and assistant", KeyRole.SENCO, Readiness.NOW, "Already runs provision confidently."),
        ("Key Stage 1 phase leader", KeyRole.SUBJECT_LEAD, Readiness.NOW, "Ready to take on mathematics."),
    )
    for title, role, level, notes in readiness:
        member = _member(oakfield, title)
        if member is not None:
            talent.set_readiness(
                actor=head.user, school=oakfield, membership=member, role=role, readiness=level, notes=notes
            )
    deputy = _member(oakfield, "Deputy headteacher")
    plan = talent.create_plan(
        actor=head.user, school=oakfield, role=KeyRole.DEPUTY, title="Deputy headteacher", incumbent=deputy
    )
    for key, title, level in (
        ("oakfield", "Key Stage 2 phase leader", Readiness.ONE_TWO_YEARS),
        ("fenbridge", "Deputy headteacher", Readiness.NOW),
    ):
        member = people.get((key, title))
        if member is not None:
            talent.add_candidate(actor=head.user, plan=plan, membership=member, readiness=level)
    maths = talent.create_plan(
        actor=head.user, school=oakfield, role=KeyRole.SUBJECT_LEAD, title="Mathematics subject lead"
    )
    member = people.get(("oakfield", "Key Stage 1 phase leader"))
    if member is not None:
        talent.add_candidate(actor=head.user, plan=maths, membership=member, readiness=Readiness.NOW)
