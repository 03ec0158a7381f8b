"""Reads for the API, each scoped to the token's school and to what the token may see."""

from django.db.models import Q

from staffroom.accounts.models import Membership
from staffroom.evaluation.models import DataPoint, Metric
from staffroom.learning.models import Activity, Visibility

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
