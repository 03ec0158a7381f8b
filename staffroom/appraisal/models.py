"""Appraisal that serves growth: yearly cycles with dated stages, objectives with check-ins, self-review,
review meetings signed by both sides, and a log of everyone who opened a record.

Confidential by design: an appraisal is read only by its appraisee, the people assigned to review it and the
school's headteacher (for the head's own appraisal, the governors on the panel and the external adviser).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.organisations.models import School, Subject


class AppraisalCycle(models.Model):
    """One school's appraisal year. The academic year is identified by the calendar year it starts in."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="appraisal_cycles")
    year_start = models.PositiveSmallIntegerField(_("academic year starting in"))
    teacher_framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standards for teachers' self-review"),
    )
    support_framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standards or role profile for teaching assistants and support staff"),
    )
    headteacher_framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standards for the headteacher's self-review"),
    )
    outcome_statements_enabled = models.BooleanField(
        _("record an outcome statement at the end of the year"),
        default=False,
        help_text=_("Off by default: development is kept separate from pay."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year_start"]
        constraints = [models.UniqueConstraint(fields=["school", "year_start"], name="appraisal_cycle_one_per_year")]

    def __str__(self) -> str:
        return f"{self.school} {self.year_start}/{str(self.year_start + 1)[-2:]}"


class OutcomeStatement(models.Model):
    """A school's own wording for the end-of-year outcome, used only where the school switches them on."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="appraisal_outcome_statements")
    text = models.CharField(_("statement"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "text"], name="outcome_statement_unique")]

    def __str__(self) -> str:
        return self.text


class Stage(models.Model):
    class Kind(models.TextChoices):
        PLANNING = "planning", _("Planning")
        MID_YEAR = "mid_year", _("Mid-year review")
        END_OF_YEAR = "end_of_year", _("End-of-year review")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(AppraisalCycle, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due by"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(opens_on__lte=models.F("due_on")), name="stage_opens_before_due"),
        ]

    def __str__(self) -> str:
        return self.name


class Appraisal(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff appraisal")
        HEADTEACHER = "headteacher", _("Headteacher appraisal")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="appraisals")
    cycle = models.ForeignKey(AppraisalCycle, on_delete=models.CASCADE, related_name="appraisals")
    appraisee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="appraisals")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STAFF)
    outcome_statement = models.ForeignKey(
        OutcomeStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appraisee__user__last_name", "appraisee__user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "appraisee"], name="appraisal_one_per_person_per_cycle")
        ]

    def __str__(self) -> str:
        return f"Appraisal of {self.appraisee.user} ({self.cycle})"


class Reviewer(models.Model):
    """Someone assigned to review an appraisal: an appraiser, or for a head, a governor or the external adviser."""

    class Role(models.TextChoices):
        APPRAISER = "appraiser", _("Appraiser")
        GOVERNOR = "governor", _("Governor on the panel")
        ADVISER = "adviser", _("External adviser")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="reviewers")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="appraisals_to_review")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.APPRAISER)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["appraisal", "membership"], name="reviewer_once_per_appraisal")]

    def __str__(self) -> str:
        return f"{self.membership.user} reviews {self.appraisal_id}"


class SupportTheme(models.TextChoices):
    """Themes the CPD coordinator sees counted, so support needs reach the CPD plan without confidential text."""

    SUBJECT_KNOWLEDGE = "subject_knowledge", _("Subject knowledge and subject pedagogy")
    ASSESSMENT = "assessment", _("Assessment and feedback")
    BEHAVIOUR = "behaviour", _("Behaviour and relationships")
    SEND = "send", _("SEND and inclusion")
    READING = "reading", _("Reading, literacy and oracy")
    CURRICULUM = "curriculum", _("Curriculum design")
    LEADERSHIP = "leadership", _("Leadership and management")
    WELLBEING = "wellbeing", _("Well-being and workload")
    COACHING = "coaching", _("Coaching and mentoring")
    TECHNOLOGY = "technology", _("Technology")
    OTHER = "other", _("Other")


class Objective(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        CARRIED_OVER = "carried_over", _("Carried over to next year")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("what"), max_length=200)
    rationale = models.TextField(_("why"), blank=True)
    priority = models.CharField(
        _("school improvement priority it serves"),
        max_length=200,
        blank=True,
        help_text=_("Plain text until your school's improvement plan is in Staffroom."),
    )
    plan_priority = models.ForeignKey(
        "improvement.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("improvement plan priority"),
    )
    success_criteria = models.TextField(_("success criteria"))
    measures = models.TextField(
        _("broader measures"),
        blank=True,
        help_text=_("For example pupil voice, enjoyment, resilience or well-being, as well as results."),
    )
    descriptors = models.ManyToManyField("frameworks.Descriptor", blank=True, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    support_needed = models.TextField(_("support or CPD needed"), blank=True)
    support_theme = models.CharField(_("support theme"), max_length=30, choices=SupportTheme.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    carried_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    evidence = models.ManyToManyField("learning.Activity", blank=True, related_name="appraisal_objectives")
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class CheckIn(models.Model):
    """A progress note on an objective, by the appraisee or a reviewer, at any time of the year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Check-in on {self.objective_id}"


class SelfReview(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    appraisal = models.OneToOneField(Appraisal, on_delete=models.CASCADE, related_name="self_review")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="+")
    career_stage = models.ForeignKey(
        "frameworks.CareerStage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("overall reflection"), blank=True)
    evidence = models.ManyToManyField("learning.Activity", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Self-review for {self.appraisal_id}"


class SelfRating(models.Model):
    class Level(models.TextChoices):
        EMERGING = "emerging", _("Working towards it")
        SECURE = "secure", _("Secure")
        STRENGTH = "strength", _("A strength I could share")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    self_review = models.ForeignKey(SelfReview, on_delete=models.CASCADE, related_name="ratings")
    standard = models.ForeignKey("frameworks.Standard", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    comment = models.TextField(blank=True)
    evidence = models.ManyToManyField("learning.Activity", blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["self_review", "standard"], name="self_rating_once_per_standard")
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.level}"


class ReviewMeeting(models.Model):
    """A review at one stage: both sides write beforehand, agree a record, sign off; the head approves.

    `version` goes up on every save so that a writer working from an older copy is caught rather than
    overwriting a colleague's text.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="reviews")
    # RESTRICT, not PROTECT: a stage with reviews cannot be deleted on its own, but a whole cycle (or school)
    # can, because its appraisals take their reviews with them.
    stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, related_name="reviews")
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    appraisee_notes = models.TextField(_("appraisee's notes before the meeting"), blank=True)
    reviewer_notes = models.TextField(_("appraiser's notes before the meeting"), blank=True)
    agreed_record = models.TextField(_("agreed record of the meeting"), blank=True)
    version = models.PositiveIntegerField(default=1)
    appraisee_signed_at = models.DateTimeField(null=True, blank=True)
    reviewer_signed_at = models.DateTimeField(null=True, blank=True)
    reviewer_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["stage__order", "stage__due_on"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "stage"], name="review_once_per_stage")]

    def __str__(self) -> str:
        return f"Review {self.stage_id} of {self.appraisal_id}"


class AccessLog(models.Model):
    """Every read and write of an appraisal, which the appraisee can see."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Opened")
        CHANGED = "changed", _("Changed")
        EXPORTED = "exported", _("Downloaded the PDF")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["appraisal", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.appraisal_id}"


class ReminderSent(models.Model):
    """One reminder email per person per stage, however often the reminder task runs."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="reminders_sent")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "membership"], name="appraisal_reminder_once_per_stage")
        ]

    def __str__(self) -> str:
        return f"Reminder for stage {self.stage_id} to {self.membership_id}"
