from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from staffroom.frameworks.models import Framework
from staffroom.frameworks.selectors import frameworks_for_school
from staffroom.learning.forms import DateInput, descriptor_field_choices
from staffroom.organisations.models import Subject

from . import services
from .models import AppraisalCycle, Objective, OutcomeStatement, Reviewer, SelfRating, Stage, SupportTheme
from .services import ObjectiveData, StageData, validate_objective_fields, validate_stage_fields

EVIDENCE_HELP = _(
    "Link learning you have already recorded in My learning instead of uploading it again. Everyone who can read "
    "your appraisal will see the title, date, reflections, follow-up answers and files of what you link here, "
    "even if it is private in My learning."
)


def _activity_label(activity) -> str:
    return f"{activity.title} ({date_format(activity.date, 'j M Y')})"


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _activity_label(obj)


# ---- running the cycle ------------------------------------------------------------------------------------------


class CycleCreateForm(forms.Form):
    year_start = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CycleSettingsForm(forms.ModelForm):
    class Meta:
        model = AppraisalCycle
        fields = ["teacher_framework", "support_framework", "headteacher_framework", "outcome_statements_enabled"]
        field_classes = {
            "teacher_framework": FrameworkChoiceField,
            "support_framework": FrameworkChoiceField,
            "headteacher_framework": FrameworkChoiceField,
        }
        labels = {
            "teacher_framework": _("Teachers review themselves against"),
            "support_framework": _("Teaching assistants and support staff review themselves against"),
            "headteacher_framework": _("The headteacher reviews themselves against"),
            "outcome_statements_enabled": _("Record an outcome statement at the end-of-year review"),
        }
        help_texts = {
            "outcome_statements_enabled": _(
                "Off by default: appraisal in Staffroom is about development, kept separate from pay. Switch it "
                "on only if your school wants its own end-of-year statements."
            ),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        adopted = frameworks_for_school(school=school).filter(kind=Framework.Kind.PROFESSIONAL_STANDARDS)
        current = [
            pk
            for pk in (
                self.instance.teacher_framework_id,
                self.instance.support_framework_id,
                self.instance.headteacher_framework_id,
            )
            if pk
        ]
        queryset = Framework.objects.filter(pk__in=adopted.values("pk")) | Framework.objects.filter(pk__in=current)
        for name in ("teacher_framework", "support_framework", "headteacher_framework"):
            self.fields[name].queryset = queryset.distinct().order_by("name")
            self.fields[name].empty_label = _("None: no self-review against standards")


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "kind", "opens_on", "due_on"]
        widgets = {"opens_on": DateInput(), "due_on": DateInput()}
        help_texts = {
            "kind": _("Planning, mid-year and end-of-year stages each have a review meeting; other stages are dates."),
        }

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["kind"].choices = [("", _("Choose a kind")), *Stage.Kind.choices]

    def clean(self):
        data = super().clean()
        errors = validate_stage_fields(
            school=self.cycle.school,
            year_start=self.cycle.year_start,
            data=StageData(
                kind=data.get("kind", ""),
                name=data.get("name", ""),
                opens_on=data.get("opens_on"),
                due_on=data.get("due_on"),
            ),
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def stage_data(self) -> StageData:
        d = self.cleaned_data
        return StageData(kind=d["kind"], name=d["name"], opens_on=d["opens_on"], due_on=d["due_on"])

    def _post_clean(self):
        # The service validates and saves; the model's own checks would only repeat the messages above.
        pass


class OutcomeStatementForm(forms.Form):
    text = forms.CharField(
        label=_("New outcome statement"),
        max_length=200,
        help_text=_("In your school's own words, for example “Objectives met; development continues next year”."),
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = f", {obj.job_title}" if obj.job_title else ""
        return f"{obj.user.display_name}{title}"


class CreateAppraisalForm(forms.Form):
    membership = MemberChoiceField(label=_("Member of staff"), queryset=None, empty_label=_("Choose someone"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = candidates


class AppraiserChoiceField(forms.ChoiceField):
    """Offers everyone but the appraisee. A hand-made request naming the appraisee gets through to the service,
    whose message says plainly why it is refused, rather than a vague "not a valid choice"."""

    def __init__(self, *args, appraisee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.appraisee_id = str(appraisee_id)

    def valid_value(self, value):
        return value == self.appraisee_id or super().valid_value(value)


class AppraisersForm(forms.Form):
    """One select per staff appraisal: who appraises each person. Built once from lists already loaded."""

    def __init__(self, *args, appraisals, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(m.pk): m for m in candidates}
        self.rows = []
        options = [("", _("No appraiser yet"))] + [
            (str(m.pk), f"{m.user.display_name}{', ' + m.job_title if m.job_title else ''}") for m in candidates
        ]
        for appraisal in appraisals:
            name = f"appraiser_{appraisal.pk}"
            primary = next((r for r in appraisal.reviewers.all() if r.role == Reviewer.Role.APPRAISER), None)
            self.fields[name] = AppraiserChoiceField(
                appraisee_id=appraisal.appraisee_id,
                label=_("Appraiser for %(name)s") % {"name": appraisal.appraisee.user.display_name},
                required=False,
                choices=[o for o in options if o[0] != str(appraisal.appraisee_id)],
                initial=str(primary.membership_id) if primary else "",
            )
            self.rows.append((appraisal, name))

    def bound_rows(self):
        return [(appraisal, self[name]) for appraisal, name in self.rows]

    def clean(self):
        data = super().clean()
        self.choices = {}
        for appraisal, name in self.rows:
            # A row missing from the post is left as it is; an empty choice removes the appraiser.
            if name not in self.data or name not in data:
                continue
            value = data.get(name) or ""
            self.choices[appraisal.pk] = self.candidates.get(value) if value else None
        return data


class ReviewerForm(forms.Form):
    membership = MemberChoiceField(label=_("Who"), queryset=None, empty_label=_("Choose someone"))
    role = forms.ChoiceField(label=_("As"))

    def __init__(self, *args, appraisal, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = candidates
        # The appraisee is never offered, but naming them by hand gets the service's plain refusal.
        field.choices = [("", field.empty_label)] + [
            (m.pk, field.label_from_instance(m)) for m in candidates if m.pk != appraisal.appraisee_id
        ]
        if appraisal.kind == appraisal.Kind.HEADTEACHER:
            self.fields["role"].choices = [
                (Reviewer.Role.GOVERNOR, Reviewer.Role.GOVERNOR.label),
                (Reviewer.Role.ADVISER, Reviewer.Role.ADVISER.label),
            ]
            self.fields["membership"].help_text = _(
                "Governors, and people invited to the school as an external adviser. The head is never on their "
                "own panel."
            )
        else:
            self.fields["role"].choices = [(Reviewer.Role.APPRAISER, Reviewer.Role.APPRAISER.label)]
            self.fields["role"].widget = forms.HiddenInput()
            self.fields["role"].initial = Reviewer.Role.APPRAISER


# ---- objectives -----------------------------------------------------------------------------------------------


class ObjectiveForm(forms.ModelForm):
    descriptors = forms.MultipleChoiceField(
        label=_("Linked standards"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": "8"}),
        help_text=_("The standards this objective develops. Hold Ctrl (or Cmd on a Mac) to choose more than one."),
        error_messages={"invalid_choice": _("Choose standards from this year's framework.")},
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("Not about one subject")
    )
    checksum = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    plan_priority = forms.ModelChoiceField(
        label=_("Improvement plan priority it serves"),
        queryset=None,
        required=False,
        empty_label=_("Not linked to a plan priority"),
    )
    evidence = ActivityChoiceField(
        label=_("Evidence from My learning"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=EVIDENCE_HELP,
    )

    class Meta:
        model = Objective
        fields = [
            "title",
            "rationale",
            "priority",
            "success_criteria",
            "measures",
            "descriptors",
            "subject",
            "support_needed",
            "support_theme",
            "evidence",
        ]
        labels = {
            "title": _("What you will work on"),
            "rationale": _("Why it matters"),
            "priority": _("School improvement priority it serves"),
            "success_criteria": _("Success criteria"),
            "measures": _("Broader measures"),
            "support_needed": _("Support or CPD you need"),
            "support_theme": _("Theme of that support"),
        }
        help_texts = {
            "title": _("One sentence, for example “Use retrieval practice to close gaps in Year 4 times tables”."),
            "success_criteria": _("How you will both know it has been met. One per line is fine."),
            "support_needed": _("Courses, coaching, time or resources. Only you, your reviewers and the head read it."),
            "support_theme": _(
                "The CPD coordinator sees how many people need support in each theme, never who or your words."
            ),
        }
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "success_criteria": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "support_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args, descriptor_queryset, evidence_queryset=None, show_measures=False, plan_priorities=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # Schools with an improvement plan for the cycle's year choose one of its priorities; others keep the
        # plain-text field.
        if plan_priorities is None or not plan_priorities.exists():
            del self.fields["plan_priority"]
        else:
            self.fields["plan_priority"].queryset = plan_priorities
            if self.instance.pk:
                self.initial["plan_priority"] = self.instance.plan_priority_id
        self.allowed_descriptors = descriptor_queryset
        self.fields["descriptors"].choices = descriptor_field_choices(descriptor_queryset)
        self.fields["title"].error_messages["required"] = _("Say what the objective is.")
        self.fields["success_criteria"].error_messages["required"] = _(
            "Write at least one success criterion: how will you both know this objective has been met?"
        )
        self.fields["support_theme"].choices = [("", _("No support needed, or not sure yet")), *SupportTheme.choices]
        if self.instance.pk:
            self.initial["descriptors"] = [str(pk) for pk in self.instance.descriptors.values_list("pk", flat=True)]
            self.initial["checksum"] = services.objective_checksum(self.instance)
        if evidence_queryset is None:
            del self.fields["evidence"]
        else:
            self.fields["evidence"].queryset = evidence_queryset
        if not show_measures and not (self.instance.pk and self.instance.measures):
            self.fields["measures"].help_text = _(
                "Optional: pupil voice, enjoyment, resilience or well-being, as well as results."
            )

    def clean_descriptors(self):
        ids = [int(v) for v in self.cleaned_data["descriptors"]]
        return list(self.allowed_descriptors.filter(pk__in=ids)) if ids else []

    def clean(self):
        data = super().clean()
        errors = validate_objective_fields(
            title=data.get("title", ""),
            success_criteria=data.get("success_criteria", ""),
            support_needed=data.get("support_needed", ""),
            support_theme=data.get("support_theme", ""),
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def _post_clean(self):
        # Saving is the service's job; the model's checks would repeat the messages above.
        pass

    def objective_data(self) -> ObjectiveData:
        d = self.cleaned_data
        return ObjectiveData(
            title=d.get("title", ""),
            success_criteria=d.get("success_criteria", ""),
            rationale=d.get("rationale", ""),
            priority=d.get("priority", ""),
            measures=d.get("measures", ""),
            subject=d.get("subject"),
            descriptors=d.get("descriptors", []),
            support_needed=d.get("support_needed", ""),
            support_theme=d.get("support_theme", ""),
            evidence=list(d["evidence"]) if "evidence" in self.fields else None,
            plan_priority=d.get("plan_priority") if "plan_priority" in self.fields else self.instance.plan_priority,
        )


class CheckInForm(forms.Form):
    text = forms.CharField(
        label=_("Add a check-in"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.MAX_TEXT,
        help_text=_("What has happened since the last one: progress, a setback, what you will try next."),
        error_messages={"required": _("Write the check-in: what has happened since the last one?")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(s.value, s.label) for s in services.SETTABLE_STATUSES])


# ---- self-review ----------------------------------------------------------------------------------------------


LEVEL_CHOICES = [("", _("Not rated yet")), *SelfRating.Level.choices]


class SelfReviewForm(forms.Form):
    summary = forms.CharField(
        label=_("Overall reflection"),
        required=False,
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Where you are now, what you are proud of and where you want to grow."),
    )

    def __init__(self, *args, framework, standards, activities, linked_by_standard, self_review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.standards = standards
        self.activities = {str(a.pk): a for a in activities}
        self.suggestions = linked_by_standard
        stages = list(framework.career_stages.all())
        if stages:
            self.fields["career_stage"] = forms.ModelChoiceField(
                label=_("Your career stage"),
                queryset=framework.career_stages.all(),
                required=False,
                empty_label=_("Choose your career stage"),
                help_text=_("The stage of %(framework)s you are working at.") % {"framework": framework.short_name},
            )
        all_options = [(str(a.pk), _activity_label(a)) for a in activities]
        self.evidence_help = EVIDENCE_HELP
        self.fields["evidence"] = forms.MultipleChoiceField(
            label=_("Evidence for the review as a whole"),
            required=False,
            choices=all_options,
            widget=forms.SelectMultiple(attrs={"size": "6"}),
        )
        ratings = {r.standard_id: r for r in self_review.ratings.all()} if self_review else {}
        for standard in standards:
            rating = ratings.get(standard.pk)
            suggested = linked_by_standard.get(standard.pk, [])
            suggested_ids = {str(a.pk) for a in suggested}
            grouped = []
            if suggested:
                grouped.append(
                    (
                        _("Linked to %(code)s in My learning") % {"code": standard.code},
                        [(str(a.pk), _activity_label(a)) for a in suggested],
                    )
                )
            others = [o for o in all_options if o[0] not in suggested_ids]
            if others:
                grouped.append((_("Other learning") if suggested else _("Your learning"), others))
            self.fields[f"level_{standard.pk}"] = forms.ChoiceField(
                label=_("Where you are with %(code)s") % {"code": standard.code},
                choices=LEVEL_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=rating.level if rating else "",
            )
            self.fields[f"comment_{standard.pk}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": standard.code},
                required=False,
                max_length=services.MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=rating.comment if rating else "",
            )
            self.fields[f"evidence_{standard.pk}"] = forms.MultipleChoiceField(
                label=_("Evidence for %(code)s") % {"code": standard.code},
                required=False,
                choices=grouped,
                widget=forms.SelectMultiple(attrs={"size": "4"}),
                initial=[str(a.pk) for a in rating.evidence.all()] if rating else [],
            )
        if self_review is not None:
            self.initial.setdefault("summary", self_review.summary)
            self.initial.setdefault("evidence", [str(a.pk) for a in self_review.evidence.all()])
            if "career_stage" in self.fields:
                self.initial.setdefault("career_stage", self_review.career_stage_id)

    def standard_rows(self):
        return [
            {
                "standard": s,
                "level": self[f"level_{s.pk}"],
                "comment": self[f"comment_{s.pk}"],
                "evidence": self[f"evidence_{s.pk}"],
                "suggested": self.suggestions.get(s.pk, []),
            }
            for s in self.standards
        ]

    def _activities(self, values):
        return [self.activities[v] for v in values if v in self.activities]

    def self_review_data(self) -> services.SelfReviewData:
        d = self.cleaned_data
        return services.SelfReviewData(
            framework=self.framework,
            career_stage=d.get("career_stage"),
            summary=d.get("summary", ""),
            evidence=self._activities(d.get("evidence", [])),
            ratings={
                s.pk: services.RatingData(
                    level=d.get(f"level_{s.pk}", ""),
                    comment=d.get(f"comment_{s.pk}", ""),
                    evidence=self._activities(d.get(f"evidence_{s.pk}", [])),
                )
                for s in self.standards
            },
        )


# ---- review meetings -------------------------------------------------------------------------------------------


class ReviewTextForm(forms.Form):
    text = forms.CharField(
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write something before saving.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    checksum = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, label, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text
        self.fields["version"].error_messages["required"] = _(
            "The page was missing a detail it needs. Reload it and save again; copy your text first."
        )


class ReviewRecordForm(ReviewTextForm):
    meeting_on = forms.DateField(label=_("Date of the meeting"), required=False, widget=DateInput())

    field_order = ["meeting_on", "text", "version", "checksum"]


class SignForm(forms.Form):
    checksum = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class OutcomeForm(forms.Form):
    statement = forms.ModelChoiceField(
        label=_("Outcome statement"),
        queryset=OutcomeStatement.objects.none(),
        required=False,
        empty_label=_("None recorded"),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].queryset = OutcomeStatement.objects.filter(school=school)
