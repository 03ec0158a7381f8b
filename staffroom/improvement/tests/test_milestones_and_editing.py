import datetime

import pytest
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.improvement import services
from staffroom.improvement.models import Action, Milestone

from .helpers import make_world


def _edit_data(world, **changes):
    data = {
        "title": "Improve reading fluency in Year 3",
        "description": "",
        "owner": world.owner.pk,
        "collaborators": [world.collaborator.pk],
        "starts_on": "",
        "due_on": "",
        "success_criteria": "Most Year 3 pupils read 90 words a minute",
        "metric": "",
        "target_comparison": "",
        "target_value": "",
        "evidence": "",
        "version": world.action.version,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [("head", 200), ("lead", 200), ("owner", 200), ("collaborator", 403), ("other", 403), ("governor", 403)],
)
def test_who_may_open_the_edit_page(login, who, expected):
    world = make_world()
    response = login(getattr(world, who)).get(reverse("improvement:action_edit", args=[world.action.pk]))
    assert response.status_code == expected


@pytest.mark.django_db
def test_another_schools_head_gets_not_found_for_the_edit_page_and_milestones(login):
    world = make_world()
    milestone = services.add_milestone(actor=world.owner.user, action=world.action, title="Train the team")
    client = login(world.outsider)
    assert client.get(reverse("improvement:action_edit", args=[world.action.pk])).status_code == 404
    assert client.post(reverse("improvement:milestone_add", args=[world.action.pk]), {"title": "x"}).status_code == 404
    assert client.post(reverse("improvement:milestone_done", args=[milestone.pk]), {"done": "1"}).status_code == 404
    assert client.post(reverse("improvement:milestone_remove", args=[milestone.pk])).status_code == 404
    assert Milestone.objects.filter(pk=milestone.pk, done=False).exists()


@pytest.mark.django_db
def test_the_owner_edits_the_action_and_it_is_audited(login):
    world = make_world()
    response = login(world.owner).post(reverse("improvement:action_edit", args=[world.action.pk]), _edit_data(world))
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.title == "Improve reading fluency in Year 3"
    assert world.action.version == 2
    assert AuditEvent.objects.filter(verb="improvement.action_edited", target_id=str(world.action.pk)).exists()


