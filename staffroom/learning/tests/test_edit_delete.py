"""Only the owner changes or deletes an activity, and deleting takes its evidence files with it."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.learning import selectors, services
from staffroom.learning.models import Activity, Evidence, FollowUp, Visibility
from staffroom.testing.factories import make_activity, make_member

from .conftest import activity_form, pdf, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(teacher):
    return make_activity(teacher, visibility=Visibility.SCHOOL, title="Questioning workshop")


@pytest.fixture
def colleague(school, teacher):
    return make_member(school, line_manager=teacher)


def test_the_owner_edits_an_activity(login, school, teacher, activity, maths):
    client = login(teacher)
    assert client.get(reverse("learning:edit", args=[activity.pk])).status_code == 200
    revisit = today(school) + datetime.timedelta(days=14)

    response = client.post(
        reverse("learning:edit", args=[activity.pk]),
        activity_form(
            school,
            title="Questioning workshop, part 2",
            hours="2.5",
            subjects=[maths.pk],
            follow_up_on=revisit.isoformat(),
            files=[pdf("handout.pdf")],
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Questioning workshop, part 2"
    assert str(activity.hours) == "2.50"
    assert activity.subject_specific
    assert activity.follow_up.due_on == revisit
    assert activity.evidence.get().original_name == "handout.pdf"
    assert AuditEvent.objects.filter(verb="learning.activity_updated", target_id=str(activity.pk)).exists()


def test_a_bad_edit_changes_nothing(login, school, teacher, activity):
    response = login(teacher).post(
        reverse("learning:edit", args=[activity.pk]), activity_form(school, title="Renamed", hours="0")
    )

    assert response.status_code == 200
    assert "Hours must be more than zero." in response.content.decode()
    activity.refresh_from_db()
    assert (activity.title, str(activity.hours)) == ("Questioning workshop", "2.00")


def test_the_edit_page_is_not_reachable_by_a_colleague_even_when_shared(login, school, activity, colleague):
    client = login(colleague)
    assert client.get(reverse("learning:detail", args=[activity.pk])).status_code == 200

    assert client.get(reverse("learning:edit", args=[activity.pk])).status_code == 404
    response = client.post(reverse("learning:edit", args=[activity.pk]), activity_form(school, title="Hijacked"))
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.title == "Questioning workshop"


def test_a_colleague_cannot_delete(login, activity, colleague):
    client = login(colleague)

    assert client.get(reverse("learning:delete", args=[activity.pk])).status_code == 404
    assert client.post(reverse("learning:delete", args=[activity.pk])).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_someone_at_another_school_gets_404(login, activity):
    stranger = make_member(None)
    client = login(stranger)

    for name in ("detail", "edit", "delete"):
        assert client.get(reverse(f"learning:{name}", args=[activity.pk])).status_code == 404


def test_deleting_removes_the_record_and_its_files_after_commit(
    login, school, teacher, django_capture_on_commit_callbacks
):
    client = login(teacher)
    client.post(reverse("learning:create"), activity_form(school, files=[pdf("a.pdf"), pdf("b.pdf")]))
    activity = Activity.objects.get()
    stored = [e.file.name for e in Evidence.objects.all()]
    assert all(default_storage.exists(name) for name in stored)

    assert client.get(reverse("learning:delete", args=[activity.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("learning:delete", args=[activity.pk]))
    assert response.status_code == 302
    assert response.url == reverse("learning:list")
    assert not Activity.objects.exists()
    assert not Evidence.objects.exists()
    assert not FollowUp.objects.exists()
    # Until the transaction commits the files stay, so a rolled-back delete loses nothing.
    assert all(default_storage.exists(name) for name in stored)

    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(name) for name in stored)
    event = AuditEvent.objects.get(verb="learning.activity_deleted")
    assert event.data == {"title": "Retrieval practice twilight"}


def test_deleting_with_commit_callbacks_run(login, school, teacher, django_capture_on_commit_callbacks):
    client = login(teacher)
    client.post(reverse("learning:create"), activity_form(school, files=[pdf("a.pdf")]))
    activity = Activity.objects.get()
    name = Evidence.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:delete", args=[activity.pk]))

    assert not default_storage.exists(name)


def test_deleting_twice_gives_404_the_second_time(login, teacher, activity):
    client = login(teacher)

    assert client.post(reverse("learning:delete", args=[activity.pk])).status_code == 302
    assert client.post(reverse("learning:delete", args=[activity.pk])).status_code == 404


def test_editing_an_activity_that_was_just_deleted_gives_404(login, school, teacher, activity):
    client = login(teacher)
    pk = activity.pk
    services.delete_activity(actor=teacher.user, activity=activity)

    response = client.post(reverse("learning:edit", args=[pk]), activity_form(school))
    assert response.status_code == 404
    assert not Activity.objects.exists()


def test_the_services_refuse_anyone_but_the_owner(school, activity, colleague):
    with pytest.raises(PermissionError):
        services.delete_activity(actor=colleague.user, activity=activity)
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_owner_removes_one_evidence_file(login, school, teacher, django_capture_on_commit_callbacks):
    client = login(teacher)
    client.post(reverse("learning:create"), activity_form(school, files=[pdf("keep.pdf"), pdf("drop.pdf")]))
    drop = Evidence.objects.get(original_name="drop.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learning:evidence_remove", args=[drop.pk]))

    assert response.status_code == 302
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["keep.pdf"]
    assert not default_storage.exists(drop.file.name)


def test_a_colleague_cannot_remove_evidence(login, school, teacher, colleague):
    login(teacher).post(reverse("learning:create"), activity_form(school, visibility="school", files=[pdf()]))
    evidence = Evidence.objects.get()

    assert login(colleague).post(reverse("learning:evidence_remove", args=[evidence.pk])).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.fixture
def deleted_meanwhile(monkeypatch):
    """The activity is deleted by another request after this one has loaded it."""
    real = selectors.get_own_activity

    def load_then_lose(*, membership, pk):
        activity = real(membership=membership, pk=pk)
        Activity.objects.filter(pk=pk).delete()
        return activity

    monkeypatch.setattr(selectors, "get_own_activity", load_then_lose)


def test_saving_an_edit_while_another_request_deletes_it_gives_404(login, school, teacher, activity, deleted_meanwhile):
    response = login(teacher).post(reverse("learning:edit", args=[activity.pk]), activity_form(school))

    assert response.status_code == 404
    assert not Activity.objects.exists()


def test_deleting_while_another_request_deletes_it_gives_404(login, teacher, activity, deleted_meanwhile):
    response = login(teacher).post(reverse("learning:delete", args=[activity.pk]))

    assert response.status_code == 404
    # Only the request that really deleted it is on the record.
    assert not AuditEvent.objects.filter(verb="learning.activity_deleted").exists()


def test_a_bad_edit_keeps_the_saved_title_in_the_heading(login, school, teacher, activity):
    response = login(teacher).post(
        reverse("learning:edit", args=[activity.pk]), activity_form(school, title="Renamed", hours="0")
    )

    text = response.content.decode()
    assert "Edit “Questioning workshop”" in text
    assert 'value="Renamed"' in text
