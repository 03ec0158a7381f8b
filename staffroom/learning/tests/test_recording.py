"""Recording an activity through the Record learning page, and what happens when the input is wrong."""

import datetime
import html
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.learning.models import Activity, Evidence, FollowUp

from .conftest import PDF_BYTES, activity_form, descriptor, pdf, today

pytestmark = pytest.mark.django_db


def field_block(response, name: str) -> str:
    """The rendered markup of one form field: its label or legend, hint, error and input."""
    page = response.content.decode()
    blocks = re.split(r'(?=<div class="field[" ])', page)
    for block in blocks:
        if f'id="id_{name}' in block or f'for="id_{name}' in block:
            return block
    raise AssertionError(f"no field {name} on the page")


def assert_refused(response, field: str, message: str) -> None:
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), response.context["form"].errors
    block = field_block(response, field)
    assert 'class="error-message"' in block
    assert html.escape(message, quote=False) in block


def test_recording_an_activity_with_everything(login, school, teacher, teachers_standards, frameworks, maths):
    client = login(teacher)
    ts1a, ts2b = descriptor(teachers_standards, "TS1.a"), descriptor(teachers_standards, "TS2.b")
    response = client.post(
        reverse("learning:create"),
        activity_form(
            school,
            hours="3",
            subjects=[maths.pk],
            descriptors=[ts1a.pk, ts2b.pk],
            visibility="school",
            files=[pdf("Slides from the twilight.pdf")],
        ),
    )

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("learning:detail", args=[activity.pk])
    assert (activity.school, activity.owner) == (school, teacher.user)
    assert activity.title == "Retrieval practice twilight"
    assert activity.kind == "course"
    assert activity.date == today(school)
    assert str(activity.hours) == "3.00"
    assert list(activity.subjects.all()) == [maths]
    assert activity.subject_specific
    assert set(activity.descriptors.all()) == {ts1a, ts2b}
    assert activity.learned == "Low-stakes quizzes at the start of lessons."
    assert activity.will_try == "A five-question starter every maths lesson."
    assert activity.success_measure == "Fewer errors in the end-of-unit check."
    assert activity.pupils == "Year 4 maths group"
    assert activity.visibility == "school"

    evidence = Evidence.objects.get()
    assert (evidence.activity, evidence.school, evidence.uploaded_by) == (activity, school, teacher.user)
    assert evidence.original_name == "Slides from the twilight.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF_BYTES)
    # The stored name says nothing about the file; only the database knows what it was called.
    assert "twilight" not in evidence.file.name
    with default_storage.open(evidence.file.name, "rb") as stored:
        assert stored.read() == PDF_BYTES

    detail = client.get(response.url)
    assert "Retrieval practice twilight" in detail.content.decode()
    assert "TS1.a" in detail.content.decode()
    assert "Slides from the twilight.pdf" in detail.content.decode()

    recorded = AuditEvent.objects.get(verb="learning.activity_recorded")
    assert (recorded.actor, recorded.school, recorded.target_id) == (teacher.user, school, str(activity.pk))
    assert recorded.data == {"kind": "course", "hours": "3"}
    assert AuditEvent.objects.filter(verb="learning.evidence_added", target_id=str(evidence.pk)).exists()


def test_my_learning_shows_the_activity_and_the_hours(login, school, teacher, maths):
    client = login(teacher)
    client.post(reverse("learning:create"), activity_form(school, hours="3", subjects=[maths.pk]))
    client.post(reverse("learning:create"), activity_form(school, title="Behaviour INSET", kind="inset", hours="2"))

    page = client.get(reverse("learning:list"))
    text = page.content.decode()
    assert "Retrieval practice twilight" in text
    assert "Behaviour INSET" in text
    summary = page.context["summary"]
    # Only the activity with a subject counts towards subject-specific hours.
    assert (summary.total, summary.subject_specific, summary.activities) == (5, 3, 2)
    assert "5 of 35 hours, of which 3 subject-specific (aim: 17.5)." in text


def test_the_follow_up_defaults_to_the_schools_weeks(login, school, teacher):
    school.follow_up_weeks = 4
    school.save()
    login(teacher).post(reverse("learning:create"), activity_form(school))

    follow_up = FollowUp.objects.get()
    assert follow_up.owner == teacher.user
    assert follow_up.due_on == today(school) + datetime.timedelta(weeks=4)
    assert not follow_up.is_answered


def test_the_follow_up_counts_from_the_activity_when_it_is_ahead(login, school, teacher):
    ahead = today(school) + datetime.timedelta(days=10)
    login(teacher).post(reverse("learning:create"), activity_form(school, date=ahead.isoformat()))

    assert FollowUp.objects.get().due_on == ahead + datetime.timedelta(weeks=6)


def test_the_follow_up_can_be_chosen(login, school, teacher):
    chosen = today(school) + datetime.timedelta(days=20)
    login(teacher).post(reverse("learning:create"), activity_form(school, follow_up_on=chosen.isoformat()))

    assert FollowUp.objects.get().due_on == chosen


