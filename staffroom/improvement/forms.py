from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.evaluation.models import EvaluationArea, Metric
from staffroom.organisations.models import Department, Subject

from .models import Action, PriorityRating, SubPlan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.display_name


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.user.display_name


def _staff(school):
    return Membership.objects.active().filter(school=school).select_related("user").order_by("user__first_name", "pk")


class PlanForm(forms.Form):
    year_start = forms.IntegerField(label=_("Academic year starting in"), min_value=2000, max_value=2100)


class PriorityForm(forms.Form):
    title = forms.CharField(label=_("Priority"), max_length=200)
    description = forms.CharField(label=_("What this means"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evaluation_areas = forms.ModelMultipleChoiceField(
        label=_("Evaluation areas"),
        queryset=EvaluationArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    metrics = forms.ModelMultipleChoiceField(
        label=_("Metrics"), queryset=Metric.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation_areas"].queryset = EvaluationArea.objects.filter(school=school)
        self.fields["metrics"].queryset = Metric.objects.filter(school=school)


class SubPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=SubPlan.Kind.choices, widget=forms.RadioSelect)
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=Subject.objects.all(), required=False)
    department = forms.ModelChoiceField(label=_("Team"), queryset=Department.objects.none(), required=False)
    lead = MemberChoiceField(label=_("Lead"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(school=school)
        self.fields["lead"].queryset = _staff(school)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = MemberChoiceField(label=_("Owner"), queryset=Membership.objects.none())
    collaborators = MembersChoiceField(
        label=_("Collaborators"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": "6"}),
        help_text=_("Hold Ctrl (or Cmd on a Mac) to choose more than one."),
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput)
    due_on = forms.DateField(label=_("Due by"), required=False, widget=DateInput)
    success_criteria = forms.CharField(
        label=_("Success criteria"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    metric = forms.ModelChoiceField(
        label=_("Metric for the success criterion"),
        queryset=Metric.objects.none(),
        required=False,
        empty_label=_("No metric"),
    )
    target_comparison = forms.ChoiceField(
        label=_("Target comparison"), choices=[("", "—"), *Action.Comparison.choices], required=False
    )
    target_value = forms.DecimalField(label=_("Target value"), required=False, max_digits=12, decimal_places=2)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff(school)
        self.fields["collaborators"].queryset = _staff(school)
        self.fields["metric"].queryset = Metric.objects.filter(school=school)


class AcceptProposalForm(ActionForm):
    sub_plan = forms.ModelChoiceField(label=_("Into which plan"), queryset=SubPlan.objects.none())

    field_order = ["sub_plan"]

    def __init__(self, *args, school, plan, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        self.fields["sub_plan"].queryset = SubPlan.objects.filter(school=school, priority__plan=plan).select_related(
            "priority", "subject", "department"
        )
        self.fields["sub_plan"].label_from_instance = lambda sp: f"{sp.priority.title} — {sp}"
        self.order_fields(["sub_plan"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class EditActionForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due by"), required=False, widget=DateInput)


class UpdateForm(forms.Form):
    text = forms.CharField(label=_("Post an update"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("The problem"), widget=forms.Textarea(attrs={"rows": 3}))
    idea = forms.CharField(label=_("Your idea"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("The evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("Not about one subject")
    )
    proposer_would_own = forms.BooleanField(
        label=_("I would like to lead this if it is accepted"), required=False, initial=True
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Add a comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the proposer sees this)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000
    )


class RatingForm(forms.Form):
    def __init__(self, *args, priorities, initial_scores, **kwargs):
        super().__init__(*args, **kwargs)
        for p in priorities:
            self.fields[f"p{p.pk}"] = forms.TypedChoiceField(
                label=p.title,
                choices=PriorityRating.Score.choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=initial_scores.get(p.pk),
            )

    def scores(self) -> dict[int, int]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if v not in (None, "")}
