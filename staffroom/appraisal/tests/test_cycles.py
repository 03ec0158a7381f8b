"""Running the year: cycles with dated stages, appraisals for everyone, appraisers one by one or in bulk."""

import datetime

import pytest
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.appraisal import rules, services
from staffroom.appraisal.models import Appraisal, AppraisalCycle, Reviewer, ReviewMeeting, Stage
from staffroom.core.models import AuditEvent
from staffroom.testing.factories import SchoolFactory, make_member

pytestmark = pytest.mark.django_db


def test_a_new_cycle_has_planning_mid_year_and_end_of_year_stages_for_a_september_school(db):
    school = SchoolFactory(academic_year_start_month=9)

    stages = rules.default_stages(school, 2026)

    assert [(s.kind, s.opens_on, s.due_on) for s in stages] == [
        (Stage.Kind.PLANNING, datetime.date(2026, 9, 1), datetime.date(2026, 10, 31)),
        (Stage.Kind.MID_YEAR, datetime.date(2027, 1, 1), datetime.date(2027, 2, 28)),
        (Stage.Kind.END_OF_YEAR, datetime.date(2027, 6, 1), datetime.date(2027, 7, 15)),
    ]


def test_default_stages_follow_a_school_year_that_starts_in_january(db):
    school = SchoolFactory(academic_year_start_month=1)

    stages = rules.default_stages(school, 2027)

    assert [s.due_on for s in stages] == [
        datetime.date(2027, 2, 28),
        datetime.date(2027, 6, 30),
        datetime.date(2027, 11, 15),
    ]


def test_the_head_sets_up_the_current_year_from_the_overview(oak, login):
    AppraisalCycle.objects.all().delete()
    client = login(oak.head)
    label = rules.year_label(oak.school, oak.year)

    overview = client.get(reverse("appraisal:overview")).content.decode()
    assert f"Set up the {label} cycle" in overview

    response = client.post(reverse("appraisal:cycle_create"), {"year_start": oak.year})

    cycle = AppraisalCycle.objects.get(school=oak.school, year_start=oak.year)
    assert response.status_code == 302
    assert cycle.stages.count() == 3
    assert cycle.teacher_framework.slug == "teachers-standards-england"
    assert cycle.support_framework.slug == "teaching-assistant-standards"
    assert AuditEvent.objects.filter(verb="appraisal.cycle_created", school=oak.school).exists()


def test_staff_see_a_plain_message_when_the_year_is_not_set_up(oak, login):
    AppraisalCycle.objects.all().delete()

    body = login(oak.teacher).get(reverse("appraisal:overview")).content.decode()

    assert "Your school has not set up appraisal for" in body
    assert "Set up the" not in body


def test_pages_open_on_the_current_year_even_when_only_last_years_cycle_exists(oak, login):
    oak.cycle.year_start -= 1
    oak.cycle.save()
    last = rules.year_label(oak.school, oak.year)
    this_year = rules.year_label(oak.school, rules.current_year_start(oak.school))

    body = login(oak.head).get(reverse("appraisal:overview")).content.decode()

    assert f"Set up the {this_year} cycle" in body
    assert f"Your appraisal {last}" not in body


def test_an_earlier_year_is_reachable_by_choosing_it(oak, login):
    oak.cycle.year_start -= 1
    oak.cycle.save()

    body = login(oak.teacher).get(reverse("appraisal:overview"), {"year": oak.cycle.year_start}).content.decode()

    assert f"Your appraisal {rules.year_label(oak.school, oak.cycle.year_start)}" in body
    assert "You are looking at" in body


@pytest.mark.parametrize("junk", ["abc", "2026abc", "-1", "99999", "", " "])
def test_a_year_that_is_not_a_year_falls_back_to_this_year_with_a_word(oak, login, junk):
    response = login(oak.head).get(reverse("appraisal:cycle"), {"year": junk})

    assert response.status_code == 200
    assert "Stages" in response.content.decode()
    if junk.strip():
        assert "is not an academic year we recognise" in response.content.decode()


