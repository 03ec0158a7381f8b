"""Professional and PD frameworks (standards, mechanisms, evaluation levels) that schools link their work to.

Everything a user links to is a Descriptor, the finest level of a framework, so that every link has one target
type whatever the shape of the framework.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    class Kind(models.TextChoices):
        PROFESSIONAL_STANDARDS = "professional_standards", _("Professional standards")
        PD_STANDARD = "pd_standard", _("Standard for professional development")
        MECHANISMS = "mechanisms", _("Mechanisms of effective professional development")
        EVALUATION_LEVELS = "evaluation_levels", _("Levels of evaluation")

    slug = models.SlugField(_("slug"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    version = models.CharField(_("version"), max_length=40)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(_("source"), blank=True)
    # Loading a new version supersedes the old one; old versions stay so that existing links still resolve.
    is_current = models.BooleanField(_("current version"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version_unique"),
        ]
        indexes = [models.Index(fields=["slug", "is_current"], name="framework_slug_current_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class CareerStage(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="career_stages")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="career_stage_code_unique_in_framework"),
        ]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    """A grouping of standards, such as an APST domain, an EEF group or a part of the Teachers' Standards."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="domain_code_unique_in_framework"),
        ]

    def __str__(self) -> str:
        return self.name


class Standard(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    domain = models.ForeignKey(Domain, on_delete=models.SET_NULL, null=True, blank=True, related_name="standards")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="standard_code_unique_in_framework"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Descriptor(models.Model):
    """The finest level of a framework and the only thing users link to."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="descriptors")
    # Denormalised from standard.framework so that choosing descriptors for a school needs no join through
    # standards; the loader is the only writer and keeps it consistent.
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="descriptors")
    code = models.CharField(_("code"), max_length=40)
    text = models.TextField(_("text"))
    # RESTRICT rather than CASCADE: a career stage cannot be deleted from under its descriptors, yet deleting
    # the whole framework still removes both.
    career_stage = models.ForeignKey(
        CareerStage, on_delete=models.RESTRICT, null=True, blank=True, related_name="descriptors"
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            # Two partial constraints because NULLs never collide in a plain unique constraint, and the
            # stage-neutral descriptor (career_stage NULL) must be unique too.
            models.UniqueConstraint(
                fields=["standard", "code", "career_stage"],
                condition=models.Q(career_stage__isnull=False),
                name="descriptor_code_stage_unique",
            ),
            models.UniqueConstraint(
                fields=["standard", "code"],
                condition=models.Q(career_stage__isnull=True),
                name="descriptor_code_unique_without_stage",
            ),
        ]
        indexes = [models.Index(fields=["framework", "order"], name="descriptor_framework_order_idx")]

    def __str__(self) -> str:
        code = f"{self.code} ({self.career_stage.name})" if self.career_stage_id else self.code
        return f"{code} — {Truncator(self.text).chars(60)}"


class SchoolFramework(models.Model):
    """A school's choice to use a framework; only adopted frameworks are offered to its staff."""

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="adopted_frameworks")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="adoptions")
    adopted_at = models.DateTimeField(_("adopted at"), default=timezone.now)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["adopted_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "framework"], name="school_framework_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework} at {self.school}"
