"""Objectives: what, why, success criteria, standards, support; evidence from My learning; check-ins; carry-over."""

import pytest
from django.urls import reverse

from staffroom.appraisal import rules, services
from staffroom.appraisal.models import AccessLog, Appraisal, AppraisalCycle, CheckIn, Objective
from staffroom.core.models import AuditEvent
from staffroom.learning.models import Visibility
from staffroom.testing.factories import make_activity

from .conftest import descriptor, objective_data

pytestmark = pytest.mark.django_db


def form(**overrides) -> dict:
    data = {
        "title": "Better questioning in Year 4 maths",
        "rationale": "Pupils give one-word answers.",
        "priority": "Reasoning in maths",
        "success_criteria": "Pupils explain their method in full sentences in most lessons.",
        "measures": "",
        "subject": "",
        "support_needed": "",
        "support_theme": "",
    }
    data.update(overrides)
    return data


def test_the_appraisee_adds_an_objective_linked_to_a_standard_with_evidence_from_my_learning(oak, login, activity):
    ts = descriptor(oak.teachers_standards, "TS2.a")
    client = login(oak.teacher)

    response = client.post(
        reverse("appraisal:objective_create", args=[oak.appraisal.pk]),
        form(descriptors=[ts.pk], evidence=[activity.pk]),
    )

    objective = Objective.objects.get(appraisal=oak.appraisal)
    assert response.status_code == 302
    assert list(objective.descriptors.all()) == [ts]
    assert list(objective.evidence.all()) == [activity]
    assert AuditEvent.objects.filter(verb="appraisal.objective_added").exists()
    assert AccessLog.objects.filter(appraisal=oak.appraisal, action="changed", what__contains="Better questioning")


