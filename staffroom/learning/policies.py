"""Who may see a learning record. The owner chooses: private, their line manager, or their school."""

from .models import Visibility


def can_view_activity(viewer_membership, activity, owner_membership=None) -> bool:
    if viewer_membership is None or activity.school_id != viewer_membership.school_id:
        return False
    if activity.owner_id == viewer_membership.user_id:
        return True
    if activity.visibility == Visibility.SCHOOL:
        return True
    if activity.visibility == Visibility.LINE_MANAGER and owner_membership is not None:
        return owner_membership.line_manager_id == viewer_membership.pk
    return False


def can_change_activity(user, activity) -> bool:
    return activity.owner_id == user.pk
