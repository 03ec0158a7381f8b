"""The offer's rules: proposing, publishing, booking within capacity, the waiting list, approval and credit."""

import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from staffroom.learning.models import Activity, ActivityKind, FollowUp
from staffroom.network import services
from staffroom.network.models import Booking, NetworkSchoolSettings, NetworkSession
from staffroom.testing.factories import make_member

from .conftest import published_session, run_session, session_data

pytestmark = pytest.mark.django_db


def test_a_teaching_assistant_proposes_and_the_cpd_lead_publishes(ta, network, cpd_lead):
    session = services.propose_session(actor=ta.user, leader=ta, network=network, data=session_data(ta.school))
    assert session.status == NetworkSession.Status.PROPOSED
    assert session.school == ta.school

    services.publish_session(actor=cpd_lead.user, session=session)

    session.refresh_from_db()
    assert session.status == NetworkSession.Status.PUBLISHED
    assert session.reviewed_by == cpd_lead.user


def test_only_the_cpd_lead_publishes(ta, network, teacher):
    session = services.propose_session(actor=ta.user, leader=ta, network=network, data=session_data(ta.school))
    with pytest.raises(PermissionError):
        services.publish_session(actor=teacher.user, session=session)
    services.publish_session(actor=teacher.user, session=session, authorised_by_caller=True)
    assert NetworkSession.objects.get().status == NetworkSession.Status.PUBLISHED


def test_returning_needs_a_reason_and_an_edit_sends_it_back_for_review(ta, network, cpd_lead):
    session = services.propose_session(actor=ta.user, leader=ta, network=network, data=session_data(ta.school))
    with pytest.raises(ValidationError):
        services.return_session(actor=cpd_lead.user, session=session, reason="  ")
    services.return_session(actor=cpd_lead.user, session=session, reason="Add the room, please.")
    session.refresh_from_db()
    assert session.status == NetworkSession.Status.RETURNED

    services.update_session(actor=ta.user, session=session, data=session_data(ta.school, location="Room 4"))

    session.refresh_from_db()
    assert (session.status, session.location) == (NetworkSession.Status.PROPOSED, "Room 4")


def test_sessions_in_the_past_and_outside_the_network_are_refused(ta, network, outside):
    with pytest.raises(ValidationError) as error:
        services.propose_session(actor=ta.user, leader=ta, network=network, data=session_data(ta.school, days=-1))
    assert "starts_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.propose_session(actor=ta.user, leader=ta, network=network, data=session_data(outside))
    assert "host_school" in error.value.message_dict


def test_someone_cannot_propose_a_session_for_a_colleague(ta, teacher, network):
    with pytest.raises(PermissionError):
        services.propose_session(actor=teacher.user, leader=ta, network=network, data=session_data(ta.school))


def test_capacity_below_bookings_is_refused_and_raising_it_promotes_the_waiting_list(ta, network, cpd_lead, riverside):
    session = published_session(ta, network, cpd_lead, capacity=1)
    first, second = make_member(riverside), make_member(riverside)
    services.book_place(actor=first.user, member=first, session=session)
    waiting = services.book_place(actor=second.user, member=second, session=session)
    assert waiting.status == Booking.Status.WAITING

    with pytest.raises(ValidationError) as error:
        services.update_session(actor=cpd_lead.user, session=session, data=session_data(ta.school, capacity=0))
    assert "capacity" in error.value.message_dict
    services.update_session(
        actor=cpd_lead.user,
        session=session,
        data=session_data(ta.school, capacity=2, starts_at=session.starts_at, ends_at=session.ends_at),
    )

    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_booking_twice_gives_one_booking(ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead)
    first = services.book_place(actor=teacher.user, member=teacher, session=session)
    again = services.book_place(actor=teacher.user, member=teacher, session=session)
    assert first.pk == again.pk
    assert Booking.objects.count() == 1


