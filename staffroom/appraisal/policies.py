"""Who may see or do what in appraisal.

Running cycles and reading appraisals are separate powers: a senior leader who sets up the year and assigns
appraisers cannot open anyone's appraisal unless they are its reviewer. An appraisal is read only by its
appraisee, its reviewers and the school's headteacher; a headteacher's own appraisal only by the head, the
governors on the panel and the external adviser.

The functions that take an appraisal expect its `reviewers` to be prefetched (selectors do this), and the
membership's roles to be prefetched (the middleware does this).
"""

from staffroom.accounts.roles import SchoolRole

from .models import Appraisal, Reviewer

CYCLE_MANAGER_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER})
SUPPORT_NEEDS_ROLES = frozenset({SchoolRole.CPD_COORDINATOR, SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER})


def can_manage_cycles(membership) -> bool:
    return membership is not None and membership.has_role(*CYCLE_MANAGER_ROLES)


def can_see_support_needs(membership) -> bool:
    return membership is not None and membership.has_role(*SUPPORT_NEEDS_ROLES)


def _same_school(membership, appraisal) -> bool:
    return membership is not None and appraisal.school_id == membership.school_id


def is_appraisee(membership, appraisal) -> bool:
    return _same_school(membership, appraisal) and appraisal.appraisee_id == membership.pk


def reviewer_entry(membership, appraisal) -> Reviewer | None:
    if not _same_school(membership, appraisal):
        return None
    return next((r for r in appraisal.reviewers.all() if r.membership_id == membership.pk), None)


def is_reviewer(membership, appraisal) -> bool:
    return reviewer_entry(membership, appraisal) is not None


def is_reading_head(membership, appraisal) -> bool:
    """The school's headteacher reads every staff appraisal, but not a headteacher's (their own or a co-head's)."""
    return (
        _same_school(membership, appraisal)
        and appraisal.kind == Appraisal.Kind.STAFF
        and appraisal.appraisee_id != membership.pk
        and membership.has_role(SchoolRole.HEADTEACHER)
    )


def can_view_appraisal(membership, appraisal) -> bool:
    return (
        is_appraisee(membership, appraisal)
        or is_reviewer(membership, appraisal)
        or is_reading_head(membership, appraisal)
    )


def can_write_appraisal(membership, appraisal) -> bool:
    """Objectives, check-ins and the agreed record are written by the appraisee and the reviewers."""
    return is_appraisee(membership, appraisal) or is_reviewer(membership, appraisal)


def can_approve_reviews(membership, appraisal) -> bool:
    """The head approves staff reviews; for the head's own appraisal, a governor on the panel does."""
    if appraisal.kind == Appraisal.Kind.HEADTEACHER:
        entry = reviewer_entry(membership, appraisal)
        return entry is not None and entry.role == Reviewer.Role.GOVERNOR
    return is_reading_head(membership, appraisal)


def can_see_access_log(membership, appraisal) -> bool:
    return can_view_appraisal(membership, appraisal)
