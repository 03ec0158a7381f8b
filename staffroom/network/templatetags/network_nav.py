from django import template

from staffroom.network import policies

register = template.Library()


@register.inclusion_tag("network/_subnav.html", takes_context=True)
def network_subnav(context, section):
    """One sub-navigation for the whole Network section (offer, library, projects, community), so every part of it is
    reachable from every page; the policies cache on the membership, so repeated checks cost no queries."""
    membership = getattr(context.get("request"), "membership", None)
    return {
        "section": section,
        "takes_part": policies.takes_part(membership),
        "reviews_offer": policies.reviews_offer(membership),
        "approves": policies.approves_bookings(membership),
        "manages_settings": policies.can_manage_school_settings(membership),
    }
