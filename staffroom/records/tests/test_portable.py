import base64
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile

from staffroom.appraisal.models import Appraisal, AppraisalCycle, Objective, SelfReview
from staffroom.core.models import AuditEvent
from staffroom.frameworks.models import Framework
from staffroom.learning.models import Activity, Evidence, FollowUp
from staffroom.records import portable, services, signing
from staffroom.records.archive import ArchiveError, read_archive
from staffroom.records.models import (
    ImportedAppraisal,
    ImportedCoachingStep,
    ImportedObservation,
    ImportedSessionLed,
    Qualification,
    RecordImport,
)
from staffroom.testing.factories import make_member

from .conftest import PDF_BYTES, PNG_BYTES, build_led_session, build_record, hours_of


def export(membership, **kwargs) -> bytes:
    data, _archive_id = services.export_archive(
        actor=membership.user, school=membership.school, include_appraisal=kwargs.get("include_appraisal", False)
    )
    return data


def do_import(membership, data: bytes):
    return services.import_archive(
        actor=membership.user, school=membership.school, upload=SimpleUploadedFile("record.zip", data)
    )


def rewrite(data: bytes, change=lambda name, content: content, extra=()) -> bytes:
    """The archive with each entry passed through change(name, bytes) and extra (name, bytes) entries added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
        for name, content in extra:
            target.writestr(name, content)
    return out.getvalue()


def resign(data: bytes, mutate_manifest, *, key: Ed25519PrivateKey | None = None) -> bytes:
    """A validly signed archive whose manifest says something else (what a hostile installation could send)."""
    key = key or Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        manifest = json.loads(source.read("manifest.json"))
    manifest["signer"]["public_key"] = base64.b64encode(public).decode()
    mutate_manifest(manifest)
    manifest_bytes = json.dumps(manifest).encode()
    signature = {
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(public).decode(),
        "signature": base64.b64encode(key.sign(manifest_bytes)).decode(),
    }

    def change(name, content):
        if name == "manifest.json":
            return manifest_bytes
        if name == "signature.json":
            return json.dumps(signature).encode()
        return content

    return rewrite(data, change)


def nothing_imported(membership):
    school, user = membership.school, membership.user
    assert not RecordImport.objects.filter(school=school).exists()
    assert not Activity.objects.filter(school=school, owner=user).exists()
    assert not Qualification.objects.filter(school=school, owner=user).exists()
    assert not ImportedObservation.objects.filter(school=school).exists()
    assert not ImportedCoachingStep.objects.filter(school=school).exists()
    assert not AuditEvent.objects.filter(school=school, verb="records.imported").exists()


@pytest.fixture
def record(teacher, colleague, descriptor):
    records = build_record(teacher, colleague, descriptor)
    build_led_session(teacher, colleague, make_member(colleague.school, email="second@oakfield.example"))
    return records


def test_round_trip_recreates_every_record_for_the_new_person(teacher, colleague, newcomer, record):
    data = export(teacher)

    record_import, created = do_import(newcomer, data)

    assert created
    assert record_import.counts == {
        "learning": 2,
        "observations": 1,
        "coaching": 1,
        "qualifications": 1,
        "sessions_led": 1,
        "appraisals": 0,
    }
    assert record_import.source_school == "Oakfield Primary School"
    assert record_import.signed_here and record_import.trusted
    imported = list(
        Activity.objects.filter(school=newcomer.school, owner=newcomer.user)
        .prefetch_related("subjects", "descriptors", "evidence")
        .order_by("date")
    )
    assert [a.title for a in imported] == [a.title for a in record]
    assert hours_of(imported) == hours_of(record)
    for original, copy in zip(record, imported, strict=True):
        for name in ("kind", "date", "hours", "learned", "will_try", "pupils", "success_measure", "subject_specific"):
            assert getattr(copy, name) == getattr(original, name), name
        assert copy.visibility == "private"
        assert [s.name for s in copy.subjects.all()] == ["Mathematics"]
        assert list(copy.descriptors.all()) == list(original.descriptors.all())
        assert copy.follow_up.what_changed == original.follow_up.what_changed
        assert copy.follow_up.guskey_level == original.follow_up.guskey_level
        assert copy.follow_up.answered_at == original.follow_up.answered_at
        (evidence,) = copy.evidence.all()
        (source,) = original.evidence.all()
        assert evidence.original_name == source.original_name
        assert evidence.content_type == "application/pdf"
        assert evidence.school == newcomer.school
        with evidence.file.open("rb") as handle:
            assert handle.read() == PDF_BYTES
    (observation,) = ImportedObservation.objects.filter(school=newcomer.school, owner=newcomer.user)
    assert observation.focus == "Questioning to check understanding"
    assert observation.observer_name == colleague.user.display_name
    assert observation.responses == [{"prompt": "Notes", "answer": "Every pupil answered on a whiteboard."}]
    assert observation.next_steps == "Cold call after thinking time."
    (step,) = ImportedCoachingStep.objects.filter(school=newcomer.school, owner=newcomer.user)
    assert (step.action_step, step.rehearsed, step.previous_progress) == ("Wait three seconds", True, "developing")
    (qualification,) = Qualification.objects.filter(school=newcomer.school, owner=newcomer.user)
    assert (qualification.title, qualification.awarding_body) == ("NPQ for Leading Teaching", "Ambition Institute")
    with qualification.file.open("rb") as handle:
        assert handle.read() == PNG_BYTES
    (led,) = ImportedSessionLed.objects.filter(school=newcomer.school, owner=newcomer.user)
    assert (led.title, led.host_school_name, led.hours, led.attended) == (
        "Questioning for all",
        "Fenbridge Primary",
        Decimal("1.50"),
        1,
    )
    assert led.starts_at == datetime.datetime(2025, 11, 20, 15, 30, tzinfo=datetime.UTC)
    assert led.ends_at == datetime.datetime(2025, 11, 20, 17, 0, tzinfo=datetime.UTC)
    assert led.feedback == {
        "responses": 1,
        "worthwhile": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
        "relevant": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
        "learned": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }
    assert AuditEvent.objects.filter(school=newcomer.school, verb="records.imported").count() == 1
    # The original school keeps its own record untouched.
    assert Activity.objects.filter(school=teacher.school, owner=teacher.user).count() == 2


def test_importing_the_same_archive_twice_adds_nothing(teacher, newcomer, record):
    data = export(teacher)
    first, created = do_import(newcomer, data)
    again, created_again = do_import(newcomer, data)

    assert created and not created_again
    assert again == first
    assert Activity.objects.filter(school=newcomer.school).count() == 2
    assert Evidence.objects.filter(school=newcomer.school).count() == 2


def test_an_imported_record_can_move_on_again(teacher, newcomer, record, oakfield):
    do_import(newcomer, export(teacher))
    manifest = read_archive(io.BytesIO(export(newcomer))).manifest

    assert len(manifest["learning"]) == 2
    assert [o["focus"] for o in manifest["observations"]] == ["Questioning to check understanding"]
    assert [c["action_step"] for c in manifest["coaching"]] == ["Wait three seconds"]


def test_appraisal_text_travels_only_when_the_person_chooses(teacher, newcomer, head, record):
    cycle = AppraisalCycle.objects.create(school=teacher.school, year_start=2025)
    appraisal = Appraisal.objects.create(school=teacher.school, cycle=cycle, appraisee=teacher)
    Objective.objects.create(
        school=teacher.school, appraisal=appraisal, title="Questioning in maths", success_criteria="Confidential aim"
    )
    SelfReview.objects.create(
        school=teacher.school,
        appraisal=appraisal,
        framework=Framework.objects.get(),
        summary="My private reflection",
    )

    without = export(teacher)
    assert b"Confidential aim" not in without and b"My private reflection" not in without
    assert read_archive(io.BytesIO(without)).manifest["appraisals"] == []

    with_appraisal = export(teacher, include_appraisal=True)
    record_import, _ = do_import(newcomer, with_appraisal)

    (imported,) = ImportedAppraisal.objects.filter(school=newcomer.school, owner=newcomer.user)
    assert imported.year_start == 2025
    assert imported.content["objectives"][0]["success_criteria"] == "Confidential aim"
    assert imported.content["self_review"] == "My private reflection"
    assert record_import.counts["appraisals"] == 1


def test_the_archive_names_its_key_and_fingerprint(teacher, record):
    manifest = read_archive(io.BytesIO(export(teacher))).manifest
    key = signing.installation_key()

    assert manifest["signer"]["fingerprint"] == key.fingerprint
    assert base64.b64decode(manifest["signer"]["public_key"]) == bytes(key.public_key)
    assert len(manifest["files"]) == 3


def _change_json_byte(name, content):
    if name == "manifest.json":
        return content.replace(b"Wait time lets every pupil think.", b"Wait time lets every pupil thinK.")
    return content


def _change_file(name, content):
    return content[:-3] + b"XYZ" if name.startswith("files/") and name.endswith(".pdf") else content


def _drop_file(name, content):
    return None if name.startswith("files/") and name.endswith("notes-1.pdf") else content


def _other_key_signature(name, content):
    if name != "signature.json":
        return content
    signature = json.loads(content)
    other = Ed25519PrivateKey.generate()
    signature["public_key"] = base64.b64encode(
        other.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()
    return json.dumps(signature).encode()


def _manifest_names_other_key(data: bytes) -> bytes:
    # Signed correctly by the installation's key, but the signed manifest claims a different signer.
    signature = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("signature.json"))
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        manifest = json.loads(source.read("manifest.json"))
    other = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    manifest["signer"]["public_key"] = base64.b64encode(other).decode()
    manifest_bytes = json.dumps(manifest).encode()
    signature["signature"] = signing.b64(signing.sign(manifest_bytes))
    return rewrite(
        data,
        lambda n, c: (
            manifest_bytes if n == "manifest.json" else json.dumps(signature).encode() if n == "signature.json" else c
        ),
    )


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda data: rewrite(data, _change_json_byte), "signature does not match"),
        (lambda data: rewrite(data, _change_file), "has been changed since the archive was exported"),
        (lambda data: rewrite(data, _drop_file), "is missing"),
        (lambda data: data[: len(data) // 2], "not a whole .zip"),
        (lambda data: data[:-30], "not a whole .zip"),
        (lambda data: rewrite(data, _other_key_signature), "signature does not match"),
        (lambda data: _manifest_names_other_key(data), "different key"),
        (lambda data: rewrite(data, extra=[("../evil.txt", b"x")]), "not allowed"),
        (lambda data: rewrite(data, extra=[("/etc/evil.txt", b"x")]), "not allowed"),
        (lambda data: rewrite(data, extra=[("files/../../evil.txt", b"x")]), "not allowed"),
        (lambda data: rewrite(data, extra=[("files/extra.pdf", PDF_BYTES)]), "does not list"),
        (lambda data: b"this is not a zip at all", "not a whole .zip"),
        (lambda data: rewrite(data, lambda n, c: None if n == "signature.json" else c), "signature is missing"),
    ],
    ids=[
        "changed-json-byte",
        "changed-file",
        "missing-file",
        "truncated-half",
        "truncated-end",
        "signature-from-another-key",
        "manifest-names-another-key",
        "dotdot-path",
        "absolute-path",
        "nested-dotdot-path",
        "unlisted-file",
        "not-a-zip",
        "no-signature",
    ],
)
def test_a_tampered_or_broken_archive_is_refused_and_nothing_is_imported(teacher, newcomer, record, tamper, reason):
    data = tamper(export(teacher))

    with pytest.raises(ArchiveError, match=reason):
        do_import(newcomer, data)

    nothing_imported(newcomer)


def test_another_installations_signature_is_accepted_but_not_trusted(teacher, newcomer, record):
    data = resign(export(teacher), lambda manifest: None)

    record_import, created = do_import(newcomer, data)

    assert created
    assert not record_import.signed_here and not record_import.trusted
    assert Activity.objects.filter(school=newcomer.school).count() == 2


def test_an_installation_listed_as_trusted_is_trusted(teacher, newcomer, record, settings):
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    settings.RECORDS_TRUSTED_FINGERPRINTS = [signing.fingerprint_of(public).upper()]

    record_import, _ = do_import(newcomer, resign(export(teacher), lambda manifest: None, key=key))

    assert record_import.trusted and not record_import.signed_here


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda m: m["learning"][0].update(hours="abc"), "hours"),
        (lambda m: m["learning"][0].update(hours="5000"), "hours"),
        (lambda m: m["learning"][1].update(date="31/12/2025"), "date"),
        (lambda m: m["learning"][1].update(title=""), "title"),
        (lambda m: m["learning"][1].update(learned="\x00"), "learned"),
        (lambda m: m["learning"][1]["follow_up"].update(guskey_level=9), "guskey_level"),
        (lambda m: m.update(learning="not a list"), "learning"),
        (lambda m: m["qualifications"][0].update(awarded_on="3025-01-01"), "awarded_on"),
        (lambda m: m.update(archive_id="not-a-uuid"), "archive_id"),
        (lambda m: m.update(version=99), "newer version"),
        (lambda m: m["learning"][0].update(hours="NaN"), "hours"),
        (lambda m: m["learning"][0]["follow_up"].update(guskey_level=True), "guskey_level"),
        (lambda m: m.update(appraisals=[{"year_start": 2024, "objectives": ["text"]}]), "objectives"),
        (lambda m: m["observations"][0].update(responses=[["x"]]), "responses"),
        (lambda m: m["sessions_led"][0].update(ends_at=m["sessions_led"][0]["starts_at"]), "ends_at"),
        (lambda m: m["sessions_led"][0].update(attended=-1), "attended"),
        (lambda m: m["sessions_led"][0]["feedback"]["worthwhile"].update({"5": "many"}), "feedback"),
        (lambda m: m.update(version=True), "newer version"),
    ],
    ids=[
        "hours-text",
        "hours-huge",
        "date-format",
        "empty-title",
        "nul-byte",
        "bad-level",
        "not-list",
        "future",
        "id",
        "version",
        "nan",
        "bool-level",
        "objective-not-dict",
        "response-not-dict",
        "session-ends-before-start",
        "attended-negative",
        "feedback-not-count",
        "version-bool",
    ],
)
def test_signed_but_nonsensical_content_is_refused_whole(teacher, newcomer, record, mutate, reason):
    data = resign(export(teacher), mutate)

    with pytest.raises(ArchiveError, match=reason):
        do_import(newcomer, data)

    nothing_imported(newcomer)


def test_a_file_that_is_not_what_it_claims_is_refused_and_stored_files_are_removed(teacher, newcomer, record):
    def disguise(manifest):
        # The second activity's evidence claims to be a PDF but is a renamed executable.
        manifest["learning"][1]["evidence"][0]["name"] = "notes.exe"

    with pytest.raises(ArchiveError, match="not a type of file we keep"):
        do_import(newcomer, resign(export(teacher), disguise))

    nothing_imported(newcomer)
    assert not Evidence.objects.filter(school=newcomer.school).exists()


def test_limits_on_size_and_entries_are_checked_before_unpacking(teacher, newcomer, record, settings):
    data = export(teacher)
    settings.RECORDS_MAX_UNPACKED_BYTES = 1000
    with pytest.raises(ArchiveError, match="limit is"):
        do_import(newcomer, data)

    settings.RECORDS_MAX_UNPACKED_BYTES = 10**9
    settings.RECORDS_MAX_ENTRIES = 3
    with pytest.raises(ArchiveError, match="at most 3"):
        do_import(newcomer, data)
    nothing_imported(newcomer)


def test_a_zip_bomb_is_refused_by_its_declared_size(newcomer, settings):
    settings.RECORDS_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("manifest.json", b"{}")
        bomb.writestr("signature.json", b"{}")
        bomb.writestr("files/0001-zeros.txt", b"\0" * (60 * 1024 * 1024))

    assert len(out.getvalue()) < 200 * 1024
    with pytest.raises(ArchiveError, match="limit is"):
        do_import(newcomer, out.getvalue())
    nothing_imported(newcomer)


def test_follow_ups_already_asked_elsewhere_send_no_reminder_here(teacher, newcomer, record):
    do_import(newcomer, export(teacher))

    assert not FollowUp.objects.filter(school=newcomer.school, reminder_sent_at__isnull=True).exists()


def test_the_installation_keeps_one_signing_key(db):
    from django.db import IntegrityError, transaction

    from staffroom.records.models import InstallationKey

    first = signing.installation_key()
    assert signing.installation_key() == first
    with pytest.raises(IntegrityError), transaction.atomic():
        InstallationKey.objects.create(private_key=b"", public_key=b"", fingerprint="another")
    assert signing.verify(b"data", signature=signing.sign(b"data"), public_key=bytes(first.public_key))


def test_sessions_led_carry_counts_never_the_attendees(teacher, record):
    record_data, _files = portable.collect(user=teacher.user, school=teacher.school, include_appraisal=False)

    (led,) = record_data["sessions_led"]
    assert led["attended"] == 1 and led["feedback"]["responses"] == 1
    text = json.dumps(led)
    assert "Cold calling" not in text and "Private words" not in text and "second@oakfield" not in text


def test_an_archive_from_before_sessions_led_travelled_still_imports(teacher, newcomer, record):
    def as_version_one(manifest):
        manifest["version"] = 1
        del manifest["sessions_led"]

    record_import, created = do_import(newcomer, resign(export(teacher), as_version_one))

    assert created and record_import.counts["sessions_led"] == 0
    assert record_import.counts["learning"] == 2
    assert not ImportedSessionLed.objects.filter(school=newcomer.school).exists()