def test_cancelling_promotes_the_first_on_the_waiting_list(
    ta, network, cpd_lead, riverside, fenbridge, mailoutbox, django_capture_on_commit_callbacks
):
    session = published_session(ta, network, cpd_lead, capacity=1)
    booked, first_waiting, second_waiting = make_member(riverside), make_member(fenbridge), make_member(riverside)
    place = services.book_place(actor=booked.user, member=booked, session=session)
    a = services.book_place(actor=first_waiting.user, member=first_waiting, session=session)
    b = services.book_place(actor=second_waiting.user, member=second_waiting, session=session)
    assert (a.status, b.status) == (Booking.Status.WAITING, Booking.Status.WAITING)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(actor=booked.user, booking=place)

    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, b.status) == (Booking.Status.CONFIRMED, Booking.Status.WAITING)
    assert [m.to for m in mailoutbox] == [[first_waiting.user.email]]


def test_a_cancelled_booking_can_be_made_again_on_the_same_row(ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead)
    booking = services.book_place(actor=teacher.user, member=teacher, session=session)
    services.cancel_booking(actor=teacher.user, booking=booking)
    again = services.book_place(actor=teacher.user, member=teacher, session=session)
    assert again.pk == booking.pk and again.status == Booking.Status.CONFIRMED


def test_past_unpublished_and_closed_sessions_cannot_be_booked(ta, network, cpd_lead, teacher, stranger, riverside):
    proposed = services.propose_session(actor=ta.user, leader=ta, network=network, data=session_data(ta.school))
    with pytest.raises(ValidationError):
        services.book_place(actor=teacher.user, member=teacher, session=proposed)
    past = run_session(published_session(ta, network, cpd_lead))
    with pytest.raises(ValidationError, match="already started"):
        services.book_place(actor=teacher.user, member=teacher, session=past)
    with pytest.raises(PermissionError):
        services.book_place(actor=stranger.user, member=stranger, session=published_session(ta, network, cpd_lead))
    oakfield_only = published_session(ta, network, cpd_lead, open_to_schools=[ta.school])
    with pytest.raises(PermissionError):
        services.book_place(actor=teacher.user, member=teacher, session=oakfield_only)


def test_line_manager_approval_when_the_school_asks_for_it(ta, network, cpd_lead, teacher, manager, riverside):
    NetworkSchoolSettings.objects.create(school=riverside, bookings_need_approval=True)
    session = published_session(ta, network, cpd_lead, capacity=1)
    booking = services.book_place(actor=teacher.user, member=teacher, session=session)
    assert booking.status == Booking.Status.AWAITING_APPROVAL
    bystander = make_member(riverside)
    with pytest.raises(PermissionError):
        services.decide_booking(actor=bystander.user, approver=bystander, booking=booking, approve=True)

    booking = services.decide_booking(actor=manager.user, approver=manager, booking=booking, approve=True)

    assert booking.status == Booking.Status.CONFIRMED
    assert booking.decided_by == manager.user


