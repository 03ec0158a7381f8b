from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.frameworks.models import Standard
from staffroom.frameworks.selectors import descriptor_choices_for_school, frameworks_for_school
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Subject

from .evidence import allowed_extensions_text
from .models import Activity, ActivityKind, GuskeyLevel
from .services import ActivityData, validate_activity_fields


class DateInput(forms.DateInput):
    """A native date picker; it only understands ISO dates, whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def evidence_field():
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    return MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Up to 5 files, each at most %(limit)s. Allowed: %(types)s.")
        % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES), "types": allowed_extensions_text()},
    )


def descriptor_field_choices(descriptors):
    groups: dict[str, list] = {}
    for d in descriptors:
        label = f"{d.framework.short_name} · {d.standard.code} {d.standard.name}"
        stage = f" ({d.career_stage.name})" if d.career_stage_id else ""
        groups.setdefault(label, []).append((str(d.pk), f"{d.code}: {d.text}{stage}"))
    return list(groups.items())


class ActivityForm(forms.ModelForm):
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose a subject when the learning was about teaching that subject; it counts towards "
            "your subject-specific hours."
        ),
    )
    descriptors = forms.MultipleChoiceField(
        label=_("Linked standards"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": "10"}),
        help_text=_("The standards this learning relates to. Hold Ctrl (or Cmd on a Mac) to choose more than one."),
        error_messages={"invalid_choice": _("Choose standards from the frameworks your school has adopted.")},
    )
    follow_up_on = forms.DateField(
        label=_("Revisit on"),
        required=False,
        widget=DateInput(),
        help_text=_("When Staffroom should ask what changed for your pupils. Leave empty for the school's default."),
    )
    files = evidence_field()

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "date",
            "hours",
            "subjects",
            "descriptors",
            "learned",
            "will_try",
            "pupils",
            "success_measure",
            "visibility",
        ]
        widgets = {
            "date": DateInput(),
            "hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "inputmode": "decimal"}),
            "learned": forms.Textarea(attrs={"rows": 4}),
            "will_try": forms.Textarea(attrs={"rows": 3}),
            "success_measure": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "hours": _("Time spent, in hours: 1.5 for an hour and a half."),
            "pupils": _("For example: Year 4 maths group, or pupils with SEND in my tutor group."),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.allowed_descriptors = descriptor_choices_for_school(school=school)
        self.fields["descriptors"].choices = descriptor_field_choices(self.allowed_descriptors)
        if self.instance.pk:
            self.initial["descriptors"] = [str(pk) for pk in self.instance.descriptors.values_list("pk", flat=True)]
            follow_up = getattr(self.instance, "follow_up", None)
            if follow_up is not None and not follow_up.is_answered:
                self.initial["follow_up_on"] = follow_up.due_on
        else:
            self.initial.setdefault("date", school_today(school))
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["kind"].choices = [("", _("Choose the kind of activity")), *ActivityKind.choices]

    def clean_descriptors(self):
        ids = [int(v) for v in self.cleaned_data["descriptors"]]
        return list(self.allowed_descriptors.filter(pk__in=ids)) if ids else []

    def clean(self):
        data = super().clean()
        for name, message in validate_activity_fields(
            school=self.school,
            kind=data.get("kind"),
            date=data.get("date"),
            hours=data.get("hours"),
            follow_up_on=data.get("follow_up_on"),
        ).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def activity_data(self) -> ActivityData:
        d = self.cleaned_data
        return ActivityData(
            title=d["title"],
            kind=d["kind"],
            date=d["date"],
            hours=d["hours"],
            visibility=d["visibility"],
            subjects=list(d["subjects"]),
            descriptors=d["descriptors"],
            learned=d["learned"],
            will_try=d["will_try"],
            pupils=d["pupils"],
            success_measure=d["success_measure"],
            follow_up_on=d.get("follow_up_on"),
        )


class FollowUpForm(forms.Form):
    what_changed = forms.CharField(
        label=_("What changed for your pupils?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("What did you try, with whom, and what did you see? Name the evidence: work, talk, data."),
    )
    guskey_level = forms.TypedChoiceField(
        label=_("How far did the impact reach?"),
        choices=GuskeyLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Guskey's levels of professional development evaluation. Choose the highest that is true."),
    )
    files = evidence_field()


class PostponeFollowUpForm(forms.Form):
    due_on = forms.DateField(label=_("Ask me again on"), widget=DateInput())


def _year_value(period) -> str:
    return str(period.start.year)


class ActivityFilterForm(forms.Form):
    year = forms.ChoiceField(label=_("Academic year"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("All subjects")
    )
    standard = forms.ModelChoiceField(
        label=_("Standard"), queryset=Standard.objects.none(), required=False, empty_label=_("All standards")
    )

    def __init__(self, *args, school, years, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.current = current
        self.fields["year"].choices = [(_year_value(y), y.label) for y in years]
        self.fields["year"].initial = _year_value(current)
        self.fields["kind"].choices = [("", _("All kinds")), *ActivityKind.choices]
        self.fields["standard"].queryset = (
            Standard.objects.filter(framework__in=frameworks_for_school(school=school))
            .select_related("framework")
            .order_by("framework__name", "order")
        )
        self.fields["standard"].label_from_instance = lambda s: f"{s.framework.short_name} · {s.code} {s.name}"

    def chosen_year(self):
        value = self.cleaned_data.get("year") if self.is_valid() else None
        return next((y for y in self.years if _year_value(y) == value), self.current)
