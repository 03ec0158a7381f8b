"""Writes for the portable record: exporting, importing and qualifications."""

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from staffroom.core.audit import record_event
from staffroom.core.files import remove_private_file, save_private_file
from staffroom.frameworks.models import Descriptor
from staffroom.learning.evidence import check_evidence_file
from staffroom.learning.models import MAX_HOURS_QUALIFICATION, Activity, ActivityKind, Evidence, FollowUp, GuskeyLevel
from staffroom.observation.models import CoachingSession
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import School, Subject

from . import portable
from .archive import ArchiveError, read_archive, write_archive
from .models import (
    ImportedActivity,
    ImportedAppraisal,
    ImportedCoachingStep,
    ImportedObservation,
    ImportedSessionLed,
    Qualification,
    RecordImport,
)

EARLIEST = datetime.date(1950, 1, 1)


def export_archive(*, actor, school: School, include_appraisal: bool) -> tuple[bytes, str]:
    """The person's own record as signed .zip bytes, and the archive's id."""
    record, files = portable.collect(user=actor, school=school, include_appraisal=include_appraisal)
    archive_id = str(uuid.uuid4())
    record["archive_id"] = archive_id
    data = write_archive(record, files)
    record_event(
        actor=actor,
        school=school,
        verb="records.exported",
        data={"archive_id": archive_id, "includes_appraisal": include_appraisal, "files": len(files)},
    )
    return data, archive_id


# Reading the manifest. The signature says the archive is as it was signed, not that whoever signed it wrote
# sensible values, so every value is checked before it becomes a row.


def _bad(what: str) -> ArchiveError:
    return ArchiveError(_("The archive's record is not valid (%(what)s). Nothing was imported.") % {"what": what})


