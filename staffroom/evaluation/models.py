"""School self-evaluation in many dimensions, school-defined metrics and the surveys that feed them.

There is deliberately no overall grade anywhere: a school is described area by area, on its own scale.
Academic years are identified by the calendar year they start in; terms are numbered 1–3 within the year.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.organisations.models import School


class JudgementLevel(models.Model):
    """One step on a school's own judgement scale (e.g. "Secure", "Developing"). Higher rank is stronger."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="judgement_levels")
    name = models.CharField(_("name"), max_length=80)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Higher numbers are stronger judgements."))

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="judgement_level_unique_name")]

    def __str__(self) -> str:
        return self.name


class EvaluationArea(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="evaluation_areas")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    evaluation = models.TextField(_("evaluation"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    areas_to_develop = models.TextField(_("areas to develop"), blank=True)
    judgement = models.ForeignKey(
        JudgementLevel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="areas",
        verbose_name=_("judgement"),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "slug"], name="evaluation_area_unique_slug")]

    def __str__(self) -> str:
        return self.name


class EvidenceLink(models.Model):
    area = models.ForeignKey(EvaluationArea, on_delete=models.CASCADE, related_name="evidence_links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Metric(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by hand")
        SURVEY = "survey", _("Survey")
        CSV = "csv", _("CSV import")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("For example %, days or points."))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    min_value = models.DecimalField(_("lowest valid value"), max_digits=12, decimal_places=2, default=0)
    max_value = models.DecimalField(_("highest valid value"), max_digits=12, decimal_places=2, default=100)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    area = models.ForeignKey(
        EvaluationArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="metrics",
        verbose_name=_("evaluation area"),
    )
    responsible = models.ManyToManyField(
        "accounts.Membership",
        blank=True,
        related_name="responsible_metrics",
        verbose_name=_("staff who may enter data"),
    )
    benchmark_key = models.SlugField(
        _("benchmark key"),
        max_length=80,
        blank=True,
        help_text=_(
            "Schools in a network that give a metric the same key share it, anonymised, as a benchmark. "
            "Leave blank not to share."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="metric_unique_name"),
            models.CheckConstraint(condition=models.Q(min_value__lt=models.F("max_value")), name="metric_range_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class MetricCohort(models.Model):
    """A breakdown of a metric, such as "Year 6", "Disadvantaged" or "SEND"."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["metric", "name"], name="metric_cohort_unique_name")]

    def __str__(self) -> str:
        return self.name


class DataPoint(models.Model):
    class Term(models.IntegerChoices):
        AUTUMN = 1, _("Autumn")
        SPRING = 2, _("Spring")
        SUMMER = 3, _("Summer")

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="data_points")
    cohort = models.ForeignKey(MetricCohort, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    year_start = models.PositiveSmallIntegerField(_("academic year starting in"))
    term = models.PositiveSmallIntegerField(_("term"), choices=Term.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year_start", "term"]
        constraints = [
            # NULL cohorts are distinct in a plain unique constraint, so the whole-school series needs its own.
            models.UniqueConstraint(
                fields=["metric", "cohort", "year_start", "term"],
                condition=models.Q(cohort__isnull=False),
                name="data_point_unique_per_cohort_term",
            ),
            models.UniqueConstraint(
                fields=["metric", "year_start", "term"],
                condition=models.Q(cohort__isnull=True),
                name="data_point_unique_per_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.year_start} T{self.term}: {self.value}"


class MetricTarget(models.Model):
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="targets")
    cohort = models.ForeignKey(MetricCohort, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    by_date = models.DateField(_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["by_date", "id"]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value} by {self.by_date:%d/%m/%Y}"


class Survey(models.Model):
    class Audience(models.TextChoices):
        STAFF = "staff", _("Staff (signed in)")
        PUPILS = "pupils", _("Pupils (public link, no sign-in)")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.STAFF)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(opens_on__lte=models.F("closes_on")), name="survey_dates_valid")
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agree–disagree scale (1–5)")
        CHOICE = "choice", _("Choice")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LIKERT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For choice questions: one option a line."))
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(_("required"), default=True)
    metric = models.ForeignKey(
        Metric,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_questions",
        verbose_name=_("feeds metric"),
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Response(models.Model):
    """One completed questionnaire. For anonymous surveys nothing here identifies the person or their device."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Only the date: a timestamp could be matched against the completion row or server logs.
    submitted_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text or str(self.number)


class SurveyCompletion(models.Model):
    """Stops a member of staff answering twice. Deliberately not linked to their response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_completion_unique")]

    def __str__(self) -> str:
        return f"{self.survey}: {self.user}"
