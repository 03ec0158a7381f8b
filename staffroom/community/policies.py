"""Who may see or do what in the network community.

Everything belongs to a network, and a person reaches it only while their current school is in that network:
someone who also works at a school outside it sees nothing of it from there. The network's ids for a
membership are looked up once per request (`selectors.network_ids` and friends cache them on the membership).
"""

from . import selectors
from .selectors import CLUSTER_LEADER_ROLES


def in_a_network(membership) -> bool:
    return membership is not None and bool(selectors.network_ids(membership))


def leads_a_network(membership) -> bool:
    return membership is not None and bool(selectors.led_network_ids(membership))


def can_manage_network(membership, network_id: int) -> bool:
    """The network lead and the network CPD lead build groups and surveys for their network."""
    return membership is not None and network_id in selectors.led_network_ids(membership)


def can_take_part_in_group(membership, group) -> bool:
    if membership is None or group.network_id not in selectors.network_ids(membership):
        return False
    return not group.roles or membership.has_role(*group.roles)


def is_cluster_leader(membership, cluster_school_ids) -> bool:
    return (
        membership is not None
        and membership.school_id in cluster_school_ids
        and membership.has_role(*CLUSTER_LEADER_ROLES)
    )


def is_specialist_for(membership, network_id: int) -> bool:
    return membership is not None and network_id in selectors.specialist_network_ids(membership)


def can_commission(membership) -> bool:
    """Reaches the commissioning pages at all: a leader of a school in a cluster, or a specialist leader."""
    if membership is None:
        return False
    return bool(selectors.specialist_network_ids(membership)) or (
        membership.has_role(*CLUSTER_LEADER_ROLES) and bool(selectors.cluster_ids_for_school(membership))
    )


def can_see_commissioning(membership) -> bool:
    """The list of needs; network leads reach it too, to group schools into clusters."""
    return can_commission(membership) or leads_a_network(membership)


def can_see_need(membership, need) -> bool:
    """The same people as selectors.get_need: leaders of the cluster's schools and the network's specialist leaders."""
    if not can_commission(membership):
        return False
    in_cluster = membership.has_role(*CLUSTER_LEADER_ROLES) and need.cluster_id in selectors.cluster_ids_for_school(
        membership
    )
    return in_cluster or need.cluster.network_id in selectors.specialist_network_ids(membership)
