import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.accounts.services import deactivate_member
from staffroom.core.models import AuditEvent
from staffroom.learning.models import Activity
from staffroom.records import services, signing
from staffroom.records.models import Qualification, RecordImport, RetentionPolicy
from staffroom.testing.factories import make_activity, make_member

from .conftest import PDF_BYTES, PNG_BYTES, build_led_session, build_record
from .test_portable import _change_json_byte, rewrite


def _qualification(membership, title="PGCE", with_file=False):
    return services.add_qualification(
        actor=membership.user,
        school=membership.school,
        title=title,
        awarding_body="University of Leeds",
        awarded_on=datetime.date(2015, 7, 1),
        certificate=SimpleUploadedFile("pgce.png", PNG_BYTES) if with_file else None,
    )


def _archive(teacher) -> bytes:
    data, _ = services.export_archive(actor=teacher.user, school=teacher.school, include_appraisal=False)
    return data


# The person's own pages


def test_my_record_shows_counts_and_the_installations_fingerprint(login, teacher):
    make_activity(teacher)
    response = login(teacher).get(reverse("records:mine"))

    assert response.status_code == 200
    assert signing.installation_key().fingerprint in response.text
    assert "Data protection" not in response.text


def test_my_record_counts_and_lists_sessions_led_brought_from_elsewhere(login, teacher, colleague, newcomer):
    build_led_session(teacher, colleague)
    services.import_archive(
        actor=newcomer.user, school=newcomer.school, upload=SimpleUploadedFile("r.zip", _archive(teacher))
    )
    build_led_session(newcomer)

    led_here = login(teacher).get(reverse("records:mine"))
    assert led_here.context["counts"]["sessions_led"] == 1
    response = login(newcomer).get(reverse("records:mine"))

    # One led at Riverside, one brought from Oakfield.
    assert response.context["counts"]["sessions_led"] == 2
    assert "Network sessions you led at other schools" in response.text
    assert "Questioning for all" in response.text and "Fenbridge Primary" in response.text
    assert colleague.user.display_name not in response.text


def test_the_export_is_a_signed_zip_of_the_persons_own_record(login, teacher, colleague, descriptor):
    build_record(teacher, colleague, descriptor)
    client = login(teacher)

    assert client.get(reverse("records:export")).status_code == 405
    response = client.post(reverse("records:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert {"manifest.json", "signature.json"} <= set(archive.namelist())
    assert AuditEvent.objects.filter(verb="records.exported", actor=teacher.user).count() == 1


def test_the_pdf_is_produced(login, teacher, colleague, descriptor):
    build_record(teacher, colleague, descriptor, activities=1)
    build_led_session(teacher, colleague)

    response = login(teacher).get(reverse("records:pdf"), {"include_appraisal": "on"})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_my_record_page_queries_stay_flat(
    login, teacher, newcomer, riverside, django_assert_num_queries, django_assert_max_num_queries
):
    client = login(newcomer)
    source = make_member(teacher.school)

    def grow(n):
        for i in range(n):
            _qualification(newcomer, title=f"Qualification {i}", with_file=True)
            make_activity(source, title=f"Activity {i}")
            build_led_session(source)
        services.import_archive(
            actor=newcomer.user, school=riverside, upload=SimpleUploadedFile("r.zip", _archive(source))
        )

    grow(2)
    client.get(reverse("records:mine"))
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("records:mine"))
    grow(6)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("records:mine"))


def test_qualification_is_added_with_its_certificate(login, teacher):
    client = login(teacher)
    response = client.post(
        reverse("records:qualification_create"),
        {
            "title": "NPQ for Senior Leadership",
            "awarding_body": "Best Practice Network",
            "awarded_on": "2024-07-01",
            "certificate": SimpleUploadedFile("npqsl.pdf", PDF_BYTES),
        },
    )

    assert response.status_code == 302
    qualification = Qualification.objects.get(owner=teacher.user)
    assert qualification.original_name == "npqsl.pdf"
    download = client.get(reverse("records:certificate", args=[qualification.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"awarded_on": "2999-01-01"}, "awarded_on", "cannot be in the future"),
        ({"awarded_on": "yesterday"}, "awarded_on", "Enter a valid date"),
        ({"title": ""}, "title", "This field is required"),
        ({"certificate": SimpleUploadedFile("virus.exe", b"MZ...")}, "certificate", "not a type of file we keep"),
        ({"certificate": SimpleUploadedFile("fake.pdf", b"not a pdf")}, "certificate", "does not look like"),
    ],
)
def test_bad_qualification_input_is_explained_and_nothing_typed_is_lost(login, teacher, data, field, message):
    post = {"title": "NPQ for Leading Teaching", "awarding_body": "Ambition Institute", "awarded_on": "2024-07-01"}
    response = login(teacher).post(reverse("records:qualification_create"), {**post, **data})

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "Ambition Institute" in response.text
    assert not Qualification.objects.exists()


