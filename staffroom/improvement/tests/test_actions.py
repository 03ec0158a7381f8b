import pytest
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.improvement import services
from staffroom.improvement.models import Action, ActionUpdate

from .helpers import make_world

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_second_status_change_from_a_stale_page_is_refused_with_the_current_state(login):
    world = make_world()
    action = world.action
    loaded_version = action.version
    # Both the owner and the collaborator loaded the page at the same version.
    login(world.owner).post(
        reverse("improvement:action_status", args=[action.pk]), {"status": "at_risk", "version": loaded_version}
    )
    client = login(world.collaborator)
    response = client.post(
        reverse("improvement:action_status", args=[action.pk]),
        {"status": "done", "version": loaded_version},
        follow=True,
    )
    action.refresh_from_db()
    assert action.status == Action.Status.AT_RISK
    page = response.content.decode()
    assert "Someone else changed this action" in page
    assert "At risk" in page


@pytest.mark.django_db
def test_stale_status_change_over_htmx_shows_the_message_in_the_card(login):
    world = make_world()
    action = world.action
    services.change_status(actor=world.owner.user, action=action, status="on_track", version=action.version)
    response = login(world.collaborator).post(
        reverse("improvement:action_status", args=[action.pk]), {"status": "done", "version": 1}, **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert f'id="action-{action.pk}"' in body
    assert "Someone else changed this action" in body and "On track" in body
    action.refresh_from_db()
    assert action.status == Action.Status.ON_TRACK


@pytest.mark.django_db
def test_service_raises_stale_action_rather_than_overwriting():
    world = make_world()
    services.change_status(actor=world.owner.user, action=world.action, status="on_track", version=1)
    with pytest.raises(services.StaleAction) as raised:
        services.change_status(actor=world.collaborator.user, action=world.action, status="done", version=1)
    assert raised.value.current.status == Action.Status.ON_TRACK


@pytest.mark.django_db
def test_status_change_over_htmx_returns_the_updated_card_and_is_audited(login):
    world = make_world()
    action = world.action
    response = login(world.owner).post(
        reverse("improvement:action_status", args=[action.pk]), {"status": "on_track", "version": 1}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'value="2"' in body  # the fresh version, so the next change from this card is not stale
    assert AuditEvent.objects.filter(verb="improvement.action_status_changed", target_id=str(action.pk)).exists()


@pytest.mark.django_db
def test_status_change_from_the_board_over_htmx_redraws_the_columns(login):
    world = make_world()
    response = login(world.owner).post(
        reverse("improvement:action_status", args=[world.action.pk]),
        {"status": "done", "version": 1, "view": "board"},
        **HTMX,
    )
    body = response.content.decode()
    assert 'id="board-columns"' in body and "<html" not in body


@pytest.mark.django_db
def test_update_over_htmx_returns_just_the_new_item_and_without_js_redirects(login):
    world = make_world()
    client = login(world.owner)
    url = reverse("improvement:action_update", args=[world.action.pk])
    fragment = client.post(url, {"text": "Groups running on Tuesdays"}, **HTMX)
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert body.lstrip().startswith("<li") and "Groups running on Tuesdays" in body
    plain = client.post(url, {"text": "Second update"})
    assert plain.status_code == 302 and plain["Location"] == reverse("improvement:action", args=[world.action.pk])
    page = client.get(plain["Location"]).content.decode()
    assert "Groups running on Tuesdays" in page and "Second update" in page
    assert ActionUpdate.objects.filter(action=world.action).count() == 2


@pytest.mark.django_db
def test_board_over_htmx_returns_only_the_columns(login):
    world = make_world()
    client = login(world.other)
    full = client.get(reverse("improvement:board"))
    fragment = client.get(reverse("improvement:board"), **HTMX)
    assert "<html" in full.content.decode()
    assert "<html" not in fragment.content.decode() and 'id="board-columns"' in fragment.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "finished", "version": 1},
        {"status": "done", "version": "abc"},
        {"status": "done"},
        {"status": ["done", "on_track"], "version": "-1"},
    ],
)
def test_junk_status_posts_do_not_break(login, data):
    world = make_world()
    client = login(world.owner)
    url = reverse("improvement:action_status", args=[world.action.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data, **HTMX).status_code == 200
    world.action.refresh_from_db()
    assert world.action.status == Action.Status.NOT_STARTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/improvement/plan/?year=abc",
        "/improvement/plan/?year=99999999999999999999",
        "/improvement/board/?year=1900",
        "/improvement/ratings/?year=x",
        "/improvement/actions/999999/",
        "/improvement/proposals/999999/",
        "/improvement/proposals/999999/accept/",
    ],
)
def test_junk_urls_are_404_not_500(login, url):
    world = make_world()
    assert login(world.head).get(url).status_code == 404


@pytest.mark.django_db
def test_empty_update_is_refused_without_js_and_with_htmx(login):
    world = make_world()
    client = login(world.owner)
    url = reverse("improvement:action_update", args=[world.action.pk])
    assert client.post(url, {"text": "  "}).status_code == 302
    assert "Write something" in client.post(url, {"text": ""}, **HTMX).content.decode()
    assert not ActionUpdate.objects.exists()


@pytest.mark.django_db
def test_posting_an_update_does_not_make_the_status_form_on_the_page_stale(login):
    world = make_world()
    client = login(world.owner)
    client.post(reverse("improvement:action_update", args=[world.action.pk]), {"text": "Going well"}, **HTMX)
    client.post(reverse("improvement:action_status", args=[world.action.pk]), {"status": "on_track", "version": 1})
    world.action.refresh_from_db()
    assert world.action.status == Action.Status.ON_TRACK
