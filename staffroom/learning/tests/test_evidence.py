"""Downloading evidence: only those who may see the activity, always as an attachment."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from staffroom.learning.models import Evidence, Visibility
from staffroom.testing.factories import make_member

from .conftest import PDF_BYTES, activity_form, pdf

pytestmark = pytest.mark.django_db


def upload(client, school, *, visibility=Visibility.PRIVATE, name="Lesson plan.pdf") -> Evidence:
    response = client.post(reverse("learning:create"), activity_form(school, visibility=visibility, files=[pdf(name)]))
    assert response.status_code == 302
    return Evidence.objects.get(original_name=name)


def download(client, evidence):
    return client.get(reverse("learning:evidence", args=[evidence.pk]))


def test_the_owner_downloads_the_file_as_an_attachment(login, school, teacher):
    client = login(teacher)
    evidence = upload(client, school)

    response = download(client, evidence)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Lesson plan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_text_file_is_served_with_the_stored_type(login, school, teacher):
    client = login(teacher)
    client.post(
        reverse("learning:create"),
        activity_form(school, files=[pdf("notes.txt", b"<script>alert(1)</script>")]),
    )
    evidence = Evidence.objects.get()

    response = download(client, evidence)

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("visibility", "colleague_status", "line_manager_status"),
    [
        (Visibility.PRIVATE, 404, 404),
        (Visibility.LINE_MANAGER, 404, 200),
        (Visibility.SCHOOL, 200, 200),
    ],
)
def test_colleagues_download_only_what_is_shared_with_them(
    login, school, visibility, colleague_status, line_manager_status
):
    line_manager = make_member(school)
    owner = make_member(school, line_manager=line_manager)
    colleague = make_member(school)
    evidence = upload(login(owner), school, visibility=visibility)

    assert download(login(colleague), evidence).status_code == colleague_status
    assert download(login(line_manager), evidence).status_code == line_manager_status


def test_someone_at_another_school_gets_404_even_when_shared(login, school, teacher):
    evidence = upload(login(teacher), school, visibility=Visibility.SCHOOL)
    stranger = make_member(None)

    assert download(login(stranger), evidence).status_code == 404


def test_a_file_missing_from_storage_is_404_not_500(login, school, teacher):
    client = login(teacher)
    evidence = upload(client, school)
    default_storage.delete(evidence.file.name)

    assert download(client, evidence).status_code == 404


def test_an_unknown_evidence_id_is_404(login, teacher):
    assert login(teacher).get(reverse("learning:evidence", args=[999999])).status_code == 404
