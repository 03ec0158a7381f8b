"""Writes for the network offer. Every write takes the acting user, runs in one transaction and is audited.

Places are handed out only while the session row is locked (select_for_update), so any number of people asking
for the last place at once are served one after another; the unique (session, member) constraint means that the
same request sent twice finds the first booking instead of making a second.
"""

import contextlib
import contextvars
import datetime
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership, NetworkMembership
from staffroom.accounts.roles import SCHOOL_OVERVIEW_ROLES, StaffGroup
from staffroom.core.audit import record_event
from staffroom.learning.models import ActivityKind, Visibility
from staffroom.learning.services import ActivityData, record_activity
from staffroom.organisations.models import Network, NetworkSchool, Phase, School

from . import policies
from .models import (
    Booking,
    CalendarFeed,
    NetworkSchoolSettings,
    NetworkSession,
    SessionFeedback,
    SessionFormat,
    new_feed_token,
)

logger = logging.getLogger(__name__)

MIN_LENGTH = datetime.timedelta(minutes=15)
MAX_LENGTH = datetime.timedelta(hours=10)
MAX_CAPACITY = 500
LATEST_START = datetime.timedelta(days=550)
ACTIVE = (Booking.Status.AWAITING_APPROVAL, Booking.Status.CONFIRMED, Booking.Status.WAITING)


def _refuse(name: str | None, message: str):
    raise ValidationError({name: [message]} if name else message)


@dataclass
class SessionData:
    title: str
    description: str
    host_school: School
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    format: str = SessionFormat.IN_PERSON
    location: str = ""
    cost: Decimal = Decimal("0")
    audience: list = field(default_factory=list)  # StaffGroup values; empty = everyone
    phase: str = ""  # a Phase value; empty = any phase
    subjects: list = field(default_factory=list)
    descriptors: list = field(default_factory=list)
    open_to_schools: list = field(default_factory=list)  # Schools; empty = the whole network


def network_school_ids(network: Network) -> set[int]:
    return set(NetworkSchool.objects.filter(network=network).values_list("school_id", flat=True))


def validate_session_fields(*, network: Network, data: SessionData, session: NetworkSession | None = None) -> dict:
    """Errors by field name; the form and the services share these rules."""
    errors = {}
    if not (data.title or "").strip():
        errors["title"] = _("Give the session a title.")
    if not (data.description or "").strip():
        errors["description"] = _("Say what the session covers and who it is for.")
    schools = network_school_ids(network)
    if data.host_school is None or data.host_school.pk not in schools:
        errors["host_school"] = _("Choose a school in the network to host the session.")
    if any(s.pk not in schools for s in data.open_to_schools):
        errors["open_to_schools"] = _("Sessions can be opened only to schools in the network.")
    if any(g not in StaffGroup.values for g in data.audience):
        errors["audience"] = _("Choose staff groups from the list.")
    if data.phase and data.phase not in Phase.values:
        errors["phase"] = _("Choose a phase from the list.")
    if data.format not in SessionFormat.values:
        errors["format"] = _("Choose in person or online.")
    if data.cost is not None and data.cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if data.capacity is None or data.capacity < 1:
        errors["capacity"] = _("Offer at least one place.")
    elif data.capacity > MAX_CAPACITY:
        errors["capacity"] = _("Offer at most %(n)d places.") % {"n": MAX_CAPACITY}
    elif session is not None and session.pk:
        taken = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
        if data.capacity < taken:
            errors["capacity"] = _(
                "%(taken)d places are already booked, so the session needs at least %(taken)d places. "
                "Ask people to cancel first if the room is smaller."
            ) % {"taken": taken}
    if data.starts_at and data.ends_at:
        now = timezone.now()
        moved = session is None or session.starts_at != data.starts_at
        if moved and data.starts_at <= now:
            errors["starts_at"] = _("The session would start in the past. Choose a date and time from now on.")
        elif data.starts_at > now + LATEST_START:
            errors["starts_at"] = _("Plan sessions at most eighteen months ahead.")
        if data.ends_at <= data.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        elif data.ends_at - data.starts_at < MIN_LENGTH:
            errors["ends_at"] = _("A session lasts at least 15 minutes.")
        elif data.ends_at - data.starts_at > MAX_LENGTH:
            errors["ends_at"] = _("A session lasts at most 10 hours; offer a longer course as several sessions.")
    return errors


