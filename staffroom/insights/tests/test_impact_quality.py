import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.roles import SchoolRole
from staffroom.frameworks.models import Descriptor
from staffroom.learning.models import ActivityKind
from staffroom.observation.models import ActionStep, CoachingPair, CoachingSession
from staffroom.organisations.calendar import terms
from staffroom.testing.factories import SchoolFactory, make_member

from .conftest import answer, course, day_in, last_year
from .helpers import csv_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def impact_school(db):
    """Last year: in the autumn term six teachers each had a follow-up due; five answered, at levels 1, 2, 4, 4 and 5.
    In the spring term three of them answered coaching follow-ups at level 4: too few people to show."""
    school = SchoolFactory()
    year = last_year(school)
    t1, t2, _t3 = terms(year)
    head = make_member(school, SchoolRole.HEADTEACHER)
    people = [make_member(school, SchoolRole.TEACHER) for _ in range(5)]
    for person, level in zip([head, *people[:4]], [1, 2, 4, 4, 5], strict=True):
        answer(course(person, on=day_in(t1, 7)), on=day_in(t1, 60), level=level)
    course(people[4], on=day_in(t1, 7))  # due in the autumn, never answered
    for person in people[:3]:
        activity = course(person, on=day_in(t2, 7), title="Coaching cycle", kind=ActivityKind.COACHING)
        answer(activity, on=day_in(t2, 60), level=4)
    return school, year, head


def _get(client, name, year, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"year": year.start.year, **extra}.items())
    return client.get(f"{reverse(name)}?{query}")


def test_impact_figures_match_a_hand_count(impact_school, login):
    school, year, head = impact_school
    t1, t2, t3 = terms(year)
    sections = csv_sections(_get(login(head), "insights:impact", year, format="csv"))

    guskey = {row[0]: row[1:] for row in sections["Evidence of impact by level over time"][1:]}
    assert guskey[t1.label] == ["1", "1", "0", "2", "1"]
    assert guskey[t2.label] == ["", "", "", "", ""]  # three people: not shown

    due = {row[0]: row[1:] for row in sections["Follow-ups answered against those due"][1:]}
    assert due[t1.label] == ["6", "5", "83"]
    assert due[t2.label] == ["", "", ""]

    # Coaching (three people) is too small to show alone, so it is carried inside Course: 8 answered, 6 at 4 or 5.
    kinds = sections["Which kinds of activity led to classroom change"]
    assert kinds[1:] == [["Course with other small groups", "8", "8", "6", "75"]]

    programmes = sections["Sessions and programmes taken by five or more people"]
    assert programmes[1:] == [["Questioning workshop", "5", "5", "3", "60"]]


def test_impact_never_shows_what_people_wrote(impact_school, login):
    school, year, head = impact_school
    client = login(head)
    for response in (_get(client, "insights:impact", year), _get(client, "insights:impact", year, format="csv")):
        assert "confidential reflection" not in response.content.decode()


def test_coaching_progress_is_counted_only_for_five_or_more_coachees(impact_school, login):
    school, year, head = impact_school
    step = ActionStep.objects.create(school=school, title="Cold call", success="x", practice="y")
    coach = make_member(school, SchoolRole.SENIOR_LEADER)
    for index in range(5):
        pair = CoachingPair.objects.create(
            school=school, coach=coach, coachee=make_member(school), started_on=year.start
        )
        for progress in ("secure", "developing" if index < 2 else "secure"):
            CoachingSession.objects.create(
                school=school,
                pair=pair,
                visited_on=day_in(year, 30),
                previous_progress=progress,
                action_step=step,
                notes="private notes",
            )
    rows = csv_sections(_get(login(head), "insights:impact", year, format="csv"))[
        "Coaching: how the last action step went"
    ]
    assert rows[1:] == [
        ["Secure: ready for a new step", "8", "80"],
        ["Developing: keep practising", "2", "20"],
        ["Not seen yet", "0", "0"],
    ]


@pytest.fixture
def quality_school(db, pd_frameworks):
    """Five teachers. Hours: 4 linked to PD3 and EEF-M10 (rehearse); 6 linked to PD1 and EEF-M6 (instruct); 10 in a
    strand called "Maths mastery" running across two terms (5 in autumn, 5 in spring) linked to PD4; 4 in a staff
    meeting linked to nothing; total 24."""
    school = SchoolFactory()
    year = last_year(school)
    t1, t2, _t3 = terms(year)
    head = make_member(school, SchoolRole.HEADTEACHER)
    people = [head] + [make_member(school) for _ in range(4)]

    def tag(activity, *codes):
        activity.descriptors.set(Descriptor.objects.filter(code__in=codes))

    tag(course(people[0], on=day_in(t1, 5), title="Rehearsal workshop", hours="4"), "PD3", "EEF-M10")
    tag(course(people[1], on=day_in(t1, 6), title="Behaviour briefing", hours="6"), "PD1", "EEF-M6")
    tag(course(people[2], on=day_in(t1, 7), title="Maths mastery", hours="5"), "PD4")
    tag(course(people[3], on=day_in(t2, 7), title="Maths  Mastery ", hours="5"), "PD4")
    course(people[4], on=day_in(t1, 9), title="Staff meeting", hours="4")
    return school, year, head


