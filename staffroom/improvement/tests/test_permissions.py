import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from staffroom.improvement import services
from staffroom.improvement.models import Action, ActionUpdate

from .helpers import make_world

WHO_MAY_WORK = {
    "owner": True,
    "collaborator": True,
    "head": False,
    "lead": False,
    "other": False,
    "governor": False,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), WHO_MAY_WORK.items())
def test_only_owner_and_collaborators_change_status_and_post_updates(login, who, allowed):
    world = make_world()
    client = login(getattr(world, who))
    action = world.action

    status = client.post(
        reverse("improvement:action_status", args=[action.pk]), {"status": "on_track", "version": action.version}
    )
    update = client.post(reverse("improvement:action_update", args=[action.pk]), {"text": "Started the groups"})

    action.refresh_from_db()
    if allowed:
        assert status.status_code == 302 and update.status_code == 302
        assert action.status == Action.Status.ON_TRACK
        assert ActionUpdate.objects.filter(action=action, text="Started the groups").exists()
    else:
        assert status.status_code == 403 and update.status_code == 403
        assert action.status == Action.Status.NOT_STARTED
        assert not ActionUpdate.objects.filter(action=action).exists()


@pytest.mark.django_db
def test_another_school_gets_404_everywhere(login):
    world = make_world()
    client = login(world.outsider)
    action = world.action
    for url, method in [
        (reverse("improvement:action", args=[action.pk]), "get"),
        (reverse("improvement:action_status", args=[action.pk]), "post"),
        (reverse("improvement:action_update", args=[action.pk]), "post"),
        (reverse("improvement:action_add", args=[world.sub_plan.pk]), "get"),
        (reverse("improvement:sub_plan_add", args=[world.priority.pk]), "get"),
        (reverse("improvement:priority_add", args=[world.plan.pk]), "get"),
        (f"{reverse('improvement:plan')}?year={world.plan.year_start}", "get"),
    ]:
        data = {"status": "done", "version": 1, "text": "x"} if method == "post" else {}
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "priority", "sub_plan", "action"),
    [
        ("head", 200, 200, 200),
        ("lead", 403, 403, 200),
        ("owner", 403, 403, 403),
        ("other", 403, 403, 403),
        ("governor", 403, 403, 403),
    ],
)
def test_who_shapes_the_plan(login, who, priority, sub_plan, action):
    world = make_world()
    client = login(getattr(world, who))
    assert client.get(reverse("improvement:priority_add", args=[world.plan.pk])).status_code == priority
    assert client.get(reverse("improvement:sub_plan_add", args=[world.priority.pk])).status_code == sub_plan
    assert client.get(reverse("improvement:action_add", args=[world.sub_plan.pk])).status_code == action


@pytest.mark.django_db
def test_sub_plan_lead_adds_an_action_for_a_teaching_assistant(login):
    world = make_world()
    client = login(world.lead)
    response = client.post(
        reverse("improvement:action_add", args=[world.sub_plan.pk]),
        {"title": "Paired reading at lunch", "owner": world.owner.pk, "due_on": "2030-07-01"},
    )
    assert response.status_code == 302
    assert Action.objects.filter(title="Paired reading at lunch", owner=world.owner, sub_plan=world.sub_plan).exists()


@pytest.mark.django_db
def test_action_owner_from_another_school_is_refused(login):
    world = make_world()
    client = login(world.head)
    response = client.post(
        reverse("improvement:action_add", args=[world.sub_plan.pk]), {"title": "Sneaky", "owner": world.outsider.pk}
    )
    assert response.status_code == 200
    assert not Action.objects.filter(title="Sneaky").exists()


@pytest.mark.django_db
def test_governor_reads_the_plan_but_sees_no_status_controls(login):
    world = make_world()
    client = login(world.governor)
    response = client.get(reverse("improvement:plan"))
    assert response.status_code == 200
    assert world.action.title in response.content.decode()
    assert "Change status" not in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.post_update(actor=world.governor.user, action=world.action, text="Hello")


@pytest.mark.django_db
def test_everyone_with_a_membership_sees_improvement_in_the_navigation(login):
    world = make_world()
    for who in (world.governor, world.owner):
        response = login(who).get(reverse("home"))
        assert reverse("improvement:hub") in response.content.decode()
