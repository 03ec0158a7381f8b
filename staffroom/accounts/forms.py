from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.organisations.models import Department

from .roles import SchoolRole
from .selectors import line_manager_choices


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.display_name


class _StaffDetailsForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=SchoolRole.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every role this person holds in the school."),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    department = forms.ModelChoiceField(
        label=_("Department or team"), queryset=Department.objects.none(), required=False
    )
    line_manager = MembershipChoiceField(label=_("Line manager"), queryset=None, required=False)

    def __init__(self, *args, school, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(school=school)
        self.fields["line_manager"].queryset = line_manager_choices(school=school, exclude=exclude)


class InviteForm(_StaffDetailsForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    field_order = ["email", "first_name", "last_name", "roles", "job_title", "department", "line_manager"]


class MemberForm(_StaffDetailsForm):
    pass


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file from your MIS"),
        help_text=_(
            "Columns needed: email, first name, last name, role. Optional: staff ID, preferred name, "
            "job title, department. Several roles are separated by semicolons."
        ),
    )
    send_invitations = forms.BooleanField(
        label=_("Email an invitation to each new member of staff"), required=False, initial=True
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB. Export only current staff and try again."))
        if not uploaded.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file."))
        return uploaded


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only numbers."),
    )
    password2 = forms.CharField(
        label=_("Type it again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are different."))
        return data
