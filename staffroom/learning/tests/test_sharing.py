"""Shared with me: what colleagues chose to share, and nothing they kept private."""

import pytest
from django.urls import reverse

from staffroom.learning import policies
from staffroom.learning.models import Activity, Visibility
from staffroom.testing.factories import make_activity, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(school):
    line_manager = make_member(school)
    report = make_member(school, line_manager=line_manager)
    colleague = make_member(school)
    for visibility in Visibility:
        make_activity(report, visibility=visibility, title=f"Report's {visibility.value}")
    return line_manager, report, colleague


def shared_titles(client) -> set[str]:
    response = client.get(reverse("learning:shared"))
    assert response.status_code == 200
    return {a.title for a in response.context["activities"]}


def test_a_line_manager_sees_what_their_report_shared_with_them_or_the_school(login, team):
    line_manager, _report, _colleague = team

    titles = shared_titles(login(line_manager))

    assert titles == {"Report's line_manager", "Report's school"}


def test_a_colleague_sees_only_what_was_shared_with_the_school(login, team):
    _line_manager, _report, colleague = team

    assert shared_titles(login(colleague)) == {"Report's school"}


def test_nobody_sees_another_schools_learning(login, team):
    _line_manager, report, _colleague = team
    elsewhere = make_member(None)
    # Even a line manager link across schools must not leak anything.
    outsider_report = make_member(elsewhere.school, line_manager=elsewhere)
    make_activity(outsider_report, visibility=Visibility.SCHOOL, title="Other school's")

    assert shared_titles(login(elsewhere)) == {"Other school's"}
    assert "Other school's" not in shared_titles(login(report))


def test_the_owner_does_not_see_their_own_learning_as_shared(login, team):
    _line_manager, report, _colleague = team

    assert shared_titles(login(report)) == set()


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [
        ("line_manager", {"Report's line_manager", "Report's school"}),
        ("colleague", {"Report's school"}),
        ("report", {"Report's private", "Report's line_manager", "Report's school"}),
    ],
)
def test_the_detail_page_follows_the_same_rules(login, team, viewer, visible):
    line_manager, report, colleague = team
    client = login({"line_manager": line_manager, "report": report, "colleague": colleague}[viewer])
    activities = Activity.objects.filter(owner=report.user)

    seen = {a.title for a in activities if client.get(reverse("learning:detail", args=[a.pk])).status_code == 200}

    assert seen == visible


def test_a_shared_activity_hides_who_can_see_it_and_the_owners_controls(login, team):
    line_manager, report, _colleague = team
    activity = Activity.objects.get(owner=report.user, visibility=Visibility.LINE_MANAGER)

    text = login(line_manager).get(reverse("learning:detail", args=[activity.pk])).content.decode()

    assert f"Shared by {report.user.display_name}" in text
    assert reverse("learning:edit", args=[activity.pk]) not in text
    assert reverse("learning:delete", args=[activity.pk]) not in text
    assert reverse("learning:follow_up", args=[activity.follow_up.pk]) not in text


def test_the_policy_needs_a_membership_of_the_same_school(team):
    _line_manager, report, _colleague = team
    activity = Activity.objects.get(owner=report.user, visibility=Visibility.SCHOOL)

    assert not policies.can_view_activity(None, activity)
    assert not policies.can_view_activity(make_member(None), activity)
