import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.appraisal.models import Appraisal, AppraisalCycle, Objective, ReviewMeeting, Stage
from staffroom.improvement.models import Action, ImprovementPlan, Priority, SubPlan
from staffroom.insights.models import CpdBudget
from staffroom.network.models import Booking, NetworkSession
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member

from .conftest import course, day_in
from .helpers import csv_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def progress_school(db):
    """This year: six appraisals. Planning (due in the past) is signed off for four of them, with objectives, so four
    done and two overdue; the end-of-year review is still to come for all six. The plan has three actions: one at
    risk and past its date, one on track due later, one done."""
    school = SchoolFactory()
    today = school_today(school)
    year = academic_year(today, school.academic_year_start_month)
    head = make_member(school, SchoolRole.HEADTEACHER)
    cycle = AppraisalCycle.objects.create(school=school, year_start=year.start.year)
    planning = Stage.objects.create(
        school=school,
        cycle=cycle,
        kind=Stage.Kind.PLANNING,
        name="Planning",
        opens_on=today - datetime.timedelta(days=30),
        due_on=today - datetime.timedelta(days=1),
        order=1,
    )
    Stage.objects.create(
        school=school,
        cycle=cycle,
        kind=Stage.Kind.END_OF_YEAR,
        name="End of year",
        opens_on=today + datetime.timedelta(days=100),
        due_on=today + datetime.timedelta(days=120),
        order=2,
    )
    now = timezone.now()
    for index in range(6):
        appraisal = Appraisal.objects.create(school=school, cycle=cycle, appraisee=make_member(school))
        Objective.objects.create(school=school, appraisal=appraisal, title="SECRET objective text")
        if index < 4:
            ReviewMeeting.objects.create(
                school=school,
                appraisal=appraisal,
                stage=planning,
                agreed_record="SECRET agreed record",
                appraisee_signed_at=now,
                reviewer_signed_at=now,
            )
    plan = ImprovementPlan.objects.create(school=school, year_start=year.start.year)
    priority = Priority.objects.create(school=school, plan=plan, title="Reading")
    sub_plan = SubPlan.objects.create(school=school, priority=priority)
    for status, due in (
        ("at_risk", today - datetime.timedelta(days=3)),
        ("on_track", today + datetime.timedelta(days=20)),
        ("done", today - datetime.timedelta(days=9)),
    ):
        Action.objects.create(
            school=school,
            sub_plan=sub_plan,
            title=f"SECRET {status}",
            owner=head,
            status=status,
            due_on=due,
            description="SECRET description",
        )
    return school, head, today


def test_progress_counts_and_dates_only(progress_school, login):
    school, head, today = progress_school
    client = login(head)
    sections = csv_sections(client.get(reverse("insights:progress"), {"format": "csv"}))
    appraisal = sections["Appraisal stages"]
    assert appraisal[1:] == [
        ["Planning", (today - datetime.timedelta(days=1)).isoformat(), "4", "2", "0"],
        ["End of year", (today + datetime.timedelta(days=120)).isoformat(), "0", "0", "6"],
    ]
    assert sections["Improvement plan actions"][1:] == [
        ["Not started", "0"],
        ["On track", "1"],
        ["At risk", "1"],
        ["Done", "1"],
    ]
    body = client.get(reverse("insights:progress")).content.decode()
    assert "Open actions past their date: 1." in body
    assert "SECRET" not in body


def test_fewer_than_five_appraisals_are_not_shown(db, login):
    school = SchoolFactory()
    head = make_member(school, SchoolRole.HEADTEACHER)
    year = academic_year(school_today(school), school.academic_year_start_month)
    cycle = AppraisalCycle.objects.create(school=school, year_start=year.start.year)
    Appraisal.objects.create(school=school, cycle=cycle, appraisee=make_member(school))
    body = login(head).get(reverse("insights:progress")).content.decode()
    assert "Fewer than five appraisals this year" in body


