"""Reads for the network offer, scoped to what the signed-in membership may see.

A session is visible to a member when it is published in one of their school's networks and open to their
school, when they lead it, or when they review the offer of its network. Everything else is a 404.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from staffroom.accounts.roles import SCHOOL_OVERVIEW_ROLES
from staffroom.organisations.models import Network, School
from staffroom.research.models import LibraryItem

from . import policies
from .models import Booking, CalendarFeed, NetworkSession, SessionFeedback

OpenTo = NetworkSession.open_to_schools.through
CATALOGUE_PAGE_SIZE = 25


def _open_to(school_id) -> Q:
    return Q(~Exists(OpenTo.objects.filter(networksession_id=OuterRef("pk")))) | Q(
        Exists(OpenTo.objects.filter(networksession_id=OuterRef("pk"), school_id=school_id))
    )


def visible_sessions(*, membership) -> QuerySet[NetworkSession]:
    if membership is None:
        return NetworkSession.objects.none()
    networks = policies.network_ids(membership)
    reviewed = policies.reviewed_network_ids(membership)
    published = Q(status=NetworkSession.Status.PUBLISHED, network_id__in=networks) & _open_to(membership.school_id)
    return NetworkSession.objects.filter(
        published | Q(leader=membership, network_id__in=networks) | Q(network_id__in=reviewed)
    )


def _with_listing(qs: QuerySet[NetworkSession]) -> QuerySet[NetworkSession]:
    return (
        qs.select_related("school", "host_school", "leader__user", "network")
        .prefetch_related("subjects")
        .annotate(
            confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED), distinct=True),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING), distinct=True),
        )
    )


def get_session(*, membership, pk) -> NetworkSession:
    try:
        return (
            _with_listing(visible_sessions(membership=membership))
            # The library's materials for the session and the commission behind it (research and community apps)
            # come with the session, so its page costs the same however many there are.
            .select_related("commission__cluster")
            .prefetch_related(
                "descriptors__framework",
                "open_to_schools",
                Prefetch(
                    "library_items",
                    queryset=LibraryItem.objects.filter(network_id__in=policies.network_ids(membership)),
                    to_attr="library_materials",
                ),
            )
            .get(pk=pk)
        )
    except (NetworkSession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def network_schools(*, membership) -> QuerySet[School]:
    return School.objects.filter(network_memberships__network_id__in=policies.network_ids(membership)).distinct()


@dataclass
class Filters:
    term: object = None  # calendar Period
    subject: object = None
    phase: str = ""
    audience: str = ""
    school: object = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    text: str = ""


def _catalogue_rows(*, membership, filters: Filters) -> QuerySet[NetworkSession]:
    networks = policies.network_ids(membership)
    qs = NetworkSession.objects.filter(
        Q(status=NetworkSession.Status.PUBLISHED, network_id__in=networks) & _open_to(membership.school_id)
    )
    tz = membership.school.tz
    if filters.term is not None:
        qs = qs.filter(starts_at__date__gte=filters.term.start, starts_at__date__lte=filters.term.end)
    if filters.date_from:
        start = datetime.datetime.combine(filters.date_from, datetime.time.min, tzinfo=tz)
        qs = qs.filter(starts_at__gte=start)
    if filters.date_to:
        end = datetime.datetime.combine(filters.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        qs = qs.filter(starts_at__lt=end)
    if filters.subject is not None:
        qs = qs.filter(subjects=filters.subject)
    if filters.phase:
        qs = qs.filter(Q(phase=filters.phase) | Q(phase=""))
    if filters.school is not None:
        qs = qs.filter(Q(school=filters.school) | Q(host_school=filters.school))
    if filters.text:
        qs = qs.filter(Q(title__icontains=filters.text) | Q(description__icontains=filters.text))
    return qs.order_by("starts_at", "id")


def _for_audience(audience: str, audiences) -> bool:
    # The audience is a short list held on each row, so it is matched here rather than with a JSON lookup that
    # SQLite and PostgreSQL spell differently; an empty list means everyone.
    return not audience or not audiences or audience in audiences


def catalogue_page(*, membership, filters: Filters, page, per_page: int = CATALOGUE_PAGE_SIZE) -> Page:
    """One page of the catalogue. Only the ids of every match are read; the listing's joins, counts and subjects
    are loaded for the page's sessions alone, so a full term's offer costs what one page does. A page number that
    is not a number or is out of range gives the first or last page (Paginator.get_page)."""
    rows = _catalogue_rows(membership=membership, filters=filters).values_list("pk", "audience")
    ids = [pk for pk, audiences in rows if _for_audience(filters.audience, audiences)]
    result = Paginator(ids, per_page).get_page(page)
    by_id = {s.pk: s for s in _with_listing(NetworkSession.objects.filter(pk__in=result.object_list))}
    result.object_list = [by_id[pk] for pk in result.object_list if pk in by_id]
    return result


def my_bookings_by_session(*, membership, sessions) -> dict[int, Booking]:
    ids = [s.pk for s in sessions]
    return {b.session_id: b for b in Booking.objects.filter(member=membership, session_id__in=ids)}


def booking_for(*, membership, session) -> Booking | None:
    return Booking.objects.filter(member=membership, session=session).select_related("feedback").first()


def get_own_booking(*, membership, pk) -> Booking:
    try:
        return Booking.objects.select_related("session__host_school", "session__leader__user").get(
            pk=pk, member=membership
        )
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def register(*, session) -> list[Booking]:
    """The session's bookings with names and schools, for the leader and the CPD lead only."""
    return list(
        session.bookings.exclude(status__in=[Booking.Status.CANCELLED, Booking.Status.DECLINED])
        .select_related("member__user", "school")
        .order_by("status", "requested_at", "id")
    )


