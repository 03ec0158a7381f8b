import pytest
from django.urls import reverse

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.core.models import AuditEvent
from staffroom.talent.models import Aspiration, Candidate, ProgrammeTaken, ReadinessAssessment, SuccessionPlan
from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member

pytestmark = pytest.mark.django_db

NOTE = "Needs more experience of budgets; confidential"


@pytest.fixture
def schools(db):
    network = NetworkFactory()
    oak, elm, outside = SchoolFactory(name="Oak"), SchoolFactory(name="Elm"), SchoolFactory(name="Outside")
    join_network(network, oak, elm)
    return {
        "network": network,
        "head": make_member(oak, SchoolRole.HEADTEACHER),
        "senior": make_member(oak, SchoolRole.SENIOR_LEADER),
        "teacher": make_member(oak, SchoolRole.TEACHER),
        "colleague": make_member(oak, SchoolRole.TEACHER),
        "governor": make_member(oak, SchoolRole.GOVERNOR),
        "elm_teacher": make_member(elm, SchoolRole.TEACHER),
        "elm_head": make_member(elm, SchoolRole.HEADTEACHER),
        "outside_teacher": make_member(outside, SchoolRole.TEACHER),
    }


def _aspire(client, **overrides):
    data = {"route": "leadership", "aim": "Lead a maths department", "role": "subject_lead", "timescale_years": "2"}
    return client.post(reverse("talent:aspiration_add"), {**data, **overrides})


def test_staff_record_aspirations_and_programmes_and_see_only_their_own(schools, login):
    client = login(schools["teacher"])
    assert _aspire(client).status_code == 302
    assert _aspire(client).status_code == 302  # a double submit keeps one row
    client.post(reverse("talent:programme_add"), {"programme": "npqlt", "status": "completed", "year": "2024"})
    assert Aspiration.objects.filter(membership=schools["teacher"]).count() == 1
    assert ProgrammeTaken.objects.filter(membership=schools["teacher"]).count() == 1
    assert AuditEvent.objects.filter(verb__startswith="talent.").count() == 2
    body = client.get(reverse("talent:mine")).content.decode()
    assert "Lead a maths department" in body and "NPQ Leading Teaching" in body

    other = login(schools["colleague"]).get(reverse("talent:mine")).content.decode()
    assert "Lead a maths department" not in other


def test_someone_elses_aspiration_cannot_be_removed(schools, login):
    _aspire(login(schools["teacher"]))
    aspiration = Aspiration.objects.get()
    response = login(schools["colleague"]).post(reverse("talent:aspiration_remove", args=[aspiration.pk]))
    assert response.status_code == 404
    assert Aspiration.objects.exists()


def test_bad_input_is_explained_and_kept(schools, login):
    client = login(schools["teacher"])
    response = _aspire(client, route="emperor", aim="Keep this text")
    assert response.status_code == 400
    assert "Keep this text" in response.content.decode()
    response = client.post(
        reverse("talent:programme_add"), {"programme": "other", "other_name": "", "status": "completed", "year": "24"}
    )
    assert response.status_code == 400
    assert not Aspiration.objects.exists() and not ProgrammeTaken.objects.exists()
    response = client.post(
        reverse("talent:programme_add"), {"programme": "other", "other_name": "", "status": "completed", "year": "2024"}
    )
    assert "Give the programme" in response.content.decode()


def test_readiness_notes_are_for_leaders_only(schools, login):
    head = login(schools["head"])
    url = reverse("talent:member", args=[schools["teacher"].pk])
    response = head.post(url, {"role": "deputy", "readiness": "one_two_years", "notes": NOTE})
    assert response.status_code == 302
    assessment = ReadinessAssessment.objects.get()
    assert assessment.assessed_by == schools["head"].user
    assert NOTE not in str(AuditEvent.objects.filter(verb="talent.readiness_set").values_list("data", flat=True))
    assert NOTE in login(schools["senior"]).get(url).content.decode()
    pool = login(schools["senior"]).get(reverse("talent:pool")).content.decode()
    assert "Deputy headteacher: ready in one to two years" in pool

    for who in ("teacher", "colleague", "governor"):
        client = login(schools[who])
        assert client.get(url).status_code == 403
        assert client.get(reverse("talent:pool")).status_code == 403
        assert NOTE not in client.get(reverse("talent:mine")).content.decode()
    # A leader at another school in the network sees neither the judgement nor the notes.
    elm = login(schools["elm_head"])
    assert elm.get(url).status_code == 404
    assert NOTE not in elm.get(reverse("talent:pool")).content.decode()