def test_only_descriptors_of_adopted_frameworks_can_be_linked(login, school, teacher, teachers_standards, frameworks):
    not_adopted = descriptor(frameworks["eef-pd-mechanisms"], "EEF-M1")
    response = login(teacher).post(
        reverse("learning:create"),
        activity_form(school, descriptors=[descriptor(teachers_standards, "TS1.a").pk, not_adopted.pk]),
    )

    assert_refused(response, "descriptors", "Choose standards from the frameworks your school has adopted.")
    assert not Activity.objects.exists()


def test_the_form_offers_only_adopted_frameworks(login, school, teacher, teachers_standards, frameworks):
    page = login(teacher).get(reverse("learning:create")).content.decode()

    assert "TS1.a" in page
    assert "EEF-M1" not in page


def _big_pdf():
    return pdf("big.pdf", PDF_BYTES + b"x" * 200)


BAD_INPUT = [
    pytest.param({"hours": "0"}, "hours", "Hours must be more than zero.", id="hours-zero"),
    pytest.param({"hours": "-2"}, "hours", "Hours must be more than zero.", id="hours-negative"),
    pytest.param({"hours": "abc"}, "hours", "Enter a number.", id="hours-not-a-number"),
    pytest.param({"hours": "150"}, "hours", "One activity can be at most 100 hours.", id="hours-course-150"),
    pytest.param(
        {"hours": "1500", "kind": "qualification"},
        "hours",
        "A qualification can be at most 1,000 hours.",
        id="hours-qualification-1500",
    ),
    pytest.param({"date": "2026-02-30"}, "date", "Enter a valid date.", id="date-not-real"),
    pytest.param({"title": ""}, "title", "This field is required.", id="title-missing"),
    pytest.param({"files": lambda: [pdf("setup.exe")]}, "files", "is not a type of file we keep", id="file-exe"),
    pytest.param(
        {"files": lambda: [pdf("fake.pdf", b"MZ\x90\x00")]},
        "files",
        "does not look like a .pdf file",
        id="file-not-a-pdf",
    ),
    pytest.param(
        {"files": lambda: [pdf(f"page {n}.pdf") for n in range(6)]},
        "files",
        "Attach at most 5 files at a time.",
        id="six-files",
    ),
    pytest.param({"files": lambda: [_big_pdf()]}, "files", "the limit is 100", id="file-too-big"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_beside_the_field_and_kept(login, school, teacher, settings, changes, field, message):
    settings.EVIDENCE_MAX_BYTES = 100
    changes = {key: value() if callable(value) else value for key, value in changes.items()}
    typed = activity_form(school, **changes)
    response = login(teacher).post(reverse("learning:create"), typed)

    assert_refused(response, field, message)
    page = response.content.decode()
    for name in ("title", "hours", "date", "pupils"):
        if typed[name]:
            assert f'value="{html.escape(typed[name])}"' in page, name
    assert html.escape(typed["learned"], quote=False) in page
    assert html.escape(typed["success_measure"], quote=False) in page
    assert not Activity.objects.exists()
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="learning.").exists()
    if field == "files":
        assert (
            "Everything else you typed is kept. If you had chosen files, choose them again: browsers cannot keep them."
            in page
        )


def test_a_date_more_than_a_month_ahead_is_refused(login, school, teacher):
    ahead = today(school) + datetime.timedelta(days=40)
    response = login(teacher).post(reverse("learning:create"), activity_form(school, date=ahead.isoformat()))

    assert_refused(response, "date", "The date is more than a month ahead.")
    assert f'value="{ahead.isoformat()}"' in response.content.decode()
    assert not Activity.objects.exists()


def test_a_follow_up_in_the_past_is_refused(login, school, teacher):
    past = today(school) - datetime.timedelta(days=1)
    response = login(teacher).post(reverse("learning:create"), activity_form(school, follow_up_on=past.isoformat()))

    assert_refused(response, "follow_up_on", "Choose a revisit date from today onwards.")
    assert f'value="{past.isoformat()}"' in response.content.decode()
    assert not Activity.objects.exists()


def test_a_long_qualification_is_accepted(login, school, teacher):
    response = login(teacher).post(reverse("learning:create"), activity_form(school, kind="qualification", hours="800"))

    assert response.status_code == 302
    assert str(Activity.objects.get().hours) == "800.00"


def test_a_bad_file_saves_nothing_else_either(login, school, teacher, maths):
    # The good file comes first: it must not be stored when a later one is refused.
    response = login(teacher).post(
        reverse("learning:create"),
        activity_form(school, subjects=[maths.pk], files=[pdf("good.pdf"), pdf("bad.pdf", b"not a pdf")]),
    )

    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert not FollowUp.objects.exists()
    assert not Evidence.objects.exists()
    assert not default_storage.exists("evidence")
