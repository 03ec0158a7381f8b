"""Pure arithmetic for the insight pages: shares, and keeping small groups from identifying anyone.

A figure about fewer than MIN_GROUP people could be read as one person's record, so such groups are folded into a
combined row, and where even that is too small, folded into the smallest group big enough to carry it. Folding
rather than blanking keeps every total consistent, so nothing can be worked out by subtraction.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

MIN_GROUP = 5


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def per_person(total, people: int) -> Decimal | None:
    if not people:
        return None
    return (Decimal(total) / people).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class GroupTotals:
    """Additive figures for one group of people; `people` is how many distinct people are in it."""

    label: str
    people: int = 0
    values: dict = field(default_factory=dict)

    def merged_with(self, other: "GroupTotals", label: str) -> "GroupTotals":
        values = dict(self.values)
        for key, value in other.values.items():
            values[key] = values.get(key, 0) + value
        return GroupTotals(label=label, people=self.people + other.people, values=values)


def fold_small_groups(groups: list[GroupTotals], *, other_label: str | None = None) -> list[GroupTotals]:
    """Groups of fewer than MIN_GROUP people are combined; groups with nobody are dropped. If the whole set is
    smaller than MIN_GROUP, nothing is returned."""
    groups = [g for g in groups if g.people > 0]
    if sum(g.people for g in groups) < MIN_GROUP:
        return []
    big = [g for g in groups if g.people >= MIN_GROUP]
    small = [g for g in groups if g.people < MIN_GROUP]
    if not small:
        return big
    folded = GroupTotals(label="")
    for group in small:
        folded = folded.merged_with(group, "")
    if folded.people >= MIN_GROUP:
        folded.label = other_label or _("%(groups)s, combined") % {"groups": ", ".join(g.label for g in small)}
        return big + [folded]
    # Still too few: carry them inside the smallest big group, named so the reader knows.
    smallest = min(big, key=lambda g: g.people)
    combined = smallest.merged_with(folded, _("%(group)s with other small groups") % {"group": smallest.label})
    return [combined if g is smallest else g for g in big]
