"""Who may do what in talent and succession.

Aspirations and programmes belong to the person. Readiness judgements, their notes and succession plans are for the
school's leaders only: never shown to other staff, nor to the person judged, nor to leaders at other schools.
"""

from staffroom.accounts.roles import SchoolRole, StaffGroup

LEADER_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER})


def is_staff(membership) -> bool:
    return membership is not None and membership.staff_group != StaffGroup.GOVERNANCE


def is_talent_leader(membership) -> bool:
    return membership is not None and membership.has_role(*LEADER_ROLES)