def _apply(session: NetworkSession, data: SessionData) -> None:
    session.title = data.title.strip()
    session.description = data.description.strip()
    session.host_school = data.host_school
    session.location = (data.location or "").strip()
    session.format = data.format
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    session.capacity = data.capacity
    session.cost = data.cost or Decimal("0")
    session.audience = [g for g in StaffGroup.values if g in data.audience]
    session.phase = data.phase or ""


def _set_relations(session: NetworkSession, data: SessionData) -> None:
    session.subjects.set(data.subjects)
    session.descriptors.set(data.descriptors)
    session.open_to_schools.set(data.open_to_schools)


@transaction.atomic
def propose_session(
    *,
    actor,
    leader: Membership,
    network: Network,
    data: SessionData,
    authorised_by_caller: bool = False,
) -> NetworkSession:
    """Anyone on the staff of a network school proposes a session they will lead. A network CPD lead may propose
    one for a colleague; another app that has checked its own permissions (commissioning) passes
    authorised_by_caller=True."""
    if leader.school_id not in network_school_ids(network) or not leader.is_active:
        raise PermissionError("The leader must work at a school in the network.")
    if not authorised_by_caller and actor.pk != leader.user_id and not _reviews(actor, network):
        raise PermissionError("People propose sessions that they will lead.")
    errors = validate_session_fields(network=network, data=data)
    if errors:
        raise ValidationError(errors)
    session = NetworkSession(
        network=network,
        school=leader.school,
        leader=leader,
        proposed_by=actor,
        status=NetworkSession.Status.PROPOSED,
    )
    _apply(session, data)
    session.save()
    _set_relations(session, data)
    record_event(
        actor=actor,
        school=leader.school,
        verb="network.session_proposed",
        target=session,
        data={"network": network.pk, "starts_at": session.starts_at.isoformat()},
    )
    return session


def _reviews(user, network: Network) -> bool:
    return NetworkMembership.objects.filter(user=user, network=network, role__in=policies.REVIEWER_ROLES).exists()


def _locked(session: NetworkSession) -> NetworkSession:
    return (
        NetworkSession.objects.select_for_update(of=("self",))
        .select_related("network", "school", "leader__user", "host_school")
        .get(pk=session.pk)
    )


@transaction.atomic
def update_session(*, actor, session: NetworkSession, data: SessionData) -> NetworkSession:
    """The leader edits their proposal (a returned one goes back for review); the CPD lead edits any session.
    A published session's places can grow (the waiting list moves up) but never drop below those booked."""
    session = _locked(session)
    reviewer = _reviews(actor, session.network)
    if not reviewer and actor.pk != session.leader.user_id:
        raise PermissionError("Only the leader or the network CPD lead edits a session.")
    if session.status == NetworkSession.Status.CANCELLED:
        _refuse(None, _("This session has been cancelled."))
    if session.status == NetworkSession.Status.PUBLISHED and not reviewer:
        _refuse(None, _("The session is published; ask the network CPD lead to change it."))
    if session.starts_at <= timezone.now() and session.status == NetworkSession.Status.PUBLISHED:
        _refuse(None, _("The session has already started, so it can no longer be changed."))
    errors = validate_session_fields(network=session.network, data=data, session=session)
    if errors:
        raise ValidationError(errors)
    _apply(session, data)
    if session.status == NetworkSession.Status.RETURNED:
        session.status = NetworkSession.Status.PROPOSED
    session.save()
    _set_relations(session, data)
    record_event(actor=actor, school=session.school, verb="network.session_updated", target=session)
    if session.status == NetworkSession.Status.PUBLISHED:
        _promote_waiting(session)
    return session


@transaction.atomic
def publish_session(*, actor, session: NetworkSession, authorised_by_caller: bool = False) -> NetworkSession:
    """The network CPD lead publishes a proposal into the offer. Commissioning, having checked its own
    permissions, passes authorised_by_caller=True."""
    session = _locked(session)
    if not authorised_by_caller and not _reviews(actor, session.network):
        raise PermissionError("Only the network CPD lead publishes sessions.")
    if session.status == NetworkSession.Status.PUBLISHED:
        return session
    if session.status == NetworkSession.Status.CANCELLED:
        _refuse(None, _("This session has been cancelled."))
    if session.starts_at <= timezone.now():
        _refuse(None, _("This session's date has passed. Ask the leader to choose a new date before publishing."))
    now = timezone.now()
    session.status = NetworkSession.Status.PUBLISHED
    session.published_at = now
    session.reviewed_by = actor
    session.reviewed_at = now
    session.return_reason = ""
    session.save(update_fields=["status", "published_at", "reviewed_by", "reviewed_at", "return_reason"])
    record_event(actor=actor, school=session.school, verb="network.session_published", target=session)
    return session


