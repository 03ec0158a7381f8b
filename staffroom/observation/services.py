"""Writes for peer learning. Every write takes the acting user, runs in one transaction and is audited."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import StaffGroup
from staffroom.core.audit import record_event
from staffroom.core.files import remove_private_file, save_private_file
from staffroom.learning.models import ActivityKind, Visibility
from staffroom.learning.services import ActivityData, record_activity
from staffroom.organisations.calendar import school_today

from . import matching, notifications, policies, selectors
from .files import check_observation_file
from .models import (
    ActionStep,
    Audience,
    CoachingPair,
    CoachingSession,
    FocusKind,
    LearningWalk,
    Observation,
    ObservationFile,
    ObservationTemplate,
    OpenSlot,
    PeerGroup,
    PeerGroupMember,
    PeerProfile,
    PeerVisit,
    SlotBooking,
    TemplatePrompt,
)

MAX_FILES_PER_UPLOAD = 3
OBSERVATION_HOURS = Decimal("1")
COACHING_HOURS = Decimal("0.5")
MAX_SLOT_LENGTH = datetime.timedelta(hours=4)
MAX_SLOT_CAPACITY = 30


def _hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    quarters = max(1, round((end - start).total_seconds() / 900))
    return Decimal(quarters) / 4


def _refuse(field_name: str | None, message: str):
    raise ValidationError({field_name: message} if field_name else message)


# ---- developmental observation ----------------------------------------------------------------------------


@dataclass
class Focus:
    kind: str
    descriptor: object = None
    objective: object = None
    action_step: object = None
    text: str = ""


@transaction.atomic
def invite_observer(
    *,
    actor,
    observed: Membership,
    observer: Membership,
    focus: Focus,
    planned_on: datetime.date,
    lesson: str = "",
    template: ObservationTemplate | None = None,
) -> Observation:
    """The person to be observed asks a colleague to watch, against a focus they chose."""
    if observed.user_id != actor.pk:
        raise PermissionError("Only the person observed invites an observer.")
    if observer.pk == observed.pk or observer.user_id == observed.user_id:
        _refuse("observer", _("Choose a colleague: you cannot observe yourself."))
    if observer.school_id != observed.school_id or not observer.is_active:
        _refuse("observer", _("Choose a colleague who works at your school."))
    if observer.staff_group == StaffGroup.GOVERNANCE:
        _refuse("observer", _("Choose a member of staff."))
    if planned_on < school_today(observed.school) - datetime.timedelta(days=60):
        _refuse("planned_on", _("Choose a lesson date no more than two months ago."))
    if template is not None and (template.school_id != observed.school_id or not template.is_active):
        _refuse("template", _("Choose one of your school's templates."))
    _check_focus(observed, focus)
    observation = Observation.objects.create(
        school=observed.school,
        observed=observed,
        observer=observer,
        template=template,
        focus_kind=focus.kind,
        focus_descriptor=focus.descriptor if focus.kind == FocusKind.DESCRIPTOR else None,
        focus_objective=focus.objective if focus.kind == FocusKind.OBJECTIVE else None,
        focus_action_step=focus.action_step if focus.kind == FocusKind.ACTION_STEP else None,
        focus_text=focus.text.strip(),
        planned_on=planned_on,
        lesson=lesson.strip(),
    )
    record_event(
        actor=actor,
        school=observed.school,
        verb="observation.invited",
        target=observation,
        data={"observer": observer.pk, "focus_kind": focus.kind},
    )
    notifications.observer_invited(observation)
    return observation


def _check_focus(observed: Membership, focus: Focus) -> None:
    required = {
        FocusKind.DESCRIPTOR: ("focus_descriptor", focus.descriptor, _("Choose the standard to focus on.")),
        FocusKind.OBJECTIVE: ("focus_objective", focus.objective, _("Choose the objective to focus on.")),
        FocusKind.ACTION_STEP: ("focus_action_step", focus.action_step, _("Choose the action step to focus on.")),
        FocusKind.OWN: ("focus_text", focus.text.strip(), _("Say in a few words what the observer should look at.")),
    }
    if focus.kind not in required:
        _refuse("focus_kind", _("Choose what the observation should focus on."))
    name, value, message = required[focus.kind]
    if not value:
        _refuse(name, message)
    if focus.kind == FocusKind.OBJECTIVE and focus.objective.appraisal.appraisee_id != observed.pk:
        _refuse("focus_objective", _("Choose one of your own objectives."))
    if focus.kind == FocusKind.ACTION_STEP and focus.action_step.school_id != observed.school_id:
        _refuse("focus_action_step", _("Choose one of your school's action steps."))


def _locked(observation: Observation) -> Observation:
    return (
        Observation.objects.select_for_update().select_related("school", "observed", "observer").get(pk=observation.pk)
    )


@transaction.atomic
def decline_observation(*, actor, observation: Observation) -> Observation:
    observation = _locked(observation)
    if observation.observer.user_id != actor.pk:
        raise PermissionError("Only the observer declines.")
    if observation.status != Observation.Status.INVITED:
        _refuse(None, _("This observation can no longer be declined."))
    observation.status = Observation.Status.DECLINED
    observation.save(update_fields=["status"])
    record_event(actor=actor, school=observation.school, verb="observation.declined", target=observation)
    return observation


@transaction.atomic
def withdraw_observation(*, actor, observation: Observation) -> Observation:
    observation = _locked(observation)
    if observation.observed.user_id != actor.pk:
        raise PermissionError("Only the person observed withdraws.")
    if not observation.is_open:
        _refuse(None, _("A finished observation stays in your record; it can no longer be withdrawn."))
    observation.status = Observation.Status.WITHDRAWN
    observation.save(update_fields=["status"])
    record_event(actor=actor, school=observation.school, verb="observation.withdrawn", target=observation)
    return observation


@transaction.atomic
def write_observation(*, actor, observation: Observation, answers: list[tuple[str, str]]) -> Observation:
    """The observer writes against the focus: one answer per prompt, or free notes. No grades."""
    observation = _locked(observation)
    if observation.observer.user_id != actor.pk:
        raise PermissionError("Only the observer writes the notes.")
    if not observation.is_open:
        _refuse(None, _("This observation is closed; the notes can no longer change."))
    cleaned = [{"prompt": prompt, "answer": answer.strip()} for prompt, answer in answers]
    if not any(item["answer"] for item in cleaned):
        _refuse(None, _("Write at least one note before saving."))
    observation.responses = cleaned
    observation.status = Observation.Status.WRITTEN
    observation.written_at = timezone.now()
    observation.save(update_fields=["responses", "status", "written_at"])
    record_event(actor=actor, school=observation.school, verb="observation.written", target=observation)
    notifications.notes_written(observation)
    return observation


@transaction.atomic
def record_conversation(
    *, actor, observation: Observation, held_on: datetime.date, notes: str, next_steps: str = ""
) -> Observation:
    """The follow-up conversation closes the observation and adds it to both people's learning records."""
    observation = _locked(observation)
    if actor.pk not in (observation.observed.user_id, observation.observer.user_id):
        raise PermissionError("Only the two people in the observation record the conversation.")
    if observation.status != Observation.Status.WRITTEN:
        _refuse(None, _("Record the conversation once the observer has written their notes."))
    today = school_today(observation.school)
    if held_on > today:
        _refuse("held_on", _("Record the conversation once it has happened."))
    if held_on < observation.planned_on:
        _refuse("held_on", _("The conversation cannot come before the lesson."))
    if not notes.strip():
        _refuse("notes", _("Say briefly what you talked about."))
    observation.conversation_on = held_on
    observation.conversation_notes = notes.strip()
    observation.next_steps = next_steps.strip()
    observation.status = Observation.Status.COMPLETED
    observation.completed_at = timezone.now()
    observation.save(update_fields=["conversation_on", "conversation_notes", "next_steps", "status", "completed_at"])
    focus = observation.focus_label[:120]
    descriptors = [observation.focus_descriptor] if observation.focus_descriptor_id else []
    record_activity(
        actor=observation.observed.user,
        school=observation.observed.school,
        data=ActivityData(
            title=_("Observed by %(name)s: %(focus)s")
            % {"name": observation.observer.user.display_name, "focus": focus},
            kind=ActivityKind.OBSERVATION_RECEIVED,
            date=observation.planned_on,
            hours=OBSERVATION_HOURS,
            visibility=Visibility.PRIVATE,
            descriptors=descriptors,
            will_try=observation.next_steps,
        ),
    )
    record_activity(
        actor=observation.observer.user,
        school=observation.observer.school,
        data=ActivityData(
            title=_("Observed %(name)s: %(focus)s") % {"name": observation.observed.user.display_name, "focus": focus},
            kind=ActivityKind.OBSERVATION_GIVEN,
            date=observation.planned_on,
            hours=OBSERVATION_HOURS,
            visibility=Visibility.PRIVATE,
            descriptors=descriptors,
        ),
    )
    record_event(actor=actor, school=observation.school, verb="observation.completed", target=observation)
    return observation


