from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.learning.forms import DateInput

from .models import DataPoint, EvaluationArea, JudgementLevel, Metric, Question, Survey
from .services import AreaData, MetricData, SurveyData

DECIMAL = {"max_digits": 12, "decimal_places": 2}


def _year_choices(current: int):
    return [(y, f"{y}/{str(y + 1)[-2:]}") for y in range(current, current - 8, -1)]


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    judgement = forms.ModelChoiceField(
        label=_("Judgement"), queryset=JudgementLevel.objects.none(), required=False, empty_label=_("Not judged yet")
    )
    evaluation = forms.CharField(label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    strengths = forms.CharField(label=_("Strengths"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    areas_to_develop = forms.CharField(
        label=_("Areas to develop"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    evidence = forms.CharField(
        label=_("Evidence links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "One a line: a title, a vertical bar, then the web address. For example: Reading audit | https://…"
        ),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judgement"].queryset = JudgementLevel.objects.filter(school=school)

    @staticmethod
    def initial_for(area: EvaluationArea) -> dict:
        return {
            "name": area.name,
            "judgement": area.judgement_id,
            "evaluation": area.evaluation,
            "strengths": area.strengths,
            "areas_to_develop": area.areas_to_develop,
            "evidence": "\n".join(f"{e.title} | {e.url}" for e in area.evidence_links.all()),
        }

    def clean_evidence(self):
        links = []
        validator = forms.URLField(max_length=500, assume_scheme="https")
        for number, line in enumerate(self.cleaned_data["evidence"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, url = line.rpartition("|")
            title, url = title.strip() or url.strip(), url.strip()
            try:
                url = validator.clean(url)
            except ValidationError:
                raise ValidationError(
                    _("Line %(n)s does not end with a web address starting https://."), params={"n": number}
                ) from None
            links.append((title[:200], url))
        return links

    def to_data(self) -> AreaData:
        return AreaData(**self.cleaned_data)


class ScaleForm(forms.Form):
    names = forms.CharField(
        label=_("Judgement levels"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line, weakest first. Areas keep their judgement when its level keeps its name."),
    )


class MetricForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=30, required=False, help_text=_("For example %, days or points.")
    )
    direction = forms.ChoiceField(label=_("Which way is better?"), choices=Metric.Direction.choices)
    min_value = forms.DecimalField(label=_("Lowest valid value"), initial=0, **DECIMAL)
    max_value = forms.DecimalField(label=_("Highest valid value"), initial=100, **DECIMAL)
    source = forms.ChoiceField(label=_("Where the data comes from"), choices=Metric.Source.choices)
    area = forms.ModelChoiceField(
        label=_("Evaluation area"), queryset=EvaluationArea.objects.none(), required=False, empty_label=_("None")
    )
    cohorts = forms.CharField(
        label=_("Cohorts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Breakdowns such as Year 6, Disadvantaged or SEND, one a line. Cohorts are added, never removed."),
    )
    responsible = forms.ModelMultipleChoiceField(
        label=_("Middle leaders who may enter data"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    benchmark_key = forms.CharField(
        label=_("Benchmark key"),
        max_length=80,
        required=False,
        help_text=Metric._meta.get_field("benchmark_key").help_text,
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = EvaluationArea.objects.filter(school=school)
        self.fields["responsible"].queryset = (
            Membership.objects.filter(school=school, is_active=True, roles__role=SchoolRole.MIDDLE_LEADER)
            .select_related("user")
            .order_by("user__first_name", "user__last_name")
            .distinct()
        )
        self.fields["responsible"].label_from_instance = lambda m: m.user.get_full_name() or m.user.email

    @staticmethod
    def initial_for(metric: Metric) -> dict:
        return {
            "name": metric.name,
            "description": metric.description,
            "unit": metric.unit,
            "direction": metric.direction,
            "min_value": metric.min_value,
            "max_value": metric.max_value,
            "source": metric.source,
            "area": metric.area_id,
            "cohorts": "\n".join(c.name for c in metric.cohorts.all()),
            "responsible": [m.pk for m in metric.responsible.all()],
            "benchmark_key": metric.benchmark_key,
        }

    def to_data(self) -> MetricData:
        data = dict(self.cleaned_data)
        data["cohorts"] = data["cohorts"].splitlines()
        data["responsible"] = list(data["responsible"])
        return MetricData(**data)


class DataPointForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, required=False, empty_label=_("Whole school"))
    year_start = forms.TypedChoiceField(label=_("Academic year"), coerce=int)
    term = forms.TypedChoiceField(label=_("Term"), choices=DataPoint.Term.choices, coerce=int)
    value = forms.DecimalField(label=_("Value"), **DECIMAL)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, metric, current_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = metric.cohorts.all()
        self.fields["year_start"].choices = _year_choices(current_year)
        self.fields["year_start"].initial = current_year


class TargetForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, required=False, empty_label=_("Whole school"))
    value = forms.DecimalField(label=_("Target"), **DECIMAL)
    by_date = forms.DateField(label=_("By"), widget=DateInput())

    def __init__(self, *args, metric, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = metric.cohorts.all()
        self.prefix = "target"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: metric, cohort, year, term, value. Leave cohort empty for the whole school. "
            "Year is the year the academic year starts (2025 or 2025/26); term is autumn, spring or summer."
        ),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    audience = forms.ChoiceField(label=_("Who answers"), choices=Survey.Audience.choices, widget=forms.RadioSelect)
    anonymous = forms.BooleanField(label=_("Anonymous: no names are kept with answers"), required=False, initial=True)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())

    def to_data(self) -> SurveyData:
        return SurveyData(**self.cleaned_data)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For choice questions only: one option a line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    metric = forms.ModelChoiceField(
        label=_("Feeds metric"),
        queryset=Metric.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("For scale and number questions: the mean answer can be recorded as the metric's value."),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.filter(school=school)
        self.prefix = "question"


class FeedForm(forms.Form):
    year_start = forms.TypedChoiceField(label=_("Academic year"), coerce=int)
    term = forms.TypedChoiceField(label=_("Term"), choices=DataPoint.Term.choices, coerce=int)

    def __init__(self, *args, current_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year_start"].choices = _year_choices(current_year)
        self.fields["year_start"].initial = current_year