def test_only_the_owner_can_see_or_remove_a_qualification(login, teacher, colleague, newcomer):
    qualification = _qualification(teacher, with_file=True)
    for other in (colleague, newcomer):
        client = login(other)
        assert client.get(reverse("records:certificate", args=[qualification.pk])).status_code == 404
        assert client.post(reverse("records:qualification_delete", args=[qualification.pk])).status_code == 404
    assert login(teacher).post(reverse("records:qualification_delete", args=[qualification.pk])).status_code == 302
    assert not Qualification.objects.exists()


def test_a_qualification_without_a_certificate_has_no_download(login, teacher):
    qualification = _qualification(teacher)
    assert login(teacher).get(reverse("records:certificate", args=[qualification.pk])).status_code == 404


# Importing through the page


def test_importing_through_the_page_then_again(login, teacher, colleague, descriptor, newcomer):
    build_record(teacher, colleague, descriptor)
    data = _archive(teacher)
    client = login(newcomer)

    response = client.post(
        reverse("records:import"), {"archive": SimpleUploadedFile("record.zip", data), "confirm": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "Record imported from Oakfield Primary School" in response.text
    assert "signed by this Staffroom" in response.text
    assert "Questioning workshop 0" in response.text

    again = client.post(
        reverse("records:import"), {"archive": SimpleUploadedFile("record.zip", data), "confirm": "on"}, follow=True
    )
    assert "nothing was added twice" in again.text
    assert RecordImport.objects.count() == 1
    assert Activity.objects.filter(school=newcomer.school).count() == 2


@pytest.mark.parametrize(
    ("make", "confirm", "message"),
    [
        (lambda data: rewrite(data, _change_json_byte), "on", "signature does not match"),
        (lambda data: data[:100], "on", "not a whole .zip"),
        (lambda data: data, "", "Confirm that the record is yours"),
        (lambda data: b"", "on", "The submitted file is empty"),
    ],
    ids=["tampered", "truncated", "no-confirm", "empty"],
)
def test_a_bad_upload_is_refused_on_the_page_with_the_reason(
    login, teacher, colleague, descriptor, newcomer, make, confirm, message
):
    build_record(teacher, colleague, descriptor, activities=1)
    data = make(_archive(teacher))

    response = login(newcomer).post(
        reverse("records:import"), {"archive": SimpleUploadedFile("record.zip", data), "confirm": confirm}
    )

    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.values())
    assert errors
    if message:
        assert message in errors
    assert not RecordImport.objects.exists()
    assert not Activity.objects.filter(school=newcomer.school).exists()


def test_an_archive_over_the_upload_limit_is_refused(login, newcomer, settings):
    settings.RECORDS_MAX_ARCHIVE_BYTES = 10
    response = login(newcomer).post(
        reverse("records:import"), {"archive": SimpleUploadedFile("big.zip", b"PK" * 50), "confirm": "on"}
    )
    assert "the limit is" in str(response.context["form"].errors["archive"])


def test_an_import_is_seen_only_by_the_person_who_made_it(login, teacher, newcomer, riverside):
    make_activity(teacher)
    record_import, _ = services.import_archive(
        actor=newcomer.user, school=riverside, upload=SimpleUploadedFile("r.zip", _archive(teacher))
    )
    url = reverse("records:import_detail", args=[record_import.pk])

    assert login(newcomer).get(url).status_code == 200
    assert login(make_member(riverside, SchoolRole.HEADTEACHER)).get(url).status_code == 404
    assert login(teacher).get(url).status_code == 404


def test_import_detail_queries_stay_flat(
    login, teacher, newcomer, riverside, django_assert_num_queries, django_assert_max_num_queries
):
    def imported(n):
        source = make_member(teacher.school)
        for i in range(n):
            make_activity(source, title=f"Activity {i}")
            build_led_session(source)
        record_import, _ = services.import_archive(
            actor=newcomer.user, school=riverside, upload=SimpleUploadedFile("r.zip", _archive(source))
        )
        return reverse("records:import_detail", args=[record_import.pk])

    client = login(newcomer)
    small, large = imported(2), imported(6)
    client.get(small)
    with django_assert_max_num_queries(25) as counted:
        client.get(small)
    with django_assert_num_queries(len(counted.captured_queries)):
        client.get(large)


def test_the_public_key_page_needs_no_login(client, db):
    response = client.get(reverse("records:public_key"))
    assert response.status_code == 200
    assert signing.installation_key().fingerprint in response.text


# Data protection pages


@pytest.mark.parametrize("name", ["records:people", "records:retention"])
def test_data_protection_pages_are_for_school_admins_only(login, teacher, head, name):
    assert login(teacher).get(reverse(name)).status_code == 403
    assert login(head).get(reverse(name)).status_code == 200
    admin = make_member(head.school, SchoolRole.SCHOOL_ADMIN)
    assert login(admin).get(reverse(name)).status_code == 200


def test_subject_access_is_for_school_admins_and_own_school_only(login, teacher, head, newcomer, riverside_head):
    url = reverse("records:subject_access", args=[teacher.pk])
    assert login(teacher).post(url).status_code == 403
    assert login(riverside_head).post(url).status_code == 404
    assert login(head).get(url).status_code == 405
    response = login(head).post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "subject-access-" in response["Content-Disposition"]


def test_removing_a_leaver_needs_the_confirm_step(login, teacher, head, riverside_head):
    url = reverse("records:leaver", args=[teacher.pk])
    client = login(head)

    active = client.post(url, {"mode": "anonymise", "confirm": "on"})
    assert "Deactivate this person" in active.text

    deactivate_member(actor=head.user, membership=teacher)
    assert login(riverside_head).get(url).status_code == 404
    assert login(make_member(head.school)).get(url).status_code == 403
    client = login(head)
    unconfirmed = client.post(url, {"mode": "erase"})
    assert unconfirmed.status_code == 200
    assert "Tick the box to confirm" in unconfirmed.text
    no_choice = client.post(url, {"confirm": "on", "mode": "delete-everything"})
    assert "Select a valid choice" in no_choice.text
    teacher.refresh_from_db()
    assert teacher.user.email == "teacher@oakfield.example"

    done = client.post(url, {"mode": "anonymise", "confirm": "on"})
    assert done.status_code == 302
    teacher.refresh_from_db()
    assert teacher.user.email.endswith("@anonymised.invalid")
    # Once anonymised there is nobody left to remove or to produce data about.
    assert client.get(url).status_code == 404
    assert client.post(reverse("records:subject_access", args=[teacher.pk])).status_code == 404


def test_people_page_queries_stay_flat(login, head, django_assert_num_queries, django_assert_max_num_queries):
    client = login(head)
    for _ in range(3):
        make_member(head.school)
    client.get(reverse("records:people"))
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("records:people"))
    for _ in range(9):
        make_member(head.school)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("records:people"))