def test_only_this_or_next_years_cycle_can_be_set_up(oak, login):
    client = login(oak.head)

    client.post(reverse("appraisal:cycle_create"), {"year_start": oak.year - 3})

    assert not AppraisalCycle.objects.filter(school=oak.school, year_start=oak.year - 3).exists()
    page = client.get(reverse("appraisal:cycle"), {"year": oak.year - 3}).content.decode()
    assert "You can set up this year" in page or "There was no cycle" in page


def test_stage_dates_out_of_order_are_refused_beside_the_field_and_nothing_typed_is_lost(oak, login):
    client = login(oak.head)
    year = rules.year_period(oak.school, oak.year)
    data = {
        "name": "Interim check-in",
        "kind": "other",
        "opens_on": (year.start + datetime.timedelta(days=100)).isoformat(),
        "due_on": (year.start + datetime.timedelta(days=90)).isoformat(),
    }

    response = client.post(reverse("appraisal:stage_add", args=[oak.cycle.pk]), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "The due date is before the stage opens" in body
    assert 'value="Interim check-in"' in body
    assert data["opens_on"] in body
    assert not Stage.objects.filter(name="Interim check-in").exists()


def test_editing_a_stage_refuses_a_due_date_before_it_opens(oak, login):
    stage = oak.review().stage
    client = login(oak.senior)

    start = rules.year_period(oak.school, oak.year).start
    opens, due = start + datetime.timedelta(days=170), start + datetime.timedelta(days=150)

    response = client.post(
        reverse("appraisal:stage_edit", args=[stage.pk]),
        {"name": stage.name, "kind": stage.kind, "opens_on": opens.isoformat(), "due_on": due.isoformat()},
    )

    assert response.status_code == 200
    assert "The due date is before the stage opens" in response.content.decode()
    stage.refresh_from_db()
    assert stage.due_on != due


def test_a_stage_date_outside_the_year_is_refused(oak):
    with pytest.raises(services.ValidationError) as error:
        services.add_stage(
            actor=oak.head.user,
            cycle=oak.cycle,
            data=services.StageData(
                kind="other", name="Way off", opens_on=datetime.date(1999, 1, 1), due_on=datetime.date(1999, 2, 1)
            ),
        )
    assert "Choose a date between" in str(error.value)


def test_a_review_stage_added_later_gives_every_appraisal_its_review(oak):
    year = rules.year_period(oak.school, oak.year)
    stage = services.add_stage(
        actor=oak.head.user,
        cycle=oak.cycle,
        data=services.StageData(
            kind=Stage.Kind.MID_YEAR,
            name="Spring review",
            opens_on=year.start + datetime.timedelta(days=150),
            due_on=year.start + datetime.timedelta(days=160),
        ),
    )

    assert ReviewMeeting.objects.filter(stage=stage).count() == Appraisal.objects.filter(cycle=oak.cycle).count()
    names = [s.name for s in Stage.objects.filter(cycle=oak.cycle)]
    assert names == ["Planning", "Spring review", "Mid-year review", "End-of-year review"]  # by due date


def test_a_stage_whose_reviews_have_been_written_cannot_be_removed(oak, login):
    review = oak.review()
    services.save_review_text(
        actor=oak.teacher.user, review=review, part="appraisee_notes", text="Notes", version=review.version
    )
    client = login(oak.head)

    response = client.post(reverse("appraisal:stage_remove", args=[review.stage_id]), follow=True)

    assert "cannot be removed" in response.content.decode()
    assert Stage.objects.filter(pk=review.stage_id).exists()


def test_an_empty_stage_is_removed_with_its_empty_reviews(oak, login):
    stage = oak.review(Stage.Kind.END_OF_YEAR).stage

    login(oak.head).post(reverse("appraisal:stage_remove", args=[stage.pk]))

    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_appraisals_are_created_for_every_active_member_of_staff_but_not_governors_or_advisers(oak):
    appraisees = set(Appraisal.objects.filter(cycle=oak.cycle).values_list("appraisee__user__email", flat=True))

    assert "teacher@oakfield.example" in appraisees
    assert "ta@oakfield.example" in appraisees
    assert "governor@oakfield.example" not in appraisees
    assert "adviser@oakfield.example" not in appraisees
    assert Appraisal.objects.get(appraisee=oak.head).kind == Appraisal.Kind.HEADTEACHER
    assert Appraisal.objects.get(appraisee=oak.teacher).kind == Appraisal.Kind.STAFF


def test_creating_everyone_again_adds_only_new_staff_and_not_the_deactivated(oak, login):
    newcomer = make_member(oak.school, SchoolRole.TEACHER, email="new@oakfield.example")
    leaver = make_member(oak.school, SchoolRole.TEACHER, email="leaver@oakfield.example", is_active=True)
    leaver.is_active = False
    leaver.save()
    before = Appraisal.objects.filter(cycle=oak.cycle).count()

    login(oak.head).post(reverse("appraisal:appraisals_create", args=[oak.cycle.pk]), {"everyone": "1"})

    assert Appraisal.objects.filter(cycle=oak.cycle).count() == before + 1
    assert Appraisal.objects.filter(cycle=oak.cycle, appraisee=newcomer).exists()


def test_one_appraisal_is_created_for_a_chosen_person(oak, login):
    newcomer = make_member(oak.school, SchoolRole.TEACHING_ASSISTANT, email="new-ta@oakfield.example")

    login(oak.senior).post(reverse("appraisal:appraisals_create", args=[oak.cycle.pk]), {"membership": newcomer.pk})

    assert Appraisal.objects.filter(cycle=oak.cycle, appraisee=newcomer).exists()


def test_an_appraisal_cannot_be_created_for_someone_at_another_school(oak, login):
    response = login(oak.head).post(
        reverse("appraisal:appraisals_create", args=[oak.cycle.pk]), {"membership": oak.river_teacher.pk}
    )

    assert response.status_code == 200
    assert not Appraisal.objects.filter(appraisee=oak.river_teacher).exists()


def test_appraisers_are_chosen_in_bulk_from_a_table(oak, login):
    other = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.other)
    cpd = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.cpd)
    client = login(oak.head)

    response = client.post(
        reverse("appraisal:appraisers_save", args=[oak.cycle.pk]),
        {f"appraiser_{other.pk}": oak.senior.pk, f"appraiser_{cpd.pk}": oak.appraiser.pk},
    )

    assert response.status_code == 302
    assert list(other.reviewers.values_list("membership", flat=True)) == [oak.senior.pk]
    assert list(cpd.reviewers.values_list("membership", flat=True)) == [oak.appraiser.pk]
    # The teacher's appraiser was not in the post, so it is unchanged.
    assert list(oak.appraisal.reviewers.values_list("membership", flat=True)) == [oak.appraiser.pk]


