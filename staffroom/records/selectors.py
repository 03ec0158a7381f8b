"""Reads for the portable record pages, scoped to the person and their school."""

from django.utils import timezone

from staffroom.accounts.models import Membership
from staffroom.learning.models import Activity
from staffroom.network.models import NetworkSession
from staffroom.observation.models import CoachingSession, Observation

from .dataprotection import ANONYMISED_DOMAIN
from .models import ImportedSessionLed, Qualification, RecordImport, RetentionPolicy


def record_counts(*, user, school) -> dict[str, int]:
    return {
        "learning": Activity.objects.filter(school=school, owner=user).count(),
        "observations": Observation.objects.filter(
            school=school,
            observed__user=user,
            status__in=[Observation.Status.WRITTEN, Observation.Status.COMPLETED],
        ).count(),
        "coaching": CoachingSession.objects.filter(school=school, pair__coachee__user=user).count(),
        # The same sessions the archive carries: led here and already started, plus those brought from elsewhere.
        "sessions_led": NetworkSession.objects.filter(
            school=school, leader__user=user, status=NetworkSession.Status.PUBLISHED, starts_at__lte=timezone.now()
        ).count()
        + ImportedSessionLed.objects.filter(school=school, owner=user).count(),
    }


def imported_sessions_led(*, user, school):
    return ImportedSessionLed.objects.filter(school=school, owner=user).select_related("record_import")


def own_qualifications(*, user, school):
    return Qualification.objects.filter(school=school, owner=user).select_related("record_import")


def own_imports(*, user, school):
    return RecordImport.objects.filter(school=school, owner=user)


def own_import(*, user, school, pk) -> RecordImport | None:
    return (
        RecordImport.objects.filter(school=school, owner=user, pk=pk)
        .prefetch_related(
            "activities__activity", "observations", "coaching_steps", "sessions_led", "appraisals", "qualifications"
        )
        .first()
    )


def people_for_data_protection(*, school):
    return (
        Membership.objects.filter(school=school)
        .exclude(user__email__endswith="@" + ANONYMISED_DOMAIN)
        .select_related("user")
        .order_by("is_active", "user__last_name", "user__first_name", "id")
    )


def anonymised_count(*, school) -> int:
    return Membership.objects.filter(school=school, user__email__endswith="@" + ANONYMISED_DOMAIN).count()


def retention_policies(*, school) -> dict[str, RetentionPolicy]:
    return {p.record_type: p for p in RetentionPolicy.objects.filter(school=school)}
