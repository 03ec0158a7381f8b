import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.community import selectors, services
from staffroom.community.models import (
    ImpactSurvey,
    SurveyAnswer,
    SurveyCompletion,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
)
from staffroom.core.models import AuditEvent
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import make_member

from .helpers import answers_for, count_queries, make_survey, make_world, respond

pytestmark = pytest.mark.django_db


def test_the_cpd_lead_builds_and_sends_to_chosen_roles(login, django_capture_on_commit_callbacks):
    w = make_world()
    client = login(w.cpd_lead)
    response = client.post(
        reverse("community:survey_create"),
        {"network": w.network.pk, "title": "Impact 2025/26", "introduction": "", "year_start": 2025},
    )
    survey = ImpactSurvey.objects.get(title="Impact 2025/26")
    assert response.status_code == 302 and survey.status == ImpactSurvey.Status.DRAFT
    url = reverse("community:survey_question_add", args=[survey.pk])
    response = client.post(url, {"text": "Pick one", "kind": "choice", "choices": "Only one", "required": "on"})
    assert response.status_code == 400 and "Give at least two options" in response.content.decode()
    assert "Pick one" in response.content.decode()  # what was typed is kept
    response = client.post(url, {"text": "Helped?", "kind": "text", "purpose": "impact"})
    assert response.status_code == 400 and not survey.questions.exists()
    assert (
        client.post(url, {"text": "CPD helped me", "kind": "likert", "purpose": "impact", "required": "on"}).status_code
        == 302
    )
    today = school_today(w.a)
    send = reverse("community:survey_send", args=[survey.pk])
    response = client.post(send, {"roles": ["teacher"], "closes_on": today.isoformat()})
    assert response.status_code == 400 and "after today" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            send, {"roles": ["teacher"], "closes_on": (today + datetime.timedelta(days=7)).isoformat()}
        )
    assert response.status_code == 302
    recipients = set(SurveyRecipient.objects.filter(survey=survey).values_list("user_id", flat=True))
    # Teachers in the network's three schools (the CPD lead teaches too); never heads, never the other network.
    assert recipients == {m.user_id for m in (w.cpd_lead, w.a_teacher, w.b_teacher, w.c_teacher)}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        m.user.email for m in (w.cpd_lead, w.a_teacher, w.b_teacher, w.c_teacher)
    )
    # The recipient finds it on Home; someone not sent it does not.
    assert "Impact 2025/26" in login(w.b_teacher).get(reverse("home")).content.decode()
    assert "Impact 2025/26" not in login(w.b_head).get(reverse("home")).content.decode()
    # Sent surveys are fixed.
    response = login(w.cpd_lead).post(url, {"text": "Late", "kind": "likert", "required": "on"})
    assert response.status_code == 400 and survey.questions.count() == 1


def test_answering_once_only_and_double_submit_gives_one(login):
    w = make_world()
    survey = make_survey(w)
    client = login(w.b_teacher)
    url = reverse("community:survey_answer", args=[survey.pk])
    assert client.get(url).status_code == 200
    data = answers_for(survey, needs=("Reading", "Maths"), text="More time to plan")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200  # "already answered", nothing stored
    assert SurveyResponse.objects.count() == 1 and SurveyCompletion.objects.count() == 1
    assert SurveyAnswer.objects.count() == 4
    with pytest.raises(ValidationError):
        respond(survey, w.b_teacher)
    assert SurveyResponse.objects.count() == 1


def test_bad_answers_are_refused_and_kept(login):
    w = make_world()
    survey = make_survey(w)
    client = login(w.b_teacher)
    url = reverse("community:survey_answer", args=[survey.pk])
    data = answers_for(survey, likert="9", needs=("Reading", "Astrology"), text="Kept text")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Kept text" in response.content.decode()
    assert not SurveyResponse.objects.exists() and not SurveyCompletion.objects.exists()
    response = client.post(url, answers_for(survey, text="Nul\x00"))
    assert response.status_code == 400 and not SurveyResponse.objects.exists()
    response = client.post(url, {})
    assert response.status_code == 400 and "This field is required" in response.content.decode()


def test_only_recipients_answer_and_only_while_open(login):
    w = make_world()
    survey = make_survey(w)
    url = reverse("community:survey_answer", args=[survey.pk])
    assert login(w.b_head).get(url).status_code == 404  # not sent to heads
    assert login(w.x_head).get(url).status_code == 404  # another network
    with pytest.raises(PermissionDenied):
        respond(survey, w.b_head)
    survey.closes_on = school_today(w.a) - datetime.timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError):
        respond(survey, w.b_teacher)
    draft = make_survey(w, send=False)
    assert login(w.b_teacher).get(reverse("community:survey_answer", args=[draft.pk])).status_code == 404


def test_responses_are_anonymous(login):
    w = make_world()
    survey = make_survey(w)
    respond(survey, w.b_teacher, likert="1", text="BEN-WROTE-THIS")
    # Nothing stored with the answers names the person, and nothing audited ties them to the answer.
    assert [f.name for f in SurveyResponse._meta.concrete_fields] == ["id", "survey", "school", "submitted_on"]
    assert not AuditEvent.objects.filter(actor=w.b_teacher.user, verb__startswith="community.survey").exists()
    for _ in range(5):
        respond(survey, make_recipient(w, survey, w.c))
    page = login(w.cpd_lead).get(reverse("community:survey_results", args=[survey.pk])).content.decode()
    assert "BEN-WROTE-THIS" in page  # free text is shown, without any name or school beside it
    assert w.b_teacher.user.display_name not in page and w.b_teacher.user.email not in page