@transaction.atomic
def return_session(*, actor, session: NetworkSession, reason: str) -> NetworkSession:
    session = _locked(session)
    if not _reviews(actor, session.network):
        raise PermissionError("Only the network CPD lead reviews sessions.")
    if session.status != NetworkSession.Status.PROPOSED:
        _refuse(None, _("Only a session waiting for review can be returned."))
    if not reason.strip():
        _refuse("reason", _("Say what the leader should change."))
    session.status = NetworkSession.Status.RETURNED
    session.return_reason = reason.strip()
    session.reviewed_by = actor
    session.reviewed_at = timezone.now()
    session.save(update_fields=["status", "return_reason", "reviewed_by", "reviewed_at"])
    record_event(actor=actor, school=session.school, verb="network.session_returned", target=session)
    _email(
        [session.leader.user.email],
        _("Your session “%(title)s” has been returned") % {"title": _one_line(session.title)},
        "network/email/session_returned.txt",
        {"session": session},
    )
    return session


@transaction.atomic
def cancel_session(*, actor, session: NetworkSession) -> NetworkSession:
    session = _locked(session)
    if not _reviews(actor, session.network) and actor.pk != session.leader.user_id:
        raise PermissionError("Only the leader or the network CPD lead cancels a session.")
    if session.status == NetworkSession.Status.CANCELLED:
        return session
    if session.starts_at <= timezone.now():
        _refuse(None, _("The session has already started, so it can no longer be cancelled."))
    session.status = NetworkSession.Status.CANCELLED
    session.cancelled_at = timezone.now()
    session.save(update_fields=["status", "cancelled_at"])
    booked = list(
        session.bookings.filter(status__in=ACTIVE)
        .select_related("member__user")
        .values_list("member__user__email", flat=True)
    )
    session.bookings.filter(status__in=ACTIVE).update(status=Booking.Status.CANCELLED, cancelled_at=timezone.now())
    record_event(actor=actor, school=session.school, verb="network.session_cancelled", target=session)
    _email(
        booked,
        _("Cancelled: %(title)s") % {"title": _one_line(session.title)},
        "network/email/session_cancelled.txt",
        {"session": session},
    )
    return session


# ---- bookings ----------------------------------------------------------------------------------------------


def school_needs_approval(school: School) -> bool:
    return NetworkSchoolSettings.objects.filter(school=school, bookings_need_approval=True).exists()


def can_book(member: Membership, session: NetworkSession) -> bool:
    """Whether the session is open to this person's school at all (not whether a place is free)."""
    if member.school_id not in network_school_ids(session.network):
        return False
    open_to = set(session.open_to_schools.values_list("pk", flat=True))
    return not open_to or member.school_id in open_to


def _allocate(session: NetworkSession, booking: Booking, now) -> None:
    """With the session row locked: a place if one is free, else the end of the waiting list."""
    taken = session.bookings.filter(status=Booking.Status.CONFIRMED).exclude(pk=booking.pk).count()
    booking.requested_at = now
    if taken < session.capacity:
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
    else:
        booking.status = Booking.Status.WAITING
        booking.confirmed_at = None


@transaction.atomic
def book_place(*, actor, member: Membership, session: NetworkSession) -> Booking:
    """Ask for a place. Returns the person's booking, which may be confirmed, waiting or awaiting approval.
    Asking again while a booking is active returns that same booking."""
    if member.user_id != actor.pk:
        raise PermissionError("People book places for themselves.")
    session = _locked(session)
    existing = Booking.objects.filter(session=session, member=member).first()
    if existing is not None and existing.is_active:
        return existing
    if session.status != NetworkSession.Status.PUBLISHED:
        _refuse(None, _("This session is not open for booking."))
    if session.starts_at <= timezone.now():
        _refuse(None, _("This session has already started or taken place, so it can no longer be booked."))
    if session.leader_id == member.pk:
        _refuse(None, _("You are leading this session, so you do not need a place."))
    if not member.is_active or not can_book(member, session):
        raise PermissionError("The session is not open to this person's school.")
    now = timezone.now()
    booking = existing or Booking(session=session, member=member, school=member.school)
    booking.cancelled_at = None
    booking.decided_by = None
    booking.decided_at = None
    booking.decline_reason = ""
    booking.attended = None
    if school_needs_approval(member.school):
        booking.status = Booking.Status.AWAITING_APPROVAL
        booking.requested_at = now
        booking.confirmed_at = None
    else:
        _allocate(session, booking, now)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        # Where row locks are not available, a simultaneous identical request may have saved first.
        return Booking.objects.get(session=session, member=member)
    record_event(
        actor=actor,
        school=member.school,
        verb="network.place_requested",
        target=booking,
        data={"session": session.pk, "status": booking.status},
    )
    if booking.status == Booking.Status.AWAITING_APPROVAL:
        approvers = _approver_emails(member)
        _email(
            approvers,
            _("Approval needed: %(name)s would like to attend “%(title)s”")
            % {"name": member.user.display_name, "title": _one_line(session.title)},
            "network/email/approval_needed.txt",
            {"booking": booking, "session": session},
        )
    return booking


