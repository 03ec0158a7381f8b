from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from staffroom.learning.evidence import allowed_extensions_text

from .dataprotection import LeaverMode
from .models import RecordType, RetentionAction


class ExportForm(forms.Form):
    include_appraisal = forms.BooleanField(
        label=_("Include my appraisal records (objectives, check-ins, self-review and agreed review records)"),
        help_text=_("Off unless you choose it. Your appraiser's own notes are never included."),
        required=False,
    )


class QualificationForm(forms.Form):
    title = forms.CharField(label=_("Qualification"), max_length=200)
    awarding_body = forms.CharField(label=_("Awarding body"), max_length=200)
    awarded_on = forms.DateField(label=_("Date awarded"), widget=forms.DateInput(attrs={"type": "date"}))
    certificate = forms.FileField(
        label=_("Certificate"),
        required=False,
        help_text=_("A scan or PDF of the certificate. Allowed: %(types)s.") % {"types": allowed_extensions_text()},
    )


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Portable record (.zip)"),
        help_text=_("The file you downloaded from “My record” at your previous school."),
    )
    confirm = forms.BooleanField(
        label=_("This is my own professional record"),
        error_messages={"required": _("Confirm that the record is yours before importing it.")},
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > settings.RECORDS_MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(archive.size), "limit": filesizeformat(settings.RECORDS_MAX_ARCHIVE_BYTES)}
            )
        return archive


class LeaverForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What should happen to this person's data?"),
        widget=forms.RadioSelect,
        choices=[
            (
                LeaverMode.ANONYMISE,
                _(
                    "Anonymise: keep hours, counts and dates for the school's figures; remove their name, "
                    "their own words and their files"
                ),
            ),
            (
                LeaverMode.ERASE,
                _(
                    "Erase: delete their learning record, qualifications, observations of them, coaching and "
                    "appraisals as well"
                ),
            ),
        ],
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class RetentionForm(forms.Form):
    def __init__(self, *args, policies: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for value, label in RecordType.choices:
            policy = policies.get(value)
            months = forms.IntegerField(
                # The type is in the label so the error summary names which row is wrong.
                label=_("%(type)s: months to keep") % {"type": label},
                min_value=1,
                max_value=1200,
                required=False,
                initial=policy.months if policy else None,
                help_text=_("Leave empty to keep them."),
            )
            action = forms.ChoiceField(
                label=_("Then"),
                choices=RetentionAction.choices,
                initial=policy.action if policy else RetentionAction.DELETE,
            )
            self.fields[f"{value}_months"] = months
            self.fields[f"{value}_action"] = action
            self.rows.append((label, self[f"{value}_months"], self[f"{value}_action"], policy))

    def periods(self) -> dict:
        return {
            value: (self.cleaned_data[f"{value}_months"], self.cleaned_data[f"{value}_action"])
            for value in RecordType.values
        }
