"""The professional learning record: what each person learned and tried, and what changed for pupils."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.organisations.models import School, Subject


class ActivityKind(models.TextChoices):
    COURSE = "course", _("Course")
    INSET = "inset", _("INSET / training day")
    COACHING = "coaching", _("Coaching")
    OBSERVATION_GIVEN = "observation_given", _("Observation given")
    OBSERVATION_RECEIVED = "observation_received", _("Observation received")
    READING = "reading", _("Reading or research")
    ENQUIRY = "enquiry", _("Collaborative enquiry")
    NETWORK_SESSION = "network_session", _("Network session")
    LESSON_STUDY = "lesson_study", _("Lesson study")
    MENTORING = "mentoring", _("Mentoring")
    QUALIFICATION = "qualification", _("Qualification")
    CONFERENCE = "conference", _("Conference")
    ONLINE = "online", _("Online learning")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private: only me")
    LINE_MANAGER = "line_manager", _("Shared with my line manager")
    SCHOOL = "school", _("Shared with colleagues at my school")


class GuskeyLevel(models.IntegerChoices):
    REACTIONS = 1, _("1. My reactions: it was worthwhile")
    LEARNING = 2, _("2. My learning: I know or can do something new")
    ORGANISATION = 3, _("3. The school changed something to support it")
    USE = 4, _("4. I use it in my practice")
    PUPIL_OUTCOMES = 5, _("5. Pupils learn or do better because of it")


# A qualification can run to hundreds of hours; any single other activity longer than this is almost
# certainly a typing slip (say 60 for 6.0).
MAX_HOURS_QUALIFICATION = Decimal("1000")
MAX_HOURS_OTHER = Decimal("100")


class Activity(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="learning_activities")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_activities")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of activity"), max_length=30, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_HOURS_QUALIFICATION)],
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("subjects"))
    subject_specific = models.BooleanField(default=False, editable=False)
    descriptors = models.ManyToManyField(
        "frameworks.Descriptor", blank=True, related_name="learning_activities", verbose_name=_("linked standards")
    )
    learned = models.TextField(_("what I learned"), blank=True)
    will_try = models.TextField(_("what I will try"), blank=True)
    pupils = models.CharField(_("with which pupils"), max_length=200, blank=True)
    success_measure = models.TextField(_("how I will know it worked"), blank=True)
    visibility = models.CharField(
        _("who can see this"), max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["school", "owner", "date"]),
            # Covers the school and network reports (hours by school or staff group in a period): PostgreSQL answers
            # them from the index alone, without reading the activities themselves.
            models.Index(fields=["school", "date", "owner", "hours"], name="activity_school_date_cover"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="activity_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(hours__lte=MAX_HOURS_QUALIFICATION), name="activity_hours_sensible"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FollowUp(models.Model):
    """The revisit that asks, weeks later, what changed for pupils."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_follow_ups")
    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="follow_up")
    due_on = models.DateField(_("revisit on"))
    answered_at = models.DateTimeField(null=True, blank=True)
    what_changed = models.TextField(_("what changed for your pupils"), blank=True)
    guskey_level = models.PositiveSmallIntegerField(
        _("level of impact"), choices=GuskeyLevel.choices, null=True, blank=True
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "answered_at", "due_on"]), models.Index(fields=["school", "due_on"])]

    def __str__(self) -> str:
        return f"Follow-up of {self.activity_id} on {self.due_on}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


def _evidence_path(instance: "Evidence", filename: str) -> str:
    # A random name means nothing about the file can be learned or guessed from its path.
    return f"evidence/{instance.school_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name