def _approver_emails(member: Membership) -> list[str]:
    if member.line_manager_id:
        manager = Membership.objects.select_related("user").filter(pk=member.line_manager_id, is_active=True).first()
        if manager:
            return [manager.user.email]
    leaders = Membership.objects.active().filter(school_id=member.school_id).with_role(*SCHOOL_OVERVIEW_ROLES)
    return [m.user.email for m in leaders.select_related("user")]


@transaction.atomic
def decide_booking(*, actor, approver: Membership, booking: Booking, approve: bool, reason: str = "") -> Booking:
    """The line manager (or a school leader) approves or declines a request at their own school."""
    if approver.user_id != actor.pk:
        raise PermissionError("Approvers act for themselves.")
    session = _locked(booking.session)
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("member__user", "school").get(pk=booking.pk)
    )
    if not policies.can_decide_booking(approver, booking):
        raise PermissionError("Only the person's line manager or a school leader decides.")
    if booking.status != Booking.Status.AWAITING_APPROVAL:
        _refuse(None, _("This request has already been decided or withdrawn."))
    now = timezone.now()
    booking.decided_by = actor
    booking.decided_at = now
    if approve:
        if session.status != NetworkSession.Status.PUBLISHED or session.starts_at <= now:
            _refuse(None, _("The session is no longer open for booking, so the request cannot be approved."))
        _allocate(session, booking, now)
    else:
        booking.status = Booking.Status.DECLINED
        booking.decline_reason = reason.strip()
    booking.save()
    record_event(
        actor=actor,
        school=booking.school,
        verb="network.booking_approved" if approve else "network.booking_declined",
        target=booking,
        data={"status": booking.status},
    )
    _email(
        [booking.member.user.email],
        _("Your request for “%(title)s”") % {"title": _one_line(session.title)},
        "network/email/booking_decided.txt",
        {"booking": booking, "session": session},
    )
    return booking


@transaction.atomic
def cancel_booking(*, actor, booking: Booking) -> Booking:
    """The person withdraws; a freed place goes at once to the first person on the waiting list."""
    session = _locked(booking.session)
    booking = Booking.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=booking.pk)
    if booking.member.user_id != actor.pk:
        raise PermissionError("Only the person who booked cancels their place.")
    if not booking.is_active:
        return booking
    if session.starts_at <= timezone.now():
        _refuse(None, _("The session has already started, so the place can no longer be cancelled."))
    had_place = booking.status == Booking.Status.CONFIRMED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.confirmed_at = None
    booking.save(update_fields=["status", "cancelled_at", "confirmed_at"])
    record_event(actor=actor, school=booking.school, verb="network.booking_cancelled", target=booking)
    if had_place:
        _promote_waiting(session)
    return booking


def _promote_waiting(session: NetworkSession) -> list[Booking]:
    """With the session row locked: fill free places from the waiting list, first come first served."""
    free = session.capacity - session.bookings.filter(status=Booking.Status.CONFIRMED).count()
    if free <= 0 or session.starts_at <= timezone.now():
        return []
    promoted = list(
        session.bookings.filter(status=Booking.Status.WAITING)
        .select_related("member__user", "school")
        .order_by("requested_at", "id")[:free]
    )
    now = timezone.now()
    for booking in promoted:
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["status", "confirmed_at"])
        record_event(actor=None, school=booking.school, verb="network.booking_promoted", target=booking)
        _email(
            [booking.member.user.email],
            _("You have a place on “%(title)s”") % {"title": _one_line(session.title)},
            "network/email/place_confirmed.txt",
            {"booking": booking, "session": session},
        )
    return promoted


