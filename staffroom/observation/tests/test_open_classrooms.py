"""Open classrooms: offering, booking within capacity across a network, and both learning records afterwards."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from staffroom.learning.models import Activity
from staffroom.observation import services
from staffroom.observation.models import Audience, OpenSlot, SlotBooking
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import SchoolFactory, make_member

from .conftest import future_slot

pytestmark = pytest.mark.django_db


def test_a_riverside_teacher_books_a_network_wide_oakfield_slot(login, network, teacher, outsider):
    slot = future_slot(teacher, audience=Audience.NETWORK)
    client = login(outsider)
    assert "Year 4 maths" in client.get(reverse("observation:slots")).content.decode()

    response = client.post(reverse("observation:slot_book", args=[slot.pk]))

    assert response.status_code == 302
    booking = SlotBooking.objects.get()
    assert (booking.visitor, booking.school) == (outsider, teacher.school)


def test_a_school_only_slot_is_invisible_to_the_network(login, network, teacher, outsider):
    slot = future_slot(teacher, audience=Audience.SCHOOL)
    client = login(outsider)
    assert "Year 4 maths" not in client.get(reverse("observation:slots")).content.decode()
    assert client.get(reverse("observation:slot_detail", args=[slot.pk])).status_code == 404
    assert client.post(reverse("observation:slot_book", args=[slot.pk])).status_code == 404
    assert SlotBooking.objects.count() == 0


def test_a_school_outside_the_network_never_sees_a_network_slot(login, network, teacher):
    stranger = make_member(SchoolFactory(name="Hilltop"))
    slot = future_slot(teacher, audience=Audience.NETWORK)
    assert login(stranger).get(reverse("observation:slot_detail", args=[slot.pk])).status_code == 404


def test_the_last_place_goes_once_and_the_next_person_is_told_clearly(login, teacher, colleague, bystander):
    slot = future_slot(teacher, capacity=1)
    services.book_slot(actor=colleague.user, visitor=colleague, slot=slot)

    with pytest.raises(ValidationError, match="every place has been taken"):
        services.book_slot(actor=bystander.user, visitor=bystander, slot=slot)
    response = login(bystander).post(reverse("observation:slot_book", args=[slot.pk]), follow=True)
    assert "every place has been taken" in response.content.decode()
    assert SlotBooking.objects.count() == 1


def test_a_place_given_up_can_be_taken_again(teacher, colleague, bystander):
    slot = future_slot(teacher, capacity=1)
    booking = services.book_slot(actor=colleague.user, visitor=colleague, slot=slot)
    services.cancel_booking(actor=colleague.user, booking=booking)
    assert services.book_slot(actor=bystander.user, visitor=bystander, slot=slot).seat == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": -1}, "Choose a time in the future."),
        ({"minutes": 0}, "must end after it starts"),
        ({"capacity": 0}, "Offer between 1 and 30 places"),
    ],
)
def test_bad_slots_are_refused(teacher, change, message):
    with pytest.raises(ValidationError, match=message):
        future_slot(teacher, **change)
    assert OpenSlot.objects.count() == 0


def test_overlapping_slots_for_the_same_host_are_refused(teacher, colleague):
    future_slot(teacher, hour=10, minutes=60)
    with pytest.raises(ValidationError, match="already offer a slot at this time"):
        future_slot(teacher, hour=10, minutes=30)
    future_slot(teacher, hour=11, minutes=60)  # back to back is fine
    future_slot(colleague, hour=10)  # someone else at the same time is fine
    assert OpenSlot.objects.count() == 3


def test_the_form_refuses_a_past_slot_and_keeps_what_was_typed(login, teacher):
    yesterday = school_today(teacher.school) - datetime.timedelta(days=1)
    response = login(teacher).post(
        reverse("observation:slot_create"),
        {
            "date": yesterday.isoformat(),
            "starts": "10:00",
            "ends": "11:00",
            "lesson": "Year 6 reading",
            "focus": "Echo reading",
            "audience": "school",
            "capacity": "2",
        },
    )
    assert response.status_code == 200
    assert "Choose a time in the future." in response.content.decode()
    assert 'value="Year 6 reading"' in response.content.decode()


def test_you_cannot_book_your_own_lesson_or_twice(teacher, colleague):
    slot = future_slot(teacher)
    with pytest.raises(ValidationError, match="your own lesson"):
        services.book_slot(actor=teacher.user, visitor=teacher, slot=slot)
    services.book_slot(actor=colleague.user, visitor=colleague, slot=slot)
    with pytest.raises(ValidationError, match="already have a place"):
        services.book_slot(actor=colleague.user, visitor=colleague, slot=slot)


def test_a_cancelled_or_started_slot_cannot_be_booked(teacher, colleague):
    slot = future_slot(teacher)
    services.cancel_slot(actor=teacher.user, slot=slot)
    with pytest.raises(ValidationError, match="cancelled"):
        services.book_slot(actor=colleague.user, visitor=colleague, slot=slot)
    other = future_slot(teacher, hour=13)
    OpenSlot.objects.filter(pk=other.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(ValidationError, match="already started"):
        services.book_slot(actor=colleague.user, visitor=colleague, slot=other)


def test_after_the_visit_both_learning_records_show_it_each_in_its_own_school(login, network, teacher, outsider):
    slot = future_slot(teacher, audience=Audience.NETWORK, minutes=90)
    booking = services.book_slot(actor=outsider.user, visitor=outsider, slot=slot)
    OpenSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(minutes=30)
    )

    response = login(outsider).post(
        reverse("observation:booking_visited", args=[booking.pk]), {"will_try": "Mini-whiteboards in every lesson."}
    )

    assert response.status_code == 302
    visiting = Activity.objects.get(owner=outsider.user)
    hosting = Activity.objects.get(owner=teacher.user)
    assert visiting.school == outsider.school and hosting.school == teacher.school
    assert visiting.will_try == "Mini-whiteboards in every lesson."
    assert "visited" in visiting.title and "hosted" in hosting.title
    assert visiting.hours == hosting.hours == 1.5
    assert "Open classroom: visited" in login(outsider).get(reverse("learning:list")).content.decode()
    assert "Open classroom: hosted" in login(teacher).get(reverse("learning:list")).content.decode()


def test_a_visit_cannot_be_recorded_before_the_lesson(teacher, colleague):
    slot = future_slot(teacher)
    booking = services.book_slot(actor=colleague.user, visitor=colleague, slot=slot)
    with pytest.raises(ValidationError, match="after the lesson"):
        services.record_visit(actor=colleague.user, booking=booking, will_try="Something")
    assert Activity.objects.count() == 0


def test_someone_else_cannot_touch_my_booking(login, teacher, colleague, bystander):
    booking = services.book_slot(actor=colleague.user, visitor=colleague, slot=future_slot(teacher))
    client = login(bystander)
    assert client.get(reverse("observation:booking_visited", args=[booking.pk])).status_code == 404
    assert client.post(reverse("observation:booking_cancel", args=[booking.pk])).status_code == 404
    assert SlotBooking.objects.filter(pk=booking.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_last_place_at_once_never_overbook(school):
    """Real concurrent transactions on PostgreSQL; on SQLite, which serialises writers, the same race runs
    one after the other and must still refuse the second."""
    host = make_member(school)
    visitors = [make_member(school) for _ in range(6)]
    slot = future_slot(host, capacity=1)
    barrier = threading.Barrier(len(visitors)) if connection.vendor == "postgresql" else None
    outcomes = []

    def attempt(visitor):
        try:
            if barrier:
                barrier.wait(timeout=10)
            services.book_slot(actor=visitor.user, visitor=visitor, slot=slot)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("full")
        finally:
            connections.close_all()

    if barrier:
        threads = [threading.Thread(target=attempt, args=(v,)) for v in visitors]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    else:
        for visitor in visitors:
            attempt(visitor)

    assert sorted(outcomes) == ["booked"] + ["full"] * (len(visitors) - 1)
    assert SlotBooking.objects.filter(slot=slot).count() == 1