def make_recipient(w, survey, school):
    member = make_member(school, SchoolRole.TEACHER)
    SurveyRecipient.objects.create(survey=survey, user=member.user, school=school)
    return member


def test_results_hide_schools_with_fewer_than_five(login):
    w = make_world()
    survey = make_survey(w)
    client = login(w.cpd_lead)
    url = reverse("community:survey_results", args=[survey.pk])
    for _ in range(4):
        respond(survey, make_recipient(w, survey, w.b), likert="5")
    assert "Results appear once 5 people have answered" in client.get(url).content.decode()
    respond(survey, make_recipient(w, survey, w.b), likert="2")  # Birch: 5 responses, 4 positive
    for _ in range(2):
        respond(survey, make_recipient(w, survey, w.c), likert="1", needs=("Behaviour",))  # Cedar: 2
    # Birch alone beside two from Cedar would give Cedar's answers away (overall minus Birch): Birch folds in too.
    results = selectors.survey_results(survey=survey)
    assert [(g.label, g.responses, g.shown) for g in results.groups] == [("other", 7, True)]
    for _ in range(6):
        respond(survey, make_recipient(w, survey, w.a), likert="4")  # Alder: 6
    results = selectors.survey_results(survey=survey)
    # Birch (the smallest shown school) still folds with Cedar; Alder is shown on its own.
    assert [(g.label, g.responses, g.positive) for g in results.groups] == [
        ("Alder Primary", 6, 100),
        ("other", 7, 57),
    ]
    page = client.get(url).content.decode()
    assert "77% report positive impact" in page  # 10 of 13
    assert "Cedar</th>" not in page and "Birch Academy</th>" not in page
    needs = page.split("Needs, ranked")[1]
    assert needs.index("Reading") < needs.index("Behaviour")


def test_a_school_with_five_is_shown_when_the_rest_are_enough_too():
    w = make_world()
    survey = make_survey(w)
    for school, n in ((w.a, 5), (w.b, 5)):
        for _ in range(n):
            respond(survey, make_recipient(w, survey, school))
    results = selectors.survey_results(survey=survey)
    assert [(g.label, g.responses) for g in results.groups] == [
        ("Alder Primary", 5),
        ("Birch Academy", 5),
        ("other", 0),
    ]


def test_the_cpd_lead_cannot_read_one_persons_answers(login):
    w = make_world()
    survey = make_survey(w)
    respond(survey, w.b_teacher, likert="1", text="Only me")
    page = login(w.cpd_lead).get(reverse("community:survey_results", args=[survey.pk])).content.decode()
    assert "Only me" not in page and "Strongly disagree" not in page


def test_survey_pages_are_for_the_networks_leads(login):
    w = make_world()
    survey = make_survey(w)
    for name in ("community:survey", "community:survey_results"):
        url = reverse(name, args=[survey.pk])
        assert login(w.cpd_lead).get(url).status_code == 200
        assert login(w.a_head).get(url).status_code == 403  # a head, but not a lead of the network
        assert login(w.x_head).get(url).status_code == 404  # leads another network
    assert login(w.a_teacher).get(reverse("community:survey_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_survey(
            actor=w.x_head.user, membership=w.x_head, network_id=w.network.pk, title="x", year_start=2025
        )
    # The lead's own network only in the form: another network's id is refused.
    response = login(w.cpd_lead).post(
        reverse("community:survey_create"), {"network": w.other_network.pk, "title": "x", "year_start": 2025}
    )
    assert response.status_code == 200 and not ImpactSurvey.objects.filter(title="x").exists()


def test_results_query_count_is_flat(login):
    w = make_world()
    survey = make_survey(w)
    client = login(w.cpd_lead)
    url = reverse("community:survey_results", args=[survey.pk])

    def grow(n):
        for i in range(n):
            respond(survey, make_recipient(w, survey, [w.a, w.b, w.c][i % 3]), likert=str(1 + i % 5), text=f"t{i}")

    grow(6)
    few = count_queries(client, url)
    grow(12)
    assert count_queries(client, url) == few
    assert count_queries(client, reverse("community:surveys")) == count_queries(client, reverse("community:surveys"))


def test_survey_list_query_count_is_flat(login):
    w = make_world()
    client = login(w.cpd_lead)
    make_survey(w)
    few = count_queries(client, reverse("community:surveys"))
    for _ in range(3):
        make_survey(w)
    assert count_queries(client, reverse("community:surveys")) == few


def test_question_kinds_are_validated_in_the_service():
    w = make_world()
    survey = make_survey(w, send=False)
    with pytest.raises(ValidationError):
        services.add_question(
            actor=w.cpd_lead.user,
            membership=w.cpd_lead,
            survey=survey,
            text="Needs",
            kind=SurveyQuestion.Kind.TEXT,
            purpose=SurveyQuestion.Purpose.NEED,
        )
    with pytest.raises(ValidationError):
        services.send_survey(
            actor=w.cpd_lead.user,
            membership=w.cpd_lead,
            survey=survey,
            roles=[],
            closes_on=school_today(w.a) + datetime.timedelta(days=3),
            today=school_today(w.a),
        )
