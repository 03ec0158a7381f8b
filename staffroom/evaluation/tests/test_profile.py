import pytest

from staffroom.evaluation import services
from staffroom.evaluation.models import EvaluationArea, JudgementLevel
from staffroom.organisations.models import Phase
from staffroom.testing.factories import SchoolFactory


@pytest.mark.django_db
def test_a_leader_opening_the_profile_gets_the_default_areas_for_a_primary(oak, login):
    response = login(oak.head).get("/evaluation/")
    assert response.status_code == 200
    names = list(EvaluationArea.objects.filter(school=oak.school).values_list("name", flat=True))
    assert "Early years" in names and "Sixth form" not in names
    for name in names:
        assert name in response.content.decode()
    assert len(names) == 9


@pytest.mark.django_db
def test_default_areas_follow_the_phase():
    secondary = SchoolFactory(phase=Phase.SECONDARY)
    services.ensure_default_areas(secondary)
    names = set(EvaluationArea.objects.filter(school=secondary).values_list("name", flat=True))
    assert "Sixth form" in names and "Early years" not in names
    all_through = SchoolFactory(phase=Phase.ALL_THROUGH)
    services.ensure_default_areas(all_through)
    names = set(EvaluationArea.objects.filter(school=all_through).values_list("name", flat=True))
    assert {"Sixth form", "Early years"} <= names
    assert services.ensure_default_areas(all_through) is False


@pytest.mark.django_db
def test_the_profile_shows_every_area_with_its_judgement_and_no_overall_grade(oak, login):
    services.ensure_default_areas(oak.school)
    strong = JudgementLevel.objects.get(school=oak.school, name="Strong")
    EvaluationArea.objects.filter(school=oak.school, slug="pupil-voice").update(judgement=strong)
    page = login(oak.governor).get("/evaluation/").content.decode()
    assert "<svg" in page and "Judgement for each area" in page
    assert page.count('class="card evaluation-area"') == EvaluationArea.objects.filter(school=oak.school).count()
    assert "Strong" in page
    assert "overall" not in page.lower().replace("there is no overall grade", "")


@pytest.mark.django_db
def test_a_leader_edits_an_area_with_evidence_links(oak, login):
    services.ensure_default_areas(oak.school)
    area = EvaluationArea.objects.get(school=oak.school, slug="community")
    level = JudgementLevel.objects.get(school=oak.school, name="Secure")
    client = login(oak.senior)
    response = client.post(
        f"/evaluation/areas/{area.pk}/edit/",
        {
            "name": "Community",
            "judgement": level.pk,
            "evaluation": "Parents come in weekly.",
            "strengths": "Reading café",
            "areas_to_develop": "",
            "evidence": "Parent survey | https://example.org/survey",
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.judgement == level and area.evidence_links.get().url == "https://example.org/survey"
    bad = client.post(f"/evaluation/areas/{area.pk}/edit/", {"name": "Community", "evidence": "not a link"})
    assert bad.status_code == 200 and "web address" in bad.content.decode()


@pytest.mark.django_db
def test_a_leader_changes_the_scale_and_judgements_kept_by_name_survive(oak, login):
    services.ensure_default_areas(oak.school)
    secure = JudgementLevel.objects.get(school=oak.school, name="Secure")
    EvaluationArea.objects.filter(school=oak.school).update(judgement=secure)
    response = login(oak.head).post("/evaluation/scale/", {"names": "Emerging\nSecure\nExceptional"})
    assert response.status_code == 302
    assert list(JudgementLevel.objects.filter(school=oak.school).values_list("name", flat=True)) == [
        "Emerging",
        "Secure",
        "Exceptional",
    ]
    assert EvaluationArea.objects.filter(school=oak.school, judgement__name="Secure").count() == 9


@pytest.mark.django_db
def test_profile_query_count_stays_flat_as_areas_grow(oak, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.ensure_default_areas(oak.school)
    client = login(oak.governor)
    client.get("/evaluation/")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/evaluation/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(20):
        area = EvaluationArea.objects.create(school=oak.school, name=f"Extra {n}", slug=f"extra-{n}", order=50 + n)
        area.evidence_links.create(title="x", url="https://example.org")
    assert count() == few
