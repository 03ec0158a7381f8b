from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.roles import SchoolRole

from .models import School


class SchoolSettingsForm(forms.ModelForm):
    mfa_required_roles = forms.MultipleChoiceField(
        label=_("Roles that must use two-factor authentication"),
        choices=SchoolRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "People with any of these roles must set up an authenticator app before they can use Staffroom. "
            "Heads, senior leaders and school admins see many people's records, so they are ticked at first."
        ),
    )

    class Meta:
        model = School
        fields = [
            "name",
            "urn",
            "phase",
            "academic_year_start_month",
            "time_zone",
            "entitlement_hours",
            "subject_specific_share",
            "follow_up_weeks",
            "mfa_required_roles",
        ]
        widgets = {
            "academic_year_start_month": forms.Select(
                choices=[
                    (1, _("January")),
                    (2, _("February")),
                    (3, _("March")),
                    (4, _("April")),
                    (5, _("May")),
                    (6, _("June")),
                    (7, _("July")),
                    (8, _("August")),
                    (9, _("September")),
                    (10, _("October")),
                    (11, _("November")),
                    (12, _("December")),
                ]
            ),
        }

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip()
        # The database constraint would only say "constraint violated"; an admin needs to know which value clashes.
        if urn and School.objects.filter(urn=urn).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another school already has the URN %(urn)s.") % {"urn": urn})
        return urn


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Department or team name"), max_length=120)