def test_leaders_never_read_judgements_about_themselves(schools, login):
    head = login(schools["head"])
    head.post(
        reverse("talent:member", args=[schools["senior"].pk]),
        {"role": "headteacher", "readiness": "now", "notes": NOTE},
    )
    head.post(reverse("talent:plans"), {"role": "headteacher", "title": "Headteacher"})
    plan = SuccessionPlan.objects.get()
    head.post(reverse("talent:plan", args=[plan.pk]), {"membership": schools["senior"].pk, "readiness": "now"})
    assert Candidate.objects.count() == 1

    senior = login(schools["senior"])
    assert senior.get(reverse("talent:member", args=[schools["senior"].pk])).status_code == 404
    pool = senior.get(reverse("talent:pool")).content.decode()
    assert NOTE not in pool and "Headteacher: ready now" not in pool
    page = senior.get(reverse("talent:plan", args=[plan.pk])).content.decode()
    assert "No candidates yet." in page
    # Nor do they judge or put forward themselves.
    response = senior.post(
        reverse("talent:plan", args=[plan.pk]), {"membership": schools["senior"].pk, "readiness": "now"}
    )
    assert response.status_code == 400


def test_succession_plan_with_school_and_network_candidates(schools, login):
    # The Elm teacher is visible across the network; the outsider is not in the network at all.
    elm_client = login(schools["elm_teacher"])
    _aspire(elm_client, aim="Head of maths within the alliance")
    elm_client.post(reverse("talent:visibility"), {"network_visible": "on"})

    head = login(schools["head"])
    response = head.post(reverse("talent:plans"), {"role": "subject_lead", "title": "Maths subject lead"})
    plan = SuccessionPlan.objects.get()
    assert response.url == reverse("talent:plan", args=[plan.pk])
    url = reverse("talent:plan", args=[plan.pk])
    assert head.post(url, {"membership": schools["teacher"].pk, "readiness": "now"}).status_code == 302
    assert head.post(url, {"membership": schools["elm_teacher"].pk, "readiness": "one_two_years"}).status_code == 302
    assert head.post(url, {"membership": schools["teacher"].pk, "readiness": "now"}).status_code == 302
    assert Candidate.objects.count() == 2
    assert head.post(url, {"membership": schools["outside_teacher"].pk, "readiness": "now"}).status_code == 400
    body = head.get(url).content.decode()
    assert "Head of maths within the alliance" in body and "Elm" in body

    # Duplicated post names are refused with the typing kept.
    response = head.post(reverse("talent:plans"), {"role": "subject_lead", "title": "maths subject lead"})
    assert response.status_code == 400 and "already a succession plan" in response.content.decode()


def test_people_who_did_not_opt_in_cannot_be_put_forward_from_another_school(schools, login):
    _aspire(login(schools["elm_teacher"]))
    head = login(schools["head"])
    head.post(reverse("talent:plans"), {"role": "deputy", "title": "Deputy"})
    plan = SuccessionPlan.objects.get()
    pool = head.get(reverse("talent:pool")).content.decode()
    assert schools["elm_teacher"].user.display_name not in pool
    response = head.post(
        reverse("talent:plan", args=[plan.pk]), {"membership": schools["elm_teacher"].pk, "readiness": "now"}
    )
    assert response.status_code == 400
    assert not Candidate.objects.exists()


def test_another_schools_plan_is_a_404_and_teachers_get_403(schools, login):
    elm_head = login(schools["elm_head"])
    elm_head.post(reverse("talent:plans"), {"role": "senco", "title": "SENCo"})
    plan = SuccessionPlan.objects.get()
    head = login(schools["head"])
    assert head.get(reverse("talent:plan", args=[plan.pk])).status_code == 404
    assert head.post(reverse("talent:candidate_remove", args=[plan.pk, 1])).status_code == 404
    teacher = login(schools["teacher"])
    assert teacher.get(reverse("talent:plans")).status_code == 403
    assert teacher.get(reverse("talent:plan", args=[plan.pk])).status_code == 403


def test_network_leads_get_no_access_to_readiness_by_their_network_role(schools, login):
    lead = schools["elm_teacher"]
    add_network_role(lead.user, schools["network"], NetworkRole.NETWORK_LEAD)
    assert login(lead).get(reverse("talent:pool")).status_code == 403


def test_talent_pages_keep_flat_query_counts(schools, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    oak = schools["head"].school
    head = login(schools["head"])
    head.post(reverse("talent:plans"), {"role": "deputy", "title": "Deputy"})
    plan = SuccessionPlan.objects.get()
    urls = [reverse("talent:pool"), reverse("talent:plans"), reverse("talent:plan", args=[plan.pk])]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert head.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    def grow():
        for _ in range(3):
            member = make_member(oak)
            head.force_login(member.user, backend="django.contrib.auth.backends.ModelBackend")
            _aspire(head, aim=f"Aim {member.pk}")
            head.post(reverse("talent:programme_add"), {"programme": "npqsl", "status": "studying", "year": "2025"})
            head.force_login(schools["head"].user, backend="django.contrib.auth.backends.ModelBackend")
            head.post(reverse("talent:member", args=[member.pk]), {"role": "deputy", "readiness": "now"})
            head.post(reverse("talent:plan", args=[plan.pk]), {"membership": member.pk, "readiness": "now"})

    grow()
    before = counts()
    grow()
    grow()
    assert counts() == before
