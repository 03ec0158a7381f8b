"""Who may do what in peer learning. Reading rules for individual records live in selectors, as querysets."""

from staffroom.accounts.roles import SCHOOL_OVERVIEW_ROLES, SchoolRole, StaffGroup

WALK_LEADER_ROLES = frozenset({*SCHOOL_OVERVIEW_ROLES, SchoolRole.MIDDLE_LEADER})


def can_lead_walks(membership) -> bool:
    return membership is not None and membership.has_role(*WALK_LEADER_ROLES)


def can_manage_templates(membership) -> bool:
    return membership is not None and membership.has_role(*SCHOOL_OVERVIEW_ROLES)


def can_manage_coaching(membership) -> bool:
    """Pairing coaches with coachees is a leadership decision; coaching itself is between the two."""
    return membership is not None and membership.has_role(*SCHOOL_OVERVIEW_ROLES)


def can_edit_action_steps(membership, *, is_coach: bool = False) -> bool:
    return membership is not None and (is_coach or membership.has_role(*SCHOOL_OVERVIEW_ROLES))


def can_offer_slots(membership) -> bool:
    """Teachers, leaders who teach and teaching assistants open their classrooms."""
    return membership is not None and membership.staff_group in (StaffGroup.TEACHERS, StaffGroup.TEACHING_ASSISTANTS)


def takes_part_in_peer_learning(membership) -> bool:
    # Governors and external advisers are not observed and do not observe.
    return membership is not None and membership.staff_group != StaffGroup.GOVERNANCE


def owns_observation(membership, observation) -> bool:
    return membership is not None and observation.observed_id == membership.pk


def is_observer(membership, observation) -> bool:
    return membership is not None and observation.observer_id == membership.pk
