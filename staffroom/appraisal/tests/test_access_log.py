"""Every read and write of an appraisal is logged, and the appraisee can see who has opened theirs."""

import pytest
from django.urls import reverse

from staffroom.appraisal.models import AccessLog

pytestmark = pytest.mark.django_db


def entries(appraisal):
    return list(AccessLog.objects.filter(appraisal=appraisal).order_by("id").values_list("user", "action", "what"))


def test_opening_pages_is_logged_with_what_was_opened(oak, login, objective):
    AccessLog.objects.all().delete()
    client = login(oak.head)

    client.get(reverse("appraisal:detail", args=[oak.appraisal.pk]))
    client.get(reverse("appraisal:objective_detail", args=[objective.pk]))
    client.get(reverse("appraisal:review", args=[oak.review().pk]))
    client.get(reverse("appraisal:self_review", args=[oak.appraisal.pk]))

    assert entries(oak.appraisal) == [
        (oak.head.user_id, "viewed", "Appraisal overview"),
        (oak.head.user_id, "viewed", f"Objective “{objective.title}”"),
        (oak.head.user_id, "viewed", "Review: Mid-year review"),
        (oak.head.user_id, "viewed", "Self-review"),
    ]


def test_changes_and_downloads_are_logged(oak, login, objective):
    AccessLog.objects.all().delete()
    client = login(oak.appraiser)

    client.post(reverse("appraisal:objective_check_in", args=[objective.pk]), {"text": "Good lesson."})
    response = client.get(reverse("appraisal:record_pdf", args=[oak.appraisal.pk]))

    assert response.status_code == 200
    assert entries(oak.appraisal) == [
        (oak.appraiser.user_id, "changed", f"Added a check-in on “{objective.title}”"),
        (oak.appraiser.user_id, "exported", "The year's record (PDF)"),
    ]


def test_a_refused_visit_is_not_logged_as_an_opening(oak, login):
    AccessLog.objects.all().delete()

    login(oak.cpd).get(reverse("appraisal:detail", args=[oak.appraisal.pk]))

    assert not AccessLog.objects.exists()


def test_the_appraisee_sees_who_has_opened_their_appraisal(oak, login):
    login(oak.head).get(reverse("appraisal:detail", args=[oak.appraisal.pk]))
    login(oak.appraiser).get(reverse("appraisal:self_review", args=[oak.appraisal.pk]))

    body = login(oak.teacher).get(reverse("appraisal:access_log", args=[oak.appraisal.pk])).content.decode()

    assert "Who has opened your appraisal" in body
    assert oak.head.user.display_name in body
    assert oak.appraiser.user.display_name in body
    assert "Self-review" in body
    assert "Assigned" in body  # the head assigning the appraiser is there too


def test_the_access_log_pages_newest_first(oak, login):
    client = login(oak.appraiser)
    for _n in range(60):
        client.get(reverse("appraisal:detail", args=[oak.appraisal.pk]))

    body = login(oak.teacher).get(reverse("appraisal:access_log", args=[oak.appraisal.pk])).content.decode()

    assert "Page 1 of 2" in body


def test_the_appraisees_own_visits_are_left_out_unless_asked_for(oak, login):
    client = login(oak.teacher)
    client.get(reverse("appraisal:self_review", args=[oak.appraisal.pk]))
    login(oak.head).get(reverse("appraisal:detail", args=[oak.appraisal.pk]))
    client = login(oak.teacher)

    others = client.get(reverse("appraisal:access_log", args=[oak.appraisal.pk])).content.decode()
    everything = client.get(reverse("appraisal:access_log", args=[oak.appraisal.pk]), {"mine": "1"}).content.decode()

    assert f"<strong>{oak.head.user.display_name}</strong>: opened it once" in others
    assert "<td>You</td>" not in others
    assert "<td>You</td>" in everything


def test_the_page_shown_after_your_own_save_is_not_another_opening(oak, login):
    client = login(oak.appraiser)
    page = reverse("appraisal:detail", args=[oak.appraisal.pk])
    client.get(page)
    client.post(
        reverse("appraisal:objective_create", args=[oak.appraisal.pk]),
        {"title": "Questioning in maths", "success_criteria": "Most pupils explain their method", "rationale": ""},
    )
    assert oak.appraisal.objectives.filter(title="Questioning in maths").exists()
    client.get(page, HTTP_REFERER=f"http://testserver{page}")

    opened = AccessLog.objects.filter(appraisal=oak.appraisal, user=oak.appraiser.user, action=AccessLog.Action.VIEWED)
    assert opened.count() == 1
