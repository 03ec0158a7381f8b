from decimal import Decimal

from staffroom.insights.aggregates import GroupTotals, fold_small_groups, per_person, percent


def g(label, people, hours=0):
    return GroupTotals(label=label, people=people, values={"hours": hours})


def test_groups_of_five_or_more_are_shown_as_they_are():
    assert [x.label for x in fold_small_groups([g("Teachers", 5), g("TAs", 7)])] == ["Teachers", "TAs"]


def test_small_groups_are_combined_when_together_they_reach_five():
    result = fold_small_groups([g("Teachers", 8, 40), g("TAs", 3, 6), g("Midday", 2, 1)])
    assert [(x.label, x.people, x.values["hours"]) for x in result] == [
        ("Teachers", 8, 40),
        ("TAs, Midday, combined", 5, 7),
    ]


def test_a_small_group_too_small_even_combined_is_carried_inside_the_smallest_big_group():
    result = fold_small_groups([g("Teachers", 9, 40), g("TAs", 6, 10), g("Midday", 2, 1), g("Support", 0)])
    assert [(x.label, x.people, x.values["hours"]) for x in result] == [
        ("Teachers", 9, 40),
        ("TAs with other small groups", 8, 11),
    ]
    # Totals are unchanged, so nothing can be recovered by subtraction.
    assert sum(x.people for x in result) == 17


def test_fewer_than_five_people_in_all_shows_nothing():
    assert fold_small_groups([g("Teachers", 2), g("TAs", 2)]) == []


def test_shares_and_rates():
    assert percent(21, 31) == 68
    assert percent(1, 0) is None
    assert per_person(31, 10) == Decimal("3.1")
    assert per_person(5, 0) is None
