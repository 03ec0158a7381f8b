from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership

from .models import KeyRole, Programme, ProgrammeTaken, Readiness, Route


class VisibilityForm(forms.Form):
    network_visible = forms.BooleanField(
        label=_("Let leaders across our network see my aspirations and consider me for roles"), required=False
    )


class AspirationForm(forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices, widget=forms.RadioSelect)
    aim = forms.CharField(label=_("In a sentence, what would you like to do next?"), max_length=300)
    role = forms.ChoiceField(
        label=_("A role you are aiming for"), choices=[("", "---------"), *KeyRole.choices], required=False
    )
    timescale_years = forms.TypedChoiceField(
        label=_("Within how many years"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "---------")] + [(n, str(n)) for n in range(1, 11)],
    )


class ProgrammeForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", "---------"), *Programme.choices])
    other_name = forms.CharField(label=_("Name of the programme, if another"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeTaken.Status.choices, widget=forms.RadioSelect)
    year = forms.IntegerField(label=_("Year started or completed"), min_value=1980, max_value=2100)


class ReadinessForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *KeyRole.choices])
    readiness = forms.ChoiceField(label=_("Readiness"), choices=Readiness.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label=_("Notes for leaders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the headteacher and senior leaders only, never by the person or other staff."),
    )


class MemberChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, own_school_id=None, **kwargs):
        self.own_school_id = own_school_id
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        if obj.school_id == self.own_school_id:
            return obj.user.display_name
        return f"{obj.user.display_name} ({obj.school.name})"


class PlanForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *KeyRole.choices])
    title = forms.CharField(label=_("The post"), max_length=200, help_text=_("For example “Maths subject lead”."))
    incumbent = MemberChoiceField(label=_("Held now by"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incumbent"].queryset = (
            Membership.objects.active()
            .staff()
            .filter(school=school)
            .select_related("user", "school")
            .order_by("user__last_name", "user__first_name", "id")
        )
        self.fields["incumbent"].own_school_id = school.pk


class CandidateForm(forms.Form):
    membership = MemberChoiceField(label=_("Candidate"), queryset=Membership.objects.none())
    readiness = forms.ChoiceField(
        label=_("Readiness for this post"), choices=Readiness.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, pool, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = pool.select_related("user", "school").order_by(
            "school__name", "user__last_name", "user__first_name", "id"
        )
        self.fields["membership"].own_school_id = school.pk
