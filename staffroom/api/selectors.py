"""Reads for the API, each scoped to the token's school and to what the token may see."""

from django.db.models import Count, Prefetch, Q

from staffroom.accounts.models import Membership
from staffroom.evaluation.models import DataPoint, Metric
from staffroom.learning.models import Activity, Visibility
from staffroom.network import selectors as network_selectors
from staffroom.network.models import Booking

from .models import ApiToken, TokenKind


def personal_tokens(*, membership):
    return ApiToken.objects.filter(membership=membership, kind=TokenKind.PERSONAL).order_by("revoked_at", "-created_at")


def school_tokens(*, school):
    return (
        ApiToken.objects.filter(school=school, kind=TokenKind.SCHOOL)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at")
    )


def staff(*, school):
    return (
        Membership.objects.filter(school=school)
        .select_related("user", "department")
        .prefetch_related("roles")
        .order_by("user__last_name", "user__first_name", "id")
    )


def visible_activities(*, token: ApiToken):
    """A personal token sees what its person sees: their own records, those shared with the school and those their
    line reports share with them. A school token sees only what people have shared with the whole school."""
    school = token.school
    qs = Activity.objects.filter(school=school)
    if token.kind == TokenKind.SCHOOL:
        qs = qs.filter(visibility=Visibility.SCHOOL)
    else:
        membership = token.membership
        reports = Membership.objects.filter(school=school, line_manager=membership).values("user_id")
        qs = qs.filter(
            Q(owner=membership.user)
            | Q(visibility=Visibility.SCHOOL)
            | Q(visibility=Visibility.LINE_MANAGER, owner_id__in=reports)
        )
    return qs.select_related("owner", "follow_up").prefetch_related("subjects").order_by("-date", "-id")


def metrics(*, school):
    return Metric.objects.filter(school=school).prefetch_related("cohorts").order_by("name", "id")


def data_points(*, metric: Metric):
    return (
        DataPoint.objects.filter(metric=metric)
        .select_related("cohort")
        .order_by("year_start", "term", "cohort__name", "id")
    )


def network_sessions(*, membership):
    """The sessions this membership may open in the network offer, with the counts and the person's own booking
    fetched in the same few queries however many sessions there are."""
    return (
        network_selectors.visible_sessions(membership=membership)
        .select_related("network", "school", "host_school", "leader__user")
        .prefetch_related(
            "subjects",
            Prefetch("bookings", queryset=Booking.objects.filter(member=membership), to_attr="own_bookings"),
        )
        .annotate(
            places_taken=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED), distinct=True),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING), distinct=True),
        )
        .order_by("starts_at", "id")
    )


def own_bookings(*, membership):
    return (
        Booking.objects.filter(member=membership)
        .select_related("session__network", "session__host_school")
        .order_by("-session__starts_at", "-id")
    )
