"""Reminders before each stage: once per person per stage, not once the stage is done, never to people who left."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from staffroom.appraisal import services
from staffroom.appraisal.models import ReminderSent, Stage

from .conftest import write_both_sides

pytestmark = pytest.mark.django_db


def days_before(stage, days):
    """Noon, school time, this many days before the stage is due."""
    day = stage.due_on - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)), stage.school.tz)


def recipients():
    return sorted(address for m in mail.outbox for address in m.to)


def test_appraisees_and_reviewers_are_reminded_once(oak):
    stage = oak.review().stage
    only = {"teacher@oakfield.example", "appraiser@oakfield.example"}

    sent = services.send_stage_reminders(now=days_before(stage, 10), base_url="https://staffroom.example")

    assert only <= set(recipients())
    assert "governor@oakfield.example" in recipients()  # on the head's panel
    assert sent == len(mail.outbox)
    to_appraiser = next(m for m in mail.outbox if m.to == ["appraiser@oakfield.example"])
    assert "Mid-year review" in to_appraiser.subject
    assert oak.teacher.user.display_name in to_appraiser.body  # the colleagues they review
    assert f"https://staffroom.example/appraisal/{oak.appraisal.pk}/" in to_appraiser.body

    mail.outbox.clear()
    assert services.send_stage_reminders(now=days_before(stage, 9), base_url="https://staffroom.example") == 0
    assert mail.outbox == []


def test_no_reminder_before_the_window_opens(oak):
    stage = oak.review().stage

    assert services.send_stage_reminders(now=days_before(stage, 20), base_url="https://x.example") == 0


def test_no_reminder_for_a_review_both_sides_have_signed(oak):
    review = write_both_sides(oak, oak.review())
    for actor in (oak.teacher, oak.appraiser):
        review = services.sign_review(
            actor=actor.user, review=review, checksum=services.text_checksum(review.agreed_record)
        )

    services.send_stage_reminders(now=days_before(review.stage, 5), base_url="https://x.example")

    assert "teacher@oakfield.example" not in recipients()
    assert "appraiser@oakfield.example" in recipients()  # still reviews the teaching assistant


def test_planning_reminds_people_without_objectives(oak, objective):
    planning = oak.review(Stage.Kind.PLANNING).stage

    services.send_stage_reminders(now=days_before(planning, 3), base_url="https://x.example")

    assert "other@oakfield.example" in recipients()


def test_no_reminder_to_someone_who_has_left(oak):
    oak.teacher.is_active = False
    oak.teacher.save()
    stage = oak.review().stage

    services.send_stage_reminders(now=days_before(stage, 5), base_url="https://x.example")

    assert "teacher@oakfield.example" not in recipients()
    assert not ReminderSent.objects.filter(membership=oak.teacher).exists()


def test_a_failed_email_is_tried_again_next_time(oak, monkeypatch):
    stage = oak.review().stage
    real = services._send_stage_reminder

    def flaky(stage_, recipient, base_url):
        if recipient.membership == oak.teacher:
            raise OSError("mail server down")
        real(stage_, recipient, base_url)

    monkeypatch.setattr(services, "_send_stage_reminder", flaky)
    services.send_stage_reminders(now=days_before(stage, 5), base_url="https://x.example")
    assert not ReminderSent.objects.filter(membership=oak.teacher, stage=stage).exists()

    monkeypatch.setattr(services, "_send_stage_reminder", real)
    mail.outbox.clear()
    services.send_stage_reminders(now=days_before(stage, 4), base_url="https://x.example")
    assert recipients() == ["teacher@oakfield.example"]


def test_the_command_queues_the_task(oak, capsys):
    call_command("send_appraisal_reminders")

    assert "Queued appraisal reminders" in capsys.readouterr().out
