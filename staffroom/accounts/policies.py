"""Who may see or do what, in terms of a person's membership of a school."""

from .roles import ADMIN_ROLES, SCHOOL_OVERVIEW_ROLES


def can_administer_school(membership) -> bool:
    return membership is not None and membership.has_role(*ADMIN_ROLES)


def can_see_school_overview(membership) -> bool:
    return membership is not None and membership.has_role(*SCHOOL_OVERVIEW_ROLES)


def manages(manager_membership, member_membership) -> bool:
    return (
        manager_membership is not None
        and member_membership.school_id == manager_membership.school_id
        and member_membership.line_manager_id == manager_membership.pk
    )
