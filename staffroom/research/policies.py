"""Who may do what with research projects and the network library.

Reading follows the network: anyone whose current school is in the project's or item's network. Writing needs
a member of staff (not a governor): any of them may start a project or share a resource, members of a project
write its notes and files, and the project lead or the network's lead or CPD lead publishes its finding.
"""

from staffroom.accounts.models import Membership, NetworkMembership
from staffroom.accounts.roles import NetworkRole, StaffGroup

PUBLISHING_NETWORK_ROLES = (NetworkRole.NETWORK_CPD_LEAD, NetworkRole.NETWORK_LEAD)


def is_staff(membership: Membership | None) -> bool:
    return membership is not None and membership.is_active and membership.staff_group != StaffGroup.GOVERNANCE


def leads_network(membership: Membership | None, network_id: int) -> bool:
    if membership is None:
        return False
    return NetworkMembership.objects.filter(
        user_id=membership.user_id, network_id=network_id, role__in=PUBLISHING_NETWORK_ROLES
    ).exists()


def can_start_project(membership: Membership | None) -> bool:
    return is_staff(membership)


def can_join(membership: Membership | None, project, *, is_member: bool) -> bool:
    return is_staff(membership) and not is_member and not is_published(project)


def can_write(membership: Membership | None, *, is_member: bool) -> bool:
    return is_staff(membership) and is_member


def can_see_working(membership: Membership | None, project, *, is_member: bool) -> bool:
    """Notes and data files stay inside the group (and with the network's leads) until a finding is published."""
    return is_member or leads_network(membership, project.network_id)


def can_publish(membership: Membership | None, project) -> bool:
    if not is_staff(membership):
        return False
    return project.lead_id == membership.pk or leads_network(membership, project.network_id)


def can_share_resource(membership: Membership | None) -> bool:
    return is_staff(membership)


def can_remove_item(membership: Membership | None, item) -> bool:
    if not is_staff(membership):
        return False
    return item.added_by_id == membership.pk or leads_network(membership, item.network_id)


def is_published(project) -> bool:
    """Whether the project's finding is already in the library (the group is then closed to new members)."""
    try:
        return project.library_item is not None
    except project.__class__.library_item.RelatedObjectDoesNotExist:
        return False