@pytest.fixture
def alliance(db):
    """Two schools in a network: Oak with six staff (hours 2 each, 12 in all), Elm with three (too few to show).
    A third school outside the network is never listed."""
    network = NetworkFactory(name="Alliance")
    oak, elm, outside = SchoolFactory(name="Oak"), SchoolFactory(name="Elm"), SchoolFactory(name="Outside")
    join_network(network, oak, elm)
    lead = make_member(oak, SchoolRole.TEACHER)
    add_network_role(lead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    year = academic_year(school_today(oak), oak.academic_year_start_month)
    oak_staff = [lead] + [make_member(oak) for _ in range(5)]
    for member in oak_staff:
        course(member, on=year.start, hours="2", title="SECRET title")
    for _ in range(3):
        course(make_member(elm), on=year.start, hours="7")
    make_member(outside)
    CpdBudget.objects.create(school=oak, year_start=year.start.year, amount=5000)
    return network, lead, oak_staff, year


def test_network_leads_see_per_school_aggregates_only(alliance, login):
    network, lead, oak_staff, year = alliance
    client = login(lead)
    rows = csv_sections(client.get(reverse("insights:network"), {"format": "csv"}))["Alliance"]
    assert rows[1][:4] == ["Elm", "", "", "35"]
    assert rows[2][:4] == ["Oak", "6", "2", "35"]
    assert rows[2][-2:] == ["5000.00", "0.00"]
    assert len(rows) == 3
    body = client.get(reverse("insights:network")).content.decode()
    assert "Outside" not in body and "SECRET" not in body
    for member in oak_staff:
        assert member.user.display_name not in body.replace(lead.user.display_name, "")
    # Leading a network does not open a school's own insight pages.
    assert client.get(reverse("insights:reach")).status_code == 403
    assert client.get(reverse("insights:index")).url == reverse("insights:network")


def _led_session(network, leader, *, capacity):
    starts_at = timezone.now() - datetime.timedelta(days=3)
    return NetworkSession.objects.create(
        network=network,
        school=leader.school,
        leader=leader,
        title="Phonics for support staff",
        host_school=leader.school,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=capacity,
        status=NetworkSession.Status.PUBLISHED,
    )


def _book(session, member, status=Booking.Status.CONFIRMED):
    return Booking.objects.create(
        session=session, school=member.school, member=member, status=status, requested_at=session.starts_at
    )


def test_each_schools_giving_and_taking_is_counted_even_for_small_schools(alliance, login):
    """Oak leads two published sessions (12 and 8 places) and a proposed one that does not count; Elm (three
    staff: too few for the figures about people, but sessions belong to the school) takes two confirmed places
    and one on the waiting list, and Oak's own booking on its own session is not giving."""
    network, lead, oak_staff, _year = alliance
    elm_staff = list(Membership.objects.filter(school__name="Elm").order_by("id"))
    first, second = _led_session(network, lead, capacity=12), _led_session(network, oak_staff[1], capacity=8)
    proposed = _led_session(network, lead, capacity=30)
    NetworkSession.objects.filter(pk=proposed.pk).update(status=NetworkSession.Status.PROPOSED)
    _book(first, elm_staff[0])
    _book(second, elm_staff[1])
    _book(first, elm_staff[2], status=Booking.Status.WAITING)
    _book(first, oak_staff[2])

    rows = csv_sections(login(lead).get(reverse("insights:network"), {"format": "csv"}))["Alliance: giving and taking"]

    assert rows == [
        ["School", "Sessions led", "Places offered", "Places given to other schools", "Places used at other schools"],
        ["Elm", "0", "0", "0", "2"],
        ["Oak", "2", "20", "2", "0"],
    ]


def test_a_network_not_led_is_a_404_and_junk_is_refused(alliance, login):
    network, lead, _staff, _year = alliance
    other = NetworkFactory()
    client = login(lead)
    assert client.get(reverse("insights:network"), {"network": other.pk}).status_code == 404
    assert client.get(reverse("insights:network"), {"network": "1\x00"}).status_code == 404
    assert client.get(reverse("insights:network"), {"network": network.pk}).status_code == 200


def test_network_queries_stay_flat_as_schools_grow(alliance, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    network, lead, _staff, year = alliance
    client = login(lead)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("insights:network")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for index in range(3):
        school = SchoolFactory()
        join_network(network, school)
        staff = [make_member(school) for _ in range(5)]
        for member in staff:
            course(member, on=day_in(year, index), hours="1")
        _book(_led_session(network, staff[0], capacity=5), lead)
    assert count() == before


def test_progress_queries_stay_flat(progress_school, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school, head, today = progress_school
    client = login(head)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("insights:progress")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    cycle = AppraisalCycle.objects.get(school=school)
    for _ in range(10):
        Appraisal.objects.create(school=school, cycle=cycle, appraisee=make_member(school))
    assert count() == before
