"""Writes for the insight pages: the school's CPD budget and its spending."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from staffroom.core.audit import record_event
from staffroom.learning.models import ActivityKind

from .models import MAX_AMOUNT, CpdBudget, Spend


def _check_amount(amount: Decimal, *, field: str, allow_zero: bool) -> None:
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: _("Enter an amount above zero.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("That is more than any school's CPD budget; check the number.")})


@transaction.atomic
def set_budget(*, actor, school, year_start: int, amount: Decimal) -> CpdBudget:
    _check_amount(amount, field="amount", allow_zero=True)
    budget, _created = CpdBudget.objects.select_for_update().update_or_create(
        school=school, year_start=year_start, defaults={"amount": amount, "updated_by": actor}
    )
    record_event(
        actor=actor,
        school=school,
        verb="insights.budget_set",
        target=budget,
        data={"year_start": year_start, "amount": str(amount)},
    )
    return budget


@transaction.atomic
def add_spend(*, actor, school, spent_on: datetime.date, description: str, kind: str, amount: Decimal) -> Spend:
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Say what the money paid for.")})
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Choose a kind of activity.")})
    _check_amount(amount, field="amount", allow_zero=False)
    spend = Spend.objects.create(
        school=school, spent_on=spent_on, description=description, kind=kind, amount=amount, recorded_by=actor
    )
    record_event(
        actor=actor,
        school=school,
        verb="insights.spend_added",
        target=spend,
        data={"amount": str(amount), "kind": kind, "spent_on": spent_on.isoformat()},
    )
    return spend


@transaction.atomic
def remove_spend(*, actor, spend: Spend) -> None:
    record_event(
        actor=actor,
        school=spend.school,
        verb="insights.spend_removed",
        target=spend,
        data={"amount": str(spend.amount), "description": spend.description},
    )
    spend.delete()