@pytest.mark.django_db
def test_an_edit_from_a_stale_page_keeps_what_was_typed_and_saves_nothing(login):
    world = make_world()
    stale = _edit_data(world, title="My careful rewording")
    services.change_status(actor=world.owner.user, action=world.action, status="at_risk", version=1)
    response = login(world.lead).post(reverse("improvement:action_edit", args=[world.action.pk]), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this action" in page
    assert "My careful rewording" in page
    world.action.refresh_from_db()
    assert world.action.title == "Improve reading fluency" and world.action.status == Action.Status.AT_RISK
    # The form now carries the current version, so saving again goes through.
    assert 'name="version" value="2"' in page


@pytest.mark.django_db
def test_bad_edit_input_is_shown_beside_the_fields_and_kept(login):
    world = make_world()
    data = _edit_data(world, title="   ", due_on="2026-01-01", starts_on="2026-03-01", target_value="lots")
    response = login(world.owner).post(reverse("improvement:action_edit", args=[world.action.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert 'value="lots"' in page
    world.action.refresh_from_db()
    assert world.action.title == "Improve reading fluency"


@pytest.mark.django_db
def test_a_target_outside_the_metrics_range_is_refused_on_edit(login):
    from staffroom.evaluation.models import Metric

    world = make_world()
    metric = Metric.objects.create(school=world.school, name="Attendance", unit="%")
    data = _edit_data(world, metric=metric.pk, target_comparison="gte", target_value="120")
    response = login(world.head).post(reverse("improvement:action_edit", args=[world.action.pk]), data)
    assert response.status_code == 200
    assert "The target must be between" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("owner", True),
        ("collaborator", True),
        ("lead", True),
        ("head", True),
        ("other", False),
        ("governor", False),
    ],
)
def test_who_keeps_milestones(login, who, allowed):
    world = make_world()
    client = login(getattr(world, who))
    response = client.post(
        reverse("improvement:milestone_add", args=[world.action.pk]), {"title": "Baseline fluency", "due_on": ""}
    )
    assert (response.status_code == 302) is allowed
    assert Milestone.objects.filter(action=world.action).exists() is allowed
    if not allowed:
        assert response.status_code == 403


@pytest.mark.django_db
def test_milestones_are_added_ticked_reopened_and_removed(login):
    world = make_world()
    client = login(world.collaborator)
    url = reverse("improvement:milestone_add", args=[world.action.pk])
    client.post(url, {"title": "Train the team", "due_on": "2026-10-01"})
    milestone = Milestone.objects.get(action=world.action)
    assert milestone.school_id == world.school.pk and milestone.due_on == datetime.date(2026, 10, 1)

    client.post(reverse("improvement:milestone_done", args=[milestone.pk]), {"done": "1"})
    # A second tick (two people at once, or a double click) changes nothing and is audited once.
    client.post(reverse("improvement:milestone_done", args=[milestone.pk]), {"done": "1"})
    milestone.refresh_from_db()
    assert milestone.done
    assert AuditEvent.objects.filter(verb="improvement.milestone_done").count() == 1

    page = client.get(reverse("improvement:action", args=[world.action.pk])).content.decode()
    assert "Train the team" in page and "Reopen" in page

    client.post(reverse("improvement:milestone_done", args=[milestone.pk]), {"done": "0"})
    milestone.refresh_from_db()
    assert not milestone.done

    client.post(reverse("improvement:milestone_remove", args=[milestone.pk]))
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert AuditEvent.objects.filter(verb="improvement.milestone_removed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_bad_milestone_is_refused_with_the_text_kept(login, title):
    world = make_world()
    response = login(world.owner).post(
        reverse("improvement:milestone_add", args=[world.action.pk]), {"title": title, "due_on": "not a date"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page and 'value="not a date"' in page
    assert not Milestone.objects.exists()


@pytest.mark.django_db
def test_the_action_page_query_count_stays_flat_as_milestones_grow(login, django_assert_max_num_queries):
    world = make_world()
    client = login(world.owner)
    url = reverse("improvement:action", args=[world.action.pk])
    for n in range(3):
        services.add_milestone(actor=world.owner.user, action=world.action, title=f"Step {n}")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(9):
        services.add_milestone(actor=world.owner.user, action=world.action, title=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), [("head", True), ("lead", True), ("owner", False), ("other", False)])
def test_who_may_remove_an_action(login, who, allowed):
    world = make_world()
    services.add_milestone(actor=world.owner.user, action=world.action, title="Train the team")
    client = login(getattr(world, who))
    url = reverse("improvement:action_remove", args=[world.action.pk])
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url)
    assert Action.objects.filter(pk=world.action.pk).exists() is not allowed
    if allowed:
        assert response.status_code == 302 and not Milestone.objects.exists()
        assert AuditEvent.objects.filter(verb="improvement.action_removed").exists()


@pytest.mark.django_db
def test_a_leader_edits_then_removes_a_priority_and_linked_objectives_keep_their_text(login):
    from staffroom.improvement.models import Priority

    world = make_world()
    client = login(world.head)
    edit = reverse("improvement:priority_edit", args=[world.priority.pk])
    page = client.get(edit).content.decode()
    assert "Reading for pleasure" in page and "Remove this priority" in page
    # A blank title is refused with the description kept.
    response = client.post(edit, {"title": " ", "description": "Keep this"})
    assert response.status_code == 200 and "Keep this" in response.content.decode()
    client.post(edit, {"title": "Reading for pleasure, every day", "description": ""})
    world.priority.refresh_from_db()
    assert world.priority.title == "Reading for pleasure, every day"

    remove = reverse("improvement:priority_remove", args=[world.priority.pk])
    assert "1 action" in client.get(remove).content.decode()
    assert login(world.lead).post(remove).status_code == 403
    login(world.head).post(remove)
    assert not Priority.objects.filter(pk=world.priority.pk).exists()
    assert not Action.objects.filter(pk=world.action.pk).exists()


@pytest.mark.django_db
def test_another_schools_head_cannot_reach_priorities_or_remove_actions(login):
    world = make_world()
    client = login(world.outsider)
    assert client.get(reverse("improvement:priority_edit", args=[world.priority.pk])).status_code == 404
    assert client.post(reverse("improvement:priority_remove", args=[world.priority.pk])).status_code == 404
    assert client.post(reverse("improvement:action_remove", args=[world.action.pk])).status_code == 404
    assert Action.objects.filter(pk=world.action.pk).exists()
