import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from staffroom.core.models import AuditEvent
from staffroom.evaluation.models import Answer, DataPoint, Question, Response, Survey, SurveyCompletion

TODAY = timezone.localdate()


def _survey(oak, audience=Survey.Audience.STAFF, **kwargs):
    survey = Survey.objects.create(
        school=oak.school,
        title="Well-being",
        audience=audience,
        opens_on=kwargs.pop("opens_on", TODAY - datetime.timedelta(days=3)),
        closes_on=kwargs.pop("closes_on", TODAY + datetime.timedelta(days=3)),
        token=kwargs.pop("token", f"tok-{audience}-{Survey.objects.count()}"),
        **kwargs,
    )
    likert = Question.objects.create(survey=survey, text="I enjoy my work", kind="likert", metric=None, order=0)
    text = Question.objects.create(survey=survey, text="Anything else?", kind="text", required=False, order=1)
    return survey, likert, text


@pytest.mark.django_db
def test_a_leader_builds_a_survey_with_every_kind_of_question(oak, login):
    client = login(oak.head)
    response = client.post(
        "/evaluation/surveys/new/",
        {
            "title": "Pupil voice",
            "audience": "pupils",
            "anonymous": "on",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Pupil voice")
    url = f"/evaluation/surveys/{survey.pk}/questions/"
    for kind, extra in [("likert", {}), ("choice", {"question-choices": "Yes\nNo"}), ("number", {}), ("text", {})]:
        data = {"question-text": f"A {kind} question", "question-kind": kind, "question-required": "on", **extra}
        assert client.post(url, data).status_code == 302
    assert survey.questions.count() == 4
    bad = client.post(url, {"question-text": "Pick", "question-kind": "choice", "question-choices": "Only one"})
    assert bad.status_code == 400 and "at least two choices" in bad.content.decode()
    page = client.get(f"/evaluation/surveys/{survey.pk}/").content.decode()
    assert f"/evaluation/s/{survey.token}/" in page


@pytest.mark.django_db
def test_staff_answers_to_an_anonymous_survey_cannot_be_traced_to_them(oak, login):
    survey, likert, text = _survey(oak)
    client = login(oak.ta)
    events_before = AuditEvent.objects.count()
    response = client.post(
        f"/evaluation/surveys/{survey.pk}/answer/", {f"q{likert.pk}": "4", f"q{text.pk}": "More PPA"}
    )
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    stored = Response.objects.get()
    assert stored.respondent is None
    assert not hasattr(stored, "submitted_at")
    assert Answer.objects.filter(response=stored).count() == 2
    assert SurveyCompletion.objects.filter(user=oak.ta.user, survey=survey).exists()
    # No model links a completion to a response, and nothing was audited under the person's name.
    assert {f.name for f in SurveyCompletion._meta.get_fields()} == {"id", "survey", "user"}
    assert AuditEvent.objects.count() == events_before
    again = client.post(f"/evaluation/surveys/{survey.pk}/answer/", {f"q{likert.pk}": "1"})
    assert Response.objects.count() == 1 and "already answered" in again.content.decode()


@pytest.mark.django_db
def test_a_required_answer_missing_shows_the_question_again(oak, login):
    survey, likert, _text = _survey(oak)
    response = login(oak.teacher).post(f"/evaluation/surveys/{survey.pk}/answer/", {f"q{likert.pk}": "9"})
    assert response.status_code == 400 and "Choose one of the options" in response.content.decode()
    assert not Response.objects.exists() and not SurveyCompletion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "answer", "results"),
    [
        ("head", 200, 200),
        ("middle", 200, 403),
        ("teacher", 200, 403),
        ("ta", 200, 403),
        ("governor", 403, 403),
        ("other_head", 404, 404),
    ],
)
def test_who_may_answer_and_see_results_of_a_staff_survey(oak, login, who, answer, results):
    survey, _likert, _text = _survey(oak)
    client = login(getattr(oak, who))
    assert client.get(f"/evaluation/surveys/{survey.pk}/answer/").status_code == answer
    assert client.get(f"/evaluation/surveys/{survey.pk}/").status_code == results
    assert client.get("/evaluation/surveys/").status_code == 200


