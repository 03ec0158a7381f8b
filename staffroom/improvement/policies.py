"""Who may do what in the improvement plan.

Leaders (headteacher, senior leaders) shape the plan; sub-plan leads and leaders add actions; an action's
owner and collaborators keep it moving. Everyone else on the staff reads the plan and joins in on
proposals; governors and external advisers only read. Rows from another school never reach a policy:
selectors scope by school, so those are 404s before any of this runs.
"""

from staffroom.accounts.roles import SchoolRole

LEADER_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER})
READ_ONLY_ROLES = frozenset({SchoolRole.GOVERNOR, SchoolRole.EXTERNAL_ADVISER})


def is_leader(membership) -> bool:
    return membership is not None and membership.has_role(*LEADER_ROLES)


def is_staff(membership) -> bool:
    """Governors and advisers read; every other role is a member of staff who can take part."""
    return membership is not None and not membership.role_set <= READ_ONLY_ROLES


def can_view_plan(membership) -> bool:
    return membership is not None


def can_manage_plan(membership) -> bool:
    return is_leader(membership)


def can_add_action(membership, sub_plan) -> bool:
    return is_leader(membership) or (
        is_staff(membership) and sub_plan.school_id == membership.school_id and sub_plan.lead_id == membership.pk
    )


def can_work_on_action(membership, action) -> bool:
    """Posting updates and changing status. Expects the action's collaborators prefetched."""
    if membership is None or action.school_id != membership.school_id or not is_staff(membership):
        return False
    if action.owner_id == membership.pk:
        return True
    return any(c.pk == membership.pk for c in action.collaborators.all())


def can_edit_action(membership, action) -> bool:
    """Changing what the action is: leaders, the lead of its subject or team plan, and its owner.
    Expects the action's sub-plan loaded."""
    if membership is None or action.school_id != membership.school_id or not is_staff(membership):
        return False
    return is_leader(membership) or membership.pk in (action.owner_id, action.sub_plan.lead_id)


def can_remove_action(membership, action) -> bool:
    """Expects the action's sub-plan loaded."""
    if membership is None or action.school_id != membership.school_id or not is_staff(membership):
        return False
    return is_leader(membership) or membership.pk == action.sub_plan.lead_id


def can_keep_milestones(membership, action) -> bool:
    return can_edit_action(membership, action) or can_work_on_action(membership, action)


def can_propose(membership) -> bool:
    return is_staff(membership)


def can_decide_proposal(membership) -> bool:
    return is_leader(membership)


def can_rate_priorities(membership) -> bool:
    return is_staff(membership)
