"""The portable professional record, what arrived with a person from another school, and data protection.

Imported rows keep their own models (observations, coaching steps, appraisal records) because the people they
name (an observer, a coach) do not exist at the new school: the record is kept as text, labelled as imported,
with where it came from.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.organisations.models import School


class InstallationKey(models.Model):
    """This installation's Ed25519 key pair, made on first use, which signs every portable record it exports.

    There is one row. The private key never leaves the database; the public key travels inside every archive
    and is shown, with its fingerprint, on the public key page so that another school can compare it.
    """

    # Always True and unique: two first exports at once cannot leave the installation with two keys.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    private_key = models.BinaryField()
    public_key = models.BinaryField()
    fingerprint = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.fingerprint


class RecordImport(models.Model):
    """One archive brought into one school by one person. The archive id makes importing it again a no-op."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="record_imports")
    archive_id = models.UUIDField()
    source_school = models.CharField(max_length=200)
    source_person = models.CharField(max_length=200)
    exported_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=80)
    signed_here = models.BooleanField(default=False)
    trusted = models.BooleanField(default=False)
    counts = models.JSONField(default=dict, blank=True)
    unmatched_standards = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "owner", "archive_id"], name="record_import_once"),
        ]

    def __str__(self) -> str:
        return f"Import {self.archive_id}"


class ImportedActivity(models.Model):
    """Marks a learning activity as having arrived in an archive, so the record shows where it came from."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    record_import = models.ForeignKey(RecordImport, on_delete=models.CASCADE, related_name="activities")
    activity = models.OneToOneField("learning.Activity", on_delete=models.CASCADE, related_name="imported_from")

    def __str__(self) -> str:
        return f"Imported activity {self.activity_id}"


def _certificate_path(instance, filename: str) -> str:
    return f"qualifications/{instance.school_id}/{uuid.uuid4().hex}"


class Qualification(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("qualification"), max_length=200)
    awarding_body = models.CharField(_("awarding body"), max_length=200)
    awarded_on = models.DateField(_("date awarded"))
    file = models.FileField(upload_to=_certificate_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    record_import = models.ForeignKey(
        RecordImport, on_delete=models.CASCADE, null=True, blank=True, related_name="qualifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["school", "owner"])]

    def __str__(self) -> str:
        return self.title


class ImportedObservation(models.Model):
    """An observation of this person at a previous school, as they kept it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    record_import = models.ForeignKey(RecordImport, on_delete=models.CASCADE, related_name="observations")
    planned_on = models.DateField()
    observer_name = models.CharField(max_length=200, blank=True)
    focus = models.TextField(blank=True)
    lesson = models.CharField(max_length=200, blank=True)
    responses = models.JSONField(default=list, blank=True)
    conversation_on = models.DateField(null=True, blank=True)
    conversation_notes = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)

    class Meta:
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"Imported observation {self.pk}"


class ImportedCoachingStep(models.Model):
    """One coaching visit this person had at a previous school: the step set and how the last one went."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    record_import = models.ForeignKey(RecordImport, on_delete=models.CASCADE, related_name="coaching_steps")
    visited_on = models.DateField()
    coach_name = models.CharField(max_length=200, blank=True)
    action_step = models.CharField(max_length=200)
    success = models.TextField(blank=True)
    practice = models.TextField(blank=True)
    previous_progress = models.CharField(max_length=40, blank=True)
    rehearsed = models.BooleanField(default=False)
    praise = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"Imported coaching step {self.pk}"


class ImportedSessionLed(models.Model):
    """A network CPD session this person led at a previous school: what it was and how many came, never who."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    record_import = models.ForeignKey(RecordImport, on_delete=models.CASCADE, related_name="sessions_led")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    host_school_name = models.CharField(max_length=200, blank=True)
    attended = models.PositiveIntegerField(default=0)
    # {"responses": n, "worthwhile": {"1": n, ... "5": n}, "relevant": {...}, "learned": {...}}: counts only.
    feedback = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ImportedAppraisal(models.Model):
    """Appraisal text the person chose to bring: read only by them, never by the new school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    record_import = models.ForeignKey(RecordImport, on_delete=models.CASCADE, related_name="appraisals")
    year_start = models.PositiveSmallIntegerField()
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["-year_start", "-id"]

    def __str__(self) -> str:
        return f"Imported appraisal {self.year_start}"


class RecordType(models.TextChoices):
    ACTIVITIES = "activities", _("Learning activities, reflections and evidence")
    OBSERVATIONS = "observations", _("Observations and their files")
    COACHING = "coaching", _("Coaching visits")
    APPRAISALS = "appraisals", _("Appraisals")
    AUDIT = "audit", _("Audit trail")
    LEAVERS = "leavers", _("People who have left")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("Delete")
    ANONYMISE = "anonymise", _("Anonymise (keep the figures, remove what identifies the person)")


class RetentionPolicy(models.Model):
    """How long a school keeps one type of record. No row, or no period, means keep it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="retention_policies")
    record_type = models.CharField(max_length=20, choices=RecordType.choices)
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=RetentionAction.choices, default=RetentionAction.DELETE)
    last_applied_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["record_type"]
        constraints = [
            models.UniqueConstraint(fields=["school", "record_type"], name="retention_policy_once_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.months}"