# ---- attendance, credit and feedback -----------------------------------------------------------------------


def session_hours(session: NetworkSession) -> Decimal:
    """Length to the nearest quarter hour, at least a quarter, as the learning record counts it."""
    minutes = Decimal((session.ends_at - session.starts_at).total_seconds()) / 60
    quarters = (minutes / 15).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return max(quarters, Decimal("1")) * Decimal("0.25")


def session_date(session: NetworkSession) -> datetime.date:
    return session.starts_at.astimezone(session.host_school.tz).date()


@transaction.atomic
def mark_attendance(*, actor, session: NetworkSession, attended_ids) -> NetworkSession:
    """The leader ticks who came. Each person who came gains the session on their own school's learning record
    (with its hours and the usual follow-up); the leader gains "led a session" once."""
    session = _locked(session)
    if actor.pk != session.leader.user_id:
        raise PermissionError("Only the session leader marks attendance.")
    if session.status != NetworkSession.Status.PUBLISHED:
        _refuse(None, _("Attendance is marked only for a published session."))
    if session.starts_at > timezone.now():
        _refuse(None, _("Mark attendance once the session has started."))
    attended_ids = {int(i) for i in attended_ids}
    bookings = list(
        session.bookings.select_for_update(of=("self",))
        .filter(status=Booking.Status.CONFIRMED)
        .select_related("member__user", "member__school", "school")
        .order_by("id")
    )
    credited_absent = [b for b in bookings if b.activity_id and b.pk not in attended_ids]
    if credited_absent:
        _refuse(
            None,
            _("%(names)s already have this session on their learning record, so they stay marked as attending.")
            % {"names": ", ".join(b.member.user.display_name for b in credited_absent)},
        )
    day = session_date(session)
    hours = session_hours(session)
    subjects = list(session.subjects.all())
    descriptors = list(session.descriptors.all())
    title = _("Network session: %(title)s") % {"title": session.title}
    for booking in bookings:
        came = booking.pk in attended_ids
        if came and booking.activity_id is None:
            booking.activity = record_activity(
                actor=booking.member.user,
                school=booking.school,
                data=ActivityData(
                    title=title[:200],
                    kind=ActivityKind.NETWORK_SESSION,
                    date=day,
                    hours=hours,
                    visibility=Visibility.PRIVATE,
                    subjects=subjects,
                    descriptors=descriptors,
                    learned=_("Led by %(name)s (%(school)s).")
                    % {"name": session.leader.user.display_name, "school": session.school.name},
                ),
            )
        booking.attended = came
        booking.save(update_fields=["attended", "activity"])
    if session.leader_activity_id is None:
        session.leader_activity = record_activity(
            actor=session.leader.user,
            school=session.school,
            data=ActivityData(
                title=(_("Led a network session: %(title)s") % {"title": session.title})[:200],
                kind=ActivityKind.NETWORK_SESSION,
                date=day,
                hours=hours,
                visibility=Visibility.PRIVATE,
                subjects=subjects,
                descriptors=descriptors,
            ),
        )
    session.attendance_marked_at = timezone.now()
    session.save(update_fields=["leader_activity", "attendance_marked_at"])
    record_event(
        actor=actor,
        school=session.school,
        verb="network.attendance_marked",
        target=session,
        data={"attended": sum(1 for b in bookings if b.attended), "booked": len(bookings)},
    )
    return session


@dataclass
class FeedbackData:
    worthwhile: int
    relevant: int
    learned: int
    will_use: str
    comments: str = ""


@transaction.atomic
def give_feedback(*, actor, booking: Booking, data: FeedbackData) -> SessionFeedback:
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("member__user", "session").get(pk=booking.pk)
    )
    if booking.member.user_id != actor.pk:
        raise PermissionError("People give their own feedback.")
    if booking.attended is not True:
        _refuse(None, _("Feedback opens once the leader has marked you as attending."))
    if SessionFeedback.objects.filter(booking=booking).exists():
        _refuse(None, _("You have already given feedback on this session. Thank you."))
    errors = {}
    for name in ("worthwhile", "relevant", "learned"):
        if getattr(data, name) not in range(1, 6):
            errors[name] = _("Choose one of the five answers.")
    if not data.will_use.strip():
        errors["will_use"] = _("Say what you will use, even if it is one small thing.")
    if errors:
        raise ValidationError(errors)
    feedback = SessionFeedback.objects.create(
        booking=booking,
        session=booking.session,
        school=booking.school,
        worthwhile=data.worthwhile,
        relevant=data.relevant,
        learned=data.learned,
        will_use=data.will_use.strip(),
        comments=data.comments.strip(),
    )
    record_event(actor=actor, school=booking.school, verb="network.feedback_given", target=feedback)
    return feedback


