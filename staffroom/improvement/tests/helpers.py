from dataclasses import dataclass

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.improvement.models import Action, ImprovementPlan, Priority, SubPlan
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.organisations.models import Subject
from staffroom.testing.factories import SchoolFactory, make_member


@dataclass
class World:
    school: object
    head: Membership
    lead: Membership
    owner: Membership
    collaborator: Membership
    other: Membership
    governor: Membership
    outsider: Membership
    plan: ImprovementPlan
    priority: Priority
    sub_plan: SubPlan
    action: Action


def this_year(school) -> int:
    return academic_year(school_today(school), school.academic_year_start_month).start.year


def make_plan(school, *, year_start=None) -> ImprovementPlan:
    return ImprovementPlan.objects.create(school=school, year_start=year_start or this_year(school))


def make_action(sub_plan, owner, *, title="Improve reading fluency", collaborators=(), **fields) -> Action:
    action = Action.objects.create(school=sub_plan.school, sub_plan=sub_plan, owner=owner, title=title, **fields)
    action.collaborators.set(collaborators)
    return action


def make_world() -> World:
    school = SchoolFactory()
    head = make_member(school, SchoolRole.HEADTEACHER)
    lead = make_member(school, SchoolRole.MIDDLE_LEADER)
    owner = make_member(school, SchoolRole.TEACHING_ASSISTANT)
    collaborator = make_member(school, SchoolRole.TEACHER)
    other = make_member(school, SchoolRole.TEACHER)
    governor = make_member(school, SchoolRole.GOVERNOR)
    outsider = make_member(SchoolFactory(), SchoolRole.HEADTEACHER)
    plan = make_plan(school)
    priority = Priority.objects.create(school=school, plan=plan, title="Reading for pleasure", order=1)
    sub_plan = SubPlan.objects.create(
        school=school, priority=priority, subject=Subject.objects.get(slug="english"), lead=lead
    )
    action = make_action(sub_plan, owner, collaborators=[collaborator])
    return World(school, head, lead, owner, collaborator, other, governor, outsider, plan, priority, sub_plan, action)
