"""The alliance's termly CPD offer for the demo: sessions led by teachers, teaching assistants and midday staff of
all three schools, some already held (with attendance, learning-record credit and feedback) and some still to
come (with bookings, a waiting list and a request waiting for approval).

Unlike the rest of the builder this goes through the network services, so every row is audited and the rules
(capacity, waiting list, credit) are the real ones. A session is only ever created with a future date, as the
services require; sessions that "have happened" are then moved back to their real date before attendance is
marked, which is the one direct write here. Sessions are found by title, so running the demo again adds nothing.

The done-when session of issue 6 (ta@oakfield proposing one) is deliberately not here: the journey creates it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import StaffGroup
from staffroom.frameworks.models import Descriptor
from staffroom.network import services
from staffroom.network.models import Booking, NetworkSchoolSettings, NetworkSession, SessionFormat
from staffroom.organisations.models import Network, Subject

G = StaffGroup


@dataclass(frozen=True)
class DemoSession:
    title: str
    description: str
    leader: tuple[str, str]  # (school key, post key)
    host: str  # school key
    days: int  # from today; negative = already held
    start: tuple[int, int]
    minutes: int
    capacity: int
    audience: tuple[str, ...] = ()
    phase: str = ""
    subjects: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    format: str = SessionFormat.IN_PERSON
    location: str = ""
    cost: str = "0"
    open_to: tuple[str, ...] = ()  # school keys; empty = the whole alliance
    bookings: int = 0  # how many colleagues from the other schools book


SESSIONS = (
    DemoSession(
        "Calm lunchtimes: zones of regulation on the playground",
        "How our midday team uses the zones of regulation outside the classroom: a shared language for feelings, "
        "the three phrases we all use, and what to do when a game goes wrong. Bring one tricky lunchtime moment.",
        ("oakfield", "midday2"),
        "oakfield",
        -38,
        (13, 15),
        60,
        16,
        audience=(G.MIDDAY, G.TEACHING_ASSISTANTS),
        descriptors=("ta:TA2.b", "eef:EEF-M8", "eef:EEF-M10"),
        location="School hall",
        bookings=7,
    ),
    DemoSession(
        "Bar modelling from Year 5 to Year 8",
        "One representation across the primary–secondary transition: fractions, ratio and equations with bar "
        "models, with worked examples from both phases and time to rehearse explaining them.",
        ("riverside", "hom"),
        "riverside",
        -30,
        (15, 45),
        90,
        20,
        audience=(G.TEACHERS, G.TEACHING_ASSISTANTS),
        subjects=("mathematics",),
        descriptors=("ts:TS3.a", "eef:EEF-M8", "eef:EEF-M10"),
        location="Maths block, room M4",
        bookings=9,
    ),
    DemoSession(
        "Precision teaching for early readers",
        "Five-minute daily precision teaching for pupils who are not yet secure with phonics: choosing the target, "
        "the probe, charting progress, and handing it over to a colleague.",
        ("fenbridge", "y2"),
        "fenbridge",
        -16,
        (15, 45),
        75,
        14,
        audience=(G.TEACHING_ASSISTANTS, G.TEACHERS),
        phase="primary",
        subjects=("phonics-and-early-reading",),
        descriptors=("ta:TA3.b", "eef:EEF-M6", "eef:EEF-M9"),
        location="Library",
        bookings=8,
    ),
    DemoSession(
        "Adaptive teaching for pupils with SEND: a practical toolkit",
        "Scaffolds that fade, chunking instructions and checking for understanding, with examples from our "
        "Year 7 and Year 8 lessons. Online, so that colleagues can join from their own schools.",
        ("riverside", "senco"),
        "riverside",
        -9,
        (16, 0),
        60,
        40,
        audience=(G.TEACHERS, G.TEACHING_ASSISTANTS),
        subjects=("send",),
        descriptors=("ts:TS5.d", "eef:EEF-M1", "eef:EEF-M12"),
        format=SessionFormat.ONLINE,
        location="Teams link sent to everyone booked",
        bookings=10,
    ),
    DemoSession(
        "Retrieval practice that sticks",
        "Low-stakes quizzing, brain dumps and spaced starters that take five minutes and do not add marking. "
        "We will plan one for next week's lessons together.",
        ("fenbridge", "ks2_lead"),
        "fenbridge",
        9,
        (15, 45),
        90,
        18,
        audience=(G.TEACHERS,),
        descriptors=("ts:TS2.b", "eef:EEF-M2", "eef:EEF-M12"),
        location="Year 6 classroom",
        bookings=6,
    ),
    DemoSession(
        "Small-group talk for speech and language",
        "Running short talk groups for pupils with speech and language needs: games, visual prompts and how to "
        "record progress. Led by our speech and language teaching assistant.",
        ("oakfield", "ta_sal"),
        "oakfield",
        11,
        (13, 30),
        60,
        3,
        audience=(G.TEACHING_ASSISTANTS,),
        phase="primary",
        subjects=("send",),
        descriptors=("ta:TA2.d", "eef:EEF-M8"),
        location="Rainbow room",
        bookings=4,
    ),
    DemoSession(
        "Science practicals on a shoestring",
        "Primary science practicals with kit every school already has, and how Key Stage 3 builds on them. "
        "Offered to the two primary schools.",
        ("riverside", "hos"),
        "riverside",
        17,
        (15, 30),
        120,
        12,
        audience=(G.TEACHERS, G.TEACHING_ASSISTANTS),
        phase="primary",
        subjects=("science",),
        descriptors=("ts:TS3.a", "eef:EEF-M8"),
        location="Science lab S2",
        cost="15",
        open_to=("oakfield", "fenbridge"),
        bookings=5,
    ),
    DemoSession(
        "Mentoring early career teachers with the Teachers' Standards",
        "What a good weekly mentor meeting looks like, using the standards to set one small step at a time.",
        ("riverside", "aht_tl"),
        "riverside",
        22,
        (16, 0),
        60,
        25,
        audience=(G.TEACHERS,),
        descriptors=("ts:TS8.b", "eef:EEF-M3", "eef:EEF-M9"),
        format=SessionFormat.ONLINE,
        location="Teams link sent to everyone booked",
        bookings=3,
    ),
)

FEEDBACK = (
    (5, 5, 4, "The phrases to use when a pupil is in the red zone; I tried two of them the next day.", ""),
    (4, 5, 4, "Modelling it first and then handing over to pupils.", "More time to practise would help."),
    (5, 4, 5, "A five-minute routine I can run at the start of every intervention.", "Really practical, thank you."),
    (4, 4, 3, "The checklist for chunking instructions.", ""),
    (3, 3, 3, "One or two of the examples for my group.", "Some of it was familiar already."),
    (5, 5, 5, "All of it: we are planning to use it across our year group.", "Please run it again next term."),
)
ATTENDANCE = 0.85


def seed_network_offer(*, network: Network, people: list, descriptor_ids: dict[str, int]) -> int:
    """Returns how many sessions were created this run."""
    now = timezone.now()
    by_post = {(p.spec.key, p.slot.key): p.membership for p in people if p.membership.is_active}
    schools = {p.spec.key: p.school for p in people}
    # The demo logins keep a clean slate for the journeys, so only the rest of the staff book.
    staff = [
        p.membership
        for p in people
        if p.membership.is_active and p.membership.staff_group != StaffGroup.GOVERNANCE and not p.slot.email
    ]
    reviewer = Membership.objects.filter(user__email="cpdlead@alliance.example", is_active=True).first()
    existing = set(NetworkSession.objects.filter(network=network).values_list("title", flat=True))
    wanted = [s for s in SESSIONS if s.title not in existing and s.leader in by_post and reviewer is not None]
    if not wanted:
        return 0
    subjects = {s.slug: s for s in Subject.objects.all()}
    keys = {k for s in wanted for k in s.descriptors if k in descriptor_ids}
    by_pk = Descriptor.objects.in_bulk([descriptor_ids[k] for k in keys])
    descriptors = {k: by_pk[descriptor_ids[k]] for k in keys if descriptor_ids[k] in by_pk}
    created = 0
    with services.emails_suppressed():
        for index, spec in enumerate(wanted):
            leader = by_post[spec.leader]
            session = _create(spec, leader, network, reviewer, schools, subjects, descriptors, now)
            _book(spec, session, leader, staff, index)
            if spec.days < 0:
                _hold(spec, session, leader, now)
            created += 1
        _approval_at_fenbridge(network, by_post, schools)
    return created


def _create(spec, leader, network, reviewer, schools, subjects, descriptors, now) -> NetworkSession:
    host = schools[spec.host]
    # Created a week ahead whatever its real date, since the services refuse a session in the past.
    day = (now + datetime.timedelta(days=max(spec.days, 7))).astimezone(host.tz).date()
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    starts_at = datetime.datetime.combine(day, datetime.time(*spec.start), tzinfo=host.tz)
    data = services.SessionData(
        title=spec.title,
        description=spec.description,
        host_school=host,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=spec.minutes),
        capacity=spec.capacity,
        format=spec.format,
        location=spec.location,
        cost=Decimal(spec.cost),
        audience=list(spec.audience),
        phase=spec.phase,
        subjects=[subjects[s] for s in spec.subjects if s in subjects],
        descriptors=[descriptors[k] for k in spec.descriptors if k in descriptors],
        open_to_schools=[schools[k] for k in spec.open_to if k in schools],
    )
    session = services.propose_session(actor=leader.user, leader=leader, network=network, data=data)
    return services.publish_session(actor=reviewer.user, session=session)


def _book(spec, session, leader, staff, index) -> None:
    open_to = {s.pk for s in session.open_to_schools.all()}
    wanted_groups = set(spec.audience)
    candidates = [
        m
        for m in staff
        if m.school_id != leader.school_id
        and (not open_to or m.school_id in open_to)
        and (not wanted_groups or m.staff_group in wanted_groups)
    ]
    # A different, fixed slice of colleagues for each session.
    start = (index * 7) % max(len(candidates), 1)
    chosen = (candidates[start:] + candidates[:start])[: spec.bookings]
    for member in chosen:
        booking = services.book_place(actor=member.user, member=member, session=session)
        if booking.status == Booking.Status.AWAITING_APPROVAL:
            approver = member.line_manager
            if approver is not None:
                services.decide_booking(actor=approver.user, approver=approver, booking=booking, approve=True)


def _hold(spec, session, leader, now) -> None:
    """Move the session back to its real date, then mark attendance and collect feedback as its leader would."""
    tz = session.host_school.tz
    day = (now + datetime.timedelta(days=spec.days)).astimezone(tz).date()
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    starts_at = datetime.datetime.combine(day, datetime.time(*spec.start), tzinfo=tz)
    NetworkSession.objects.filter(pk=session.pk).update(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=spec.minutes)
    )
    session.refresh_from_db()
    confirmed = list(session.bookings.filter(status=Booking.Status.CONFIRMED).order_by("id"))
    came = confirmed[: max(1, round(len(confirmed) * ATTENDANCE))]
    services.mark_attendance(actor=leader.user, session=session, attended_ids=[b.pk for b in came])
    for n, booking in enumerate(came):
        if n % 4 == 3:
            continue  # not everyone answers
        worthwhile, relevant, learned, will_use, comments = FEEDBACK[(n + session.pk) % len(FEEDBACK)]
        services.give_feedback(
            actor=booking.member.user,
            booking=booking,
            data=services.FeedbackData(
                worthwhile=worthwhile, relevant=relevant, learned=learned, will_use=will_use, comments=comments
            ),
        )


def _approval_at_fenbridge(network, by_post, schools) -> None:
    """Fenbridge asks line managers to approve bookings; one request is left for a manager to decide."""
    head = by_post.get(("fenbridge", "head"))
    fenbridge = schools.get("fenbridge")
    if head is None or fenbridge is None:
        return
    if not NetworkSchoolSettings.objects.filter(school=fenbridge, bookings_need_approval=True).exists():
        services.save_school_settings(actor=head.user, membership=head, bookings_need_approval=True)
    requester = by_post.get(("fenbridge", "y3"))
    session = NetworkSession.objects.filter(network=network, title="Retrieval practice that sticks").first()
    if requester is not None and session is not None and session.leader_id != requester.pk:
        services.book_place(actor=requester.user, member=requester, session=session)