def test_quality_profile_matches_a_hand_count(quality_school, login):
    school, year, head = quality_school
    client = login(head)
    sections = csv_sections(_get(client, "insights:quality", year, format="csv"))
    pd = {
        row[0][:3]: row[1:]
        for row in sections["The DfE standard for teachers' professional development: five parts"][1:]
    }
    assert pd["PD1"] == ["1", "6", "25"]
    assert pd["PD3"] == ["1", "4", "17"]
    assert pd["PD4"] == ["2", "10", "42"]
    assert pd["PD5"] == ["0", "0", "0"]
    eef = {
        row[0]: row[1:] for row in sections["The EEF's fourteen mechanisms of effective professional development"][1:]
    }
    assert eef["Rehearse"] == ["Develop teaching techniques", "1", "4", "17"]
    assert eef["Instruct"] == ["Develop teaching techniques", "1", "6", "25"]
    sustained = sections["Sustained over time: at least two terms"]
    assert sustained[1:] == [
        ["In strands running for two terms or more", "10", "42"],
        ["One-off, or within a single term", "14", "58"],
    ]
    body = _get(client, "insights:quality", year).content.decode()
    assert "Little of your programme includes rehearsal or follow-up in the classroom." in body
    assert "Prioritised by school leadership" in body


def test_a_programme_of_fewer_than_five_people_is_not_profiled(db, pd_frameworks, login):
    school = SchoolFactory()
    head = make_member(school, SchoolRole.HEADTEACHER)
    year = last_year(school)
    course(head, on=day_in(year, 3))
    body = _get(login(head), "insights:quality", year).content.decode()
    assert "Fewer than five people recorded learning this year" in body


def test_impact_and_quality_queries_stay_flat(quality_school, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school, year, head = quality_school
    client = login(head)

    def count(name):
        with CaptureQueriesContext(connection) as ctx:
            assert _get(client, name, year).status_code == 200
        return len(ctx.captured_queries)

    before = {name: count(name) for name in ("insights:impact", "insights:quality")}
    for index in range(6):
        member = make_member(school)
        activity = course(member, on=day_in(year, 10 + index), title=f"Session {index}")
        activity.descriptors.set(Descriptor.objects.filter(code__in=["PD2", "EEF-M3"]))
        answer(activity, on=day_in(year, 90), level=3)
    assert {name: count(name) for name in before} == before


def test_a_day_outside_any_year_is_never_asked_for(impact_school, login):
    school, year, head = impact_school
    response = login(head).get(reverse("insights:impact"), {"year": str(datetime.date.today().year + 50)})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_network_sessions_attended_count_as_their_own_kind_and_programme(db, login):
    """Five staff attend one network session; attendance credits each a learning activity of kind network
    session, and four of their five follow-ups report classroom change (levels 4, 4, 4, 5 and 2)."""
    from staffroom.network import services as network_services
    from staffroom.network.models import Booking, NetworkSession
    from staffroom.testing.factories import NetworkFactory, join_network

    school, host = SchoolFactory(), SchoolFactory(name="Fenbridge Primary")
    join_network(network := NetworkFactory(), school, host)
    year = last_year(school)
    t1, _t2, _t3 = terms(year)
    head = make_member(school, SchoolRole.HEADTEACHER)
    leader = make_member(host, SchoolRole.TEACHER)
    starts_at = timezone.make_aware(datetime.datetime.combine(day_in(t1, 7), datetime.time(15)))
    session = NetworkSession.objects.create(
        network=network,
        school=host,
        leader=leader,
        title="Phonics for support staff",
        host_school=host,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=10,
        status=NetworkSession.Status.PUBLISHED,
    )
    people = [head] + [make_member(school, SchoolRole.TEACHER) for _ in range(4)]
    bookings = [
        Booking.objects.create(
            session=session, school=school, member=p, status=Booking.Status.CONFIRMED, requested_at=starts_at
        )
        for p in people
    ]
    network_services.mark_attendance(actor=leader.user, session=session, attended_ids=[b.pk for b in bookings])
    for booking, level in zip(bookings, [4, 4, 4, 5, 2], strict=True):
        booking.refresh_from_db()
        assert booking.activity.kind == ActivityKind.NETWORK_SESSION
        answer(booking.activity, on=day_in(t1, 60), level=level)

    sections = csv_sections(_get(login(head), "insights:impact", year, format="csv"))

    kinds = sections["Which kinds of activity led to classroom change"]
    assert kinds[1:] == [["Network session", "5", "5", "4", "80"]]
    programmes = sections["Sessions and programmes taken by five or more people"]
    assert programmes[1:] == [["Network session: Phonics for support staff", "5", "5", "4", "80"]]