def _list(value, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad(what)
    return value


def _text(item: dict, key: str, *, limit: int = 20000, required: bool = False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value or (required and not value.strip()):
        raise _bad(key)
    return value


def _date(item: dict, key: str, *, required: bool = True, latest: datetime.date) -> datetime.date | None:
    value = item.get(key)
    if not value and not required:
        return None
    try:
        parsed = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad(key) from None
    if not EARLIEST <= parsed <= latest:
        raise _bad(key)
    return parsed


def _datetime(value, key: str):
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None:
        raise _bad(key)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, datetime.UTC)


def _checked_file(files: dict[str, bytes], ref) -> ContentFile | None:
    if not ref:
        return None
    if not isinstance(ref, dict) or ref.get("path") not in files:
        raise _bad("file")
    name = _text(ref, "name", limit=200, required=True)
    upload = ContentFile(files[ref["path"]], name=name)
    try:
        content_type = check_evidence_file(upload)
    except ValidationError as exc:
        raise ArchiveError(
            _("A file in the archive cannot be kept here: %(reason)s Nothing was imported.")
            % {"reason": exc.messages[0]}
        ) from exc
    upload.checked_content_type = content_type
    return upload


# The parts of appraisal text that are kept, as plain text; anything else in the archive is left behind.
_OBJECTIVE_TEXT = ("title", "rationale", "priority", "success_criteria", "measures", "support_needed", "status")
_REVIEW_TEXT = ("stage", "meeting_on", "my_notes", "agreed_record")
_CHECK_IN_TEXT = ("date", "by", "text")


def _dicts(value, what: str) -> list[dict]:
    items = _list(value, what)
    if not all(isinstance(item, dict) for item in items):
        raise _bad(what)
    return items


def _hours(item: dict, *, limit: Decimal) -> Decimal:
    try:
        hours = Decimal(str(item.get("hours")))
    except InvalidOperation:
        raise _bad("hours") from None
    if not hours.is_finite() or not Decimal("0") < hours <= limit or hours.as_tuple().exponent < -2:
        raise _bad("hours")
    return hours


def _count(value, what: str) -> int:
    if type(value) is not int or not 0 <= value <= 100_000:
        raise _bad(what)
    return value


def _feedback_counts(value) -> dict:
    """Only the counts a sessions-led entry may carry, each checked; anything else is left behind."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise _bad("feedback")
    counts = {"responses": _count(value.get("responses", 0), "feedback")}
    for question in portable.FEEDBACK_QUESTIONS:
        ratings = value.get(question) or {}
        if not isinstance(ratings, dict):
            raise _bad("feedback")
        counts[question] = {rating: _count(ratings.get(rating, 0), "feedback") for rating in portable.RATINGS}
    return counts


class _Importer:
    def __init__(self, *, actor, school: School, record_import: RecordImport, files: dict[str, bytes]):
        self.actor = actor
        self.school = school
        self.record_import = record_import
        self.files = files
        self.latest = school_today(school) + datetime.timedelta(days=366)
        self.stored = []  # files written, removed again if the import fails
        self.unmatched: list[str] = []

    def _store(self, item, upload: ContentFile) -> None:
        save_private_file(item, upload, content_type=upload.checked_content_type)
        self.stored.append(item.file)

    def _descriptors(self, activities: list) -> dict:
        wanted = [s for a in activities for s in _list(a.get("standards"), "standards") if isinstance(s, dict)]
        found = Descriptor.objects.filter(
            framework__slug__in={s.get("framework") for s in wanted}, code__in={s.get("code") for s in wanted}
        ).select_related("framework")
        by_key = {}
        for d in found:
            # Prefer the same version of a framework, then any version with the same code.
            by_key.setdefault((d.framework.slug, d.code, d.framework.version), d)
            by_key.setdefault((d.framework.slug, d.code, None), d)
        return by_key

    def activities(self, items: list) -> int:
        items = _list(items, "learning")
        subjects = {s.name: s for s in Subject.objects.all()}
        descriptors = self._descriptors([i for i in items if isinstance(i, dict)])
        for item in items:
            if not isinstance(item, dict):
                raise _bad("learning")
            hours = _hours(item, limit=MAX_HOURS_QUALIFICATION)
            kind = item.get("kind") if item.get("kind") in ActivityKind.values else ActivityKind.OTHER
            activity_subjects = [subjects[n] for n in _list(item.get("subjects"), "subjects") if n in subjects]
            linked = []
            for s in _list(item.get("standards"), "standards"):
                if not isinstance(s, dict):
                    raise _bad("standards")
                match = descriptors.get((s.get("framework"), s.get("code"), s.get("version"))) or descriptors.get(
                    (s.get("framework"), s.get("code"), None)
                )
                if match:
                    linked.append(match)
                else:
                    self.unmatched.append(f"{s.get('framework')} {s.get('code')}"[:120])
            activity = Activity.objects.create(
                school=self.school,
                owner=self.actor,
                title=_text(item, "title", limit=200, required=True),
                kind=kind,
                date=_date(item, "date", latest=self.latest),
                hours=hours,
                subject_specific=bool(activity_subjects),
                learned=_text(item, "learned"),
                will_try=_text(item, "will_try"),
                pupils=_text(item, "pupils", limit=200),
                success_measure=_text(item, "success_measure"),
            )
            activity.subjects.set(activity_subjects)
            activity.descriptors.set(linked)
            ImportedActivity.objects.create(school=self.school, record_import=self.record_import, activity=activity)
            follow_up = item.get("follow_up")
            if follow_up is not None:
                if not isinstance(follow_up, dict):
                    raise _bad("follow_up")
                level = follow_up.get("guskey_level")
                if level is not None and (isinstance(level, bool) or level not in GuskeyLevel.values):
                    raise _bad("guskey_level")
                FollowUp.objects.create(
                    school=self.school,
                    owner=self.actor,
                    activity=activity,
                    due_on=_date(follow_up, "due_on", latest=self.latest),
                    answered_at=_datetime(follow_up.get("answered_at"), "answered_at"),
                    what_changed=_text(follow_up, "what_changed"),
                    guskey_level=level,
                    # It was asked about at the other school; no reminder for it here.
                    reminder_sent_at=timezone.now(),
                )
            for ref in _list(item.get("evidence"), "evidence"):
                upload = _checked_file(self.files, ref)
                self._store(Evidence(school=self.school, activity=activity, uploaded_by=self.actor), upload)
        return len(items)

    def observations(self, items: list) -> int:
        items = _list(items, "observations")
        rows = []
        for item in items:
            if not isinstance(item, dict):
                raise _bad("observations")
            responses = []
            for response in _list(item.get("responses"), "responses"):
                if not isinstance(response, dict):
                    raise _bad("responses")
                responses.append({"prompt": _text(response, "prompt", limit=300), "answer": _text(response, "answer")})
            rows.append(
                ImportedObservation(
                    school=self.school,
                    owner=self.actor,
                    record_import=self.record_import,
                    planned_on=_date(item, "planned_on", latest=self.latest),
                    observer_name=_text(item, "observer", limit=200),
                    focus=_text(item, "focus"),
                    lesson=_text(item, "lesson", limit=200),
                    responses=responses,
                    conversation_on=_date(item, "conversation_on", required=False, latest=self.latest),
                    conversation_notes=_text(item, "conversation_notes"),
                    next_steps=_text(item, "next_steps"),
                )
            )
        ImportedObservation.objects.bulk_create(rows)
        return len(rows)

    def coaching(self, items: list) -> int:
        items = _list(items, "coaching")
        rows = []
        for item in items:
            if not isinstance(item, dict):
                raise _bad("coaching")
            progress = item.get("previous_progress") or ""
            if progress not in CoachingSession.Progress.values and progress != "":
                raise _bad("previous_progress")
            rows.append(
                ImportedCoachingStep(
                    school=self.school,
                    owner=self.actor,
                    record_import=self.record_import,
                    visited_on=_date(item, "visited_on", latest=self.latest),
                    coach_name=_text(item, "coach", limit=200),
                    action_step=_text(item, "action_step", limit=200, required=True),
                    success=_text(item, "success"),
                    practice=_text(item, "practice"),
                    previous_progress=progress,
                    rehearsed=item.get("rehearsed") is True,
                    praise=_text(item, "praise"),
                    notes=_text(item, "notes"),
                )
            )
        ImportedCoachingStep.objects.bulk_create(rows)
        return len(rows)

    def qualifications(self, items: list) -> int:
        items = _list(items, "qualifications")
        for item in items:
            if not isinstance(item, dict):
                raise _bad("qualifications")
            qualification = Qualification(
                school=self.school,
                owner=self.actor,
                record_import=self.record_import,
                title=_text(item, "title", limit=200, required=True),
                awarding_body=_text(item, "awarding_body", limit=200),
                awarded_on=_date(item, "awarded_on", latest=self.latest),
            )
            upload = _checked_file(self.files, item.get("certificate"))
            if upload:
                self._store(qualification, upload)
            else:
                qualification.save()
        return len(items)

    def sessions_led(self, items: list) -> int:
        items = _list(items, "sessions_led")
        rows = []
        latest = datetime.datetime.combine(self.latest, datetime.time.max, tzinfo=datetime.UTC)
        earliest = datetime.datetime.combine(EARLIEST, datetime.time.min, tzinfo=datetime.UTC)
        for item in items:
            if not isinstance(item, dict):
                raise _bad("sessions_led")
            starts_at = _datetime(item.get("starts_at"), "starts_at")
            ends_at = _datetime(item.get("ends_at"), "ends_at")
            if starts_at is None or not earliest <= starts_at <= latest:
                raise _bad("starts_at")
            if ends_at is None or not starts_at < ends_at <= latest:
                raise _bad("ends_at")
            rows.append(
                ImportedSessionLed(
                    school=self.school,
                    owner=self.actor,
                    record_import=self.record_import,
                    title=_text(item, "title", limit=200, required=True),
                    starts_at=starts_at,
                    ends_at=ends_at,
                    hours=_hours(item, limit=Decimal("999")),
                    host_school_name=_text(item, "host_school", limit=200),
                    attended=_count(item.get("attended", 0), "attended"),
                    feedback=_feedback_counts(item.get("feedback")),
                )
            )
        ImportedSessionLed.objects.bulk_create(rows)
        return len(rows)

    def appraisals(self, items: list) -> int:
        items = _list(items, "appraisals")
        rows = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("year_start"), int):
                raise _bad("appraisals")
            if not 1950 <= item["year_start"] <= self.latest.year:
                raise _bad("year_start")
            content = {
                "objectives": [
                    {
                        **{key: _text(o, key) for key in _OBJECTIVE_TEXT},
                        "check_ins": [
                            {key: _text(c, key) for key in _CHECK_IN_TEXT}
                            for c in _dicts(o.get("check_ins"), "check_ins")
                        ],
                    }
                    for o in _dicts(item.get("objectives"), "objectives")
                ],
                "self_review": _text(item, "self_review"),
                "reviews": [
                    {key: _text(r, key) for key in _REVIEW_TEXT} for r in _dicts(item.get("reviews"), "reviews")
                ],
            }
            rows.append(
                ImportedAppraisal(
                    school=self.school,
                    owner=self.actor,
                    record_import=self.record_import,
                    year_start=item["year_start"],
                    content=content,
                )
            )
        ImportedAppraisal.objects.bulk_create(rows)
        return len(rows)


def import_archive(*, actor, school: School, upload) -> tuple[RecordImport, bool]:
    """Check and import an archive for `actor` at `school`. Returns the import and whether it was new.

    Raises ArchiveError, with nothing written, if anything about the archive is wrong.
    """
    verified = read_archive(upload)
    manifest = verified.manifest
    try:
        archive_id = uuid.UUID(str(manifest.get("archive_id")))
    except ValueError:
        raise _bad("archive_id") from None
    existing = RecordImport.objects.filter(school=school, owner=actor, archive_id=archive_id).first()
    if existing:
        return existing, False
    person = manifest.get("person") if isinstance(manifest.get("person"), dict) else {}
    source = manifest.get("school") if isinstance(manifest.get("school"), dict) else {}
    importer = None
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record_import = RecordImport.objects.create(
                        school=school,
                        owner=actor,
                        archive_id=archive_id,
                        source_school=_text(source, "name", limit=200),
                        source_person=_text(person, "name", limit=200),
                        exported_at=_datetime(manifest.get("exported_at"), "exported_at") or timezone.now(),
                        fingerprint=verified.fingerprint,
                        signed_here=verified.signed_here,
                        trusted=verified.trusted,
                    )
            except IntegrityError:
                # The same archive imported twice at once: the first one did it.
                return RecordImport.objects.get(school=school, owner=actor, archive_id=archive_id), False
            importer = _Importer(actor=actor, school=school, record_import=record_import, files=verified.files)
            record_import.counts = {
                "learning": importer.activities(manifest.get("learning")),
                "observations": importer.observations(manifest.get("observations")),
                "coaching": importer.coaching(manifest.get("coaching")),
                "qualifications": importer.qualifications(manifest.get("qualifications")),
                # Absent from archives made before sessions led travelled (version 1): none.
                "sessions_led": importer.sessions_led(manifest.get("sessions_led")),
                "appraisals": importer.appraisals(manifest.get("appraisals")),
            }
            record_import.unmatched_standards = sorted(set(importer.unmatched))
            record_import.save(update_fields=["counts", "unmatched_standards"])
            record_event(
                actor=actor,
                school=school,
                verb="records.imported",
                target=record_import,
                data={
                    "archive_id": str(archive_id),
                    "fingerprint": verified.fingerprint,
                    "trusted": verified.trusted,
                    **record_import.counts,
                },
            )
    except BaseException:
        if importer is not None:
            for stored in importer.stored:
                stored.delete(save=False)
        raise
    return record_import, True


@transaction.atomic
def add_qualification(
    *, actor, school: School, title: str, awarding_body: str, awarded_on: datetime.date, certificate=None
) -> Qualification:
    errors = {}
    if awarded_on > school_today(school):
        errors["awarded_on"] = _("The date awarded cannot be in the future.")
    elif awarded_on < EARLIEST:
        errors["awarded_on"] = _("The date is too far in the past.")
    content_type = None
    if certificate is not None:
        try:
            content_type = check_evidence_file(certificate)
        except ValidationError as exc:
            errors["certificate"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    qualification = Qualification(
        school=school, owner=actor, title=title.strip(), awarding_body=awarding_body.strip(), awarded_on=awarded_on
    )
    if certificate is not None:
        save_private_file(qualification, certificate, content_type=content_type)
    else:
        qualification.save()
    record_event(
        actor=actor, school=school, verb="records.qualification_added", target=qualification, data={"title": title}
    )
    return qualification


@transaction.atomic
def remove_qualification(*, actor, qualification: Qualification) -> None:
    if qualification.owner_id != actor.pk:
        raise PermissionError("Only the owner removes a qualification.")
    if qualification.file:
        remove_private_file(actor=actor, item=qualification, verb="records.qualification_removed")
    else:
        record_event(
            actor=actor,
            school=qualification.school,
            verb="records.qualification_removed",
            target=qualification,
            data={"title": qualification.title},
        )
        qualification.delete()
