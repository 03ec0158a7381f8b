"""Appraisal in the navigation and on Home, and the year's record as a PDF."""

import pytest
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.appraisal import services
from staffroom.testing.factories import make_member

from .conftest import write_both_sides

pytestmark = pytest.mark.django_db


def nav_has_appraisal(client) -> bool:
    return 'href="/appraisal/"' in client.get(reverse("home")).content.decode()


def test_appraisal_is_in_the_navigation_for_those_who_take_part_or_run_it(oak, login):
    assert nav_has_appraisal(login(oak.teacher))
    assert nav_has_appraisal(login(oak.appraiser))
    assert nav_has_appraisal(login(oak.senior))
    assert nav_has_appraisal(login(oak.cpd))
    assert nav_has_appraisal(login(oak.governor))
    assert not nav_has_appraisal(login(oak.other_governor))
    assert not nav_has_appraisal(login(oak.river_teacher))


def test_home_says_what_is_due_next(oak, login):
    body = login(oak.teacher).get(reverse("home")).content.decode()

    assert "Appraisal " in body
    assert "Your appraisal:" in body
    appraiser_home = login(oak.appraiser).get(reverse("home")).content.decode()
    assert "Appraisals you review: next due" in appraiser_home  # review stages stay due until signed off


def test_nothing_on_home_for_someone_without_an_appraisal(oak, login):
    newcomer = make_member(oak.school, SchoolRole.TEACHER)

    assert "appraisal-heading" not in login(newcomer).get(reverse("home")).content.decode()


def test_the_years_record_downloads_as_a_pdf_for_its_readers(oak, login, objective):
    review = write_both_sides(oak, oak.review())
    for actor in (oak.teacher, oak.appraiser):
        review = services.sign_review(
            actor=actor.user, review=review, checksum=services.text_checksum(review.agreed_record)
        )
    services.approve_review(actor=oak.head.user, review=review)

    response = login(oak.teacher).get(reverse("appraisal:record_pdf", args=[oak.appraisal.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_record_shows_everything_that_matters(oak, objective):
    from django.template.loader import render_to_string

    from staffroom.appraisal import rules, selectors

    services.add_check_in(actor=oak.appraiser.user, objective=objective, text="A CHECK-IN FOR THE RECORD")
    review = write_both_sides(oak, oak.review(), record="AN AGREED RECORD")
    html = render_to_string(
        "appraisal/record_pdf.html",
        {
            "appraisal": oak.appraisal,
            "cycle": oak.cycle,
            "school": oak.school,
            "year_label": rules.year_label(oak.school, oak.year),
            "objectives": selectors.record_objectives(appraisal=oak.appraisal),
            "reviews": selectors.record_reviews(appraisal=oak.appraisal),
            "viewer": oak.teacher.user,
        },
    )

    assert objective.title in html
    assert "A CHECK-IN FOR THE RECORD" in html
    assert review.agreed_record in html