def test_an_objective_without_success_criteria_is_refused_beside_the_field_and_nothing_is_lost(oak, login):
    response = login(oak.teacher).post(
        reverse("appraisal:objective_create", args=[oak.appraisal.pk]), form(success_criteria="   ")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Write at least one success criterion" in body
    assert 'id="id_success_criteria_error"' in body
    assert 'value="Better questioning in Year 4 maths"' in body
    assert "Pupils give one-word answers." in body
    assert not Objective.objects.exists()


def test_support_needs_a_theme_so_the_cpd_coordinator_can_count_it(oak, login):
    response = login(oak.teacher).post(
        reverse("appraisal:objective_create", args=[oak.appraisal.pk]), form(support_needed="A maths coach")
    )

    assert "Choose the theme closest to the support you need" in response.content.decode()
    assert not Objective.objects.exists()


def test_more_than_four_objectives_is_allowed_with_a_warning(oak, login):
    for n in range(4):
        services.add_objective(actor=oak.teacher.user, appraisal=oak.appraisal, data=objective_data(title=f"O{n}"))
    client = login(oak.teacher)

    response = client.post(reverse("appraisal:objective_create", args=[oak.appraisal.pk]), form(), follow=True)

    assert Objective.objects.filter(appraisal=oak.appraisal).count() == 5
    assert "Two to four usually work best" in response.content.decode()


def test_the_appraiser_can_add_an_objective_but_not_link_the_appraisees_learning(oak, login, activity):
    client = login(oak.appraiser)

    page = client.get(reverse("appraisal:objective_create", args=[oak.appraisal.pk])).content.decode()
    client.post(reverse("appraisal:objective_create", args=[oak.appraisal.pk]), form(evidence=[activity.pk]))

    assert "Retrieval practice twilight" not in page  # the appraisee's private record stays private
    objective = Objective.objects.get(appraisal=oak.appraisal)
    assert not objective.evidence.exists()


def test_only_the_appraisees_own_learning_can_be_linked(oak, login):
    someone_elses = make_activity(oak.other, title="Not yours", visibility=Visibility.SCHOOL)

    response = login(oak.teacher).post(
        reverse("appraisal:objective_create", args=[oak.appraisal.pk]), form(evidence=[someone_elses.pk])
    )

    assert response.status_code == 200
    assert not Objective.objects.exists()


def test_linked_private_learning_is_shown_to_readers_of_the_appraisal(oak, login, activity):
    activity.follow_up.what_changed = "Pupils now explain their reasoning."
    activity.follow_up.answered_at = activity.created_at
    activity.follow_up.guskey_level = 4
    activity.follow_up.save()
    objective = services.add_objective(
        actor=oak.teacher.user, appraisal=oak.appraisal, data=objective_data(evidence=[activity])
    )
    assert activity.visibility == Visibility.PRIVATE

    for member in (oak.appraiser, oak.head):
        body = login(member).get(reverse("appraisal:objective_detail", args=[objective.pk])).content.decode()
        assert "Retrieval practice twilight" in body
        assert "Low-stakes quizzes at the start of lessons." in body
        assert "Pupils now explain their reasoning." in body
    # It is still private in My learning itself.
    assert login(oak.appraiser).get(reverse("learning:detail", args=[activity.pk])).status_code == 404


def test_the_appraiser_edits_the_objective_and_the_evidence_links_stay(oak, login, activity):
    objective = services.add_objective(
        actor=oak.teacher.user, appraisal=oak.appraisal, data=objective_data(evidence=[activity])
    )

    response = login(oak.appraiser).post(
        reverse("appraisal:objective_edit", args=[objective.pk]), form(title="Sharper questioning")
    )

    objective.refresh_from_db()
    assert response.status_code == 302
    assert objective.title == "Sharper questioning"
    assert list(objective.evidence.all()) == [activity]


def test_check_ins_at_any_time_from_both_sides(oak, login, objective):
    login(oak.teacher).post(reverse("appraisal:objective_check_in", args=[objective.pk]), {"text": "Tried it."})
    response = login(oak.appraiser).post(
        reverse("appraisal:objective_check_in", args=[objective.pk]), {"text": "Saw it work on Tuesday."}
    )

    assert response.status_code == 302
    assert list(CheckIn.objects.filter(objective=objective).values_list("author", flat=True)) == [
        oak.teacher.user_id,
        oak.appraiser.user_id,
    ]
    body = login(oak.teacher).get(reverse("appraisal:objective_detail", args=[objective.pk])).content.decode()
    assert "Saw it work on Tuesday." in body


def test_a_check_in_with_htmx_returns_just_the_thread(oak, login, objective):
    response = login(oak.teacher).post(
        reverse("appraisal:objective_check_in", args=[objective.pk]), {"text": "Quick note."}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Quick note." in body
    assert "<html" not in body


def test_an_empty_check_in_is_refused_with_a_message(oak, login, objective):
    response = login(oak.teacher).post(reverse("appraisal:objective_check_in", args=[objective.pk]), {"text": " "})

    assert response.status_code == 200
    assert "Write the check-in" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_objectives_are_marked_achieved_withdrawn_and_back_in_progress(oak, login, objective):
    client = login(oak.teacher)
    url = reverse("appraisal:objective_status", args=[objective.pk])

    client.post(url, {"status": "achieved"})
    objective.refresh_from_db()
    assert objective.status == Objective.Status.ACHIEVED
    client.post(url, {"status": "withdrawn"})
    objective.refresh_from_db()
    assert objective.status == Objective.Status.WITHDRAWN
    client.post(url, {"status": "carried_over"})  # only carrying over does that
    objective.refresh_from_db()
    assert objective.status == Objective.Status.WITHDRAWN


def test_carrying_over_without_next_years_cycle_is_refused_clearly(oak, login, objective):
    response = login(oak.teacher).post(reverse("appraisal:objective_carry_over", args=[objective.pk]), follow=True)

    assert "is not set up yet" in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == Objective.Status.ACTIVE
    assert Objective.objects.count() == 1


def test_carrying_over_copies_the_objective_into_next_year_with_its_history(oak, login, objective, activity):
    objective.evidence.add(activity)
    objective.descriptors.add(descriptor(oak.teachers_standards, "TS4.a"))
    services.add_check_in(actor=oak.teacher.user, objective=objective, text="Autumn: started well.")
    services.add_check_in(actor=oak.appraiser.user, objective=objective, text="Keep going into next year.")
    next_cycle = services.create_cycle(actor=oak.head.user, school=oak.school, year_start=oak.year + 1)
    client = login(oak.teacher)

    response = client.post(reverse("appraisal:objective_carry_over", args=[objective.pk]), follow=True)

    objective.refresh_from_db()
    copy = Objective.objects.get(carried_from=objective)
    assert objective.status == Objective.Status.CARRIED_OVER
    assert copy.appraisal == Appraisal.objects.get(cycle=next_cycle, appraisee=oak.teacher)
    assert copy.status == Objective.Status.ACTIVE
    assert copy.title == objective.title
    assert list(copy.evidence.all()) == [activity]
    assert list(copy.descriptors.values_list("code", flat=True)) == ["TS4.a"]
    assert not copy.check_ins.exists()  # the history stays where it was written...
    body = response.content.decode()
    assert "History from earlier years" in body  # ...and is shown, read-only, next year
    assert "Autumn: started well." in body
    assert "Keep going into next year." in body
    assert copy.appraisal.reviews.count() == 3

    again = client.post(reverse("appraisal:objective_carry_over", args=[objective.pk]), follow=True)
    assert "Only an objective that is still in progress" in again.content.decode()


def test_a_carried_objective_keeps_its_history_over_two_years(oak, objective):
    services.add_check_in(actor=oak.teacher.user, objective=objective, text="Year one.")
    services.create_cycle(actor=oak.head.user, school=oak.school, year_start=oak.year + 1)
    second = services.carry_over(actor=oak.teacher.user, objective=objective)
    services.add_check_in(actor=oak.teacher.user, objective=second, text="Year two.")
    AppraisalCycle.objects.create(school=oak.school, year_start=oak.year + 2)
    third = services.carry_over(actor=oak.teacher.user, objective=second)

    from staffroom.appraisal.selectors import carried_history

    history = carried_history(objective=third)
    assert [o.pk for o in history] == [second.pk, objective.pk]
    assert [c.text for o in history for c in o.check_ins.all()] == ["Year two.", "Year one."]


def test_the_objective_form_offers_the_cycles_framework_for_the_appraisees_staff_group(oak, login):
    teacher_page = login(oak.teacher).get(reverse("appraisal:objective_create", args=[oak.appraisal.pk]))
    ta_page = login(oak.ta).get(reverse("appraisal:objective_create", args=[oak.ta_appraisal.pk]))

    assert "Teachers&#x27; Standards · TS1" in teacher_page.content.decode()
    assert "Teachers&#x27; Standards · TS1" not in ta_page.content.decode()
    assert rules.framework_for(oak.ta_appraisal, oak.cycle).slug == "teaching-assistant-standards"


def test_the_head_reads_objectives_but_does_not_write_them(oak, login, objective):
    client = login(oak.head)

    assert client.get(reverse("appraisal:objective_detail", args=[objective.pk])).status_code == 200
    assert client.get(reverse("appraisal:objective_edit", args=[objective.pk])).status_code == 403
    assert client.post(reverse("appraisal:objective_check_in", args=[objective.pk]), {"text": "x"}).status_code == 403


def test_a_carried_over_objective_is_history_and_no_longer_changes(oak, login, objective):
    services.create_cycle(actor=oak.head.user, school=oak.school, year_start=oak.year + 1)
    services.carry_over(actor=oak.teacher.user, objective=objective)
    client = login(oak.teacher)

    edit = client.post(reverse("appraisal:objective_edit", args=[objective.pk]), form(title="Changed later"))
    check_in = client.post(
        reverse("appraisal:objective_check_in", args=[objective.pk]), {"text": "Late note"}, follow=True
    )

    assert "carried over to next year" in edit.content.decode()
    assert "carried over to next year" in check_in.content.decode()
    objective.refresh_from_db()
    assert objective.title != "Changed later"
    assert not objective.check_ins.exists()


def test_after_the_end_of_year_approval_the_year_is_closed_but_objectives_can_still_carry_over(oak, objective):
    from staffroom.appraisal.models import Stage

    from .conftest import write_both_sides

    review = write_both_sides(oak, oak.review(Stage.Kind.END_OF_YEAR))
    for actor in (oak.teacher, oak.appraiser):
        review = services.sign_review(
            actor=actor.user, review=review, checksum=services.text_checksum(review.agreed_record)
        )
    services.approve_review(actor=oak.head.user, review=review)

    with pytest.raises(services.ValidationError, match="closed"):
        services.add_check_in(actor=oak.teacher.user, objective=objective, text="Too late")
    services.create_cycle(actor=oak.head.user, school=oak.school, year_start=oak.year + 1)
    assert services.carry_over(actor=oak.appraiser.user, objective=objective).carried_from == objective


def test_two_people_editing_an_objective_at_once_lose_nothing(oak, login, objective):
    from django.test import Client

    teacher = login(oak.teacher)
    appraiser = Client()
    appraiser.force_login(oak.appraiser.user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("appraisal:objective_edit", args=[objective.pk])
    checksum = services.objective_checksum(objective)
    assert f'value="{checksum}"' in teacher.get(url).content.decode()

    first = appraiser.post(url, form(title="APPRAISER'S TITLE", checksum=checksum))
    second = teacher.post(url, form(title="TEACHER'S TITLE", rationale="New reason", checksum=checksum))

    objective.refresh_from_db()
    assert first.status_code == 302
    assert objective.title == "APPRAISER'S TITLE"
    body = second.content.decode()
    assert second.status_code == 409
    assert "Someone saved a newer version while you were writing" in body
    assert "APPRAISER&#x27;S TITLE" in body  # what is saved now...
    assert 'value="TEACHER&#x27;S TITLE"' in body  # ...beside what they typed
    fresh = services.objective_checksum(objective)
    assert f'value="{fresh}"' in body

    merged = teacher.post(url, form(title="Agreed title", rationale="New reason", checksum=fresh))
    objective.refresh_from_db()
    assert merged.status_code == 302
    assert objective.title == "Agreed title"


def test_a_status_change_meanwhile_does_not_block_an_edit(oak, login, objective):
    checksum = services.objective_checksum(objective)
    services.set_objective_status(actor=oak.appraiser.user, objective=objective, status="achieved")

    response = login(oak.teacher).post(
        reverse("appraisal:objective_edit", args=[objective.pk]), form(title="Still fine", checksum=checksum)
    )

    assert response.status_code == 302


def test_editing_keeps_standards_from_another_framework(oak, login, frameworks):
    apst = descriptor(frameworks["apst"], "1.2")
    objective = services.add_objective(
        actor=oak.teacher.user, appraisal=oak.appraisal, data=objective_data(descriptors=[apst])
    )

    login(oak.teacher).post(
        reverse("appraisal:objective_edit", args=[objective.pk]),
        form(title="Edited", descriptors=[apst.pk], checksum=services.objective_checksum(objective)),
    )

    objective.refresh_from_db()
    assert objective.title == "Edited"
    assert list(objective.descriptors.all()) == [apst]
