from django.db.models import Q

from staffroom.organisations.models import Network

from .models import Membership
from .roles import NetworkRole


def staff_for_school(*, school, include_inactive: bool = False, search: str = ""):
    qs = (
        Membership.objects.filter(school=school)
        .select_related("user", "department", "line_manager__user")
        .prefetch_related("roles")
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if search:
        qs = qs.filter(
            Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__email__icontains=search)
            | Q(job_title__icontains=search)
        )
    return qs.order_by("user__last_name", "user__first_name")


def line_manager_choices(*, school, exclude=None):
    qs = Membership.objects.active().filter(school=school).select_related("user").order_by("user__last_name")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def networks_led_by(*, user):
    return (
        Network.objects.filter(
            people__user=user, people__role__in=[NetworkRole.NETWORK_LEAD, NetworkRole.NETWORK_CPD_LEAD]
        )
        .distinct()
        .order_by("name")
    )
