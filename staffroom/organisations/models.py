"""Networks of schools, schools and the school's own structure (departments, subjects, phases, key stages)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone we know."), params={"value": value})


class Phase(models.TextChoices):
    NURSERY = "nursery", _("Nursery")
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    ALL_THROUGH = "all_through", _("All-through")
    SPECIAL = "special", _("Special")
    ALTERNATIVE = "alternative", _("Alternative provision")
    SIXTH_FORM = "sixth_form", _("Sixth form / 16–19")


class KeyStage(models.TextChoices):
    EYFS = "eyfs", _("Early years (EYFS)")
    KS1 = "ks1", _("Key Stage 1")
    KS2 = "ks2", _("Key Stage 2")
    KS3 = "ks3", _("Key Stage 3")
    KS4 = "ks4", _("Key Stage 4")
    KS5 = "ks5", _("Key Stage 5")


PHASE_KEY_STAGES = {
    Phase.NURSERY: [KeyStage.EYFS],
    Phase.PRIMARY: [KeyStage.EYFS, KeyStage.KS1, KeyStage.KS2],
    Phase.SECONDARY: [KeyStage.KS3, KeyStage.KS4, KeyStage.KS5],
    Phase.ALL_THROUGH: list(KeyStage),
    Phase.SPECIAL: list(KeyStage),
    Phase.ALTERNATIVE: [KeyStage.KS2, KeyStage.KS3, KeyStage.KS4],
    Phase.SIXTH_FORM: [KeyStage.KS5],
}


def default_mfa_roles() -> list[str]:
    # Roles that can see or change many people's records; the values are accounts.roles.SchoolRole's.
    return ["headteacher", "senior_leader", "school_admin"]


class Network(models.Model):
    class Kind(models.TextChoices):
        TRUST = "trust", _("Trust")
        FEDERATION = "federation", _("Federation")
        TEACHING_SCHOOL_ALLIANCE = "teaching_school_alliance", _("Teaching-school alliance")
        CLUSTER = "cluster", _("Cluster")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    schools = models.ManyToManyField("School", through="NetworkSchool", related_name="networks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    urn = models.CharField(
        _("URN"), max_length=12, blank=True, help_text=_("Unique reference number, where the school has one.")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.PRIMARY)
    academic_year_start_month = models.PositiveSmallIntegerField(
        _("academic year starts in month"),
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    entitlement_hours = models.DecimalField(
        _("professional learning entitlement (hours a year)"),
        max_digits=6,
        decimal_places=1,
        default=35,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    subject_specific_share = models.PositiveSmallIntegerField(
        _("subject-specific share of the entitlement (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    follow_up_weeks = models.PositiveSmallIntegerField(
        _("default weeks before an impact follow-up"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    mfa_required_roles = models.JSONField(
        _("roles that must use two-factor authentication"),
        default=default_mfa_roles,
        blank=True,
        help_text=_("People with any of these roles must set up an authenticator app before they can use Staffroom."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["urn"], condition=~models.Q(urn=""), name="school_urn_unique"),
            models.CheckConstraint(
                condition=models.Q(academic_year_start_month__gte=1, academic_year_start_month__lte=12),
                name="school_year_start_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def key_stages(self) -> list[KeyStage]:
        return PHASE_KEY_STAGES[Phase(self.phase)]


class NetworkSchool(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="network_memberships")
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "school"], name="network_school_unique")]

    def __str__(self) -> str:
        return f"{self.school} in {self.network}"


class Department(models.Model):
    """A department or team inside one school (e.g. Maths, Early Years, Site team)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="department_name_unique_in_school")]

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    """Subjects are shared vocabulary across schools, so that a network can compare and match like with like."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
