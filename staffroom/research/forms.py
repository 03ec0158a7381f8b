import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from staffroom.frameworks.selectors import descriptor_choices_for_school
from staffroom.learning.evidence import allowed_extensions_text
from staffroom.learning.forms import DateInput, descriptor_field_choices
from staffroom.network.models import NetworkSession
from staffroom.organisations.models import Phase, Subject

from . import selectors
from .models import LibraryItem, Stage

MAX_SEARCH = 200
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def _file_help():
    return _("At most %(limit)s. Allowed: %(types)s.") % {
        "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
        "types": allowed_extensions_text(),
    }


class _TaggedForm(forms.Form):
    """Subjects, phases and framework tags, offered from the frameworks the person's school has adopted."""

    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"), queryset=Subject.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    phases = forms.MultipleChoiceField(
        label=_("Phases"), choices=Phase.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    descriptors = forms.MultipleChoiceField(
        label=_("Framework tags"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": "8"}),
        help_text=_("The standards or mechanisms this is about. Hold Ctrl (or Cmd on a Mac) to choose more than one."),
        error_messages={"invalid_choice": _("Choose tags from the frameworks your school has adopted.")},
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_descriptors = descriptor_choices_for_school(school=school)
        self.fields["descriptors"].choices = descriptor_field_choices(self.allowed_descriptors)
        self.fields["network"].queryset = selectors.networks_for(school=school)
        networks = list(self.fields["network"].queryset)
        if len(networks) == 1:
            self.fields["network"].initial = networks[0].pk

    def clean_descriptors(self):
        ids = [int(v) for v in self.cleaned_data["descriptors"]]
        return list(self.allowed_descriptors.filter(pk__in=ids)) if ids else []


class ProjectForm(_TaggedForm):
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Research question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: does retrieval practice at the start of lessons help Year 5 remember fractions?"),
    )
    launch_on = forms.DateField(label=_("Launch session"), required=False, widget=DateInput())
    update_on = forms.DateField(label=_("Update session"), required=False, widget=DateInput())
    dissemination_on = forms.DateField(label=_("Dissemination session"), required=False, widget=DateInput())

    field_order = ["network", "title", "question", "subjects", "phases", "descriptors"]


class NoteForm(forms.Form):
    stage = forms.ChoiceField(label=_("Session"), choices=Stage.choices)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


class FileForm(forms.Form):
    stage = forms.ChoiceField(label=_("Session"), choices=Stage.choices)
    file = forms.FileField(label=_("Data file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()


class FindingForm(forms.Form):
    finding_summary = forms.CharField(
        label=_("The finding in a sentence or two"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    finding_body = forms.CharField(
        label=_("What we found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you tried, what you saw in pupils' work, and what colleagues elsewhere could use."),
    )


class ResourceForm(_TaggedForm):
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, label) for k, label in LibraryItem.Kind.choices if k != LibraryItem.Kind.FINDING],
        widget=forms.RadioSelect,
        initial=LibraryItem.Kind.RESOURCE,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)

    session = forms.ModelChoiceField(
        label=_("Material for a session you lead"),
        queryset=None,
        required=False,
        empty_label=_("Not for a particular session"),
        help_text=_("Linked materials appear in the library as session materials."),
    )

    field_order = ["network", "session", "kind", "title", "summary", "body", "link", "file"]

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, school=membership.school, **kwargs)
        self.fields["file"].help_text = _file_help()
        sessions = selectors.sessions_led(membership=membership)
        if sessions:
            self.fields["session"].queryset = NetworkSession.objects.filter(pk__in=[s.pk for s in sessions])
            self.fields["session"].label_from_instance = lambda s: f"{s.title} ({s.starts_at:%d %b %Y})"
        else:
            del self.fields["session"]

    def clean(self):
        data = super().clean()
        session = data.get("session")
        if session is not None and data.get("network") is not None and session.network_id != data["network"].pk:
            self.add_error("session", _("Choose a session in the same network."))
        return data


class SlugChoiceField(forms.ModelChoiceField):
    """Looks a subject up by slug only when the value could be one (PostgreSQL refuses NUL bytes with a 500)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not SLUG.fullmatch(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH)
    subject = SlugChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any subject"),
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", _("Any phase")), *Phase.choices], required=False)
    tag = forms.ModelChoiceField(label=_("Framework tag"), queryset=None, required=False, empty_label=_("Any tag"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any kind")), *LibraryItem.Kind.choices], required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = selectors.tags_in_use(school=school)
        self.fields["tag"].label_from_instance = lambda d: f"{d.framework.short_name} {d.code}: {d.text[:80]}"
