"""Who may do what with professional records and personal data."""

from staffroom.accounts.policies import can_administer_school


def can_manage_personal_data(membership) -> bool:
    # Subject access, removing a leaver and retention are the data controller's duties: school admins and heads.
    return can_administer_school(membership)