def test_retention_periods_are_saved_and_audited(login, head):
    client = login(head)
    data = {f"{t}_action": "delete" for t in ("activities", "observations", "coaching", "appraisals", "audit")}
    data.update({"leavers_action": "anonymise", "leavers_months": "12", "audit_months": "72"})

    assert client.post(reverse("records:retention"), data).status_code == 302

    policies = {p.record_type: (p.months, p.action) for p in RetentionPolicy.objects.filter(school=head.school)}
    assert policies["leavers"] == (12, "anonymise")
    assert policies["audit"] == (72, "delete")
    assert policies["activities"] == (None, "delete")
    assert AuditEvent.objects.filter(verb="records.retention_changed").count() == 1
    client.post(reverse("records:retention"), data)
    assert AuditEvent.objects.filter(verb="records.retention_changed").count() == 1


@pytest.mark.parametrize("months", ["0", "5000", "abc", "\x00"])
def test_bad_retention_input_is_explained_and_kept(login, head, months):
    data = {f"{t}_action": "delete" for t in ("activities", "observations", "coaching", "appraisals", "audit")}
    data.update({"leavers_action": "anonymise", "leavers_months": months, "audit_months": "72"})

    response = login(head).post(reverse("records:retention"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["leavers_months"]
    assert 'value="72"' in response.text
    assert not RetentionPolicy.objects.exists()
