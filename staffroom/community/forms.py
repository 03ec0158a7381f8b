import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.roles import SchoolRole
from staffroom.network.models import SessionFormat
from staffroom.organisations.models import Subject

from . import services
from .models import Designation, Group, SurveyQuestion


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


_NUL = re.compile(r"[\x00]")


class CleanTextMixin:
    """NUL bytes cannot be stored on PostgreSQL; refuse them as bad input rather than fail on save."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and _NUL.search(value):
                self.add_error(name, _("Remove the unusual characters from this field."))
        return cleaned


class ProfileForm(CleanTextMixin, forms.Form):
    listed = forms.BooleanField(
        label=_("List me in the network directory"),
        required=False,
        help_text=_(
            "When you are listed, colleagues in the network see your name and school, and what you tick below."
        ),
    )
    show_job_title = forms.BooleanField(label=_("Show my job title"), required=False)
    show_roles = forms.BooleanField(label=_("Show my roles at school (for example, headteacher)"), required=False)
    show_email = forms.BooleanField(label=_("Show my email address so colleagues can contact me"), required=False)
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects I can talk about"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    designations = forms.MultipleChoiceField(
        label=_("Designations"), choices=Designation.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    expertise = forms.CharField(
        label=_("Expertise I can share"),
        max_length=300,
        required=False,
        help_text=_("A line or two, for example “phonics for older readers; running a maths mastery lesson study”."),
    )


class DirectorySearchForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=_("Name or expertise"), max_length=100, required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("Any subject")
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any role")), *SchoolRole.choices], required=False)
    designation = forms.ChoiceField(
        label=_("Designation"), choices=[("", _("Any designation")), *Designation.choices], required=False
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=None, required=False, empty_label=_("Any school"))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class NetworkChoiceMixin:
    def set_networks(self, networks):
        networks = list(networks)
        self.fields["network"].choices = [(n.pk, n.name) for n in networks]
        if len(networks) == 1:
            self.fields["network"].widget = forms.HiddenInput()
            self.fields["network"].initial = networks[0].pk


class GroupForm(NetworkChoiceMixin, CleanTextMixin, forms.Form):
    network = forms.TypedChoiceField(label=_("Network"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("What the group is for"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(label=_("Kind of group"), choices=Group.Kind.choices, widget=forms.RadioSelect)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("No particular subject")
    )
    roles = forms.MultipleChoiceField(
        label=_("Open to"),
        choices=SchoolRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for everyone in the network's schools; tick roles to restrict the group."),
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_networks(networks)


class ThreadForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)


class ReplyForm(CleanTextMixin, forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class SurveyForm(NetworkChoiceMixin, CleanTextMixin, forms.Form):
    network = forms.TypedChoiceField(label=_("Network"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    year_start = forms.IntegerField(label=_("Academic year starting in"), min_value=2000, max_value=2100)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_networks(networks)


class QuestionForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=SurveyQuestion.Kind.choices)
    choices = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("For “choose one” and “tick all that apply”: one option a line."),
    )
    purpose = forms.ChoiceField(label=_("What it measures"), choices=SurveyQuestion.Purpose.choices, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def clean(self):
        cleaned = super().clean()
        if "kind" in cleaned:
            try:
                services.validate_question(
                    kind=cleaned["kind"], choices=cleaned.get("choices", ""), purpose=cleaned.get("purpose", "")
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(name, messages)
        return cleaned


class SendForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Send to everyone in the network's schools who is a"),
        choices=SchoolRole.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)


class AnswerForm(forms.Form):
    """One field per question, named q<id> so the service can check the answers against the survey itself."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions:
            name = f"q{q.pk}"
            if q.kind == SurveyQuestion.Kind.LIKERT:
                field = forms.ChoiceField(
                    choices=[
                        ("5", _("Strongly agree")),
                        ("4", _("Agree")),
                        ("3", _("Neither agree nor disagree")),
                        ("2", _("Disagree")),
                        ("1", _("Strongly disagree")),
                    ],
                    widget=forms.RadioSelect,
                )
            elif q.kind == SurveyQuestion.Kind.CHOICE:
                field = forms.ChoiceField(choices=[(o, o) for o in q.choice_list], widget=forms.RadioSelect)
            elif q.kind == SurveyQuestion.Kind.MULTI:
                field = forms.MultipleChoiceField(
                    choices=[(o, o) for o in q.choice_list], widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
            field.label = q.text
            field.required = q.required
            self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and _NUL.search(value):
                self.add_error(name, _("Remove the unusual characters from this answer."))
        return cleaned


class ClusterForm(NetworkChoiceMixin, CleanTextMixin, forms.Form):
    network = forms.TypedChoiceField(label=_("Network"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=120)
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools in the cluster"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, networks, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_networks(networks)
        self.fields["schools"].queryset = schools


class NeedForm(CleanTextMixin, forms.Form):
    cluster = forms.TypedChoiceField(label=_("Cluster"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What the schools need"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    budget = forms.DecimalField(label=_("Budget (£)"), min_value=0, max_digits=9, decimal_places=2)
    respond_by = forms.DateField(label=_("Proposals by"), widget=DateInput)

    def __init__(self, *args, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [(c.pk, f"{c.name} ({c.network.name})") for c in clusters]


class ProposalForm(CleanTextMixin, forms.Form):
    summary = forms.CharField(label=_("What you would do"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    sessions = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=20, initial=1)
    fee = forms.DecimalField(label=_("Fee (£)"), min_value=0, max_digits=9, decimal_places=2)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s, %(school)s: £%(fee)s, %(n)s session(s)") % {
            "name": obj.author.user.display_name,
            "school": obj.author.school.name,
            "fee": obj.fee,
            "n": obj.sessions,
        }


class CommissionForm(CleanTextMixin, forms.Form):
    """Which proposal, and when and where its session runs: the session goes into the network offer."""

    proposal = ProposalChoiceField(
        label=_("Proposal to commission"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    host_school = forms.ModelChoiceField(label=_("Host school"), queryset=None, empty_label=None)
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices, widget=forms.RadioSelect)
    location = forms.CharField(label=_("Room, address or joining link"), max_length=300, required=False)
    date = forms.DateField(label=_("Date of the (first) session"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)

    def __init__(self, *args, proposals, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["host_school"].queryset = schools

    def plan(self) -> services.SessionPlan:
        data = self.cleaned_data
        tz = data["host_school"].tz
        return services.SessionPlan(
            host_school=data["host_school"],
            starts_at=datetime.datetime.combine(data["date"], data["start_time"], tzinfo=tz),
            ends_at=datetime.datetime.combine(data["date"], data["end_time"], tzinfo=tz),
            capacity=data["capacity"],
            format=data["format"],
            location=data["location"],
        )
