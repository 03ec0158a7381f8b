import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.research import services
from staffroom.research.models import LibraryItem, ProjectFile, ProjectMember, ProjectNote, ResearchProject, Stage

from .helpers import add_note, make_world, pdf

pytestmark = pytest.mark.django_db


def _detail(world):
    return reverse("research:project", kwargs={"pk": world.project.pk})


# ---- who sees what -------------------------------------------------------------------------------------------


def test_a_member_sees_the_question_the_notes_and_the_files(login):
    world = make_world()
    add_note(world, text="Quizzes went well in week one.")
    services.add_file(
        actor=world.lead.user, membership=world.lead, project=world.project, stage="update", uploaded=pdf()
    )
    response = login(world.colleague).get(_detail(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Does a daily quiz help Year 5" in body
    assert "Quizzes went well in week one." in body
    assert "results.pdf" in body
    assert "Oakfield" in body and "Riverside" in body


def test_a_network_colleague_outside_the_project_sees_the_question_but_not_the_working(login):
    world = make_world()
    add_note(world, text="Quizzes went well in week one.")
    item = services.add_file(
        actor=world.lead.user, membership=world.lead, project=world.project, stage="update", uploaded=pdf()
    )
    client = login(world.bystander)
    body = client.get(_detail(world)).content.decode()
    assert "Does a daily quiz help Year 5" in body
    assert "Quizzes went well" not in body
    assert "results.pdf" not in body
    assert "Join this project" in body
    assert client.get(reverse("research:file", kwargs={"pk": item.pk})).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "loner"])
def test_another_network_and_a_school_in_no_network_get_404_everywhere(login, who):
    world = make_world()
    note_item = services.add_file(
        actor=world.lead.user, membership=world.lead, project=world.project, stage="update", uploaded=pdf()
    )
    client = login(getattr(world, who))
    pk = world.project.pk
    assert client.get(_detail(world)).status_code == 404
    assert client.get(reverse("research:file", kwargs={"pk": note_item.pk})).status_code == 404
    for name in ("project_join", "note_add", "file_add", "finding_save", "finding_publish"):
        assert (
            client.post(reverse(f"research:{name}", kwargs={"pk": pk}), {"stage": "launch", "text": "x"}).status_code
            == 404
        )
    assert "Retrieval practice" not in client.get(reverse("research:projects")).content.decode()
    assert ProjectMember.objects.filter(project=world.project).count() == 2


def test_acting_through_a_school_outside_the_network_hides_the_project(login, client):
    world = make_world()
    # The lead also works at a school outside the network and has switched to it.
    from staffroom.accounts.middleware import SESSION_KEY
    from staffroom.testing.factories import make_member

    second = make_member(world.lonely, email="second@example.org")
    second.user = world.lead.user
    second.save()
    client = login(world.lead)
    session = client.session
    session[SESSION_KEY] = second.pk
    session.save()
    assert client.get(_detail(world)).status_code == 404


def test_the_project_list_shows_the_networks_projects_only(login):
    world = make_world()
    services.start_project(
        actor=world.outsider.user,
        membership=world.outsider,
        network=world.other_network,
        title="Northern secret",
        question="Hidden?",
    )
    body = login(world.bystander).get(reverse("research:projects")).content.decode()
    assert "Retrieval practice in Year 5" in body
    assert "Northern secret" not in body


# ---- starting, joining, writing ------------------------------------------------------------------------------


def test_any_member_of_staff_starts_a_project_and_leads_it(login):
    world = make_world()
    client = login(world.bystander)
    response = client.post(
        reverse("research:project_create"),
        {
            "network": world.network.pk,
            "title": "Oracy in Key Stage 2",
            "question": "Does talk partners improve writing?",
            "phases": ["primary"],
            "subjects": [world.maths.pk],
            "launch_on": "2026-01-10",
            "update_on": "2026-03-10",
            "dissemination_on": "2026-06-10",
        },
    )
    project = ResearchProject.objects.get(title="Oracy in Key Stage 2")
    assert response.status_code == 302
    assert project.lead == world.bystander
    assert project.phase_list == ["primary"]
    assert list(project.members.values_list("membership", flat=True)) == [world.bystander.pk]
    assert AuditEvent.objects.filter(verb="research.project_started", target_id=str(project.pk)).exists()


def test_a_governor_may_not_start_a_project(login):
    world = make_world()
    assert login(world.governor).get(reverse("research:project_create")).status_code == 403


