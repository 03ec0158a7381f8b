"""Self-review against the school's standards, in words not scores, with evidence already in My learning."""

import pytest
from django.urls import reverse

from staffroom.appraisal.models import SelfRating, SelfReview
from staffroom.appraisal.rules import framework_for
from staffroom.frameworks.models import Standard

from .conftest import descriptor

pytestmark = pytest.mark.django_db


def test_the_appraisee_rates_standards_in_words_and_links_existing_learning(oak, login, activity):
    ts1 = Standard.objects.get(framework=oak.teachers_standards, code="TS1")
    client = login(oak.teacher)

    response = client.post(
        reverse("appraisal:self_review", args=[oak.appraisal.pk]),
        {
            f"level_{ts1.pk}": "secure",
            f"comment_{ts1.pk}": "High expectations in every lesson.",
            f"evidence_{ts1.pk}": [activity.pk],
            "summary": "A good year.",
        },
    )

    assert response.status_code == 302
    review = SelfReview.objects.get(appraisal=oak.appraisal)
    rating = review.ratings.get()
    assert (rating.standard, rating.level, rating.get_level_display()) == (ts1, "secure", "Secure")
    assert list(rating.evidence.all()) == [activity]
    assert review.framework == oak.teachers_standards
    page = client.get(reverse("appraisal:self_review", args=[oak.appraisal.pk])).content.decode()
    assert "High expectations in every lesson." in page
    assert not any(ch.isdigit() for ch in rating.get_level_display())  # words, not scores


def test_learning_already_linked_to_a_standard_is_suggested(oak, login, activity):
    activity.descriptors.set([descriptor(oak.teachers_standards, "TS5.a")])

    body = login(oak.teacher).get(reverse("appraisal:self_review", args=[oak.appraisal.pk])).content.decode()

    assert "1 activity in My learning links to TS5" in body
    assert "Linked to TS5 in My learning" in body


def test_readers_see_the_self_review_but_only_the_appraisee_writes_it(oak, login, activity):
    ts2 = Standard.objects.get(framework=oak.teachers_standards, code="TS2")
    login(oak.teacher).post(
        reverse("appraisal:self_review", args=[oak.appraisal.pk]),
        {f"level_{ts2.pk}": "strength", f"evidence_{ts2.pk}": [activity.pk]},
    )
    client = login(oak.appraiser)

    page = client.get(reverse("appraisal:self_review", args=[oak.appraisal.pk])).content.decode()
    refused = client.post(reverse("appraisal:self_review", args=[oak.appraisal.pk]), {f"level_{ts2.pk}": "secure"})

    assert "A strength I could share" in page
    assert "Retrieval practice twilight" in page
    assert refused.status_code == 403
    assert SelfRating.objects.get().level == "strength"


def test_a_number_instead_of_a_word_is_refused(oak, login):
    ts1 = Standard.objects.get(framework=oak.teachers_standards, code="TS1")

    response = login(oak.teacher).post(
        reverse("appraisal:self_review", args=[oak.appraisal.pk]), {f"level_{ts1.pk}": "4", "summary": "Kept"}
    )

    assert response.status_code == 200
    assert "Kept" in response.content.decode()
    assert not SelfReview.objects.exists()


def test_teaching_assistants_review_against_the_support_framework(oak, login):
    body = login(oak.ta).get(reverse("appraisal:self_review", args=[oak.ta_appraisal.pk])).content.decode()

    assert framework_for(oak.ta_appraisal, oak.cycle).slug == "teaching-assistant-standards"
    assert "Against Professional standards for teaching assistants." in body


def test_career_stages_are_offered_where_the_framework_has_them(oak, login, frameworks):
    from staffroom.frameworks.services import adopt_framework

    adopt_framework(actor=None, school=oak.school, framework=frameworks["apst"])
    oak.cycle.teacher_framework = frameworks["apst"]
    oak.cycle.save()
    client = login(oak.teacher)

    page = client.get(reverse("appraisal:self_review", args=[oak.appraisal.pk])).content.decode()
    proficient = frameworks["apst"].career_stages.get(code="proficient")
    client.post(reverse("appraisal:self_review", args=[oak.appraisal.pk]), {"career_stage": proficient.pk})

    assert "Your career stage" in page
    assert SelfReview.objects.get().career_stage == proficient


def test_without_chosen_standards_the_page_says_so(oak, login):
    oak.cycle.teacher_framework = None
    oak.cycle.save()

    body = login(oak.teacher).get(reverse("appraisal:self_review", args=[oak.appraisal.pk])).content.decode()

    assert "has not chosen the standards" in body


def test_files_of_linked_learning_open_for_readers_and_nothing_else_does(oak, login, activity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from staffroom.learning.models import Evidence
    from staffroom.testing.factories import make_activity

    def attach(to):
        return Evidence.objects.create(
            school=oak.school,
            activity=to,
            original_name="lesson-plan.pdf",
            content_type="application/pdf",
            size=12,
            file=SimpleUploadedFile("lesson-plan.pdf", b"%PDF-1.4 plan"),
        )

    linked = attach(activity)
    unlinked = attach(make_activity(oak.teacher, title="Not linked"))
    ts1 = Standard.objects.get(framework=oak.teachers_standards, code="TS1")
    login(oak.teacher).post(
        reverse("appraisal:self_review", args=[oak.appraisal.pk]),
        {f"level_{ts1.pk}": "secure", f"evidence_{ts1.pk}": [activity.pk]},
    )
    client = login(oak.appraiser)

    response = client.get(reverse("appraisal:evidence_file", args=[oak.appraisal.pk, linked.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert client.get(reverse("appraisal:evidence_file", args=[oak.appraisal.pk, unlinked.pk])).status_code == 404
    other_appraisal = oak.ta_appraisal  # the appraiser reads it, but the file is not part of it
    assert client.get(reverse("appraisal:evidence_file", args=[other_appraisal.pk, linked.pk])).status_code == 404
