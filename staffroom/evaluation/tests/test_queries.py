"""Every evaluation page reads in a fixed number of queries however many areas, metrics, data points, questions or
answers the school has."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.evaluation.models import (
    DataPoint,
    EvaluationArea,
    EvidenceLink,
    JudgementLevel,
    Metric,
    MetricCohort,
    MetricTarget,
    Question,
    Survey,
)
from staffroom.evaluation.services import ensure_default_areas, submit_staff_response
from staffroom.testing.factories import make_member


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(oak, survey, n):
    level = JudgementLevel.objects.filter(school=oak.school).first()
    start = Metric.objects.filter(school=oak.school).count()
    for i in range(n):
        area = EvaluationArea.objects.create(
            school=oak.school, name=f"Area {start + i}", slug=f"area-{start + i}", judgement=level
        )
        EvidenceLink.objects.create(area=area, title="Audit", url="https://example.org/audit")
        metric = Metric.objects.create(school=oak.school, name=f"Metric {start + i}", unit="%", area=area)
        cohort = MetricCohort.objects.create(metric=metric, name="SEND")
        metric.responsible.add(oak.middle)
        MetricTarget.objects.create(metric=metric, value=Decimal(90), by_date=datetime.date(2027, 7, 31))
        for term in (1, 2, 3):
            DataPoint.objects.create(metric=metric, year_start=2025, term=term, value=Decimal(90 + term))
            DataPoint.objects.create(metric=metric, cohort=cohort, year_start=2025, term=term, value=Decimal(88))
            DataPoint.objects.create(
                metric=oak.attendance, cohort=oak.disadvantaged, year_start=2000 + start + i, term=term, value=90
            )
        Question.objects.create(survey=survey, text=f"Question {start + i}", kind="likert", order=i)
        Question.objects.create(survey=survey, text=f"Choice {start + i}", kind="choice", choices="A\nB", order=i)
        Question.objects.create(survey=survey, text=f"Comment {start + i}", kind="text", required=False, order=i)
        Survey.objects.create(
            school=oak.school,
            title=f"Survey {start + i}",
            token=f"token-{start + i}",
            opens_on=datetime.date(2026, 1, 1),
            closes_on=datetime.date(2026, 2, 1),
        )
    for _ in range(n):
        member = make_member(oak.school)
        answers = {
            f"q{q.pk}": ("3" if q.kind == "likert" else "A" if q.kind == "choice" else "Fine")
            for q in survey.questions.all()
        }
        submit_staff_response(
            actor=member.user, membership=member, survey=survey, answers=answers, today=survey.opens_on
        )


@pytest.mark.parametrize(
    "page",
    ["profile", "metric_list", "metric_detail", "survey_list", "survey_detail"],
)
def test_evaluation_pages_read_in_a_fixed_number_of_queries(oak, login, page):
    ensure_default_areas(oak.school)
    today = datetime.date.today()
    survey = Survey.objects.create(
        school=oak.school, title="Well-being", token="well-being", opens_on=today, closes_on=today
    )
    urls = {
        "profile": reverse("evaluation:profile"),
        "metric_list": reverse("evaluation:metric_list"),
        "metric_detail": reverse("evaluation:metric_detail", args=[oak.attendance.pk]),
        "survey_list": reverse("evaluation:survey_list"),
        "survey_detail": reverse("evaluation:survey_detail", args=[survey.pk]),
    }
    client = login(oak.head)
    _grow(oak, survey, 3)
    small = _count(client, urls[page])
    _grow(oak, survey, 6)
    assert _count(client, urls[page]) == small