def review_queue(*, membership) -> QuerySet[NetworkSession]:
    return _with_listing(
        NetworkSession.objects.filter(
            network_id__in=policies.reviewed_network_ids(membership), status=NetworkSession.Status.PROPOSED
        )
    ).order_by("starts_at", "id")


@dataclass
class Mine:
    bookings: list = field(default_factory=list)
    leading: list = field(default_factory=list)


def my_sessions(*, membership) -> Mine:
    bookings = list(
        Booking.objects.filter(member=membership)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session__host_school", "session__school", "session__leader__user", "feedback")
        .order_by("-session__starts_at", "-id")
    )
    leading = list(_with_listing(NetworkSession.objects.filter(leader=membership)).order_by("-starts_at", "-id"))
    return Mine(bookings=bookings, leading=leading)


HOME_UPCOMING = 3
HOME_FEEDBACK = 5


@dataclass
class HomeCard:
    upcoming: list = field(default_factory=list)
    feedback_owed: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.feedback_owed)


def home_card(*, membership) -> HomeCard | None:
    """The person's next booked sessions and the feedback they still owe, for Home; None when there is nothing.
    Asks nothing of people whose school is in no network: takes_part reads the cached network ids, which the
    navigation reads anyway."""
    if not policies.takes_part(membership):
        return None
    mine = Booking.objects.filter(member=membership).select_related("session__host_school")
    card = HomeCard(
        upcoming=list(
            mine.filter(
                status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITING, Booking.Status.AWAITING_APPROVAL],
                session__status=NetworkSession.Status.PUBLISHED,
                session__starts_at__gt=timezone.now(),
            ).order_by("session__starts_at", "id")[:HOME_UPCOMING]
        ),
        feedback_owed=list(
            mine.filter(attended=True, feedback__isnull=True)
            .exclude(session__status=NetworkSession.Status.CANCELLED)
            .order_by("-session__starts_at", "-id")[:HOME_FEEDBACK]
        ),
    )
    return card or None


def approvals(*, membership) -> list[Booking]:
    qs = Booking.objects.filter(school_id=membership.school_id, status=Booking.Status.AWAITING_APPROVAL)
    if not membership.has_role(*SCHOOL_OVERVIEW_ROLES):
        qs = qs.filter(member__line_manager=membership)
    return list(
        qs.select_related(
            "member__user", "member__line_manager", "session__host_school", "session__leader__user"
        ).order_by("requested_at", "id")
    )