@transaction.atomic
def set_sharing(*, actor, observation: Observation, with_appraiser: bool, with_line_manager: bool) -> Observation:
    observation = _locked(observation)
    if observation.observed.user_id != actor.pk:
        raise PermissionError("Only the person observed decides who else reads it.")
    observation.share_with_appraiser = with_appraiser
    observation.share_with_line_manager = with_line_manager
    observation.save(update_fields=["share_with_appraiser", "share_with_line_manager"])
    record_event(
        actor=actor,
        school=observation.school,
        verb="observation.sharing_changed",
        target=observation,
        data={"appraiser": with_appraiser, "line_manager": with_line_manager},
    )
    return observation


@transaction.atomic
def add_files(*, actor, observation: Observation, files, shared: bool = False) -> list[ObservationFile]:
    if observation.observed.user_id != actor.pk:
        raise PermissionError("Only the person observed adds files.")
    if not files:
        _refuse("files", _("Choose a file to upload."))
    if len(files) > MAX_FILES_PER_UPLOAD:
        _refuse("files", _("Upload at most %(n)d files at a time.") % {"n": MAX_FILES_PER_UPLOAD})
    # Every file is checked before any is stored, so one bad file never leaves half an upload behind.
    checked = []
    for uploaded in files:
        try:
            checked.append((uploaded, check_observation_file(uploaded)))
        except ValidationError as exc:
            _refuse("files", exc.messages[0])
    stored = []
    for uploaded, content_type in checked:
        item = ObservationFile(school=observation.school, observation=observation, shared=shared)
        save_private_file(item, uploaded, content_type=content_type)
        stored.append(item)
        record_event(
            actor=actor,
            school=observation.school,
            verb="observation.file_added",
            target=item,
            data={"name": item.original_name, "size": item.size, "shared": shared},
        )
    return stored


