"""Peer learning: developmental observation owned by the person observed, school observation templates,
learning walks recorded as school-level themes, instructional coaching, open classrooms and finding a peer.

Nothing here is graded. Every row carries the school it belongs to: the observed person's, the coachee's or
the host's. The only rows read from another school are network-wide open-classroom slots and the opt-in peer
profiles of people who chose to be found across the network.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.organisations.models import Phase, School, Subject


class FocusKind(models.TextChoices):
    DESCRIPTOR = "descriptor", _("A standard")
    OBJECTIVE = "objective", _("One of my appraisal objectives")
    ACTION_STEP = "action_step", _("A coaching action step")
    OWN = "own", _("In my own words")


class ObservationTemplate(models.Model):
    """A school's own set of prompts for observers; with none chosen, the observer writes free notes."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="observation_templates")
    name = models.CharField(_("name"), max_length=120)
    introduction = models.TextField(_("guidance for the observer"), blank=True)
    is_active = models.BooleanField(_("offered to staff"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="observation_template_name_unique")]

    def __str__(self) -> str:
        return self.name


class TemplatePrompt(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(ObservationTemplate, on_delete=models.CASCADE, related_name="prompts")
    text = models.CharField(_("prompt"), max_length=300)
    descriptor = models.ForeignKey(
        "frameworks.Descriptor", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class ActionStep(models.Model):
    """One small, practisable change in a school's coaching library."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="action_steps")
    title = models.CharField(_("action step"), max_length=200)
    success = models.TextField(_("what success looks like"))
    practice = models.TextField(_("a way to practise it"))
    subject = models.ForeignKey(
        Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("subject")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "title"], name="action_step_title_unique")]

    def __str__(self) -> str:
        return self.title


class Observation(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        WRITTEN = "written", _("Notes written")
        COMPLETED = "completed", _("Conversation held")
        DECLINED = "declined", _("Declined by the observer")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="observations")
    observed = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="observations_of_me")
    observer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="observations_i_give")
    template = models.ForeignKey(
        ObservationTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations"
    )
    focus_kind = models.CharField(_("focus"), max_length=20, choices=FocusKind.choices)
    focus_descriptor = models.ForeignKey(
        "frameworks.Descriptor", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    focus_objective = models.ForeignKey(
        "appraisal.Objective", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    focus_action_step = models.ForeignKey(
        ActionStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    focus_text = models.TextField(_("the focus in your words"), blank=True)
    planned_on = models.DateField(_("date of the lesson"))
    lesson = models.CharField(_("lesson"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    # A snapshot of each prompt with the observer's answer, so that editing a template never rewrites history.
    responses = models.JSONField(default=list, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    conversation_on = models.DateField(_("date of the conversation"), null=True, blank=True)
    conversation_notes = models.TextField(_("what we talked about"), blank=True)
    next_steps = models.TextField(_("what I will try next"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    share_with_appraiser = models.BooleanField(_("share with my appraiser"), default=False)
    share_with_line_manager = models.BooleanField(_("share with my line manager"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_on", "-id"]
        indexes = [
            models.Index(fields=["school", "observed"]),
            models.Index(fields=["school", "observer"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(observed=models.F("observer")), name="observation_not_self"),
        ]

    def __str__(self) -> str:
        return f"Observation {self.pk}"

    @property
    def focus_label(self) -> str:
        if self.focus_kind == FocusKind.DESCRIPTOR and self.focus_descriptor_id:
            return f"{self.focus_descriptor.code}: {self.focus_descriptor.text}"
        if self.focus_kind == FocusKind.OBJECTIVE and self.focus_objective_id:
            return self.focus_objective.title
        if self.focus_kind == FocusKind.ACTION_STEP and self.focus_action_step_id:
            return self.focus_action_step.title
        return self.focus_text

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.INVITED, self.Status.WRITTEN)


def _file_path(instance, filename: str) -> str:
    return f"observation/{instance.school_id}/{uuid.uuid4().hex}"


class ObservationFile(models.Model):
    """A video or file the observed person keeps for their own reflection; private unless they share it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_file_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    shared = models.BooleanField(_("let the people who can read this observation see it"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class LearningWalk(models.Model):
    """What leaders noticed across many classrooms, as themes about the school, never about a person."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="learning_walks")
    led_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    walked_on = models.DateField(_("date"))
    focus = models.CharField(_("focus of the walk"), max_length=200)
    strengths = models.TextField(_("strengths we saw across the school"))
    development = models.TextField(_("themes to develop together"))
    summary = models.TextField(_("summary for staff"))
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-walked_on", "-id"]

    def __str__(self) -> str:
        return self.focus


class CoachingPair(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="coaching_pairs")
    coach = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="coaching_as_coach")
    coachee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="coaching_as_coachee")
    started_on = models.DateField(_("started on"))
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(coach=models.F("coachee")), name="coaching_not_self"),
            models.UniqueConstraint(
                fields=["coach", "coachee"], condition=models.Q(ended_at__isnull=True), name="coaching_pair_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Coaching {self.pk}"


class CoachingSession(models.Model):
    """One visit: what the coach saw, how the last step went, the next step set and whether it was rehearsed."""

    class Progress(models.TextChoices):
        SECURE = "secure", _("Secure: ready for a new step")
        DEVELOPING = "developing", _("Developing: keep practising")
        NOT_YET = "not_yet", _("Not seen yet")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(CoachingPair, on_delete=models.CASCADE, related_name="sessions")
    visited_on = models.DateField(_("date of the visit"))
    praise = models.TextField(_("what went well"), blank=True)
    previous_progress = models.CharField(_("the previous step"), max_length=20, choices=Progress.choices, blank=True)
    action_step = models.ForeignKey(
        ActionStep, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("next action step")
    )
    rehearsed = models.BooleanField(_("we rehearsed the step together"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"Coaching visit {self.pk}"


class Audience(models.TextChoices):
    SCHOOL = "school", _("Colleagues at my school")
    NETWORK = "network", _("Colleagues across our network")


class OpenSlot(models.Model):
    """A "come and see" lesson a colleague offers."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="open_slots")
    host = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="open_slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    lesson = models.CharField(_("lesson"), max_length=200)
    focus = models.CharField(_("what to look out for"), max_length=300)
    audience = models.CharField(_("open to"), max_length=20, choices=Audience.choices, default=Audience.SCHOOL)
    capacity = models.PositiveSmallIntegerField(_("places"), default=2)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["school", "starts_at"]), models.Index(fields=["audience", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="slot_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.lesson


class SlotBooking(models.Model):
    """A place on a slot. Seat numbers are unique per slot, so two bookings can never share the last place."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(OpenSlot, on_delete=models.CASCADE, related_name="bookings")
    visitor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="open_slot_bookings")
    seat = models.PositiveSmallIntegerField()
    booked_at = models.DateTimeField(auto_now_add=True)
    visited_at = models.DateTimeField(null=True, blank=True)
    will_try = models.TextField(_("what I will try"), blank=True)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "seat"], name="slot_booking_seat_unique"),
            models.UniqueConstraint(fields=["slot", "visitor"], name="slot_booking_visitor_unique"),
        ]

    def __str__(self) -> str:
        return f"Booking {self.pk}"


class CareerStage(models.TextChoices):
    TRAINEE = "trainee", _("Trainee or early career teacher")
    EARLY = "early", _("Early career (2 to 5 years in the role)")
    EXPERIENCED = "experienced", _("Experienced")
    MIDDLE_LEADER = "middle_leader", _("Middle leader")
    SENIOR_LEADER = "senior_leader", _("Senior leader")
    SUPPORT = "support", _("Teaching assistant or support staff")


class PeerProfile(models.Model):
    """What a person who opts in to "Find a peer" is working on. Only what is here is ever shown to others."""

    class Reach(models.TextChoices):
        SCHOOL = "school", _("My school")
        NETWORK = "network", _("My school and our network")

    class GroupSize(models.IntegerChoices):
        PAIR = 2, _("A pair")
        TRIAD = 3, _("A triad (three of us)")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="peer_profile")
    opted_in = models.BooleanField(_("suggest me as a peer"), default=False)
    reach = models.CharField(_("look for peers in"), max_length=20, choices=Reach.choices, default=Reach.SCHOOL)
    group_size = models.PositiveSmallIntegerField(
        _("I would like to work in"), choices=GroupSize.choices, default=GroupSize.PAIR
    )
    career_stage = models.CharField(_("career stage"), max_length=20, choices=CareerStage.choices, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    key_stages = models.JSONField(_("key stages"), default=list, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("subjects"))
    descriptors = models.ManyToManyField(
        "frameworks.Descriptor", blank=True, related_name="+", verbose_name=_("standards I am working on")
    )
    action_steps = models.ManyToManyField(
        ActionStep, blank=True, related_name="+", verbose_name=_("action steps I am working on")
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Peer profile {self.pk}"


class PeerGroup(models.Model):
    """A pair or triad formed from a Find-a-peer suggestion, for reciprocal visits between its members.

    It belongs to nobody's school in particular (members may work at different schools in one network), so it is
    read through membership of the group, never through a school. `school` is the proposer's, for the audit log.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for everyone to accept")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Not going ahead")
        ENDED = "ended", _("Finished")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    # The suggestion's reason, kept as it was when the group was proposed, so everyone invited reads the same why.
    reason = models.CharField(_("why we were matched"), max_length=500)
    details = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Peer group {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PROPOSED, self.Status.ACTIVE)


class PeerGroupMember(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="peer_groups")
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["group", "membership"], name="peer_group_member_once")]

    def __str__(self) -> str:
        return f"Peer group member {self.pk}"


class PeerVisit(models.Model):
    """One member visiting another's lesson, recorded by the visitor with what they will try."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="visits")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")  # the host's
    host = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    visitor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    visited_on = models.DateField(_("date of the visit"))
    lesson = models.CharField(_("lesson"), max_length=200, blank=True)
    will_try = models.TextField(_("what I will try"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "host", "visitor"], name="peer_visit_once"),
            models.CheckConstraint(condition=~models.Q(host=models.F("visitor")), name="peer_visit_not_self"),
        ]

    def __str__(self) -> str:
        return f"Peer visit {self.pk}"
