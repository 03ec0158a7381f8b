import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staffroom.learning.forms import DateInput, MultipleFileField, descriptor_field_choices
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import KeyStage, Phase, Subject

from . import selectors
from .files import allowed_extensions_text, video_limit
from .models import (
    ActionStep,
    Audience,
    CareerStage,
    CoachingSession,
    FocusKind,
    LearningWalk,
    PeerProfile,
)
from .services import Focus, PromptData, SessionData, SlotData, WalkData


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _person_label(membership) -> str:
    title = f" ({membership.job_title})" if membership.job_title else ""
    return f"{membership.user.display_name}{title}"


class DescriptorChoiceField(forms.ChoiceField):
    """A choice of one descriptor from the school's adopted frameworks, grouped by standard."""

    def __init__(self, *args, descriptors, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptors = descriptors
        self.choices = [("", _("Choose a standard")), *descriptor_field_choices(descriptors)]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return self.descriptors.get(pk=int(value))
        except (ValueError, self.descriptors.model.DoesNotExist):
            raise forms.ValidationError(_("Choose a standard from the list.")) from None


class InviteForm(forms.Form):
    observer = forms.ModelChoiceField(
        label=_("Who would you like to observe you?"),
        queryset=None,
        empty_label=_("Choose a colleague"),
        error_messages={"required": _("Choose a colleague to observe you.")},
    )
    planned_on = forms.DateField(label=_("Date of the lesson"), widget=DateInput())
    lesson = forms.CharField(
        label=_("Lesson"),
        max_length=200,
        required=False,
        help_text=_("For example: Year 4 maths, period 2, room 12."),
    )
    focus_kind = forms.ChoiceField(
        label=_("What should the observer look at?"),
        choices=FocusKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the observation should focus on.")},
    )
    focus_descriptor = forms.ChoiceField(label=_("The standard"), required=False)
    focus_objective = forms.ModelChoiceField(
        label=_("The objective"), queryset=None, required=False, empty_label=_("Choose an objective")
    )
    focus_action_step = forms.ModelChoiceField(
        label=_("The action step"), queryset=None, required=False, empty_label=_("Choose an action step")
    )
    focus_text = forms.CharField(
        label=_("The focus in your own words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fill this in if you chose “In my own words”."),
    )
    template = forms.ModelChoiceField(
        label=_("Prompts for the observer"),
        queryset=None,
        required=False,
        empty_label=_("None: the observer writes free notes"),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["observer"].queryset = selectors.observer_candidates(membership=membership)
        self.fields["observer"].label_from_instance = _person_label
        self.fields["focus_descriptor"] = DescriptorChoiceField(
            label=_("The standard"),
            required=False,
            descriptors=selectors.focus_descriptors(school=membership.school),
            help_text=_("Fill this in if you chose “A standard”."),
        )
        self.fields["focus_objective"].queryset = selectors.focus_objectives(membership=membership)
        self.fields["focus_objective"].help_text = _("Fill this in if you chose one of your appraisal objectives.")
        self.fields["focus_action_step"].queryset = selectors.focus_action_steps(membership=membership)
        self.fields["focus_action_step"].help_text = _("Fill this in if you chose a coaching action step.")
        self.fields["template"].queryset = selectors.active_templates(school=membership.school)
        # Only offer the kinds of focus this person has something to choose from.
        unavailable = {
            FocusKind.OBJECTIVE: "focus_objective",
            FocusKind.ACTION_STEP: "focus_action_step",
            FocusKind.DESCRIPTOR: "focus_descriptor",
        }
        for kind, name in unavailable.items():
            field = self.fields[name]
            has_choices = field.descriptors.exists() if name == "focus_descriptor" else field.queryset.exists()
            if not has_choices:
                del self.fields[name]
                self.fields["focus_kind"].choices = [c for c in self.fields["focus_kind"].choices if c[0] != kind]
        if not self.fields["template"].queryset.exists():
            del self.fields["template"]
        self.initial.setdefault("planned_on", school_today(membership.school))
        self.initial.setdefault("focus_kind", FocusKind.OWN)

    def focus(self) -> Focus:
        d = self.cleaned_data
        return Focus(
            kind=d["focus_kind"],
            descriptor=d.get("focus_descriptor"),
            objective=d.get("focus_objective"),
            action_step=d.get("focus_action_step"),
            text=d.get("focus_text", ""),
        )


class WriteForm(forms.Form):
    """One box per prompt of the chosen template, or a single box for free notes."""

    def __init__(self, *args, observation, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = [p.text for p in observation.template.prompts.all()] if observation.template_id else []
        if not self.prompts:
            self.prompts = [str(_("Notes against the focus"))]
        saved = {item.get("prompt"): item.get("answer", "") for item in observation.responses or []}
        for i, prompt in enumerate(self.prompts):
            self.fields[f"answer_{i}"] = forms.CharField(
                label=prompt,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=saved.get(prompt, ""),
            )

    def answers(self) -> list[tuple[str, str]]:
        return [(prompt, self.cleaned_data.get(f"answer_{i}", "")) for i, prompt in enumerate(self.prompts)]


class ConversationForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the conversation"), widget=DateInput())
    notes = forms.CharField(
        label=_("What you talked about"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    next_steps = forms.CharField(
        label=_("What the observed colleague will try next"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SharingForm(forms.Form):
    share_with_appraiser = forms.BooleanField(label=_("Share with my appraiser"), required=False)
    share_with_line_manager = forms.BooleanField(label=_("Share with my line manager"), required=False)


class FileUploadForm(forms.Form):
    files = MultipleFileField(label=_("Video or files for your reflection"))
    shared = forms.BooleanField(
        label=_("Let the people who can read this observation see these files"),
        required=False,
        help_text=_("Leave unticked to keep them to yourself."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Up to 3 files. Videos (mp4, webm, mov) up to %(video)s; other files up to %(other)s. Allowed: %(types)s."
        ) % {
            "video": filesizeformat(video_limit()),
            "other": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            "types": allowed_extensions_text(),
        }


PROMPT_ROWS_SPARE = 3


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    introduction = forms.CharField(
        label=_("Guidance for the observer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Offer this template to staff"), required=False, initial=True)

    def __init__(self, *args, school, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        descriptors = selectors.focus_descriptors(school=school)
        existing = list(template.prompts.all()) if template is not None else []
        self.rows = len(existing) + PROMPT_ROWS_SPARE
        if template is not None:
            self.initial.update(name=template.name, introduction=template.introduction, is_active=template.is_active)
        for i in range(self.rows):
            prompt = existing[i] if i < len(existing) else None
            self.fields[f"prompt_{i}"] = forms.CharField(
                label=_("Prompt %(n)d") % {"n": i + 1},
                required=False,
                max_length=300,
                initial=prompt.text if prompt else "",
            )
            self.fields[f"descriptor_{i}"] = DescriptorChoiceField(
                label=_("Linked standard for prompt %(n)d") % {"n": i + 1},
                required=False,
                descriptors=descriptors,
                initial=str(prompt.descriptor_id) if prompt and prompt.descriptor_id else "",
            )

    def prompt_rows(self):
        return [(self[f"prompt_{i}"], self[f"descriptor_{i}"]) for i in range(self.rows)]

    def prompts(self) -> list[PromptData]:
        return [
            PromptData(text=self.cleaned_data[f"prompt_{i}"], descriptor=self.cleaned_data.get(f"descriptor_{i}"))
            for i in range(self.rows)
        ]


class WalkForm(forms.ModelForm):
    publish = forms.BooleanField(
        label=_("Publish the summary to all staff"),
        required=False,
        help_text=_("Staff see the focus, the date and the summary; nobody is named."),
    )

    class Meta:
        model = LearningWalk
        fields = ["walked_on", "focus", "strengths", "development", "summary"]
        widgets = {
            "walked_on": DateInput(),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "development": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "strengths": _("Patterns across classrooms, not judgements of any one person."),
            "development": _("Themes for the whole school or a phase; no names."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["publish"] = self.instance.published_at is not None

    def walk_data(self) -> WalkData:
        d = self.cleaned_data
        return WalkData(
            walked_on=d["walked_on"],
            focus=d["focus"],
            strengths=d["strengths"],
            development=d["development"],
            summary=d["summary"],
            publish=d["publish"],
        )


class ActionStepForm(forms.ModelForm):
    class Meta:
        model = ActionStep
        fields = ["title", "success", "practice", "subject", "phase"]
        widgets = {
            "success": forms.Textarea(attrs={"rows": 3}),
            "practice": forms.Textarea(attrs={"rows": 3}),
        }


class StepFilterForm(forms.Form):
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("All subjects")
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices])


class PairForm(forms.Form):
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=None, empty_label=_("Choose the coach"))
    coachee = forms.ModelChoiceField(label=_("Coachee"), queryset=None, empty_label=_("Choose the coachee"))

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("coach", "coachee"):
            self.fields[name].queryset = selectors.coaching_candidates(school=school)
            self.fields[name].label_from_instance = _person_label


class SessionForm(forms.ModelForm):
    class Meta:
        model = CoachingSession
        fields = ["visited_on", "praise", "previous_progress", "action_step", "rehearsed", "notes"]
        widgets = {
            "visited_on": DateInput(),
            "praise": forms.Textarea(attrs={"rows": 3}),
            "previous_progress": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"action_step": _("The next step, from your school's library.")}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_step"].queryset = selectors.action_steps(school=school)
        self.fields["action_step"].empty_label = _("Choose the next step")
        self.fields["previous_progress"].choices = [("", _("No previous step")), *CoachingSession.Progress.choices]
        self.fields["previous_progress"].required = False
        self.initial.setdefault("visited_on", school_today(school))

    def session_data(self) -> SessionData:
        d = self.cleaned_data
        return SessionData(
            visited_on=d["visited_on"],
            action_step=d["action_step"],
            praise=d["praise"],
            previous_progress=d["previous_progress"],
            rehearsed=d["rehearsed"],
            notes=d["notes"],
        )


class SlotForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of the lesson."), "invalid": _("Enter a real date.")},
    )
    starts = forms.TimeField(
        label=_("Starts"),
        widget=TimeInput(),
        error_messages={"required": _("Enter when the lesson starts."), "invalid": _("Enter a time like 10:30.")},
    )
    ends = forms.TimeField(
        label=_("Ends"),
        widget=TimeInput(),
        error_messages={"required": _("Enter when the lesson ends."), "invalid": _("Enter a time like 11:30.")},
    )
    lesson = forms.CharField(
        label=_("Lesson"), max_length=200, help_text=_("For example: Year 5 science, forces, room 8.")
    )
    focus = forms.CharField(
        label=_("What to look out for"),
        max_length=300,
        help_text=_("For example: how I use mini-whiteboards to check understanding."),
        error_messages={"required": _("Say what visitors should look out for.")},
    )
    audience = forms.ChoiceField(label=_("Open to"), choices=Audience.choices, widget=forms.RadioSelect)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=30, initial=2)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.initial.setdefault("audience", Audience.SCHOOL)

    def slot_data(self) -> SlotData:
        d = self.cleaned_data
        tz = self.school.tz
        return SlotData(
            starts_at=timezone.make_aware(datetime.datetime.combine(d["date"], d["starts"]), tz),
            ends_at=timezone.make_aware(datetime.datetime.combine(d["date"], d["ends"]), tz),
            lesson=d["lesson"],
            focus=d["focus"],
            audience=d["audience"],
            capacity=d["capacity"],
        )


class VisitForm(forms.Form):
    will_try = forms.CharField(
        label=_("What will you try in your own lessons?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PeerProfileForm(forms.ModelForm):
    key_stages = forms.MultipleChoiceField(
        label=_("Key stages"), choices=KeyStage.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"), queryset=Subject.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    descriptors = forms.MultipleChoiceField(
        label=_("Standards you are working on"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": "8"}),
        help_text=_("Hold Ctrl (or Cmd on a Mac) to choose more than one."),
    )

    class Meta:
        model = PeerProfile
        fields = ["opted_in", "reach", "group_size", "career_stage", "phase", "action_steps"]
        widgets = {"reach": forms.RadioSelect, "group_size": forms.RadioSelect}
        help_texts = {
            "opted_in": _(
                "Others who opted in see your name, school, role and what you share with them: nothing else."
            ),
        }

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_descriptors = selectors.focus_descriptors(school=membership.school)
        self.fields["descriptors"].choices = descriptor_field_choices(self.allowed_descriptors)
        self.fields["action_steps"].queryset = selectors.action_steps(school=membership.school)
        self.fields["action_steps"].required = False
        self.fields["career_stage"].choices = [("", _("Not saying")), *CareerStage.choices]
        self.fields["phase"].choices = [("", _("Not saying")), *Phase.choices]
        if self.instance.pk:
            self.initial["descriptors"] = [str(pk) for pk in self.instance.descriptors.values_list("pk", flat=True)]
            self.initial["subjects"] = list(self.instance.subjects.all())
            self.initial["key_stages"] = list(self.instance.key_stages)
        else:
            self.initial.setdefault("phase", membership.school.phase)
            self.initial["subjects"] = list(membership.subjects.all())

    def clean_descriptors(self):
        ids = [int(v) for v in self.cleaned_data["descriptors"]]
        return list(self.allowed_descriptors.filter(pk__in=ids)) if ids else []

    def profile_data(self):
        from .services import ProfileData

        d = self.cleaned_data
        return ProfileData(
            opted_in=d["opted_in"],
            reach=d["reach"],
            group_size=d["group_size"],
            career_stage=d["career_stage"],
            phase=d["phase"],
            key_stages=[ks for ks in KeyStage.values if ks in d["key_stages"]],
            subjects=list(d["subjects"]),
            descriptors=d["descriptors"],
            action_steps=list(d["action_steps"]),
        )


class PeerVisitForm(forms.Form):
    host = forms.TypedChoiceField(label=_("Whose lesson did you visit?"), coerce=int)
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput)
    lesson = forms.CharField(label=_("Lesson"), max_length=200, required=False)
    will_try = forms.CharField(
        label=_("What will you try in your own lessons?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, hosts, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = {m.pk: m for m in hosts}
        self.fields["host"].choices = [(m.pk, f"{m.user.display_name}, {m.school.name}") for m in hosts]
        self.fields["visited_on"].initial = school_today(school)

    def clean_host(self):
        return self.hosts[self.cleaned_data["host"]]
