import datetime

import pytest
from django.utils import timezone

from staffroom.accounts.roles import SchoolRole
from staffroom.appraisal.models import Appraisal, AppraisalCycle, Reviewer
from staffroom.frameworks.models import Descriptor, Domain, Framework, SchoolFramework, Standard
from staffroom.observation import services
from staffroom.observation.models import Audience, FocusKind, Observation
from staffroom.observation.selectors import current_year_start
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import NetworkFactory, SchoolFactory, join_network, make_member


@pytest.fixture
def school(db):
    return SchoolFactory(name="Oakfield Primary")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Riverside Primary")


@pytest.fixture
def network(school, other_school):
    network = NetworkFactory(name="Valley Teaching Alliance")
    join_network(network, school, other_school)
    return network


@pytest.fixture
def head(school):
    return make_member(school, SchoolRole.HEADTEACHER, email="head@oakfield.example", first_name="Helen")


@pytest.fixture
def line_manager(school):
    return make_member(school, SchoolRole.MIDDLE_LEADER, email="phase@oakfield.example", first_name="Lena")


@pytest.fixture
def teacher(school, line_manager):
    return make_member(
        school, email="teacher@oakfield.example", first_name="Tess", last_name="Teacher", line_manager=line_manager
    )


@pytest.fixture
def colleague(school):
    return make_member(school, email="colleague@oakfield.example", first_name="Colin", last_name="Colleague")


@pytest.fixture
def appraiser(school):
    return make_member(school, SchoolRole.SENIOR_LEADER, email="appraiser@oakfield.example", first_name="Ada")


@pytest.fixture
def bystander(school):
    return make_member(school, email="other@oakfield.example", first_name="Olly")


@pytest.fixture
def outsider(other_school):
    return make_member(other_school, email="teacher@riverside.example", first_name="Rita", last_name="Rivers")


@pytest.fixture
def appraisal(school, teacher, appraiser):
    cycle = AppraisalCycle.objects.create(school=school, year_start=current_year_start(school))
    appraisal = Appraisal.objects.create(school=school, cycle=cycle, appraisee=teacher)
    Reviewer.objects.create(school=school, appraisal=appraisal, membership=appraiser, role=Reviewer.Role.APPRAISER)
    return appraisal


def invite(observed, observer, *, text="Questioning to check understanding", **kwargs) -> Observation:
    return services.invite_observer(
        actor=observed.user,
        observed=observed,
        observer=observer,
        focus=services.Focus(kind=FocusKind.OWN, text=text),
        planned_on=kwargs.pop("planned_on", school_today(observed.school)),
        **kwargs,
    )


def written(observed, observer, notes="Every pupil answered on a mini-whiteboard.") -> Observation:
    observation = invite(observed, observer)
    return services.write_observation(actor=observer.user, observation=observation, answers=[("Notes", notes)])


def completed(observed, observer) -> Observation:
    observation = written(observed, observer)
    return services.record_conversation(
        actor=observed.user,
        observation=observation,
        held_on=school_today(observed.school),
        notes="We talked about wait time.",
        next_steps="Count to five before taking answers.",
    )


def future_slot(host, *, days=3, hour=10, audience=Audience.SCHOOL, capacity=2, minutes=60, **kwargs):
    day = school_today(host.school) + datetime.timedelta(days=days)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)), host.school.tz)
    return services.offer_slot(
        actor=host.user,
        host=host,
        data=services.SlotData(
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=minutes),
            lesson=kwargs.pop("lesson", "Year 4 maths"),
            focus=kwargs.pop("focus", "Mini-whiteboards"),
            audience=audience,
            capacity=capacity,
        ),
    )


@pytest.fixture
def questioning(school, other_school):
    framework = Framework.objects.create(
        slug="ts", name="Teachers' Standards", short_name="TS", version="1", kind="professional_standards"
    )
    domain = Domain.objects.create(framework=framework, code="1", name="Teaching")
    standard = Standard.objects.create(framework=framework, domain=domain, code="S4", name="Plan and teach")
    descriptor = Descriptor.objects.create(standard=standard, framework=framework, code="4c", text="Questioning")
    for s in (school, other_school):
        SchoolFramework.objects.create(school=s, framework=framework)
    return descriptor


def opt_in(membership, *, reach="network", descriptors=(), subjects=(), key_stages=(), opted_in=True):
    return services.save_peer_profile(
        actor=membership.user,
        membership=membership,
        data=services.ProfileData(
            opted_in=opted_in,
            reach=reach,
            group_size=2,
            key_stages=list(key_stages),
            subjects=list(subjects),
            descriptors=list(descriptors),
        ),
    )
