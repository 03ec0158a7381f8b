"""Short emails tell people when peer learning waits for them, and never carry the notes themselves."""

import pytest
from django.core import mail
from django.urls import reverse

from staffroom.observation import services
from staffroom.observation.models import Audience
from staffroom.testing.factories import make_member

from .conftest import future_slot, invite, opt_in

pytestmark = pytest.mark.django_db


def test_the_observer_is_emailed_when_invited(teacher, colleague, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        observation = invite(teacher, colleague, text="Wait time after questions")

    [email] = mail.outbox
    assert email.to == ["colleague@oakfield.example"]
    assert email.subject == "Tess Teacher has asked you to observe a lesson"
    assert "Wait time after questions" in email.body
    assert reverse("observation:detail", args=[observation.pk]) in email.body


def test_the_observed_person_is_emailed_when_notes_are_written_without_the_notes(
    teacher, colleague, django_capture_on_commit_callbacks
):
    observation = invite(teacher, colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.write_observation(
            actor=colleague.user, observation=observation, answers=[("Notes", "PRIVATE: pupils were off task")]
        )

    [email] = mail.outbox
    assert email.to == ["teacher@oakfield.example"]
    assert "Colin Colleague has written" in email.subject
    assert "PRIVATE" not in email.body
    assert reverse("observation:detail", args=[observation.pk]) in email.body


def test_nothing_is_sent_when_the_write_fails(teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ValidationError):
        invite(teacher, teacher)
    assert mail.outbox == []


def test_the_host_hears_about_bookings_and_cancellations(
    login, network, teacher, outsider, django_capture_on_commit_callbacks
):
    slot = future_slot(teacher, audience=Audience.NETWORK, lesson="Year 4 fractions")
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_slot(actor=outsider.user, visitor=outsider, slot=slot)
    with django_capture_on_commit_callbacks(execute=True):
        login(outsider).post(reverse("observation:booking_cancel", args=[booking.pk]))

    booked, cancelled = mail.outbox
    assert booked.to == cancelled.to == ["teacher@oakfield.example"]
    assert booked.subject == "Rita Rivers has booked a place in your open classroom"
    assert "Year 4 fractions" in booked.body and "Riverside Primary" in booked.body
    assert cancelled.subject == "Rita Rivers has given up their place in your open classroom"
    assert reverse("observation:slot_detail", args=[slot.pk]) in cancelled.body


def test_peer_group_invitees_are_emailed_with_the_reason(
    network, school, teacher, outsider, questioning, django_capture_on_commit_callbacks
):
    third = make_member(school, email="theo@oakfield.example", first_name="Theo")
    for person in (teacher, outsider, third):
        opt_in(person, descriptors=[questioning])

    with django_capture_on_commit_callbacks(execute=True):
        group = services.propose_peer_group(actor=teacher.user, proposer=teacher, invitees=[outsider, third])

    assert sorted(e.to[0] for e in mail.outbox) == ["teacher@riverside.example", "theo@oakfield.example"]
    for email in mail.outbox:
        assert email.subject == "Tess Teacher would like to visit each other's lessons with you"
        assert group.reason in email.body
        assert reverse("observation:peer_group_detail", args=[group.pk]) in email.body
    to_rita = next(e for e in mail.outbox if e.to == ["teacher@riverside.example"])
    assert "Also invited:" in to_rita.body and "Theo" in to_rita.body
