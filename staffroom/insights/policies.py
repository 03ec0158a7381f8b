"""Who may read the insight pages and who may change the CPD budget and spending."""

from staffroom.accounts import selectors as account_selectors
from staffroom.accounts.roles import SchoolRole

READER_ROLES = frozenset(
    {SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER, SchoolRole.CPD_COORDINATOR, SchoolRole.GOVERNOR}
)
# Governors hold leaders to account: they read the figures but neither change them nor see who has had nothing.
EDITOR_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.CPD_COORDINATOR})
NAMES_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER, SchoolRole.CPD_COORDINATOR})


def can_read_school_insights(membership) -> bool:
    return membership is not None and membership.has_role(*READER_ROLES)


def can_edit_budget(membership) -> bool:
    return membership is not None and membership.has_role(*EDITOR_ROLES)


def can_see_names(membership) -> bool:
    return membership is not None and membership.has_role(*NAMES_ROLES)


def networks_for(user):
    return account_selectors.networks_led_by(user=user)


def can_read_any_insights(membership, user) -> bool:
    return can_read_school_insights(membership) or networks_for(user).exists()