@pytest.mark.django_db
def test_pupils_answer_through_the_public_link_without_signing_in(oak, client):
    cache.clear()
    survey, likert, text = _survey(oak, audience=Survey.Audience.PUPILS, token="pupil-token-abc")
    url = "/evaluation/s/pupil-token-abc/"
    assert client.get(url).status_code == 200
    response = client.post(url, {f"q{likert.pk}": "5", f"q{text.pk}": "Fun"}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200 and "Your answers have been sent" in response.content.decode()
    stored = Response.objects.get()
    assert stored.respondent is None
    assert "203.0.113.5" not in str(list(Answer.objects.values_list("text", flat=True)))
    # The staff survey has no public link.
    staff_survey, *_ = _survey(oak, token="staff-token")
    assert client.get("/evaluation/s/staff-token/").status_code == 404


@pytest.mark.django_db
def test_the_public_link_refuses_answers_once_closed(oak, client):
    survey, likert, _text = _survey(
        oak,
        audience=Survey.Audience.PUPILS,
        token="closed-token",
        opens_on=TODAY - datetime.timedelta(days=10),
        closes_on=TODAY - datetime.timedelta(days=2),
    )
    response = client.post("/evaluation/s/closed-token/", {f"q{likert.pk}": "5"})
    assert "closed" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_the_public_link_is_rate_limited(oak, client, monkeypatch):
    from staffroom.evaluation import views

    cache.clear()
    monkeypatch.setattr(views, "PUBLIC_ANSWERS_PER_HOUR", 2)
    survey, likert, _text = _survey(oak, audience=Survey.Audience.PUPILS, token="busy-token")
    for _ in range(3):
        last = client.post("/evaluation/s/busy-token/", {f"q{likert.pk}": "3"}, REMOTE_ADDR="198.51.100.7")
    assert Response.objects.count() == 2
    assert "Too many answers" in last.content.decode()


@pytest.mark.django_db
def test_a_survey_result_feeds_a_metric_data_point(oak, login):
    survey, likert, _text = _survey(oak)
    enjoyment = oak.school.metrics.create(name="Staff enjoyment", min_value=1, max_value=5, source="survey")
    likert.metric = enjoyment
    likert.save()
    for member, value in [(oak.teacher, "4"), (oak.ta, "5"), (oak.middle, "2")]:
        login(member).post(f"/evaluation/surveys/{survey.pk}/answer/", {f"q{likert.pk}": value})
    client = login(oak.head)
    page = client.get(f"/evaluation/surveys/{survey.pk}/").content.decode()
    assert "Mean 3.67 from 3 answers" in page
    response = client.post(
        f"/evaluation/surveys/{survey.pk}/questions/{likert.pk}/feed/", {"year_start": "2025", "term": "2"}
    )
    assert response.status_code == 302
    point = DataPoint.objects.get(metric=enjoyment)
    assert (point.year_start, point.term, point.value) == (2025, 2, Decimal("3.67"))
    # Feeding again after more answers updates the same term rather than adding a second value.
    login(oak.senior).post(f"/evaluation/surveys/{survey.pk}/answer/", {f"q{likert.pk}": "5"})
    login(oak.head).post(
        f"/evaluation/surveys/{survey.pk}/questions/{likert.pk}/feed/", {"year_start": "2025", "term": "2"}
    )
    assert DataPoint.objects.get(metric=enjoyment).value == Decimal("4.00")


@pytest.mark.django_db
def test_junk_survey_answers_do_not_cause_errors(oak, client):
    cache.clear()
    survey, likert, text = _survey(oak, audience=Survey.Audience.PUPILS, token="junk-token")
    number = Question.objects.create(survey=survey, text="How many books?", kind="number", order=2)
    for data in [{}, {f"q{likert.pk}": "<script>"}, {f"q{number.pk}": "NaN", f"q{likert.pk}": "3"}, {"q999": "x"}]:
        assert client.post("/evaluation/s/junk-token/", data).status_code == 400
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_anonymous_results_wait_for_three_responses(oak, login):
    survey, likert, text = _survey(oak)
    login(oak.teacher).post(f"/evaluation/surveys/{survey.pk}/answer/", {f"q{likert.pk}": "1", f"q{text.pk}": "Tired"})
    page = login(oak.head).get(f"/evaluation/surveys/{survey.pk}/").content.decode()
    assert "at least 3 people have answered" in page and "Tired" not in page
    for member in (oak.ta, oak.middle):
        login(member).post(f"/evaluation/surveys/{survey.pk}/answer/", {f"q{likert.pk}": "4"})
    page = login(oak.head).get(f"/evaluation/surveys/{survey.pk}/").content.decode()
    assert "Tired" in page and "Mean 3.00 from 3 answers" in page


@pytest.mark.django_db
def test_a_scale_question_cannot_feed_a_metric_whose_range_does_not_fit(oak, login):
    survey = Survey.objects.create(
        school=oak.school, title="S", opens_on=TODAY, closes_on=TODAY, token="fit-token", audience="staff"
    )
    oak.attendance.min_value = 80
    oak.attendance.save()
    response = login(oak.head).post(
        f"/evaluation/surveys/{survey.pk}/questions/",
        {"question-text": "Happy?", "question-kind": "likert", "question-metric": oak.attendance.pk},
    )
    assert response.status_code == 400 and "covers 1 to 5" in response.content.decode()
    assert not survey.questions.exists()
