"""The network's termly CPD offer: sessions led by any member of staff, bookings across schools, attendance,
feedback and personal calendar feeds.

What crosses the school gate is deliberate: a published session (title, description, leader's name and school,
where and when) is read by every school it is open to; a booking is read by the person who made it, their own
school's approvers, the session's leader and the network CPD lead; feedback is read, without names, by the
leader and the CPD lead. Nothing else from one school is shown to another.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import StaffGroup
from staffroom.organisations.models import Network, Phase, School, Subject


class NetworkSchoolSettings(models.Model):
    """How one school takes part in its networks' offers. A school without a row uses the defaults."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="network_settings")
    bookings_need_approval = models.BooleanField(
        _("bookings need line-manager approval"),
        default=False,
        help_text=_("When ticked, a place is requested only once the person's line manager has approved it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "network school settings"

    def __str__(self) -> str:
        return f"Network settings of {self.school}"


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class NetworkSession(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for review")
        RETURNED = "returned", _("Returned to the proposer")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="cpd_sessions")
    # The leader's school: it "gives" the session in the giving/taking view and owns the audit trail.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="network_sessions_led")
    leader = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="network_sessions_led")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    # Empty means every staff group, every phase and no particular subject.
    audience = models.JSONField(_("for staff groups"), default=list, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("subjects"))
    format = models.CharField(
        _("format"), max_length=20, choices=SessionFormat.choices, default=SessionFormat.IN_PERSON
    )
    host_school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="network_sessions_hosted", verbose_name=_("host school")
    )
    location = models.CharField(_("room, address or joining link"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    cost = models.DecimalField(
        _("cost per place (£)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    descriptors = models.ManyToManyField(
        "frameworks.Descriptor", blank=True, related_name="network_sessions", verbose_name=_("linked frameworks")
    )
    # Empty means the whole network; commissioned training sets the cluster's schools here.
    open_to_schools = models.ManyToManyField(
        School, blank=True, related_name="network_sessions_open_to", verbose_name=_("open to schools")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    leader_activity = models.OneToOneField(
        "learning.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["network", "status", "starts_at"]),
            models.Index(fields=["school", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="session_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def audience_labels(self) -> list[str]:
        return [StaffGroup(g).label for g in StaffGroup.values if g in (self.audience or [])]


class Booking(models.Model):
    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Waiting for line-manager approval")
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITING = "waiting", _("On the waiting list")
        DECLINED = "declined", _("Not approved")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(NetworkSession, on_delete=models.CASCADE, related_name="bookings")
    # The booker's school, not the host's: approval, tenancy and "taking" all follow the person.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="network_bookings")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="network_bookings")
    status = models.CharField(max_length=20, choices=Status.choices)
    # When the person joined the current queue; the waiting list is served in this order.
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    attended = models.BooleanField(null=True, blank=True)
    activity = models.OneToOneField(
        "learning.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="network_booking"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # One row per person and session, reused when they cancel and book again, so a double submit
            # can never create a second booking.
            models.UniqueConstraint(fields=["session", "member"], name="network_booking_one_per_person"),
        ]
        indexes = [
            models.Index(fields=["session", "status", "requested_at"]),
            models.Index(fields=["school", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.AWAITING_APPROVAL, self.Status.CONFIRMED, self.Status.WAITING)


class Rating(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEUTRAL = 3, _("Neither agree nor disagree")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")


class SessionFeedback(models.Model):
    """A short evaluation after the session: reactions (Guskey level 1) and learning (level 2). Levels 4–5 are
    asked later by the learning record's follow-up on the activity the attendance created."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    session = models.ForeignKey(NetworkSession, on_delete=models.CASCADE, related_name="feedback")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    worthwhile = models.PositiveSmallIntegerField(_("The session was a good use of my time"), choices=Rating.choices)
    relevant = models.PositiveSmallIntegerField(_("It was relevant to my role"), choices=Rating.choices)
    learned = models.PositiveSmallIntegerField(
        _("I know or can do something I could not before"), choices=Rating.choices
    )
    will_use = models.TextField(_("What will you use from it?"))
    comments = models.TextField(_("Anything else for the leader?"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Feedback on {self.session_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address a calendar app polls. Replacing the token revokes the old address at once."""

    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="network_calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.member}"
