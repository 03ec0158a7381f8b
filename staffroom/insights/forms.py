from django import forms
from django.utils.translation import gettext_lazy as _

from staffroom.learning.models import ActivityKind

from .models import MAX_AMOUNT

YEARS_BACK = 4


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Academic year"), coerce=int, choices=())

    def __init__(self, *args, years: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = years


class BudgetForm(forms.Form):
    amount = forms.DecimalField(
        label=_("CPD budget for the year (£)"), min_value=0, max_value=MAX_AMOUNT, decimal_places=2, max_digits=11
    )


class SpendForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("What it paid for"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=[("", "---------"), *ActivityKind.choices])
    amount = forms.DecimalField(
        label=_("Amount (£)"), min_value=0.01, max_value=MAX_AMOUNT, decimal_places=2, max_digits=11
    )
