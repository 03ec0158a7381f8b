"""Pages that list learning make the same number of queries however much has been recorded."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.learning import services
from staffroom.learning.models import Evidence
from staffroom.testing.factories import SubjectFactory, make_activity, make_member

from .conftest import PDF_BYTES, descriptor, pdf, today

pytestmark = pytest.mark.django_db


def queries(client, url, **params) -> int:
    client.get(url, params)  # Warms per-process caches (content types, sessions) so both runs start alike.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def record_for(school, teachers_standards, maths):
    science = SubjectFactory(name="Science", slug="science")
    linked = [descriptor(teachers_standards, code) for code in ("TS1.a", "TS2.b", "TS4.c")]

    def build(count):
        membership = make_member(school)
        school_day = today(school)
        for n in range(count):
            activity = make_activity(
                membership,
                date=school_day - datetime.timedelta(days=n % 60),
                title=f"Activity {n}",
                subjects=[maths, science] if n % 2 else [maths],
                follow_up_due=school_day - datetime.timedelta(days=n % 3),
            )
            activity.descriptors.set(linked[: 1 + n % 3])
            if n % 4 == 0:
                services.answer_follow_up(
                    actor=membership.user, follow_up=activity.follow_up, what_changed="More talk.", guskey_level=3
                )
        return membership

    return build


def test_my_learning_makes_the_same_queries_for_5_or_40_activities(login, record_for):
    few, many = record_for(5), record_for(40)

    assert queries(login(few), reverse("learning:list")) == queries(login(many), reverse("learning:list"))


def test_my_learning_with_a_standard_chosen_stays_flat(login, record_for, teachers_standards):
    few, many = record_for(5), record_for(40)
    ts1 = teachers_standards.standards.get(code="TS1").pk
    url = reverse("learning:list")

    assert queries(login(few), url, standard=ts1) == queries(login(many), url, standard=ts1)


def test_home_makes_the_same_queries_for_5_or_40_activities(login, record_for):
    few, many = record_for(5), record_for(40)

    assert queries(login(few), reverse("home")) == queries(login(many), reverse("home"))


def test_the_csv_makes_the_same_queries_for_5_or_40_activities(login, record_for):
    few, many = record_for(5), record_for(40)

    def csv_queries(membership):
        client = login(membership)
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get(reverse("learning:export_csv")).streaming_content)
        return len(captured)

    assert csv_queries(few) == csv_queries(many)


def test_shared_with_me_makes_the_same_queries_however_many_are_shared(login, school):
    def colleague_sharing(count):
        viewer = make_member(school)
        for _n in range(count):
            make_activity(make_member(school, line_manager=viewer), visibility="line_manager")
        return viewer

    few, many = colleague_sharing(3), colleague_sharing(15)

    assert queries(login(few), reverse("learning:shared")) == queries(login(many), reverse("learning:shared"))


def test_an_activity_with_1_or_5_evidence_files_makes_the_same_queries(login, school, teacher, teachers_standards):
    client = login(teacher)

    def activity_with(files):
        activity = make_activity(teacher)
        activity.descriptors.set([descriptor(teachers_standards, "TS1.a")])
        services.update_activity(
            actor=teacher.user,
            activity=activity,
            data=services.ActivityData(
                title=activity.title,
                kind=activity.kind,
                date=activity.date,
                hours=activity.hours,
                visibility=activity.visibility,
            ),
            files=[pdf(f"file {n}.pdf", PDF_BYTES) for n in range(files)],
        )
        return activity

    one, five = activity_with(1), activity_with(5)
    assert Evidence.objects.filter(activity=five).count() == 5

    assert queries(client, reverse("learning:detail", args=[one.pk])) == queries(
        client, reverse("learning:detail", args=[five.pk])
    )
