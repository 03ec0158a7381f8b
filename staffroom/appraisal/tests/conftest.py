"""Oakfield's appraisal year, with everyone the confidentiality rules are about, and Riverside next door."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.appraisal import rules, services
from staffroom.appraisal.models import Appraisal, Reviewer, ReviewMeeting, Stage
from staffroom.core.models import AuditEvent
from staffroom.frameworks.models import Descriptor, Framework
from staffroom.frameworks.services import adopt_framework, shipped_framework_files
from staffroom.testing.factories import (
    NetworkFactory,
    SchoolFactory,
    add_network_role,
    join_network,
    make_activity,
    make_member,
)

FRAMEWORKS = (
    "teachers-standards-england",
    "teaching-assistant-standards",
    "headteachers-standards-2020",
    "apst",
)


@pytest.fixture(scope="module")
def frameworks(django_db_setup, django_db_blocker):
    """The frameworks appraisal uses, loaded once per module and removed afterwards (like the learning tests)."""
    paths = [p for p in shipped_framework_files() if p.stem in FRAMEWORKS]
    with django_db_blocker.unblock():
        call_command("load_frameworks", *[str(p) for p in paths], stdout=io.StringIO())
        loaded = {f.slug: f for f in Framework.objects.filter(is_current=True)}
    yield loaded
    with django_db_blocker.unblock():
        Framework.objects.all().delete()
        AuditEvent.objects.filter(verb__startswith="framework.", school=None).delete()


def descriptor(framework, code) -> Descriptor:
    return Descriptor.objects.get(framework=framework, code=code, career_stage=None)


@dataclass
class Oakfield:
    school: object
    head: Membership
    appraiser: Membership
    teacher: Membership
    other: Membership
    cpd: Membership
    admin: Membership
    senior: Membership
    ta: Membership
    governor: Membership
    other_governor: Membership
    adviser: Membership
    river: object
    river_head: Membership
    river_teacher: Membership
    network_lead: Membership
    cycle: object
    appraisal: Appraisal
    head_appraisal: Appraisal
    ta_appraisal: Appraisal
    teachers_standards: Framework

    def review(self, kind=Stage.Kind.MID_YEAR, appraisal=None) -> ReviewMeeting:
        return ReviewMeeting.objects.get(appraisal=appraisal or self.appraisal, stage__kind=kind)

    @property
    def year(self) -> int:
        return self.cycle.year_start


def objective_data(**overrides) -> services.ObjectiveData:
    data = {
        "title": "Use retrieval practice to close gaps in Year 4 times tables",
        "success_criteria": "Most of the class recall 6, 7 and 8 times tables by Easter.",
        "rationale": "Gaps in recall hold back reasoning.",
    }
    data.update(overrides)
    return services.ObjectiveData(**data)


@pytest.fixture
def oak(db, frameworks) -> Oakfield:
    school = SchoolFactory(name="Oakfield Primary")
    for slug in ("teachers-standards-england", "teaching-assistant-standards", "headteachers-standards-2020"):
        adopt_framework(actor=None, school=school, framework=frameworks[slug])
    head = make_member(
        school,
        SchoolRole.HEADTEACHER,
        SchoolRole.SCHOOL_ADMIN,
        email="head@oakfield.example",
        first_name="Helen",
        last_name="Hart",
    )
    appraiser = make_member(
        school,
        SchoolRole.MIDDLE_LEADER,
        email="appraiser@oakfield.example",
        first_name="Arun",
        last_name="Patel",
        line_manager=head,
    )
    teacher = make_member(
        school,
        SchoolRole.TEACHER,
        email="teacher@oakfield.example",
        first_name="Tess",
        last_name="Walker",
        line_manager=appraiser,
    )
    other = make_member(school, SchoolRole.TEACHER, email="other@oakfield.example", line_manager=appraiser)
    cpd = make_member(school, SchoolRole.TEACHER, SchoolRole.CPD_COORDINATOR, email="cpd@oakfield.example")
    admin = make_member(school, SchoolRole.SCHOOL_ADMIN, email="office@oakfield.example")
    senior = make_member(school, SchoolRole.SENIOR_LEADER, email="deputy@oakfield.example", line_manager=head)
    ta = make_member(school, SchoolRole.TEACHING_ASSISTANT, email="ta@oakfield.example", line_manager=appraiser)
    governor = make_member(school, SchoolRole.GOVERNOR, email="governor@oakfield.example")
    other_governor = make_member(school, SchoolRole.GOVERNOR, email="governor2@oakfield.example")
    adviser = make_member(school, SchoolRole.EXTERNAL_ADVISER, email="adviser@oakfield.example")

    river = SchoolFactory(name="Riverside Academy")
    river_head = make_member(river, SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN, email="head@riverside.example")
    river_teacher = make_member(river, SchoolRole.TEACHER, email="teacher@riverside.example")
    network_lead = make_member(river, SchoolRole.TEACHER, email="lead@alliance.example")
    network = NetworkFactory(name="Fenland Learning Alliance")
    join_network(network, school, river)
    add_network_role(network_lead.user, network, NetworkRole.NETWORK_LEAD)

    cycle = services.create_cycle(actor=head.user, school=school, year_start=rules.current_year_start(school))
    services.create_appraisals(actor=head.user, cycle=cycle)
    appraisal = Appraisal.objects.get(cycle=cycle, appraisee=teacher)
    services.assign_reviewer(actor=head.user, appraisal=appraisal, membership=appraiser, role=Reviewer.Role.APPRAISER)
    ta_appraisal = Appraisal.objects.get(cycle=cycle, appraisee=ta)
    services.assign_reviewer(
        actor=head.user, appraisal=ta_appraisal, membership=appraiser, role=Reviewer.Role.APPRAISER
    )
    head_appraisal = Appraisal.objects.get(cycle=cycle, appraisee=head)
    services.assign_reviewer(
        actor=senior.user, appraisal=head_appraisal, membership=governor, role=Reviewer.Role.GOVERNOR
    )
    services.assign_reviewer(
        actor=senior.user, appraisal=head_appraisal, membership=adviser, role=Reviewer.Role.ADVISER
    )
    return Oakfield(
        school=school,
        head=head,
        appraiser=appraiser,
        teacher=teacher,
        other=other,
        cpd=cpd,
        admin=admin,
        senior=senior,
        ta=ta,
        governor=governor,
        other_governor=other_governor,
        adviser=adviser,
        river=river,
        river_head=river_head,
        river_teacher=river_teacher,
        network_lead=network_lead,
        cycle=cycle,
        appraisal=appraisal,
        head_appraisal=head_appraisal,
        ta_appraisal=ta_appraisal,
        teachers_standards=frameworks["teachers-standards-england"],
    )


@pytest.fixture
def objective(oak):
    return services.add_objective(actor=oak.teacher.user, appraisal=oak.appraisal, data=objective_data())


@pytest.fixture
def activity(oak):
    return make_activity(
        oak.teacher,
        title="Retrieval practice twilight",
        learned="Low-stakes quizzes at the start of lessons.",
        will_try="A five-question starter every maths lesson.",
    )


def write_both_sides(oak, review, record="We agreed the objective is on track."):
    """Both sides write their notes and the agreed record, as they would before signing."""
    review = services.save_review_text(
        actor=oak.teacher.user, review=review, part="appraisee_notes", text="Going well.", version=review.version
    )
    review = services.save_review_text(
        actor=oak.appraiser.user, review=review, part="reviewer_notes", text="I agree.", version=review.version
    )
    return services.save_review_text(
        actor=oak.appraiser.user, review=review, part="agreed_record", text=record, version=review.version
    )
