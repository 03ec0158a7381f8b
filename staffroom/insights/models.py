"""What professional learning costs: a budget for each school year and the spending against it.

Costs are kept here rather than on learning activities because an activity belongs to the person who recorded it
and is often private; the school's spending (course fees, cover, travel) is the school's own record.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.learning.models import ActivityKind
from staffroom.organisations.models import School

MAX_AMOUNT = Decimal("10000000")


class CpdBudget(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    year_start = models.PositiveSmallIntegerField(_("academic year starting"))
    amount = models.DecimalField(
        _("budget (£)"),
        max_digits=11,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "year_start"], name="cpd_budget_once_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="cpd_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"CPD budget {self.year_start} for {self.school_id}"


class Spend(models.Model):
    """One cost of professional learning: a course fee, cover, travel, a programme's subscription."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("what it paid for"), max_length=200)
    kind = models.CharField(_("kind of activity"), max_length=30, choices=ActivityKind.choices)
    amount = models.DecimalField(
        _("amount (£)"),
        max_digits=11,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["school", "spent_on"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="cpd_spend_positive")]

    def __str__(self) -> str:
        return self.description
