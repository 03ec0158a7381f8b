"""Rules about what may be done with frameworks."""

from staffroom.accounts.roles import ADMIN_ROLES, SchoolRole

from .models import Framework


def can_choose_frameworks(membership) -> bool:
    # The CPD coordinator runs the school's professional development, so chooses its frameworks alongside
    # those who administer the school.
    return membership is not None and membership.has_role(*ADMIN_ROLES, SchoolRole.CPD_COORDINATOR)


def can_be_adopted(*, framework: Framework) -> bool:
    # A school's choices are read through current versions only, so adopting a superseded version would
    # silently offer the school nothing.
    return framework.is_current
