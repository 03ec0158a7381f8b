"""Who may do what in the network offer, as plain functions of a membership (and an object)."""

from staffroom.accounts.models import NetworkMembership
from staffroom.accounts.roles import SCHOOL_OVERVIEW_ROLES, NetworkRole, StaffGroup
from staffroom.organisations.models import NetworkSchool

REVIEWER_ROLES = (NetworkRole.NETWORK_CPD_LEAD, NetworkRole.NETWORK_LEAD)


def network_ids(membership) -> set[int]:
    """The networks the membership's school belongs to; cached on the membership for the request."""
    if membership is None:
        return set()
    cached = getattr(membership, "_network_ids", None)
    if cached is None:
        cached = set(NetworkSchool.objects.filter(school_id=membership.school_id).values_list("network_id", flat=True))
        membership._network_ids = cached
    return cached


def reviewed_network_ids(membership) -> set[int]:
    """Networks, among those of the current school, where this person reviews and publishes the offer."""
    if membership is None:
        return set()
    cached = getattr(membership, "_reviewed_network_ids", None)
    if cached is None:
        ids = network_ids(membership)
        cached = (
            set(
                NetworkMembership.objects.filter(
                    user_id=membership.user_id, network_id__in=ids, role__in=REVIEWER_ROLES
                ).values_list("network_id", flat=True)
            )
            if ids
            else set()
        )
        membership._reviewed_network_ids = cached
    return cached


def in_a_network(membership) -> bool:
    return bool(network_ids(membership))


def takes_part(membership) -> bool:
    """Every member of staff whose school is in a network; governors and advisers are not offered sessions."""
    return membership is not None and membership.staff_group != StaffGroup.GOVERNANCE and in_a_network(membership)


def reviews_offer(membership) -> bool:
    return bool(reviewed_network_ids(membership))


def reviews_session(membership, session) -> bool:
    return session.network_id in reviewed_network_ids(membership)


def leads_session(membership, session) -> bool:
    return membership is not None and session.leader_id == membership.pk


def can_see_bookings(membership, session) -> bool:
    """The register crosses the school gate only to the leader and the network's CPD lead."""
    return leads_session(membership, session) or reviews_session(membership, session)


def can_manage_school_settings(membership) -> bool:
    return membership is not None and membership.has_role(*SCHOOL_OVERVIEW_ROLES) and in_a_network(membership)


def can_decide_booking(membership, booking) -> bool:
    """The person's line manager, or a school leader where nobody manages them, approves at their own school."""
    if membership is None or booking.school_id != membership.school_id:
        return False
    if booking.member.line_manager_id is not None:
        return booking.member.line_manager_id == membership.pk or membership.has_role(*SCHOOL_OVERVIEW_ROLES)
    return membership.has_role(*SCHOOL_OVERVIEW_ROLES)


def approves_bookings(membership) -> bool:
    return membership is not None and (membership.has_role(*SCHOOL_OVERVIEW_ROLES) or membership.line_reports.exists())
