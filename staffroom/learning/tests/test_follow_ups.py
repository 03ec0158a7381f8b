"""Follow-ups: asking, weeks later, what changed for pupils; answering, postponing and the reminder emails."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.models import Membership
from staffroom.accounts.services import deactivate_member
from staffroom.core.models import AuditEvent
from staffroom.learning import services, tasks
from staffroom.learning.models import FollowUp
from staffroom.testing.factories import SchoolFactory, make_activity, make_member

from .conftest import pdf, today

pytestmark = pytest.mark.django_db


def follow_up_due(membership, *, days_from_today=-1, title="Questioning workshop") -> FollowUp:
    school_day = today(membership.school)
    activity = make_activity(
        membership,
        date=school_day - datetime.timedelta(weeks=6),
        title=title,
        follow_up_due=school_day + datetime.timedelta(days=days_from_today),
        will_try="Cold calling with Year 5",
    )
    return activity.follow_up


def answer_url(follow_up):
    return reverse("learning:follow_up", args=[follow_up.pk])


def postpone_url(follow_up):
    return reverse("learning:follow_up_postpone", args=[follow_up.pk])


def test_home_asks_about_due_follow_ups_only(login, teacher):
    due = follow_up_due(teacher, days_from_today=0, title="Due today")
    overdue = follow_up_due(teacher, days_from_today=-10, title="Overdue")
    future = follow_up_due(teacher, days_from_today=3, title="Next week's")

    page = login(teacher).get(reverse("home"))

    text = page.content.decode()
    assert "What changed for your pupils?" in text
    assert list(page.context["due_follow_ups"]) == [overdue, due]
    assert answer_url(due) in text
    assert answer_url(overdue) in text
    assert answer_url(future) not in text


def test_answering_records_the_change_and_clears_it_from_home(login, teacher):
    follow_up = follow_up_due(teacher)
    client = login(teacher)
    form = client.get(answer_url(follow_up))
    assert form.status_code == 200
    assert "Cold calling with Year 5" in form.content.decode()

    response = client.post(
        answer_url(follow_up),
        {"what_changed": "  More pupils answered in full sentences.  ", "guskey_level": "4", "files": [pdf()]},
    )

    assert response.status_code == 302
    assert response.url == reverse("learning:detail", args=[follow_up.activity_id])
    follow_up.refresh_from_db()
    assert follow_up.is_answered
    assert follow_up.what_changed == "More pupils answered in full sentences."
    assert follow_up.guskey_level == 4
    assert follow_up.activity.evidence.get().original_name == "notes.pdf"
    event = AuditEvent.objects.get(verb="learning.follow_up_answered")
    assert event.data == {"guskey_level": 4}

    home = client.get(reverse("home"))
    assert list(home.context["due_follow_ups"]) == []
    assert answer_url(follow_up) not in home.content.decode()
    detail = client.get(response.url).content.decode()
    assert "More pupils answered in full sentences." in detail
    assert "4. I use it in my practice" in detail


@pytest.mark.parametrize("level", ["6", "0", "x", ""])
def test_only_the_five_guskey_levels_are_accepted(login, teacher, level):
    follow_up = follow_up_due(teacher)

    response = login(teacher).post(answer_url(follow_up), {"what_changed": "Pupils wrote more.", "guskey_level": level})

    assert response.status_code == 200
    assert response.context["form"].errors["guskey_level"]
    assert "Pupils wrote more." in response.content.decode()
    follow_up.refresh_from_db()
    assert not follow_up.is_answered


def test_a_bad_file_with_an_answer_saves_nothing(login, teacher):
    follow_up = follow_up_due(teacher)

    response = login(teacher).post(
        answer_url(follow_up),
        {"what_changed": "Pupils wrote more.", "guskey_level": "2", "files": [pdf("x.exe")]},
    )

    assert response.status_code == 200
    assert "is not a type of file we keep" in response.content.decode()
    follow_up.refresh_from_db()
    assert not follow_up.is_answered


def test_postponing_to_a_valid_date(login, teacher):
    follow_up = follow_up_due(teacher)
    follow_up.reminder_sent_at = timezone.now()
    follow_up.save()
    later = today(teacher.school) + datetime.timedelta(days=21)

    response = login(teacher).post(postpone_url(follow_up), {"due_on": later.isoformat()}, follow=True)

    follow_up.refresh_from_db()
    assert follow_up.due_on == later
    # A new date is a new reminder.
    assert follow_up.reminder_sent_at is None
    assert f"We will ask again on {later.day} {later:%B %Y}." in response.content.decode()
    assert list(response.context["messages"])[0].level_tag == "success"


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "Choose a revisit date from today onwards."),
        (400, "Choose a revisit date within a year."),
    ],
)
def test_postponing_to_a_past_or_distant_date_is_refused(login, teacher, days, message):
    follow_up = follow_up_due(teacher)
    before = follow_up.due_on
    when = today(teacher.school) + datetime.timedelta(days=days)

    response = login(teacher).post(postpone_url(follow_up), {"due_on": when.isoformat()}, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.due_on == before


@pytest.mark.parametrize("value", ["abc", "2026-02-30", ""])
def test_postponing_to_a_date_that_is_not_one_is_refused(login, teacher, value):
    follow_up = follow_up_due(teacher)
    before = follow_up.due_on

    response = login(teacher).post(postpone_url(follow_up), {"due_on": value}, follow=True)

    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.due_on == before


def test_postponing_needs_a_post(login, teacher):
    follow_up = follow_up_due(teacher)
    assert login(teacher).get(postpone_url(follow_up)).status_code == 405


def test_another_persons_follow_up_is_404(login, school, teacher):
    follow_up = follow_up_due(teacher)
    colleague = login(make_member(school, line_manager=teacher))
    later = today(school) + datetime.timedelta(days=7)

    assert colleague.get(answer_url(follow_up)).status_code == 404
    assert colleague.post(answer_url(follow_up), {"what_changed": "x", "guskey_level": "1"}).status_code == 404
    assert colleague.post(postpone_url(follow_up), {"due_on": later.isoformat()}).status_code == 404
    follow_up.refresh_from_db()
    assert not follow_up.is_answered
    assert follow_up.due_on != later


def run_reminders() -> int:
    return services.send_follow_up_reminders(base_url="https://staffroom.example/")


def test_reminders_go_once_to_each_due_unanswered_follow_up(school, teacher):
    due = follow_up_due(teacher, title="Retrieval practice")
    follow_up_due(teacher, days_from_today=5)
    answered = follow_up_due(teacher, title="Answered already")
    services.answer_follow_up(actor=teacher.user, follow_up=answered, what_changed="Lots.", guskey_level=2)
    leaver = make_member(school)
    follow_up_due(leaver)
    leaver.user.is_active = False
    leaver.user.save()

    assert run_reminders() == 1

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [teacher.user.email]
    assert "Retrieval practice" in email.subject
    assert f"https://staffroom.example{answer_url(due)}" in email.body
    assert "Cold calling with Year 5" in email.body
    due.refresh_from_db()
    assert due.reminder_sent_at is not None

    assert run_reminders() == 0
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_school_the_person_has_left(school, teacher):
    follow_up_due(teacher)
    # Still working at another school, so the account stays active.
    Membership.objects.create(user=teacher.user, school=SchoolFactory(), staff_group=teacher.staff_group)
    head = make_member(school)
    deactivate_member(actor=head.user, membership=teacher)
    teacher.user.refresh_from_db()
    assert teacher.user.is_active

    assert run_reminders() == 0
    assert mail.outbox == []


def test_postponing_brings_a_fresh_reminder_when_the_new_date_comes(teacher):
    follow_up = follow_up_due(teacher)
    assert run_reminders() == 1
    tomorrow = today(teacher.school) + datetime.timedelta(days=1)
    services.postpone_follow_up(actor=teacher.user, follow_up=follow_up, due_on=tomorrow)

    assert run_reminders() == 0
    day_after = timezone.now() + datetime.timedelta(days=2)
    assert services.send_follow_up_reminders(now=day_after, base_url="https://staffroom.example") == 1
    assert len(mail.outbox) == 2


def test_the_task_sends_reminders(teacher, settings):
    settings.SITE_URL = "https://staffroom.example"
    follow_up = follow_up_due(teacher)

    result = tasks.send_follow_up_reminders.enqueue()

    assert result.return_value == 1
    assert f"https://staffroom.example{answer_url(follow_up)}" in mail.outbox[0].body


def test_the_management_command_queues_the_reminders(teacher):
    follow_up_due(teacher)
    out = io.StringIO()

    call_command("send_reminders", stdout=out)

    assert out.getvalue().startswith("Queued follow-up reminders as task ")
    # The tests' task backend runs the task at once.
    assert len(mail.outbox) == 1


def test_at_most_five_files_with_an_answer(login, teacher):
    follow_up = follow_up_due(teacher)

    response = login(teacher).post(
        answer_url(follow_up),
        {"what_changed": "Pupils wrote more.", "guskey_level": "2", "files": [pdf(f"{n}.pdf") for n in range(6)]},
    )

    assert response.status_code == 200
    assert "Attach at most 5 files at a time." in response.content.decode()
    follow_up.refresh_from_db()
    assert not follow_up.is_answered


def test_a_title_with_a_line_break_does_not_stop_the_reminders(teacher):
    # A hand-made POST can put a newline in the title; an email subject must not have one.
    follow_up_due(teacher, title="Phonics\r\nrefresher")
    follow_up_due(teacher, title="Second")

    assert run_reminders() == 2
    assert mail.outbox[0].subject == "What changed for your pupils after “Phonics refresher”?"


def test_one_failed_email_does_not_stop_the_others(school, teacher, monkeypatch, caplog):
    unlucky = follow_up_due(make_member(school, email="bounces@oakfield.example"))
    fine = follow_up_due(teacher)
    real_send = services.send_mail

    def flaky_send(**kwargs):
        if kwargs["recipient_list"] == ["bounces@oakfield.example"]:
            raise ConnectionError("mail server said no")
        return real_send(**kwargs)

    monkeypatch.setattr(services, "send_mail", flaky_send)

    assert run_reminders() == 1
    assert [m.to for m in mail.outbox] == [[teacher.user.email]]
    fine.refresh_from_db()
    unlucky.refresh_from_db()
    assert fine.reminder_sent_at is not None
    # Not marked as sent, so the next run tries again.
    assert unlucky.reminder_sent_at is None
    assert f"Could not send the reminder for follow-up {unlucky.pk}" in caplog.text
