"""Talent and succession: what staff hope to do next, the leadership programmes they have taken, how ready leaders
judge them for key roles, and succession plans for those roles.

A person's aspirations and programmes are theirs; readiness judgements and succession plans belong to the school's
leaders and are never shown to other staff, the person included.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.organisations.models import School


class Route(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    PEDAGOGY = "pedagogy", _("Pedagogy: expert teaching and teacher development")
    SUBJECT = "subject", _("Subject specialist")
    SPECIALIST = "specialist", _("Other specialist (for example SEND, pastoral, early years)")


class KeyRole(models.TextChoices):
    HEADTEACHER = "headteacher", _("Headteacher")
    DEPUTY = "deputy", _("Deputy headteacher")
    ASSISTANT_HEAD = "assistant_head", _("Assistant headteacher")
    SENCO = "senco", _("SENCo")
    SUBJECT_LEAD = "subject_lead", _("Subject lead")
    PHASE_LEAD = "phase_lead", _("Phase or key stage lead")
    DSL = "dsl", _("Designated safeguarding lead")
    SBM = "sbm", _("School business manager")


class Readiness(models.TextChoices):
    NOW = "now", _("Ready now")
    ONE_TWO_YEARS = "one_two_years", _("Ready in one to two years")
    LONGER = "longer", _("Ready in three years or more")


class Programme(models.TextChoices):
    NPQLT = "npqlt", _("NPQ Leading Teaching")
    NPQLTD = "npqltd", _("NPQ Leading Teacher Development")
    NPQLBC = "npqlbc", _("NPQ Leading Behaviour and Culture")
    NPQLL = "npqll", _("NPQ Leading Literacy")
    NPQSL = "npqsl", _("NPQ Senior Leadership")
    NPQH = "npqh", _("NPQ Headship")
    NPQEL = "npqel", _("NPQ Executive Leadership")
    NPQSENCO = "npqsenco", _("NPQ for SENCOs")
    NPQEYL = "npqeyl", _("NPQ Early Years Leadership")
    OTHER = "other", _("Another leadership programme")


class TalentProfile(models.Model):
    """One per member of staff: only the choice of who may see their aspirations."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="talent_profile")
    network_visible = models.BooleanField(
        _("let leaders across our network see my aspirations and consider me for roles"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Talent profile {self.membership_id}"


class Aspiration(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="aspirations")
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    role = models.CharField(_("a role I am aiming for"), max_length=30, choices=KeyRole.choices, blank=True)
    aim = models.CharField(_("in a sentence, what I would like to do next"), max_length=300)
    timescale_years = models.PositiveSmallIntegerField(
        _("within how many years"), null=True, blank=True, choices=[(n, str(n)) for n in range(1, 11)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.aim


class ProgrammeTaken(models.Model):
    class Status(models.TextChoices):
        STUDYING = "studying", _("Studying now")
        COMPLETED = "completed", _("Completed")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="programmes_taken")
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    other_name = models.CharField(_("name of the programme, if another"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    year = models.PositiveSmallIntegerField(_("year started or completed"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.other_name or self.get_programme_display()

    @property
    def name(self) -> str:
        return str(self)


class ReadinessAssessment(models.Model):
    """A leader's judgement of one person's readiness for one key role. Leaders only."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="readiness_assessments")
    role = models.CharField(_("role"), max_length=30, choices=KeyRole.choices)
    readiness = models.CharField(_("readiness"), max_length=20, choices=Readiness.choices)
    notes = models.TextField(_("notes for leaders"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["membership", "role"], name="readiness_once_per_role")]

    def __str__(self) -> str:
        return f"Readiness {self.membership_id} for {self.role}"


class SuccessionPlan(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=30, choices=KeyRole.choices)
    title = models.CharField(_("the post"), max_length=200, help_text=_("For example “Maths subject lead”."))
    incumbent = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("held now by")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "title"], name="succession_plan_title_unique")]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    """Someone who could step into a plan's post: from the school, or from a network school if they chose to be
    visible across the network."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")  # the plan's school
    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="candidates")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    readiness = models.CharField(_("readiness"), max_length=20, choices=Readiness.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["readiness", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "membership"], name="candidate_once_per_plan")]

    def __str__(self) -> str:
        return f"Candidate {self.membership_id} for {self.plan_id}"
