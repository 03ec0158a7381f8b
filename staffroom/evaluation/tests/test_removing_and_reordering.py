"""Leaders reorder and remove areas, metrics and survey questions; nobody else can, and nothing answered is lost."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.evaluation import services
from staffroom.evaluation.models import DataPoint, EvaluationArea, Metric, Question, Survey
from staffroom.improvement.models import Action, ImprovementPlan, Priority, SubPlan


def _areas(school):
    services.ensure_default_areas(school)
    return list(EvaluationArea.objects.filter(school=school))


def _names(school):
    return list(EvaluationArea.objects.filter(school=school).values_list("name", flat=True))


def test_a_leader_moves_an_area_up_and_down(oak, login):
    first, second, *_rest = _areas(oak.school)
    client = login(oak.head)
    client.post(reverse("evaluation:area_move", args=[second.pk]), {"direction": "up"})
    assert _names(oak.school)[:2] == [second.name, first.name]
    client.post(reverse("evaluation:area_move", args=[second.pk]), {"direction": "down"})
    assert _names(oak.school)[:2] == [first.name, second.name]
    # Moving the first one up changes nothing and does not fail.
    response = client.post(reverse("evaluation:area_move", args=[first.pk]), {"direction": "up"})
    assert response.status_code == 302 and _names(oak.school)[0] == first.name
    assert AuditEvent.objects.filter(verb="evaluation.area_moved").count() == 2


def test_a_junk_direction_is_refused_with_a_message(oak, login):
    area = _areas(oak.school)[1]
    response = login(oak.head).post(
        reverse("evaluation:area_move", args=[area.pk]), {"direction": "sideways\x00"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose up or down." in response.content.decode()


def test_the_profile_page_offers_moving_only_to_leaders(oak, login):
    _areas(oak.school)
    assert "Move down" in login(oak.head).get(reverse("evaluation:profile")).content.decode()
    assert "Move down" not in login(oak.teacher).get(reverse("evaluation:profile")).content.decode()


@pytest.mark.parametrize("who", ["teacher", "ta", "governor", "middle"])
def test_only_leaders_move_or_remove(oak, login, who):
    area = _areas(oak.school)[1]
    client = login(getattr(oak, who))
    assert client.post(reverse("evaluation:area_move", args=[area.pk]), {"direction": "up"}).status_code == 403
    assert client.post(reverse("evaluation:area_remove", args=[area.pk])).status_code == 403
    assert client.post(reverse("evaluation:metric_remove", args=[oak.attendance.pk])).status_code == 403
    assert EvaluationArea.objects.filter(pk=area.pk).exists() and Metric.objects.filter(pk=oak.attendance.pk).exists()


def test_another_schools_head_gets_not_found(oak, login):
    area = _areas(oak.school)[1]
    client = login(oak.other_head)
    assert client.post(reverse("evaluation:area_move", args=[area.pk]), {"direction": "up"}).status_code == 404
    assert client.get(reverse("evaluation:area_remove", args=[area.pk])).status_code == 404
    assert client.get(reverse("evaluation:metric_remove", args=[oak.attendance.pk])).status_code == 404


def test_removing_an_area_asks_first_then_keeps_linked_metrics_and_priorities(oak, login):
    area = _areas(oak.school)[0]
    oak.attendance.area = area
    oak.attendance.save()
    plan = ImprovementPlan.objects.create(school=oak.school, year_start=2026)
    priority = Priority.objects.create(school=oak.school, plan=plan, title="Reading")
    priority.evaluation_areas.add(area)
    client = login(oak.head)
    page = client.get(reverse("evaluation:area_remove", args=[area.pk])).content.decode()
    assert "This cannot be undone." in page
    assert EvaluationArea.objects.filter(pk=area.pk).exists()

    assert client.post(reverse("evaluation:area_remove", args=[area.pk])).status_code == 302
    assert not EvaluationArea.objects.filter(pk=area.pk).exists()
    oak.attendance.refresh_from_db()
    assert oak.attendance.area is None
    assert Priority.objects.filter(pk=priority.pk).exists() and not priority.evaluation_areas.exists()
    assert AuditEvent.objects.filter(verb="evaluation.area_removed", data__name=area.name).exists()


def test_removing_a_metric_says_what_goes_and_keeps_the_actions_written_criteria(oak, login):
    services.record_data_point(
        actor=oak.head.user,
        membership=oak.head,
        metric=oak.attendance,
        cohort=None,
        year_start=2025,
        term=1,
        value=Decimal("95"),
    )
    plan = ImprovementPlan.objects.create(school=oak.school, year_start=2026)
    priority = Priority.objects.create(school=oak.school, plan=plan, title="Attendance")
    sub_plan = SubPlan.objects.create(school=oak.school, priority=priority, kind="team")
    action = Action.objects.create(
        school=oak.school,
        sub_plan=sub_plan,
        owner=oak.ta,
        title="Breakfast club",
        success_criteria="Attendance at least 95%",
        metric=oak.attendance,
        target_comparison="gte",
        target_value=Decimal("95"),
    )
    client = login(oak.head)
    page = client.get(reverse("evaluation:metric_remove", args=[oak.attendance.pk])).content.decode()
    assert "Its 1 data point is deleted." in page

    client.post(reverse("evaluation:metric_remove", args=[oak.attendance.pk]))
    assert not Metric.objects.filter(pk=oak.attendance.pk).exists()
    assert not DataPoint.objects.exists()
    action.refresh_from_db()
    assert action.metric is None and action.success_criteria == "Attendance at least 95%"


def _survey(oak, *texts):
    today = datetime.date.today()
    survey = Survey.objects.create(
        school=oak.school,
        title="Well-being",
        token="ours",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=7),
    )
    for order, text in enumerate(texts):
        Question.objects.create(survey=survey, text=text, kind="likert", order=order)
    return survey


def _texts(survey):
    return list(survey.questions.values_list("text", flat=True))


def test_a_leader_reorders_and_removes_questions_before_anyone_answers(oak, login):
    survey = _survey(oak, "First", "Second", "Third")
    first, second, third = survey.questions.all()
    client = login(oak.head)
    client.post(reverse("evaluation:question_move", args=[survey.pk, third.pk]), {"direction": "up"})
    assert _texts(survey) == ["First", "Third", "Second"]
    client.post(reverse("evaluation:question_remove", args=[survey.pk, first.pk]))
    assert _texts(survey) == ["Third", "Second"]
    page = client.get(reverse("evaluation:survey_detail", args=[survey.pk])).content.decode()
    assert "Move up" in page and "Remove" in page


def test_questions_cannot_be_removed_once_answered(oak, login):
    survey = _survey(oak, "How is your workload?")
    question = survey.questions.get()
    services.submit_staff_response(
        actor=oak.teacher.user,
        membership=oak.teacher,
        survey=survey,
        answers={f"q{question.pk}": "3"},
        today=datetime.date.today(),
    )
    response = login(oak.head).post(reverse("evaluation:question_remove", args=[survey.pk, question.pk]), follow=True)
    assert "questions cannot be removed now" in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_question_of_another_survey_or_school_is_not_found(oak, login):
    mine = _survey(oak, "Mine")
    other_school_survey = Survey.objects.create(
        school=oak.other_head.school,
        title="Theirs",
        token="theirs",
        opens_on=datetime.date.today(),
        closes_on=datetime.date.today(),
    )
    theirs = Question.objects.create(survey=other_school_survey, text="Theirs", kind="likert")
    client = login(oak.head)
    assert client.post(reverse("evaluation:question_remove", args=[mine.pk, theirs.pk])).status_code == 404
    assert (
        client.post(reverse("evaluation:question_remove", args=[other_school_survey.pk, theirs.pk])).status_code == 404
    )
    assert Question.objects.filter(pk=theirs.pk).exists()