# ---- school settings and calendar feeds --------------------------------------------------------------------


@transaction.atomic
def save_school_settings(*, actor, membership: Membership, bookings_need_approval: bool) -> NetworkSchoolSettings:
    if membership.user_id != actor.pk or not policies.can_manage_school_settings(membership):
        raise PermissionError("Only school leaders change network settings.")
    row, _created = NetworkSchoolSettings.objects.select_for_update().get_or_create(school=membership.school)
    row.bookings_need_approval = bookings_need_approval
    row.save()
    record_event(
        actor=actor,
        school=membership.school,
        verb="network.settings_changed",
        target=row,
        data={"bookings_need_approval": bookings_need_approval},
    )
    return row


@transaction.atomic
def calendar_feed(*, actor, member: Membership) -> CalendarFeed:
    """The person's feed, created on first use."""
    if member.user_id != actor.pk:
        raise PermissionError("People manage their own calendar feed.")
    feed, created = CalendarFeed.objects.get_or_create(member=member)
    if created:
        record_event(actor=actor, school=member.school, verb="network.calendar_feed_created", target=feed)
    return feed


@transaction.atomic
def reset_calendar_feed(*, actor, member: Membership) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    if member.user_id != actor.pk:
        raise PermissionError("People manage their own calendar feed.")
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    record_event(actor=actor, school=member.school, verb="network.calendar_feed_reset", target=feed)
    return feed


@transaction.atomic
def revoke_calendar_feed(*, actor, member: Membership) -> None:
    if member.user_id != actor.pk:
        raise PermissionError("People manage their own calendar feed.")
    feed = CalendarFeed.objects.filter(member=member).first()
    if feed is not None:
        record_event(actor=actor, school=member.school, verb="network.calendar_feed_revoked", target=feed)
        feed.delete()


def note_feed_fetched(feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())


# ---- reminders ---------------------------------------------------------------------------------------------


def send_session_reminders(*, now: datetime.datetime | None = None, base_url: str) -> int:
    """Email everyone with a confirmed place on a session starting within the next day, once."""
    now = now or timezone.now()
    still_there = Membership.objects.active().filter(pk=OuterRef("member_id"))
    due = (
        Booking.objects.filter(
            Exists(still_there),
            status=Booking.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            session__status=NetworkSession.Status.PUBLISHED,
            session__starts_at__gt=now,
            session__starts_at__lte=now + datetime.timedelta(days=1),
            member__user__is_active=True,
        )
        .select_related("session__host_school", "session__leader__user", "member__user")
        .order_by("id")
    )
    sent = 0
    for booking in due.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                # Claiming the row first means two workers never send the same reminder twice.
                claimed = Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=now
                )
                if not claimed:
                    continue
                context = {
                    "booking": booking,
                    "session": booking.session,
                    "link": base_url.rstrip("/") + reverse("network:session", args=[booking.session_id]),
                }
                send_mail(
                    subject=_("Reminder: %(title)s") % {"title": _one_line(booking.session.title)},
                    message=render_to_string("network/email/reminder.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[booking.member.user.email],
                )
        except Exception:
            logger.exception("Could not send the reminder for network booking %s", booking.pk)
            continue
        sent += 1
    return sent


def _one_line(text: str) -> str:
    # A mail header may not contain a line break.
    return " ".join(text.split())


_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("network_emails_quiet", default=False)


@contextlib.contextmanager
def emails_suppressed():
    """For seeding demo data: the services run as usual but nobody is emailed."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _email(recipients, subject: str, template: str, context: dict) -> None:
    recipients = [r for r in recipients if r]
    if not recipients or _quiet.get():
        return
    message = render_to_string(template, {**context, "site_url": settings.SITE_URL})

    def send():
        try:
            send_mail(
                subject=subject,
                message=message,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
        except Exception:
            # A mail server hiccup must not undo a booking that has been made.
            logger.exception("Could not send %s", template)

    transaction.on_commit(send)