@pytest.mark.django_db(transaction=True)
def test_fifty_people_asking_for_the_last_place_at_once_never_overbook(ta, network, cpd_lead, riverside):
    """Real concurrent transactions on PostgreSQL; SQLite serialises writers, so there the requests run in turn
    and must give the same result."""
    session = published_session(ta, network, cpd_lead, capacity=1)
    people = [make_member(riverside) for _ in range(50)]
    barrier = threading.Barrier(len(people)) if connection.vendor == "postgresql" else None
    outcomes = []

    def attempt(person):
        try:
            if barrier:
                barrier.wait(timeout=30)
            outcomes.append(services.book_place(actor=person.user, member=person, session=session).status)
        finally:
            connections.close_all()

    if barrier:
        threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    else:
        for person in people:
            attempt(person)

    assert sorted(outcomes) == [Booking.Status.CONFIRMED] + [Booking.Status.WAITING] * 49
    assert Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_booking_sent_twice_at_once_makes_one_row(ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead)
    barrier = threading.Barrier(2) if connection.vendor == "postgresql" else None
    results = []

    def attempt():
        try:
            if barrier:
                barrier.wait(timeout=30)
            results.append(services.book_place(actor=teacher.user, member=teacher, session=session).pk)
        finally:
            connections.close_all()

    if barrier:
        threads = [threading.Thread(target=attempt) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    else:
        attempt()
        attempt()

    assert len(set(results)) == 1
    assert Booking.objects.filter(session=session).count() == 1


def test_attendance_credits_attendees_and_the_leader(ta, network, cpd_lead, teacher, riverside):
    session = published_session(ta, network, cpd_lead)
    absent = make_member(riverside)
    came = services.book_place(actor=teacher.user, member=teacher, session=session)
    stayed_away = services.book_place(actor=absent.user, member=absent, session=session)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.mark_attendance(actor=ta.user, session=session, attended_ids=[came.pk])
    run_session(session)
    with pytest.raises(PermissionError):
        services.mark_attendance(actor=cpd_lead.user, session=session, attended_ids=[came.pk])

    services.mark_attendance(actor=ta.user, session=session, attended_ids=[came.pk])
    services.mark_attendance(actor=ta.user, session=session, attended_ids=[came.pk])

    came.refresh_from_db(), stayed_away.refresh_from_db()
    assert (came.attended, stayed_away.attended) == (True, False)
    activity = Activity.objects.get(owner=teacher.user)
    assert (activity.school, activity.kind, activity.hours) == (riverside, ActivityKind.NETWORK_SESSION, Decimal("2"))
    assert FollowUp.objects.filter(activity=activity).exists()
    led = Activity.objects.get(owner=ta.user)
    assert led.title.startswith("Led a network session")
    assert Activity.objects.count() == 2
    with pytest.raises(ValidationError, match="already have this session"):
        services.mark_attendance(actor=ta.user, session=session, attended_ids=[])


def test_feedback_only_from_attendees_and_only_once(ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead)
    booking = services.book_place(actor=teacher.user, member=teacher, session=session)
    data = services.FeedbackData(worthwhile=5, relevant=4, learned=4, will_use="The sound mats.")
    with pytest.raises(ValidationError):
        services.give_feedback(actor=teacher.user, booking=booking, data=data)
    run_session(session)
    services.mark_attendance(actor=ta.user, session=session, attended_ids=[booking.pk])
    with pytest.raises(ValidationError) as error:
        services.give_feedback(
            actor=teacher.user,
            booking=booking,
            data=services.FeedbackData(worthwhile=9, relevant=4, learned=4, will_use=""),
        )
    assert set(error.value.message_dict) == {"worthwhile", "will_use"}

    services.give_feedback(actor=teacher.user, booking=booking, data=data)

    with pytest.raises(ValidationError, match="already given"):
        services.give_feedback(actor=teacher.user, booking=booking, data=data)


def test_reminders_go_once_to_confirmed_places_on_tomorrows_sessions(ta, network, cpd_lead, teacher, mailoutbox):
    session = published_session(ta, network, cpd_lead, days=0, hours=3)
    services.book_place(actor=teacher.user, member=teacher, session=session)
    later = published_session(ta, network, cpd_lead, days=5)
    services.book_place(actor=teacher.user, member=teacher, session=later)
    mailoutbox.clear()

    assert services.send_session_reminders(base_url="https://staffroom.example") == 1
    assert services.send_session_reminders(base_url="https://staffroom.example") == 0
    assert mailoutbox[0].to == [teacher.user.email]
    assert f"https://staffroom.example/network/sessions/{session.pk}/" in mailoutbox[0].body


def test_the_reminder_command_queues_the_task(ta, network, cpd_lead, teacher, mailoutbox):
    from django.core.management import call_command

    session = published_session(ta, network, cpd_lead, days=0, hours=5)
    services.book_place(actor=teacher.user, member=teacher, session=session)
    mailoutbox.clear()

    call_command("send_network_reminders", stdout=io.StringIO())

    assert [m.to for m in mailoutbox] == [[teacher.user.email]]
    assert mailoutbox[0].subject == "Reminder: Phonics for support staff"
