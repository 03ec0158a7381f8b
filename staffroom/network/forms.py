import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.roles import StaffGroup
from staffroom.frameworks.models import Descriptor, Framework
from staffroom.frameworks.selectors import descriptor_choices_for_school
from staffroom.learning.forms import DateInput, descriptor_field_choices
from staffroom.organisations.models import Network, Phase, School, Subject

from .models import Rating, SessionFormat
from .services import SessionData, validate_session_fields


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def mechanism_descriptors():
    return (
        Descriptor.objects.filter(framework__kind=Framework.Kind.MECHANISMS, framework__is_current=True)
        .select_related("standard", "framework", "career_stage")
        .order_by("framework__name", "order")
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What people will learn or practise, and what to bring."),
    )
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, empty_label=None)
    host_school = forms.ModelChoiceField(label=_("Host school"), queryset=None)
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices, widget=forms.RadioSelect)
    location = forms.CharField(
        label=_("Room, address or joining link"),
        max_length=300,
        required=False,
        help_text=_("Shown only to the schools the session is open to."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    cost = forms.DecimalField(
        label=_("Cost per place (£)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty or 0 when the session is free."),
    )
    audience = forms.MultipleChoiceField(
        label=_("For staff groups"),
        # Governors take no part in the offer (they are not shown the Network pages).
        choices=[c for c in StaffGroup.choices if c[0] != StaffGroup.GOVERNANCE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for everyone."),
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", _("Any phase")), *Phase.choices], required=False)
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"), queryset=Subject.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    standards = forms.MultipleChoiceField(
        label=_("Linked standards"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": "8"}),
        help_text=_("Hold Ctrl (or Cmd on a Mac) to choose more than one."),
        error_messages={"invalid_choice": _("Choose standards from the frameworks your school has adopted.")},
    )
    mechanisms = forms.MultipleChoiceField(
        label=_("EEF mechanisms the session uses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_to_schools = forms.ModelMultipleChoiceField(
        label=_("Open to schools"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to open the session to the whole network."),
    )

    def __init__(self, *args, networks, school, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        network_ids = [n.pk for n in networks]
        schools = School.objects.filter(network_memberships__network_id__in=network_ids).distinct().order_by("name")
        self.fields["network"].queryset = Network.objects.filter(pk__in=network_ids)
        if len(networks) == 1 or session is not None:
            self.fields["network"].widget = forms.HiddenInput()
        self.fields["host_school"].queryset = schools
        self.fields["open_to_schools"].queryset = schools
        self.allowed_standards = descriptor_choices_for_school(school=school).exclude(
            framework__kind__in=[Framework.Kind.MECHANISMS, Framework.Kind.EVALUATION_LEVELS]
        )
        self.fields["standards"].choices = descriptor_field_choices(self.allowed_standards)
        self.allowed_mechanisms = mechanism_descriptors()
        self.fields["mechanisms"].choices = [(str(d.pk), d.standard.name) for d in self.allowed_mechanisms]
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        if session is not None and not self.is_bound:
            tz = session.host_school.tz
            start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
            linked = {d.pk: d for d in session.descriptors.all()}
            mechanism_ids = {d.pk for d in self.allowed_mechanisms if d.pk in linked}
            self.initial.update(
                title=session.title,
                description=session.description,
                network=session.network_id,
                host_school=session.host_school_id,
                format=session.format,
                location=session.location,
                date=start.date(),
                start_time=start.time(),
                end_time=end.time(),
                capacity=session.capacity,
                cost=session.cost,
                audience=session.audience,
                phase=session.phase,
                subjects=list(session.subjects.all()),
                standards=[str(pk) for pk in linked if pk not in mechanism_ids],
                mechanisms=[str(pk) for pk in mechanism_ids],
                open_to_schools=list(session.open_to_schools.all()),
            )
        elif not self.is_bound:
            self.initial.setdefault("network", network_ids[0] if network_ids else None)
            self.initial.setdefault("host_school", school.pk)
            self.initial.setdefault("format", SessionFormat.IN_PERSON)

    def clean_standards(self):
        ids = [int(v) for v in self.cleaned_data["standards"]]
        return list(self.allowed_standards.filter(pk__in=ids)) if ids else []

    def clean_mechanisms(self):
        ids = [int(v) for v in self.cleaned_data["mechanisms"]]
        return list(self.allowed_mechanisms.filter(pk__in=ids)) if ids else []

    def clean(self):
        data = super().clean()
        host = data.get("host_school")
        network = self.session.network if self.session is not None else data.get("network")
        if not (host and data.get("date") and data.get("start_time") and data.get("end_time")):
            return data
        tz = host.tz
        data["starts_at"] = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=tz)
        data["ends_at"] = datetime.datetime.combine(data["date"], data["end_time"], tzinfo=tz)
        if network is not None and data.get("capacity"):
            errors = validate_session_fields(network=network, data=self.session_data(data), session=self.session)
            for name, message in errors.items():
                target = {"starts_at": "date", "ends_at": "end_time"}.get(name, name)
                if target in self.fields and target not in self.errors:
                    self.add_error(target, message)
        return data

    def session_data(self, data=None) -> SessionData:
        data = data or self.cleaned_data
        return SessionData(
            title=data["title"],
            description=data["description"],
            host_school=data["host_school"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            capacity=data["capacity"],
            format=data["format"],
            location=data.get("location", ""),
            cost=data.get("cost") or Decimal("0"),
            audience=data.get("audience") or [],
            phase=data.get("phase") or "",
            subjects=list(data.get("subjects") or []),
            descriptors=[*(data.get("standards") or []), *(data.get("mechanisms") or [])],
            open_to_schools=list(data.get("open_to_schools") or []),
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the leader change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=1000)


class CatalogueFilterForm(forms.Form):
    term = forms.ChoiceField(label=_("Term"), required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("Any subject")
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", _("Any phase")), *Phase.choices], required=False)
    audience = forms.ChoiceField(
        label=_("Staff group"),
        choices=[("", _("Anyone")), *(c for c in StaffGroup.choices if c[0] != StaffGroup.GOVERNANCE)],
        required=False,
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=None, required=False, empty_label=_("Any school"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, schools, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.terms = {t.start.isoformat(): t for t in terms}
        self.fields["term"].choices = [("", _("Any term")), *((k, t.label) for k, t in self.terms.items())]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data


class FeedbackForm(forms.Form):
    worthwhile = forms.TypedChoiceField(
        label=_("The session was a good use of my time"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    relevant = forms.TypedChoiceField(
        label=_("It was relevant to my role"), choices=Rating.choices, coerce=int, widget=forms.RadioSelect
    )
    learned = forms.TypedChoiceField(
        label=_("I know or can do something I could not before"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    will_use = forms.CharField(
        label=_("What will you use from it?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Your learning record will ask you later what changed for your pupils."),
    )
    comments = forms.CharField(
        label=_("Anything else for the leader?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class SchoolSettingsForm(forms.Form):
    bookings_need_approval = forms.BooleanField(
        label=_("Bookings need line-manager approval"),
        required=False,
        help_text=_("When ticked, a request for a place goes to the person's line manager (or a school leader) first."),
    )