def get_approval(*, membership, pk) -> Booking:
    try:
        booking = Booking.objects.select_related("member", "session").get(
            pk=pk, school_id=membership.school_id, status=Booking.Status.AWAITING_APPROVAL
        )
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policies.can_decide_booking(membership, booking):
        raise Http404
    return booking


def feed_for_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("member__school", "member__user")
        .filter(token=token, member__is_active=True, member__user__is_active=True)
        .first()
    )


def feed_sessions(*, member) -> list[NetworkSession]:
    """What goes in a person's calendar: sessions they have a place on, and sessions they lead."""
    booked = Booking.objects.filter(member=member, status=Booking.Status.CONFIRMED).values("session_id")
    return list(
        NetworkSession.objects.filter(
            Q(pk__in=booked, status__in=[NetworkSession.Status.PUBLISHED, NetworkSession.Status.CANCELLED])
            | Q(leader=member, status=NetworkSession.Status.PUBLISHED)
        )
        .select_related("host_school", "leader__user", "school")
        .order_by("starts_at", "id")
    )


# ---- giving and taking ---------------------------------------------------------------------------------------


@dataclass
class SchoolBalance:
    school: School
    sessions_led: int = 0
    places_offered: int = 0
    places_given: int = 0  # confirmed places on this school's sessions taken by other schools' staff
    places_used: int = 0  # confirmed places this school's staff took on other schools' sessions
    attended: int = 0  # of those places, how many were attended


def giving_and_taking(*, membership, network_id: int | None = None) -> list[SchoolBalance]:
    networks = policies.network_ids(membership)
    if network_id is not None:
        networks = networks & {network_id}
    schools = list(School.objects.filter(network_memberships__network_id__in=networks).distinct().order_by("name"))
    rows = {s.pk: SchoolBalance(school=s) for s in schools}
    sessions = NetworkSession.objects.filter(network_id__in=networks, status=NetworkSession.Status.PUBLISHED)
    for school_id, capacity in sessions.values_list("school_id", "capacity"):
        if school_id in rows:
            rows[school_id].sessions_led += 1
            rows[school_id].places_offered += capacity
    pairs = Booking.objects.filter(session__in=sessions, status=Booking.Status.CONFIRMED).values_list(
        "school_id", "session__school_id", "attended"
    )
    for taker, giver, attended in pairs:
        if taker == giver:
            continue
        if giver in rows:
            rows[giver].places_given += 1
        if taker in rows:
            rows[taker].places_used += 1
            if attended:
                rows[taker].attended += 1
    return list(rows.values())


# ---- feedback ------------------------------------------------------------------------------------------------


@dataclass
class FeedbackSummary:
    count: int
    attended: int
    questions: list  # (label, average, Counter of 1..5)
    will_use: list  # texts, without names
    comments: list


def feedback_summary(*, session) -> FeedbackSummary:
    rows = list(SessionFeedback.objects.filter(session=session).order_by("created_at", "id"))
    attended = session.bookings.filter(attended=True).count()
    questions = []
    for name in ("worthwhile", "relevant", "learned"):
        label = SessionFeedback._meta.get_field(name).verbose_name
        counts = Counter(getattr(r, name) for r in rows)
        average = (Decimal(sum(getattr(r, name) for r in rows)) / len(rows)).quantize(Decimal("0.1")) if rows else None
        questions.append((name, label, average, counts))
    return FeedbackSummary(
        count=len(rows),
        attended=attended,
        questions=questions,
        will_use=[r.will_use for r in rows],
        comments=[r.comments for r in rows if r.comments],
    )


def upcoming_count(*, membership) -> int:
    return Booking.objects.filter(
        member=membership, status=Booking.Status.CONFIRMED, session__starts_at__gte=timezone.now()
    ).count()


def networks(*, membership) -> list[Network]:
    return list(Network.objects.filter(pk__in=policies.network_ids(membership)).order_by("name"))
