"""Who may see or change self-evaluation, metrics and surveys.

Leaders (headteacher, senior leaders) run the evaluation. A middle leader may enter data for a metric they are
made responsible for. Every member of the school, governors included, reads the profile and the metrics.
"""

from staffroom.accounts.roles import SchoolRole, StaffGroup

LEADER_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER})
READ_ONLY_ROLES = frozenset({SchoolRole.GOVERNOR, SchoolRole.EXTERNAL_ADVISER})


def can_read(membership) -> bool:
    return membership is not None


def can_lead(membership) -> bool:
    return membership is not None and membership.has_role(*LEADER_ROLES)


def can_enter_data(membership, metric) -> bool:
    """Expects metric.responsible to be prefetched where this is called in a loop."""
    if membership is None or metric.school_id != membership.school_id:
        return False
    if can_lead(membership):
        return True
    return membership.has_role(SchoolRole.MIDDLE_LEADER) and any(
        m.pk == membership.pk for m in metric.responsible.all()
    )


def can_answer_staff_survey(membership) -> bool:
    # Governors and advisers govern rather than work in the school, so staff surveys are for staff only.
    return membership is not None and membership.staff_group != StaffGroup.GOVERNANCE