def test_a_school_in_no_network_is_told_why_it_cannot_start_one(login):
    world = make_world()
    response = login(world.loner).get(reverse("research:project_create"), follow=True)
    assert "not part of a network" in response.content.decode()


def test_a_project_for_another_network_is_refused(login):
    world = make_world()
    response = login(world.bystander).post(
        reverse("research:project_create"),
        {"network": world.other_network.pk, "title": "Sneaky", "question": "Across the gate?"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ResearchProject.objects.filter(title="Sneaky").exists()


def test_bad_project_input_keeps_what_was_typed(login):
    world = make_world()
    response = login(world.bystander).post(
        reverse("research:project_create"),
        {
            "network": world.network.pk,
            "title": "Retrieval practice in year 5",
            "question": "My long question\x00",
            "launch_on": "2026-05-01",
            "update_on": "2026-02-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Retrieval practice in year 5" in body
    assert ResearchProject.objects.count() == 1


def test_the_same_project_submitted_twice_is_created_once(login):
    world = make_world()
    client = login(world.bystander)
    data = {"network": world.network.pk, "title": "Phonics", "question": "Which scheme?"}
    client.post(reverse("research:project_create"), data)
    response = client.post(reverse("research:project_create"), data)
    assert "already has a project with this title" in response.content.decode()
    assert ResearchProject.objects.filter(title="Phonics").count() == 1


def test_joining_twice_makes_one_membership(login):
    world = make_world()
    client = login(world.bystander)
    url = reverse("research:project_join", kwargs={"pk": world.project.pk})
    client.post(url)
    client.post(url)
    assert ProjectMember.objects.filter(project=world.project, membership=world.bystander).count() == 1


def test_members_write_notes_and_others_get_403(login):
    world = make_world()
    url = reverse("research:note_add", kwargs={"pk": world.project.pk})
    response = login(world.colleague).post(url, {"stage": "update", "text": "Scores rose in week three."})
    assert response.status_code == 302
    assert response["Location"].endswith("#stage-update")
    assert ProjectNote.objects.get().author == world.colleague
    assert login(world.bystander).post(url, {"stage": "update", "text": "Let me in"}).status_code == 403
    assert login(world.governor).post(url, {"stage": "update", "text": "Let me in"}).status_code == 403
    assert ProjectNote.objects.count() == 1


def test_the_same_note_sent_twice_is_kept_once(login):
    world = make_world()
    client = login(world.lead)
    url = reverse("research:note_add", kwargs={"pk": world.project.pk})
    for _ in range(2):
        client.post(url, {"stage": "launch", "text": "Same words."})
    assert ProjectNote.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stage": "launch", "text": "   "}, "This field is required"),
        ({"stage": "launch", "text": "x" * 20_001}, "under 20,000 characters"),
        ({"stage": "nonsense", "text": "Kept text"}, "Select a valid choice"),
        ({"stage": "launch", "text": "Kept text\x00"}, "Null characters are not allowed"),
    ],
)
def test_a_bad_note_is_refused_with_a_reason_and_the_text_kept(login, data, message):
    world = make_world()
    response = login(world.lead).post(reverse("research:note_add", kwargs={"pk": world.project.pk}), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    if "Kept text" in data["text"]:
        assert "Kept text" in body
    assert ProjectNote.objects.count() == 0


# ---- files ---------------------------------------------------------------------------------------------------


def test_a_member_adds_downloads_and_removes_a_data_file(login):
    world = make_world()
    client = login(world.colleague)
    response = client.post(
        reverse("research:file_add", kwargs={"pk": world.project.pk}), {"stage": "update", "file": pdf("quiz.pdf")}
    )
    assert response.status_code == 302
    item = ProjectFile.objects.get()
    assert item.school == world.riverside
    download = client.get(reverse("research:file", kwargs={"pk": item.pk}))
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The lead at Oakfield reads it too; a network colleague outside the project does not.
    assert login(world.lead).get(reverse("research:file", kwargs={"pk": item.pk})).status_code == 200
    assert login(world.colleague).post(reverse("research:file_remove", kwargs={"pk": item.pk})).status_code == 302
    assert not ProjectFile.objects.exists()


def test_only_the_uploader_or_the_lead_removes_a_file(login):
    world = make_world()
    item = services.add_file(
        actor=world.lead.user, membership=world.lead, project=world.project, stage="update", uploaded=pdf()
    )
    assert login(world.colleague).post(reverse("research:file_remove", kwargs={"pk": item.pk})).status_code == 403
    assert ProjectFile.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream"), "not a type of file"),
        (SimpleUploadedFile("fake.pdf", b"<html>no</html>", content_type="application/pdf"), "does not look like"),
        (SimpleUploadedFile("empty.csv", b"", content_type="text/csv"), "empty"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason(login, upload, message):
    world = make_world()
    response = login(world.lead).post(
        reverse("research:file_add", kwargs={"pk": world.project.pk}), {"stage": "update", "file": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProjectFile.objects.exists()


def test_a_file_too_large_is_refused(login, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    world = make_world()
    response = login(world.lead).post(
        reverse("research:file_add", kwargs={"pk": world.project.pk}), {"stage": "update", "file": pdf()}
    )
    assert "the limit is" in response.content.decode()
    assert not ProjectFile.objects.exists()


# ---- the finding ---------------------------------------------------------------------------------------------


def _write_finding(world):
    services.save_finding(
        actor=world.colleague.user,
        membership=world.colleague,
        project=world.project,
        summary="Daily quizzes helped.",
        body="Scores on fractions rose from 52% to 71% over a term.",
    )


def test_a_member_writes_the_finding_and_the_lead_publishes_it(login):
    world = make_world()
    response = login(world.colleague).post(
        reverse("research:finding_save", kwargs={"pk": world.project.pk}),
        {"finding_summary": "Daily quizzes helped.", "finding_body": "Scores rose from 52% to 71%."},
    )
    assert response.status_code == 302
    assert (
        login(world.colleague).post(reverse("research:finding_publish", kwargs={"pk": world.project.pk})).status_code
        == 403
    )
    response = login(world.lead).post(reverse("research:finding_publish", kwargs={"pk": world.project.pk}))
    item = LibraryItem.objects.get()
    assert response["Location"] == reverse("research:library_item", kwargs={"pk": item.pk})
    assert item.kind == LibraryItem.Kind.FINDING
    assert item.network == world.network
    assert list(item.subjects.all()) == [world.maths]
    assert item.phase_list == ["primary"]
    assert "Scores rose" in item.search_document


def test_the_network_cpd_lead_publishes_without_being_a_member(login):
    world = make_world()
    _write_finding(world)
    client = login(world.cpd_lead)
    assert client.post(reverse("research:finding_publish", kwargs={"pk": world.project.pk})).status_code == 302
    # Publishing again updates the one library item rather than adding another.
    services.save_finding(
        actor=world.lead.user,
        membership=world.lead,
        project=world.project,
        summary="Quizzes helped a lot.",
        body="Updated.",
    )
    client.post(reverse("research:finding_publish", kwargs={"pk": world.project.pk}))
    assert LibraryItem.objects.get().summary == "Quizzes helped a lot."


def test_another_networks_cpd_lead_cannot_publish(login):
    world = make_world()
    _write_finding(world)
    assert (
        login(world.outsider).post(reverse("research:finding_publish", kwargs={"pk": world.project.pk})).status_code
        == 404
    )
    assert not LibraryItem.objects.exists()


def test_an_unwritten_finding_is_not_published(login):
    world = make_world()
    response = login(world.lead).post(reverse("research:finding_publish", kwargs={"pk": world.project.pk}), follow=True)
    assert "Write the finding" in response.content.decode()
    assert not LibraryItem.objects.exists()


def test_once_published_the_project_takes_no_new_members(login):
    world = make_world()
    _write_finding(world)
    services.publish_finding(actor=world.lead.user, membership=world.lead, project=world.project)
    assert (
        login(world.bystander).post(reverse("research:project_join", kwargs={"pk": world.project.pk})).status_code
        == 403
    )


def test_stages_are_the_three_sessions():
    assert Stage.values == ["launch", "update", "dissemination"]


def test_the_work_outlives_the_account_of_someone_who_leaves(login):
    world = make_world()
    add_note(world, text="Written before leaving.")
    _write_finding(world)
    services.publish_finding(actor=world.lead.user, membership=world.lead, project=world.project)
    world.lead.user.delete()
    client = login(world.colleague)
    body = client.get(_detail(world)).content.decode()
    assert "Written before leaving." in body and "A former member" in body and "Its lead has left" in body
    item = LibraryItem.objects.get()
    assert "Oakfield" in client.get(reverse("research:library_item", kwargs={"pk": item.pk})).content.decode()
    assert client.get(reverse("research:projects")).status_code == 200
