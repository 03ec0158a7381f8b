"""Appraisal pages make the same number of queries however many people, objectives or check-ins there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.appraisal import services
from staffroom.appraisal.models import Appraisal, Reviewer, SupportTheme
from staffroom.frameworks.models import Standard
from staffroom.organisations.models import Subject
from staffroom.testing.factories import make_activity, make_member

from .conftest import descriptor, objective_data

pytestmark = pytest.mark.django_db


def queries(client, url, **params) -> int:
    client.get(url, params)  # warms per-process caches so both runs start alike
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured)


def fill(oak, appraisal, objectives: int):
    """Objectives with descriptors, evidence and check-ins from both sides; a self-review with ratings."""
    owner = appraisal.appraisee
    maths = Subject.objects.get(slug="mathematics")
    ts = [descriptor(oak.teachers_standards, c) for c in ("TS1.a", "TS2.a", "TS4.a")]
    reviewer = appraisal.reviewers.first()
    for n in range(objectives):
        activity = make_activity(owner, title=f"Learning {n}")
        activity.descriptors.set(ts[: 1 + n % 3])
        objective = services.add_objective(
            actor=owner.user,
            appraisal=appraisal,
            data=objective_data(
                title=f"Objective {n}",
                subject=maths,
                descriptors=ts[: 1 + n % 3],
                evidence=[activity],
                support_needed="Help",
                support_theme=SupportTheme.values[n % len(SupportTheme.values)],
            ),
        )
        for m in range(1 + n % 3):
            services.add_check_in(actor=owner.user, objective=objective, text=f"Check-in {m}")
        if reviewer:
            services.add_check_in(actor=reviewer.membership.user, objective=objective, text="Comment")
    standards = Standard.objects.filter(framework=oak.teachers_standards).order_by("order")[: objectives + 1]
    from staffroom.appraisal.forms import SelfReviewForm  # noqa: F401  (the page's own form does the saving)

    data = services.SelfReviewData(
        framework=oak.teachers_standards,
        ratings={
            s.pk: services.RatingData(level="secure", comment="ok", evidence=list(owner.user.learning_activities.all()))
            for s in standards
        },
    )
    services.save_self_review(actor=owner.user, appraisal=appraisal, data=data)


def new_teacher_with_appraisal(oak, objectives):
    member = make_member(oak.school, SchoolRole.TEACHER, line_manager=oak.appraiser)
    appraisal = services.create_appraisals(actor=oak.head.user, cycle=oak.cycle, memberships=[member])[0]
    services.assign_reviewer(actor=oak.head.user, appraisal=appraisal, membership=oak.appraiser, role="appraiser")
    fill(oak, appraisal, objectives)
    return member, appraisal


def test_the_appraisal_page_stays_flat_with_more_objectives_and_check_ins(oak, login):
    few_member, few = new_teacher_with_appraisal(oak, 2)
    many_member, many = new_teacher_with_appraisal(oak, 6)

    assert queries(login(few_member), reverse("appraisal:detail", args=[few.pk])) == queries(
        login(many_member), reverse("appraisal:detail", args=[many.pk])
    )


def test_an_objective_page_stays_flat_with_more_check_ins_and_evidence(oak, login):
    member, appraisal = new_teacher_with_appraisal(oak, 6)
    objectives = list(appraisal.objectives.order_by("id"))
    small, big = objectives[0], objectives[2]  # 1 and 3 check-ins from the appraisee
    for n in range(5):
        big.evidence.add(make_activity(member, title=f"Extra {n}"))
    client = login(oak.appraiser)

    assert queries(client, reverse("appraisal:objective_detail", args=[small.pk])) == queries(
        client, reverse("appraisal:objective_detail", args=[big.pk])
    )


@pytest.mark.parametrize("who", ["appraisee", "appraiser"])
def test_the_self_review_page_stays_flat(oak, login, who):
    few_member, few = new_teacher_with_appraisal(oak, 1)
    many_member, many = new_teacher_with_appraisal(oak, 5)
    if who == "appraisee":
        counts = (
            queries(login(few_member), reverse("appraisal:self_review", args=[few.pk])),
            queries(login(many_member), reverse("appraisal:self_review", args=[many.pk])),
        )
    else:
        client = login(oak.appraiser)
        counts = (
            queries(client, reverse("appraisal:self_review", args=[few.pk])),
            queries(client, reverse("appraisal:self_review", args=[many.pk])),
        )
    assert counts[0] == counts[1]


def test_the_review_page_and_access_log_stay_flat(oak, login):
    few_member, few = new_teacher_with_appraisal(oak, 1)
    many_member, many = new_teacher_with_appraisal(oak, 4)
    client = login(oak.appraiser)
    for _n in range(30):
        client.get(reverse("appraisal:detail", args=[many.pk]))

    assert queries(client, reverse("appraisal:review", args=[few.reviews.first().pk])) == queries(
        client, reverse("appraisal:review", args=[many.reviews.first().pk])
    )
    assert queries(client, reverse("appraisal:access_log", args=[few.pk])) == queries(
        client, reverse("appraisal:access_log", args=[many.pk])
    )


def test_the_overview_stays_flat_for_an_appraiser_with_more_appraisees(oak, login):
    def appraiser_with(count):
        appraiser = make_member(oak.school, SchoolRole.MIDDLE_LEADER)
        for _n in range(count):
            member = make_member(oak.school, SchoolRole.TEACHER)
            appraisal = services.create_appraisals(actor=oak.head.user, cycle=oak.cycle, memberships=[member])[0]
            services.assign_reviewer(actor=oak.head.user, appraisal=appraisal, membership=appraiser, role="appraiser")
            services.add_objective(actor=member.user, appraisal=appraisal, data=objective_data())
        own = services.create_appraisals(actor=oak.head.user, cycle=oak.cycle, memberships=[appraiser])[0]
        services.assign_reviewer(actor=oak.head.user, appraisal=own, membership=oak.senior, role="appraiser")
        fill(oak, own, count)
        return appraiser

    few, many = appraiser_with(2), appraiser_with(6)

    assert queries(login(few), reverse("appraisal:overview")) == queries(login(many), reverse("appraisal:overview"))


def test_the_heads_overview_and_home_stay_flat_as_the_school_grows(oak, login):
    client = login(oak.head)
    for _n in range(3):
        new_teacher_with_appraisal(oak, 1)
    small = (queries(client, reverse("appraisal:overview")), queries(client, reverse("home")))
    for _n in range(6):
        new_teacher_with_appraisal(oak, 2)

    assert (queries(client, reverse("appraisal:overview")), queries(client, reverse("home"))) == small


def add_staff(oak, count):
    for _n in range(count):
        make_member(oak.school, SchoolRole.TEACHER, line_manager=oak.appraiser)
    services.create_appraisals(actor=oak.head.user, cycle=oak.cycle)
    services.assign_line_managers(actor=oak.head.user, cycle=oak.cycle)


def test_the_cycle_page_makes_the_same_queries_for_10_or_30_staff(oak, login):
    client = login(oak.head)
    add_staff(oak, 10 - Appraisal.objects.filter(cycle=oak.cycle).count())
    make_member(oak.school, SchoolRole.TEACHER)  # someone still without an appraisal
    ten = queries(client, reverse("appraisal:cycle"))
    assert Appraisal.objects.filter(cycle=oak.cycle).count() == 10

    add_staff(oak, 20)
    for _n in range(3):
        make_member(oak.school, SchoolRole.TEACHER)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("appraisal:cycle"))
    assert response.status_code == 200
    assert Reviewer.objects.filter(appraisal__cycle=oak.cycle).count() > 20
    assert len(captured) == ten


def test_the_needs_page_makes_the_same_queries_however_many_objectives(oak, login):
    client = login(oak.cpd)
    new_teacher_with_appraisal(oak, 1)
    few = (queries(client, reverse("appraisal:needs")), queries(client, reverse("appraisal:needs_csv")))
    for _n in range(4):
        new_teacher_with_appraisal(oak, 3)

    assert (queries(client, reverse("appraisal:needs")), queries(client, reverse("appraisal:needs_csv"))) == few