def test_choosing_someone_as_their_own_appraiser_is_refused_with_a_clear_message(oak, login):
    other = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.other)
    cpd = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.cpd)

    response = login(oak.head).post(
        reverse("appraisal:appraisers_save", args=[oak.cycle.pk]),
        {f"appraiser_{other.pk}": oak.other.pk, f"appraiser_{cpd.pk}": oak.appraiser.pk},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Nobody can review their own appraisal" in body
    # All or nothing, and the other choice typed into the table is still shown.
    assert not other.reviewers.exists()
    assert not cpd.reviewers.exists()
    assert f'<option value="{oak.appraiser.pk}" selected>' in body


def test_nobody_can_be_made_their_own_reviewer_one_by_one(oak, login):
    response = login(oak.head).post(
        reverse("appraisal:reviewers", args=[oak.appraisal.pk]),
        {"membership": oak.teacher.pk, "role": Reviewer.Role.APPRAISER},
    )

    assert "Nobody can review their own appraisal" in response.content.decode()
    assert not oak.appraisal.reviewers.filter(membership=oak.teacher).exists()


def test_the_head_is_never_on_their_own_panel(oak, login):
    response = login(oak.head).post(
        reverse("appraisal:reviewers", args=[oak.head_appraisal.pk]),
        {"membership": oak.head.pk, "role": Reviewer.Role.GOVERNOR},
    )

    assert "Nobody can review their own appraisal" in response.content.decode()


def test_the_heads_panel_is_governors_and_one_adviser(oak):
    with pytest.raises(services.ValidationError, match="Only governors"):
        services.assign_reviewer(
            actor=oak.senior.user,
            appraisal=oak.head_appraisal,
            membership=oak.senior,
            role=Reviewer.Role.GOVERNOR,
        )
    second_adviser = make_member(oak.school, SchoolRole.EXTERNAL_ADVISER)
    with pytest.raises(services.ValidationError, match="already has an external adviser"):
        services.assign_reviewer(
            actor=oak.senior.user,
            appraisal=oak.head_appraisal,
            membership=second_adviser,
            role=Reviewer.Role.ADVISER,
        )
    with pytest.raises(services.ValidationError, match="Staff appraisals have appraisers"):
        services.assign_reviewer(
            actor=oak.senior.user, appraisal=oak.appraisal, membership=oak.governor, role=Reviewer.Role.GOVERNOR
        )


def test_line_managers_are_assigned_in_one_go_where_they_can_appraise(oak, login):
    response = login(oak.head).post(reverse("appraisal:appraisers_line_managers", args=[oak.cycle.pk]), follow=True)

    other = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.other)
    senior = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.senior)
    cpd = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.cpd)
    assert list(other.reviewers.values_list("membership", flat=True)) == [oak.appraiser.pk]
    assert list(senior.reviewers.values_list("membership", flat=True)) == [oak.head.pk]
    assert not cpd.reviewers.exists()  # no line manager
    assert "no line manager who can appraise them" in response.content.decode()


