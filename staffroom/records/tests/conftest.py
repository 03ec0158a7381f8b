import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from staffroom.accounts.roles import SchoolRole
from staffroom.core.files import save_private_file
from staffroom.frameworks.models import Descriptor, Domain, Framework, Standard
from staffroom.learning.models import Evidence, GuskeyLevel
from staffroom.observation.models import (
    ActionStep,
    CoachingPair,
    CoachingSession,
    FocusKind,
    Observation,
    ObservationTemplate,
)
from staffroom.records import services
from staffroom.testing.factories import SchoolFactory, SubjectFactory, make_activity, make_member

PDF_BYTES = b"%PDF-1.4\n% evidence of a questioning workshop\n" + bytes(range(256)) + b"\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"certificate-scan" * 10


@pytest.fixture
def oakfield(db):
    return SchoolFactory(name="Oakfield Primary School")


@pytest.fixture
def riverside(db):
    return SchoolFactory(name="Riverside Academy")


@pytest.fixture
def teacher(oakfield):
    return make_member(oakfield, email="teacher@oakfield.example", first_name="Tess", last_name="Teacher")


@pytest.fixture
def head(oakfield):
    return make_member(oakfield, SchoolRole.HEADTEACHER, email="head@oakfield.example", first_name="Helen")


@pytest.fixture
def colleague(oakfield):
    return make_member(oakfield, SchoolRole.SENIOR_LEADER, email="coach@oakfield.example", first_name="Cora")


@pytest.fixture
def newcomer(riverside):
    """The same teacher starting at Riverside, under a new account."""
    return make_member(riverside, email="t.teacher@riverside.example", first_name="Tess", last_name="Teacher")


@pytest.fixture
def riverside_head(riverside):
    return make_member(riverside, SchoolRole.HEADTEACHER, email="head@riverside.example")


@pytest.fixture
def descriptor(db):
    framework = Framework.objects.create(
        slug="teachers-standards",
        name="Teachers' Standards",
        short_name="TS",
        version="2011",
        kind="professional_standards",
    )
    domain = Domain.objects.create(framework=framework, code="1", name="Teaching")
    standard = Standard.objects.create(framework=framework, domain=domain, code="4", name="Plan and teach")
    return Descriptor.objects.create(standard=standard, framework=framework, code="4c", text="Questioning")


def add_evidence(activity, name="workshop-notes.pdf", data=PDF_BYTES, content_type="application/pdf"):
    evidence = Evidence(school=activity.school, activity=activity, uploaded_by=activity.owner)
    save_private_file(evidence, SimpleUploadedFile(name, data), content_type=content_type)
    return evidence


def build_record(teacher, colleague, descriptor, *, activities=2):
    """A record with something of every kind: learning with reflections, follow-ups and evidence, a kept
    observation, coaching and a qualification with its certificate."""
    school = teacher.school
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    made = []
    for n in range(activities):
        activity = make_activity(
            teacher,
            title=f"Questioning workshop {n}",
            date=datetime.date(2025, 10, 1) + datetime.timedelta(days=n),
            hours="3.5",
            subjects=[maths],
            learned="Wait time lets every pupil think.",
            will_try="Count to five before taking answers.",
            pupils="Year 4 maths set 2",
            success_measure="More hands up from quieter pupils.",
        )
        activity.descriptors.set([descriptor])
        follow_up = activity.follow_up
        follow_up.what_changed = "Quieter pupils answered more often."
        follow_up.guskey_level = GuskeyLevel.USE
        follow_up.answered_at = datetime.datetime(2025, 12, 1, 9, 0, tzinfo=datetime.UTC)
        follow_up.save()
        add_evidence(activity, name=f"notes {n}.pdf")
        made.append(activity)
    template = ObservationTemplate.objects.create(school=school, name="Developmental")
    Observation.objects.create(
        school=school,
        observed=teacher,
        observer=colleague,
        template=template,
        focus_kind=FocusKind.OWN,
        focus_text="Questioning to check understanding",
        planned_on=datetime.date(2025, 11, 3),
        lesson="Year 4 fractions",
        status=Observation.Status.COMPLETED,
        responses=[{"prompt": "Notes", "answer": "Every pupil answered on a whiteboard."}],
        conversation_on=datetime.date(2025, 11, 4),
        conversation_notes="We talked about wait time.",
        next_steps="Cold call after thinking time.",
    )
    # An invitation not yet written is not part of the record yet.
    Observation.objects.create(
        school=school,
        observed=teacher,
        observer=colleague,
        focus_kind=FocusKind.OWN,
        focus_text="Not happened yet",
        planned_on=datetime.date(2025, 12, 3),
    )
    step = ActionStep.objects.create(
        school=school, title="Wait three seconds", success="All pupils think first", practice="Rehearse with a timer"
    )
    pair = CoachingPair.objects.create(
        school=school, coach=colleague, coachee=teacher, started_on=datetime.date(2025, 9, 8)
    )
    CoachingSession.objects.create(
        school=school,
        pair=pair,
        visited_on=datetime.date(2025, 9, 15),
        praise="Calm start",
        previous_progress=CoachingSession.Progress.DEVELOPING,
        action_step=step,
        rehearsed=True,
        notes="Practised twice",
    )
    services.add_qualification(
        actor=teacher.user,
        school=school,
        title="NPQ for Leading Teaching",
        awarding_body="Ambition Institute",
        awarded_on=datetime.date(2024, 7, 1),
        certificate=SimpleUploadedFile("npq.png", PNG_BYTES),
    )
    return made


def hours_of(activities):
    return sum((a.hours for a in activities), Decimal("0"))


def build_led_session(leader, *attendees):
    """A past network session `leader` led at their school, hosted by another school, with attendance and
    feedback from `attendees` (the first came, the rest booked but did not)."""
    from staffroom.network.models import Booking, NetworkSession, SessionFeedback
    from staffroom.testing.factories import NetworkFactory, join_network

    host = SchoolFactory(name="Fenbridge Primary")
    network = NetworkFactory()
    join_network(network, leader.school, host)
    starts_at = datetime.datetime(2025, 11, 20, 15, 30, tzinfo=datetime.UTC)
    session = NetworkSession.objects.create(
        network=network,
        school=leader.school,
        leader=leader,
        title="Questioning for all",
        description="Cold call and wait time, rehearsed.",
        host_school=host,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1, minutes=30),
        capacity=20,
        status=NetworkSession.Status.PUBLISHED,
    )
    for n, member in enumerate(attendees):
        booking = Booking.objects.create(
            session=session,
            school=member.school,
            member=member,
            status=Booking.Status.CONFIRMED,
            requested_at=starts_at - datetime.timedelta(days=7),
            attended=n == 0,
        )
        if n == 0:
            SessionFeedback.objects.create(
                booking=booking,
                session=session,
                school=member.school,
                worthwhile=5,
                relevant=4,
                learned=4,
                will_use="Cold calling with my Year 6 class.",
                comments="Private words for the leader.",
            )
    return session
