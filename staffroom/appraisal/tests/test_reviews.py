"""Review meetings: both sides write first, agree a record, sign; the head (or the panel) approves.

Two people writing at once never lose text: the second is told and shown both versions.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.appraisal import services
from staffroom.appraisal.models import AccessLog, Stage
from staffroom.core.models import AuditEvent

from .conftest import write_both_sides

pytestmark = pytest.mark.django_db


def post_part(client, review, action, part, text, *, version=None, checksum=None, **extra):
    data = {
        f"{part}-text": text,
        f"{part}-version": review.version if version is None else version,
        f"{part}-checksum": services.text_checksum(getattr(review, part)) if checksum is None else checksum,
    }
    data.update({f"{part}-{k}": v for k, v in extra.items()})
    return client.post(reverse(f"appraisal:{action}", args=[review.pk]), data)


def test_each_side_writes_only_their_own_notes(oak, login):
    review = oak.review()

    post_part(login(oak.teacher), review, "review_notes", "appraisee_notes", "My notes.")
    review.refresh_from_db()
    post_part(login(oak.appraiser), review, "review_notes", "reviewer_notes", "Appraiser's notes.")

    review.refresh_from_db()
    assert review.appraisee_notes == "My notes."
    assert review.reviewer_notes == "Appraiser's notes."
    with pytest.raises(services.PermissionDenied):
        services.save_review_text(
            actor=oak.appraiser.user, review=review, part="appraisee_notes", text="Overwrite", version=review.version
        )


def test_the_second_of_two_interleaved_saves_is_shown_both_versions_and_nothing_is_lost(oak, login):
    review = oak.review()
    teacher = login(oak.teacher)
    appraiser = Client()  # a second browser, signed in at the same time
    appraiser.force_login(oak.appraiser.user, backend="django.contrib.auth.backends.ModelBackend")
    # Both open the page at the same version.
    start_version = review.version
    start_checksum = services.text_checksum(review.agreed_record)
    teacher_page = teacher.get(reverse("appraisal:review", args=[review.pk])).content.decode()
    assert f'name="agreed_record-version" value="{start_version}"' in teacher_page
    appraiser.get(reverse("appraisal:review", args=[review.pk]))

    first = post_part(
        appraiser,
        review,
        "review_record",
        "agreed_record",
        "APPRAISER TEXT: on track.",
        version=start_version,
        checksum=start_checksum,
    )
    second = post_part(
        teacher,
        review,
        "review_record",
        "agreed_record",
        "TEACHER TEXT: needs more time.",
        version=start_version,
        checksum=start_checksum,
    )

    review.refresh_from_db()
    assert first.status_code == 302
    assert review.agreed_record == "APPRAISER TEXT: on track."  # the second save did not overwrite it
    body = second.content.decode()
    assert second.status_code == 409
    assert "Someone saved a newer version while you were writing" in body
    assert "merge them and save again" in body
    assert "APPRAISER TEXT: on track." in body  # the saved version, shown beside...
    assert "TEACHER TEXT: needs more time." in body  # ...the text they typed, still in the form
    assert f'name="agreed_record-version" value="{review.version}"' in body

    # Saving the merged text from that page now works.
    merged = post_part(
        teacher,
        review,
        "review_record",
        "agreed_record",
        "On track, with more time for fluency.",
        version=review.version,
        checksum=services.text_checksum(review.agreed_record),
    )
    review.refresh_from_db()
    assert merged.status_code == 302
    assert review.agreed_record == "On track, with more time for fluency."


def test_a_save_to_one_part_does_not_clash_with_a_save_to_another(oak, login):
    review = oak.review()
    version, notes_sum = review.version, services.text_checksum("")
    services.save_review_text(
        actor=oak.appraiser.user, review=review, part="reviewer_notes", text="Mine.", version=version
    )

    response = post_part(
        login(oak.teacher), review, "review_notes", "appraisee_notes", "Also mine.", version=version, checksum=notes_sum
    )

    review.refresh_from_db()
    assert response.status_code == 302
    assert (review.appraisee_notes, review.reviewer_notes) == ("Also mine.", "Mine.")


def test_review_writes_lock_the_row(oak):
    review = oak.review()
    with CaptureQueriesContext(connection) as captured:
        services.save_review_text(
            actor=oak.teacher.user, review=review, part="appraisee_notes", text="x", version=review.version
        )
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q["sql"] for q in captured.captured_queries)


def test_a_sign_off_before_both_sides_wrote_is_refused_with_a_clear_message(oak, login):
    review = oak.review()
    services.save_review_text(
        actor=oak.teacher.user, review=review, part="appraisee_notes", text="Mine.", version=review.version
    )
    client = login(oak.teacher)

    response = client.post(
        reverse("appraisal:review_sign", args=[review.pk]), {"checksum": services.text_checksum("")}, follow=True
    )

    body = response.content.decode()
    assert "Both sides need to write before anyone signs" in body
    assert "The reviewer has not written their notes yet." in body
    review.refresh_from_db()
    assert review.appraisee_signed_at is None


def test_both_sides_sign_then_the_head_approves(oak, login):
    review = write_both_sides(oak, oak.review())
    checksum = services.text_checksum(review.agreed_record)

    login(oak.teacher).post(reverse("appraisal:review_sign", args=[review.pk]), {"checksum": checksum})
    early = login(oak.head).post(reverse("appraisal:review_approve", args=[review.pk]), follow=True)
    assert "need to sign before the review is approved" in early.content.decode()
    login(oak.appraiser).post(reverse("appraisal:review_sign", args=[review.pk]), {"checksum": checksum})
    login(oak.head).post(reverse("appraisal:review_approve", args=[review.pk]))

    review.refresh_from_db()
    assert review.appraisee_signed_at and review.reviewer_signed_at
    assert review.reviewer_signed_by == oak.appraiser.user
    assert review.approved_by == oak.head.user
    assert AuditEvent.objects.filter(verb="appraisal.review_approved").exists()
    body = login(oak.teacher).get(reverse("appraisal:review", args=[review.pk])).content.decode()
    assert "This review has been approved and is now closed." in body
    with pytest.raises(services.ValidationError, match="approved"):
        services.save_review_text(
            actor=oak.teacher.user, review=review, part="agreed_record", text="Later", version=review.version
        )


def test_signing_a_record_that_changed_since_the_page_was_opened_is_refused(oak, login):
    review = write_both_sides(oak, oak.review())
    stale = services.text_checksum(review.agreed_record)
    services.save_review_text(
        actor=oak.appraiser.user, review=review, part="agreed_record", text="Changed.", version=review.version
    )

    response = login(oak.teacher).post(
        reverse("appraisal:review_sign", args=[review.pk]), {"checksum": stale}, follow=True
    )

    assert "changed after you opened this page" in response.content.decode()
    review.refresh_from_db()
    assert review.appraisee_signed_at is None


def test_changing_the_agreed_record_after_a_signature_clears_both_signatures(oak, login):
    review = write_both_sides(oak, oak.review())
    review = services.sign_review(
        actor=oak.teacher.user, review=review, checksum=services.text_checksum(review.agreed_record)
    )
    page = login(oak.appraiser).get(reverse("appraisal:review", args=[review.pk])).content.decode()
    assert "Changing it clears both signatures" in page

    response = post_part(login(oak.appraiser), review, "review_record", "agreed_record", "Revised record.")

    review.refresh_from_db()
    assert review.appraisee_signed_at is None
    assert response.status_code == 302
    assert AccessLog.objects.filter(appraisal=oak.appraisal, what__contains="signatures cleared").exists()


def test_only_the_head_approves_staff_reviews(oak, login):
    review = write_both_sides(oak, oak.review())
    for actor in (oak.teacher, oak.appraiser):
        review = services.sign_review(
            actor=actor.user, review=review, checksum=services.text_checksum(review.agreed_record)
        )

    assert login(oak.appraiser).post(reverse("appraisal:review_approve", args=[review.pk])).status_code == 403
    assert login(oak.senior).post(reverse("appraisal:review_approve", args=[review.pk])).status_code == 404


def test_a_governor_on_the_panel_approves_the_heads_review(oak, login):
    review = oak.review(appraisal=oak.head_appraisal)
    for actor, part in (
        (oak.head, "appraisee_notes"),
        (oak.adviser, "reviewer_notes"),
        (oak.governor, "agreed_record"),
    ):
        review = services.save_review_text(
            actor=actor.user, review=review, part=part, text="Text.", version=review.version
        )
    for actor in (oak.head, oak.governor):
        review = services.sign_review(
            actor=actor.user, review=review, checksum=services.text_checksum(review.agreed_record)
        )

    assert login(oak.adviser).post(reverse("appraisal:review_approve", args=[review.pk])).status_code == 403
    assert login(oak.head).post(reverse("appraisal:review_approve", args=[review.pk])).status_code == 403
    assert login(oak.governor).post(reverse("appraisal:review_approve", args=[review.pk])).status_code == 302
    review.refresh_from_db()
    assert review.approved_by == oak.governor.user


def test_the_outcome_statement_is_chosen_by_the_reviewer_at_the_end_of_year_when_switched_on(oak, login):
    statement = services.add_outcome_statement(actor=oak.head.user, school=oak.school, text="Objectives met")
    end = oak.review(Stage.Kind.END_OF_YEAR)
    client = login(oak.appraiser)

    refused = client.post(reverse("appraisal:review_outcome", args=[end.pk]), {"statement": statement.pk}, follow=True)
    assert "where the school uses them" in refused.content.decode()

    oak.cycle.outcome_statements_enabled = True
    oak.cycle.save()
    page = client.get(reverse("appraisal:review", args=[end.pk])).content.decode()
    assert "Objectives met" in page
    client.post(reverse("appraisal:review_outcome", args=[end.pk]), {"statement": statement.pk})

    oak.appraisal.refresh_from_db()
    assert oak.appraisal.outcome_statement == statement
    mid = client.get(reverse("appraisal:review", args=[oak.review().pk])).content.decode()
    assert "Record the outcome" not in mid


def test_a_review_post_with_a_missing_version_is_refused_without_losing_the_text(oak, login):
    review = oak.review()

    response = login(oak.teacher).post(
        reverse("appraisal:review_notes", args=[review.pk]), {"appraisee_notes-text": "Typed but no version"}
    )

    assert response.status_code == 200
    assert "Typed but no version" in response.content.decode()
    review.refresh_from_db()
    assert review.appraisee_notes == ""