@transaction.atomic
def remove_file(*, actor, item: ObservationFile) -> None:
    if item.observation.observed.user_id != actor.pk:
        raise PermissionError("Only the owner removes a file.")
    remove_private_file(actor=actor, item=item, verb="observation.file_removed")


# ---- templates --------------------------------------------------------------------------------------------


@dataclass
class PromptData:
    text: str
    descriptor: object = None


@transaction.atomic
def save_template(
    *,
    actor,
    school,
    name: str,
    introduction: str,
    prompts: list[PromptData],
    is_active: bool = True,
    template: ObservationTemplate | None = None,
) -> ObservationTemplate:
    name = name.strip()
    if not name:
        _refuse("name", _("Give the template a name."))
    clash = ObservationTemplate.objects.filter(school=school, name__iexact=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        _refuse("name", _("Your school already has a template with this name."))
    prompts = [p for p in prompts if p.text.strip()]
    if template is None:
        template = ObservationTemplate(school=school, created_by=actor)
    template.name = name
    template.introduction = introduction.strip()
    template.is_active = is_active
    template.save()
    # Past observations keep a copy of their prompts, so replacing the prompts rewrites no one's record.
    template.prompts.all().delete()
    TemplatePrompt.objects.bulk_create(
        [
            TemplatePrompt(school=school, template=template, text=p.text.strip(), descriptor=p.descriptor, order=i)
            for i, p in enumerate(prompts)
        ]
    )
    record_event(
        actor=actor,
        school=school,
        verb="observation.template_saved",
        target=template,
        data={"prompts": len(prompts)},
    )
    return template


# ---- learning walks ---------------------------------------------------------------------------------------


@dataclass
class WalkData:
    walked_on: datetime.date
    focus: str
    strengths: str
    development: str
    summary: str
    publish: bool = False


@transaction.atomic
def save_walk(*, actor, leader: Membership, data: WalkData, walk: LearningWalk | None = None) -> LearningWalk:
    if leader.user_id != actor.pk or not policies.can_lead_walks(leader):
        raise PermissionError("Only leaders record learning walks.")
    if data.walked_on > school_today(leader.school):
        _refuse("walked_on", _("Record a learning walk once it has happened."))
    if walk is None:
        walk = LearningWalk(school=leader.school, led_by=leader)
    for name in ("walked_on", "focus", "strengths", "development", "summary"):
        value = getattr(data, name)
        setattr(walk, name, value.strip() if isinstance(value, str) else value)
    if data.publish and walk.published_at is None:
        walk.published_at = timezone.now()
    elif not data.publish:
        walk.published_at = None
    walk.save()
    record_event(
        actor=actor,
        school=leader.school,
        verb="observation.walk_saved",
        target=walk,
        data={"published": walk.published_at is not None},
    )
    return walk


# ---- coaching ---------------------------------------------------------------------------------------------


@transaction.atomic
def save_action_step(
    *, actor, school, title: str, success: str, practice: str, subject=None, phase: str = ""
) -> ActionStep:
    title = title.strip()
    if ActionStep.objects.filter(school=school, title__iexact=title).exists():
        _refuse("title", _("The library already has an action step with this wording."))
    step = ActionStep.objects.create(
        school=school,
        title=title,
        success=success.strip(),
        practice=practice.strip(),
        subject=subject,
        phase=phase,
        created_by=actor,
    )
    record_event(actor=actor, school=school, verb="observation.action_step_added", target=step)
    return step


@transaction.atomic
def pair_coach(*, actor, school, coach: Membership, coachee: Membership) -> CoachingPair:
    if coach.pk == coachee.pk:
        _refuse("coachee", _("A coach and a coachee are two different people."))
    for person, name in ((coach, "coach"), (coachee, "coachee")):
        if person.school_id != school.pk or not person.is_active:
            _refuse(name, _("Choose someone who works at your school."))
    if CoachingPair.objects.filter(coach=coach, coachee=coachee, ended_at__isnull=True).exists():
        _refuse("coachee", _("These two are already paired."))
    pair = CoachingPair.objects.create(
        school=school, coach=coach, coachee=coachee, started_on=school_today(school), created_by=actor
    )
    record_event(actor=actor, school=school, verb="observation.coaching_paired", target=pair)
    return pair


@transaction.atomic
def end_pair(*, actor, pair: CoachingPair) -> CoachingPair:
    pair = CoachingPair.objects.select_for_update().get(pk=pair.pk)
    if pair.ended_at is None:
        pair.ended_at = timezone.now()
        pair.save(update_fields=["ended_at"])
        record_event(actor=actor, school=pair.school, verb="observation.coaching_ended", target=pair)
    return pair


@dataclass
class SessionData:
    visited_on: datetime.date
    action_step: ActionStep
    praise: str = ""
    previous_progress: str = ""
    rehearsed: bool = False
    notes: str = ""


@transaction.atomic
def record_coaching_session(*, actor, pair: CoachingPair, data: SessionData) -> CoachingSession:
    """A coaching visit: the step set, whether it was rehearsed, and both people's learning records."""
    pair = (
        CoachingPair.objects.select_for_update()
        .select_related("coach__user", "coachee__user", "school")
        .get(pk=pair.pk)
    )
    if pair.coach.user_id != actor.pk:
        raise PermissionError("Only the coach records a visit.")
    if pair.ended_at is not None:
        _refuse(None, _("This coaching has ended."))
    if data.action_step.school_id != pair.school_id:
        _refuse("action_step", _("Choose a step from your school's library."))
    if data.visited_on > school_today(pair.school):
        _refuse("visited_on", _("Record the visit once it has happened."))
    session = CoachingSession.objects.create(
        school=pair.school,
        pair=pair,
        visited_on=data.visited_on,
        praise=data.praise.strip(),
        previous_progress=data.previous_progress,
        action_step=data.action_step,
        rehearsed=data.rehearsed,
        notes=data.notes.strip(),
    )
    step = data.action_step
    for person, title in (
        (pair.coachee, _("Coaching with %(name)s: %(step)s") % {"name": pair.coach.user.display_name, "step": step}),
        (pair.coach, _("Coached %(name)s: %(step)s") % {"name": pair.coachee.user.display_name, "step": step}),
    ):
        record_activity(
            actor=person.user,
            school=person.school,
            data=ActivityData(
                title=title[:200],
                kind=ActivityKind.COACHING,
                date=data.visited_on,
                hours=COACHING_HOURS,
                visibility=Visibility.PRIVATE,
                subjects=[step.subject] if step.subject_id else [],
                will_try=step.title if person == pair.coachee else "",
            ),
        )
    record_event(
        actor=actor,
        school=pair.school,
        verb="observation.coaching_session_recorded",
        target=session,
        data={"action_step": step.pk, "rehearsed": data.rehearsed},
    )
    return session


# ---- open classrooms --------------------------------------------------------------------------------------


@dataclass
class SlotData:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    lesson: str
    focus: str
    audience: str = Audience.SCHOOL
    capacity: int = 2


@transaction.atomic
def offer_slot(*, actor, host: Membership, data: SlotData) -> OpenSlot:
    if host.user_id != actor.pk:
        raise PermissionError("Only the host offers their own classroom.")
    if not policies.can_offer_slots(host):
        _refuse(None, _("Open classrooms are offered by teachers and teaching assistants."))
    errors = {}
    if data.starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a time in the future.")
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = _("The lesson must end after it starts.")
    elif data.ends_at - data.starts_at > MAX_SLOT_LENGTH:
        errors["ends_at"] = _("A slot can be at most four hours long.")
    if not 1 <= data.capacity <= MAX_SLOT_CAPACITY:
        errors["capacity"] = _("Offer between 1 and %(n)d places.") % {"n": MAX_SLOT_CAPACITY}
    if not data.lesson.strip():
        errors["lesson"] = _("Say which lesson it is.")
    if errors:
        raise ValidationError(errors)
    # Locking the host's membership makes two offers at once from the same person take turns, so the
    # overlap check below cannot be raced.
    Membership.objects.select_for_update().filter(pk=host.pk).first()
    overlapping = OpenSlot.objects.filter(
        host=host, cancelled_at__isnull=True, starts_at__lt=data.ends_at, ends_at__gt=data.starts_at
    )
    if overlapping.exists():
        _refuse("starts_at", _("You already offer a slot at this time. Choose another time."))
    slot = OpenSlot.objects.create(
        school=host.school,
        host=host,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        lesson=data.lesson.strip(),
        focus=data.focus.strip(),
        audience=data.audience,
        capacity=data.capacity,
    )
    record_event(
        actor=actor,
        school=host.school,
        verb="observation.slot_offered",
        target=slot,
        data={"audience": data.audience, "capacity": data.capacity},
    )
    return slot


@transaction.atomic
def cancel_slot(*, actor, slot: OpenSlot) -> OpenSlot:
    slot = OpenSlot.objects.select_for_update().select_related("host").get(pk=slot.pk)
    if slot.host.user_id != actor.pk:
        raise PermissionError("Only the host cancels.")
    if slot.cancelled_at is None:
        slot.cancelled_at = timezone.now()
        slot.save(update_fields=["cancelled_at"])
        record_event(actor=actor, school=slot.school, verb="observation.slot_cancelled", target=slot)
    return slot


class SlotFull(ValidationError):
    pass


@transaction.atomic
def book_slot(*, actor, visitor: Membership, slot: OpenSlot) -> SlotBooking:
    """Take a place. The slot row is locked, so two people asking for the last place are served one at a time;
    the unique (slot, seat) constraint is the backstop where locking is not available."""
    if visitor.user_id != actor.pk:
        raise PermissionError("People book places for themselves.")
    slot = OpenSlot.objects.select_for_update().select_related("host").get(pk=slot.pk)
    if slot.host_id == visitor.pk or slot.host.user_id == visitor.user_id:
        _refuse(None, _("This is your own lesson: you are the host."))
    if slot.cancelled_at is not None:
        _refuse(None, _("This slot has been cancelled."))
    if slot.starts_at <= timezone.now():
        _refuse(None, _("This lesson has already started; choose a later slot."))
    if slot.school_id != visitor.school_id and slot.audience != Audience.NETWORK:
        raise PermissionError("A school-only slot is for the host's colleagues.")
    if SlotBooking.objects.filter(slot=slot, visitor=visitor).exists():
        _refuse(None, _("You already have a place on this slot."))
    taken = set(SlotBooking.objects.filter(slot=slot).values_list("seat", flat=True))
    free = [seat for seat in range(1, slot.capacity + 1) if seat not in taken]
    if not free:
        raise SlotFull(_("Sorry, every place has been taken."))
    try:
        with transaction.atomic():
            booking = SlotBooking.objects.create(school=slot.school, slot=slot, visitor=visitor, seat=free[0])
    except IntegrityError:
        raise SlotFull(_("Sorry, every place has been taken.")) from None
    record_event(
        actor=actor,
        school=slot.school,
        verb="observation.slot_booked",
        target=booking,
        data={"visitor_school": visitor.school_id},
    )
    notifications.slot_booked(booking)
    return booking


@transaction.atomic
def cancel_booking(*, actor, booking: SlotBooking) -> None:
    booking = (
        SlotBooking.objects.select_for_update(of=("self",))
        .select_related("slot__host__user", "visitor__user", "visitor__school")
        .get(pk=booking.pk)
    )
    if booking.visitor.user_id != actor.pk:
        raise PermissionError("Only the visitor cancels their place.")
    if booking.visited_at is not None:
        _refuse(None, _("You have recorded this visit, so the place is kept."))
    record_event(actor=actor, school=booking.school, verb="observation.booking_cancelled", target=booking)
    notifications.slot_booked(booking, cancelled=True)
    booking.delete()


def _record_visit_for_both(
    *, visitor, visitor_title: str, host, host_title: str, day, hours, learned: str, will_try: str
) -> None:
    """A classroom visit counts as professional learning for both sides; only the visitor has something to try."""
    for person, title, tries in ((visitor, visitor_title, will_try), (host, host_title, "")):
        record_activity(
            actor=person.user,
            school=person.school,
            data=ActivityData(
                title=title[:200],
                kind=ActivityKind.OTHER,
                date=day,
                hours=hours,
                visibility=Visibility.PRIVATE,
                learned=learned,
                will_try=tries,
            ),
        )


@transaction.atomic
def record_visit(*, actor, booking: SlotBooking, will_try: str) -> SlotBooking:
    """After the lesson the visitor says what they will try; both visitor and host gain a learning record."""
    booking = (
        SlotBooking.objects.select_for_update()
        .select_related("slot__host__user", "slot__host__school", "visitor__user", "visitor__school")
        .get(pk=booking.pk)
    )
    if booking.visitor.user_id != actor.pk:
        raise PermissionError("Only the visitor records their visit.")
    if booking.visited_at is not None:
        _refuse(None, _("You have already recorded this visit."))
    slot = booking.slot
    if slot.cancelled_at is not None:
        _refuse(None, _("This slot was cancelled."))
    if slot.starts_at > timezone.now():
        _refuse(None, _("Record the visit after the lesson."))
    if not will_try.strip():
        _refuse("will_try", _("Say what you will try in your own lessons."))
    booking.visited_at = timezone.now()
    booking.will_try = will_try.strip()
    booking.save(update_fields=["visited_at", "will_try"])
    host, visitor = slot.host, booking.visitor
    day = slot.starts_at.astimezone(slot.school.tz).date()
    hours = _hours_between(slot.starts_at, slot.ends_at)
    _record_visit_for_both(
        visitor=visitor,
        visitor_title=_("Open classroom: visited %(name)s, %(lesson)s")
        % {"name": host.user.display_name, "lesson": slot.lesson},
        host=host,
        host_title=_("Open classroom: hosted %(name)s, %(lesson)s")
        % {"name": visitor.user.display_name, "lesson": slot.lesson},
        day=day,
        hours=hours,
        learned=slot.focus,
        will_try=booking.will_try,
    )
    record_event(actor=actor, school=slot.school, verb="observation.visit_recorded", target=booking)
    return booking


# ---- find a peer ------------------------------------------------------------------------------------------


@dataclass
class ProfileData:
    opted_in: bool
    reach: str
    group_size: int
    career_stage: str = ""
    phase: str = ""
    key_stages: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    descriptors: list = field(default_factory=list)
    action_steps: list = field(default_factory=list)


@transaction.atomic
def save_peer_profile(*, actor, membership: Membership, data: ProfileData) -> PeerProfile:
    if membership.user_id != actor.pk:
        raise PermissionError("People describe only themselves.")
    profile, _created = PeerProfile.objects.get_or_create(membership=membership, defaults={"school": membership.school})
    for name in ("opted_in", "reach", "group_size", "career_stage", "phase", "key_stages"):
        setattr(profile, name, getattr(data, name))
    profile.save()
    profile.subjects.set(data.subjects)
    profile.descriptors.set(data.descriptors)
    profile.action_steps.set([s for s in data.action_steps if s.school_id == membership.school_id])
    record_event(
        actor=actor,
        school=membership.school,
        verb="observation.peer_profile_saved",
        target=profile,
        data={"opted_in": data.opted_in, "reach": data.reach},
    )
    return profile


# ---- peer groups (pairs and triads) -----------------------------------------------------------------------

PEER_VISIT_HOURS = Decimal("1")


def _member_set(group: PeerGroup) -> frozenset[int]:
    return frozenset(m.membership_id for m in group.members.all())


@transaction.atomic
def propose_peer_group(*, actor, proposer: Membership, invitees: list[Membership]) -> PeerGroup:
    """From a Find-a-peer suggestion: invite one colleague (a pair) or two (a triad) to reciprocal visits.

    The group is checked again here, not taken on trust from the page: everyone must have opted in and be
    reachable by the proposer, every two members must share a position, and a group across schools needs
    everyone in it to have chosen the network. The reason stored is the one matching gives for the group.
    """
    if proposer.user_id != actor.pk:
        raise PermissionError("People propose groups for themselves.")
    invitees = list({m.pk: m for m in invitees}.values())
    if not 1 <= len(invitees) <= 2:
        _refuse(None, _("A peer group is a pair or a triad: choose one or two colleagues."))
    profile = selectors.full_peer_profile(membership=proposer)
    if profile is None or not profile.opted_in:
        _refuse(None, _("Take part in Find a peer before proposing a group."))
    candidates = {p.membership_id: p for p in selectors.candidate_profiles(membership=proposer, profile=profile)}
    if any(m.pk not in candidates for m in invitees):
        _refuse(None, _("Choose from the colleagues suggested to you."))
    profiles = [profile, *(candidates[m.pk] for m in invitees)]
    if len({p.membership.school_id for p in profiles}) > 1 and any(
        p.reach != PeerProfile.Reach.NETWORK for p in profiles
    ):
        _refuse(None, _("A group across schools needs everyone in it to have chosen to look across the network."))
    facts = [selectors.peer_facts(p) for p in profiles]
    described = matching.describe_group(facts[0], tuple(facts[1:]))
    if described is None:
        _refuse(None, _("Everyone in a group needs a focus or subject in common with each of the others."))
    wanted = frozenset(p.membership_id for p in profiles)
    open_groups = PeerGroup.objects.filter(
        members__membership=proposer, status__in=[PeerGroup.Status.PROPOSED, PeerGroup.Status.ACTIVE]
    ).prefetch_related("members")
    if any(_member_set(g) == wanted for g in open_groups):
        _refuse(None, _("You already have a group with these colleagues."))
    reason, details = described
    group = PeerGroup.objects.create(
        school=proposer.school, proposed_by=proposer, reason=reason[:500], details=list(details)
    )
    now = timezone.now()
    PeerGroupMember.objects.bulk_create(
        [
            PeerGroupMember(
                group=group,
                school_id=proposer.school_id,
                membership=proposer,
                response=PeerGroupMember.Response.ACCEPTED,
                responded_at=now,
            ),
            *(PeerGroupMember(group=group, school_id=m.school_id, membership=m) for m in invitees),
        ]
    )
    record_event(
        actor=actor,
        school=proposer.school,
        verb="observation.peer_group_proposed",
        target=group,
        data={"members": sorted(wanted), "across_schools": len({p.membership.school_id for p in profiles}) > 1},
    )
    notifications.peer_group_proposed(
        group, proposer=proposer, invitees=[candidates[m.pk].membership for m in invitees]
    )
    return group


@transaction.atomic
def respond_to_peer_group(*, actor, membership: Membership, group: PeerGroup, accept: bool) -> PeerGroup:
    """An invitee accepts or declines. The group starts once everyone has accepted; one refusal ends it."""
    if membership.user_id != actor.pk:
        raise PermissionError("People answer for themselves.")
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    member = PeerGroupMember.objects.filter(group=group, membership=membership).first()
    if member is None or group.proposed_by_id == membership.pk:
        raise PermissionError("Only the people invited answer.")
    if group.status != PeerGroup.Status.PROPOSED:
        _refuse(None, _("This group is no longer waiting for answers."))
    if member.response != PeerGroupMember.Response.PENDING:
        _refuse(None, _("You have already answered."))
    member.response = PeerGroupMember.Response.ACCEPTED if accept else PeerGroupMember.Response.DECLINED
    member.responded_at = timezone.now()
    member.save(update_fields=["response", "responded_at"])
    if not accept:
        group.status = PeerGroup.Status.DECLINED
    elif not group.members.exclude(response=PeerGroupMember.Response.ACCEPTED).exists():
        group.status = PeerGroup.Status.ACTIVE
        group.activated_at = timezone.now()
    group.save(update_fields=["status", "activated_at"])
    record_event(
        actor=actor,
        school=membership.school,
        verb="observation.peer_group_accepted" if accept else "observation.peer_group_declined",
        target=group,
    )
    return group


@transaction.atomic
def record_peer_visit(
    *,
    actor,
    group: PeerGroup,
    visitor: Membership,
    host: Membership,
    visited_on: datetime.date,
    will_try: str,
    lesson: str = "",
) -> PeerVisit:
    """The visitor records a visit to another member's lesson; both gain a private learning record."""
    if visitor.user_id != actor.pk:
        raise PermissionError("The visitor records their own visit.")
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    members = {
        m.membership_id: m.membership for m in group.members.select_related("membership__user", "membership__school")
    }
    if visitor.pk not in members:
        raise PermissionError("Only members of the group record its visits.")
    if group.status != PeerGroup.Status.ACTIVE:
        _refuse(None, _("Visits are recorded once everyone has accepted, while the group is active."))
    if host.pk not in members or host.pk == visitor.pk:
        _refuse("host", _("Choose another member of your group."))
    host, visitor = members[host.pk], members[visitor.pk]
    if visited_on > school_today(visitor.school):
        _refuse("visited_on", _("Record the visit once it has happened."))
    if visited_on < group.created_at.astimezone(visitor.school.tz).date():
        _refuse("visited_on", _("The visit cannot come before the group was formed."))
    if not will_try.strip():
        _refuse("will_try", _("Say what you will try in your own lessons."))
    if PeerVisit.objects.filter(group=group, host=host, visitor=visitor).exists():
        _refuse("host", _("You have already recorded your visit to this colleague."))
    visit = PeerVisit.objects.create(
        group=group,
        school=host.school,
        host=host,
        visitor=visitor,
        visited_on=visited_on,
        lesson=lesson.strip(),
        will_try=will_try.strip(),
    )
    lesson_part = f", {visit.lesson}" if visit.lesson else ""
    _record_visit_for_both(
        visitor=visitor,
        visitor_title=_("Peer visit: visited %(name)s") % {"name": host.user.display_name} + lesson_part,
        host=host,
        host_title=_("Peer visit: hosted %(name)s") % {"name": visitor.user.display_name} + lesson_part,
        day=visited_on,
        hours=PEER_VISIT_HOURS,
        learned=group.reason,
        will_try=visit.will_try,
    )
    # Once everyone has hosted and visited everyone else, the plan is done.
    if PeerVisit.objects.filter(group=group).count() == len(members) * (len(members) - 1):
        group.status = PeerGroup.Status.ENDED
        group.save(update_fields=["status"])
    record_event(actor=actor, school=visitor.school, verb="observation.peer_visit_recorded", target=visit)
    return visit
