"""Developmental observation: owned by the person observed, private until they share it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.learning.models import Activity, ActivityKind
from staffroom.observation import services
from staffroom.observation.models import FocusKind, Observation, ObservationFile, ObservationTemplate
from staffroom.organisations.calendar import school_today

from .conftest import completed, invite, written

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 64


def test_a_teacher_invites_a_colleague_and_the_notes_reach_the_teacher_not_the_head(login, teacher, colleague, head):
    client = login(teacher)
    response = client.post(
        reverse("observation:invite"),
        {
            "observer": colleague.pk,
            "planned_on": school_today(teacher.school).isoformat(),
            "lesson": "Year 4 maths",
            "focus_kind": "own",
            "focus_text": "Questioning to check understanding",
        },
    )
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert (observation.observed, observation.observer, observation.focus_kind) == (teacher, colleague, "own")

    client = login(colleague)
    assert "Questioning to check understanding" in client.get(reverse("observation:list")).content.decode()
    response = client.post(reverse("observation:write", args=[observation.pk]), {"answer_0": "Lovely wait time."})
    assert response.status_code == 302

    client = login(teacher)
    assert "Lovely wait time." in client.get(reverse("observation:detail", args=[observation.pk])).content.decode()

    client = login(head)
    assert client.get(reverse("observation:detail", args=[observation.pk])).status_code == 404
    assert "Questioning" not in client.get(reverse("observation:list")).content.decode()
    assert AuditEvent.objects.filter(verb="observation.written").exists()


def test_the_conversation_puts_the_observation_in_both_learning_records(teacher, colleague):
    completed(teacher, colleague)

    received = Activity.objects.get(owner=teacher.user)
    given = Activity.objects.get(owner=colleague.user)
    assert received.kind == ActivityKind.OBSERVATION_RECEIVED and received.school == teacher.school
    assert given.kind == ActivityKind.OBSERVATION_GIVEN and given.visibility == "private"
    assert received.will_try == "Count to five before taking answers."


def test_the_observer_may_record_the_conversation_too_but_only_after_writing(login, teacher, colleague):
    observation = invite(teacher, colleague)
    client = login(colleague)
    url = reverse("observation:conversation", args=[observation.pk])
    data = {"held_on": school_today(teacher.school).isoformat(), "notes": "Talked it through."}

    response = client.post(url, data)
    assert "once the observer has written" in response.content.decode()

    services.write_observation(actor=colleague.user, observation=observation, answers=[("Notes", "Good.")])
    assert client.post(url, data).status_code == 302
    assert Activity.objects.count() == 2


def test_a_template_gives_the_observer_its_prompts_and_the_record_keeps_a_copy(login, school, head, teacher, colleague):
    template = services.save_template(
        actor=head.user,
        school=school,
        name="Questioning",
        introduction="",
        prompts=[services.PromptData("How did pupils respond?"), services.PromptData("What did you notice?")],
    )
    observation = invite(teacher, colleague, template=template)
    client = login(colleague)
    page = client.get(reverse("observation:write", args=[observation.pk])).content.decode()
    assert "How did pupils respond?" in page and "What did you notice?" in page

    client.post(reverse("observation:write", args=[observation.pk]), {"answer_0": "Keenly.", "answer_1": "Pace."})
    services.save_template(
        actor=head.user, school=school, name="Questioning", introduction="", prompts=[], template=template
    )

    observation.refresh_from_db()
    assert observation.responses == [
        {"prompt": "How did pupils respond?", "answer": "Keenly."},
        {"prompt": "What did you notice?", "answer": "Pace."},
    ]


@pytest.mark.parametrize(
    ("sharing", "who", "can_read"),
    [
        ({}, "appraiser", False),
        ({"with_appraiser": True, "with_line_manager": False}, "appraiser", True),
        ({"with_appraiser": False, "with_line_manager": True}, "appraiser", False),
        ({}, "line_manager", False),
        ({"with_appraiser": False, "with_line_manager": True}, "line_manager", True),
        ({"with_appraiser": True, "with_line_manager": True}, "head", False),
        ({"with_appraiser": True, "with_line_manager": True}, "bystander", False),
    ],
)
def test_sharing_opens_the_record_to_exactly_the_chosen_people(
    request, login, teacher, colleague, appraisal, sharing, who, can_read
):
    observation = written(teacher, colleague)
    if sharing:
        services.set_sharing(actor=teacher.user, observation=observation, **sharing)
    viewer = request.getfixturevalue(who)

    response = login(viewer).get(reverse("observation:detail", args=[observation.pk]))

    assert response.status_code == (200 if can_read else 404)


def test_an_appraiser_from_a_past_year_does_not_see_a_shared_observation(
    login, teacher, colleague, appraisal, appraiser
):
    appraisal.cycle.year_start -= 1
    appraisal.cycle.save()
    observation = written(teacher, colleague)
    services.set_sharing(actor=teacher.user, observation=observation, with_appraiser=True, with_line_manager=False)

    assert login(appraiser).get(reverse("observation:detail", args=[observation.pk])).status_code == 404


def test_observing_yourself_is_refused_and_nothing_is_saved(login, teacher):
    with pytest.raises(ValidationError):
        invite(teacher, teacher)
    response = login(teacher).post(
        reverse("observation:invite"),
        {
            "observer": teacher.pk,
            "planned_on": school_today(teacher.school).isoformat(),
            "focus_kind": "own",
            "focus_text": "x",
        },
    )
    assert response.status_code == 200
    assert Observation.objects.count() == 0


def test_a_chosen_focus_must_be_filled_in_and_typed_text_is_kept(login, teacher, colleague):
    response = login(teacher).post(
        reverse("observation:invite"),
        {
            "observer": colleague.pk,
            "planned_on": school_today(teacher.school).isoformat(),
            "focus_kind": "own",
            "focus_text": "  ",
            "lesson": "Year 4 maths",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say in a few words what the observer should look at." in page
    assert 'value="Year 4 maths"' in page
    assert Observation.objects.count() == 0


def test_a_colleague_from_another_school_cannot_be_invited(teacher, outsider):
    with pytest.raises(ValidationError):
        invite(teacher, outsider)


def test_an_observer_may_decline_and_the_owner_may_withdraw(login, teacher, colleague, bystander):
    first = invite(teacher, colleague)
    login(colleague).post(reverse("observation:decline", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == Observation.Status.DECLINED

    second = invite(teacher, bystander)
    login(teacher).post(reverse("observation:withdraw", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == Observation.Status.WITHDRAWN
    assert login(bystander).get(reverse("observation:detail", args=[second.pk])).status_code == 404


def test_a_finished_observation_cannot_be_rewritten(teacher, colleague):
    observation = completed(teacher, colleague)
    with pytest.raises(ValidationError):
        services.write_observation(actor=colleague.user, observation=observation, answers=[("Notes", "Changed")])


def test_a_lesson_video_is_private_to_its_owner_until_shared(login, teacher, colleague, appraisal, appraiser):
    observation = written(teacher, colleague)
    services.set_sharing(actor=teacher.user, observation=observation, with_appraiser=True, with_line_manager=False)
    client = login(teacher)
    response = client.post(
        reverse("observation:file_upload", args=[observation.pk]),
        {"files": SimpleUploadedFile("lesson.mp4", MP4, content_type="video/mp4")},
    )
    assert response.status_code == 302
    item = ObservationFile.objects.get()
    url = reverse("observation:file", args=[item.pk])

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "private, no-store"
    assert login(colleague).get(url).status_code == 404
    assert login(appraiser).get(url).status_code == 404

    item.shared = True
    item.save()
    assert login(appraiser).get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lesson.mp4", b"not a video at all, just text", "does not look like"),
        ("lesson.avi", b"RIFF....AVI ", "not a type of file we keep"),
        ("lesson.webm", b"", "is empty"),
    ],
)
def test_bad_files_are_refused_with_a_reason(login, teacher, colleague, name, content, message):
    observation = invite(teacher, colleague)
    response = login(teacher).post(
        reverse("observation:file_upload", args=[observation.pk]), {"files": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ObservationFile.objects.count() == 0


def test_a_video_over_the_limit_is_refused(settings, teacher, colleague):
    settings.OBSERVATION_VIDEO_MAX_BYTES = 32
    observation = invite(teacher, colleague)
    with pytest.raises(ValidationError, match="limit for a video"):
        services.add_files(actor=teacher.user, observation=observation, files=[SimpleUploadedFile("clip.webm", WEBM)])


def test_a_focus_can_be_one_of_my_appraisal_objectives(teacher, colleague, appraisal):
    from staffroom.appraisal.models import Objective

    objective = Objective.objects.create(
        school=teacher.school, appraisal=appraisal, title="Sharper questioning", success_criteria="All answer"
    )
    observation = services.invite_observer(
        actor=teacher.user,
        observed=teacher,
        observer=colleague,
        focus=services.Focus(kind=FocusKind.OBJECTIVE, objective=objective),
        planned_on=school_today(teacher.school),
    )
    assert observation.focus_label == "Sharper questioning"


def test_an_old_lesson_date_is_refused(teacher, colleague):
    with pytest.raises(ValidationError):
        invite(teacher, colleague, planned_on=school_today(teacher.school) - datetime.timedelta(days=400))


def test_templates_are_for_leaders(login, teacher, head, school):
    assert login(teacher).get(reverse("observation:templates")).status_code == 403
    response = login(head).post(
        reverse("observation:template_create"),
        {"name": "Feedback", "introduction": "", "is_active": "on", "prompt_0": "What feedback did pupils act on?"},
    )
    assert response.status_code == 302
    assert ObservationTemplate.objects.get(school=school).prompts.count() == 1


def test_the_home_card_lists_what_peer_learning_asks_of_me(django_assert_max_num_queries, teacher, colleague):
    from django.template.loader import render_to_string

    from staffroom.observation.selectors import home_card

    assert home_card(membership=colleague) is None
    invite(teacher, colleague)
    written(colleague, teacher)

    with django_assert_max_num_queries(2):
        card = home_card(membership=colleague)
    html = render_to_string("observation/includes/home_card.html", {"observation_card": card})
    assert "has asked you to observe a lesson" in html
    assert "ready to talk through" in html