def test_running_the_cycle_does_not_open_anyones_appraisal(oak, login):
    client = login(oak.senior)

    assert client.get(reverse("appraisal:cycle")).status_code == 200
    assert client.get(reverse("appraisal:reviewers", args=[oak.appraisal.pk])).status_code == 200
    assert client.get(reverse("appraisal:detail", args=[oak.appraisal.pk])).status_code == 404


def test_frameworks_are_chosen_from_those_the_school_has_adopted(oak, login, frameworks):
    response = login(oak.head).post(
        reverse("appraisal:cycle_settings", args=[oak.cycle.pk]),
        {"teacher_framework": frameworks["apst"].pk, "outcome_statements_enabled": "on"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    oak.cycle.refresh_from_db()
    assert oak.cycle.teacher_framework.slug == "teachers-standards-england"
    assert not oak.cycle.outcome_statements_enabled


def test_outcome_statements_are_off_until_the_school_switches_them_on(oak, login):
    client = login(oak.head)
    assert "Your school&#x27;s outcome statements" not in client.get(reverse("appraisal:cycle")).content.decode()

    client.post(
        reverse("appraisal:cycle_settings", args=[oak.cycle.pk]),
        {"teacher_framework": oak.cycle.teacher_framework_id, "outcome_statements_enabled": "on"},
    )
    client.post(reverse("appraisal:outcome_add"), {"text": "Objectives met", "year": oak.year})
    duplicate = client.post(reverse("appraisal:outcome_add"), {"text": "objectives met", "year": oak.year})

    assert "already has that statement" in duplicate.content.decode()
    page = client.get(reverse("appraisal:cycle")).content.decode()
    assert "Objectives met" in page
