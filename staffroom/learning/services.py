"""Writes to the professional learning record."""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership
from staffroom.core.audit import record_event
from staffroom.core.files import remove_private_file, save_private_file
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import School

from .evidence import MAX_FILES_PER_UPLOAD, check_evidence_file
from .models import MAX_HOURS_OTHER, MAX_HOURS_QUALIFICATION, Activity, ActivityKind, Evidence, FollowUp

EARLIEST_DATE = datetime.date(1970, 1, 1)
FUTURE_ALLOWANCE = datetime.timedelta(days=31)
LATEST_FOLLOW_UP = datetime.timedelta(days=366)

logger = logging.getLogger(__name__)


@dataclass
class ActivityData:
    title: str
    kind: str
    date: datetime.date
    hours: Decimal
    visibility: str
    subjects: list = field(default_factory=list)
    descriptors: list = field(default_factory=list)
    learned: str = ""
    will_try: str = ""
    pupils: str = ""
    success_measure: str = ""
    follow_up_on: datetime.date | None = None


def validate_activity_fields(
    *,
    school: School,
    kind: str | None,
    date: datetime.date | None,
    hours: Decimal | None,
    follow_up_on: datetime.date | None = None,
) -> dict[str, str]:
    """Errors by field name. The form and the services both call this, so the rules live in one place."""
    errors = {}
    limit = MAX_HOURS_QUALIFICATION if kind == ActivityKind.QUALIFICATION else MAX_HOURS_OTHER
    if hours is not None:
        if hours <= 0:
            errors["hours"] = _("Hours must be more than zero.")
        elif hours > limit:
            errors["hours"] = (
                _("A qualification can be at most %(limit)s hours.")
                if kind == ActivityKind.QUALIFICATION
                else _(
                    "One activity can be at most %(limit)s hours. Record a longer programme as a "
                    "qualification, or in parts."
                )
            ) % {"limit": f"{limit:,.0f}"}
    today = school_today(school)
    if date is not None:
        if date > today + FUTURE_ALLOWANCE:
            errors["date"] = _(
                "The date is more than a month ahead. Record the activity once it has happened or is about to."
            )
        elif date < EARLIEST_DATE:
            errors["date"] = _("The date is too far in the past.")
    if follow_up_on is not None:
        if follow_up_on < today:
            errors["follow_up_on"] = _("Choose a revisit date from today onwards.")
        elif follow_up_on > today + LATEST_FOLLOW_UP:
            errors["follow_up_on"] = _("Choose a revisit date within a year.")
    return errors


def default_follow_up_date(*, school: School, activity_date: datetime.date) -> datetime.date:
    start = max(activity_date, school_today(school))
    return start + datetime.timedelta(weeks=school.follow_up_weeks)


def _check(school: School, data: ActivityData, files) -> list[str]:
    errors = validate_activity_fields(
        school=school, kind=data.kind, date=data.date, hours=data.hours, follow_up_on=data.follow_up_on
    )
    if len(files) > MAX_FILES_PER_UPLOAD:
        errors["files"] = _("Attach at most %(n)d files at a time.") % {"n": MAX_FILES_PER_UPLOAD}
    content_types = []
    for uploaded in files:
        try:
            content_types.append(check_evidence_file(uploaded))
        except ValidationError as exc:
            errors["files"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return content_types


def _apply(activity: Activity, data: ActivityData) -> None:
    for name in ("kind", "date", "hours", "learned", "will_try", "pupils", "success_measure", "visibility"):
        setattr(activity, name, getattr(data, name))
    activity.title = data.title.strip()
    activity.subject_specific = bool(data.subjects)


def _attach(*, actor, activity: Activity, files, content_types: list[str]) -> None:
    # Every file was checked before anything was written, so a bad file never leaves a half-saved record.
    for uploaded, content_type in zip(files, content_types, strict=True):
        evidence = Evidence(school=activity.school, activity=activity, uploaded_by=actor)
        save_private_file(evidence, uploaded, content_type=content_type)
        record_event(
            actor=actor,
            school=activity.school,
            verb="learning.evidence_added",
            target=evidence,
            data={"name": evidence.original_name, "size": evidence.size},
        )


@transaction.atomic
def record_activity(*, actor, school: School, data: ActivityData, files=()) -> Activity:
    content_types = _check(school, data, files)
    activity = Activity(school=school, owner=actor)
    _apply(activity, data)
    activity.save()
    activity.subjects.set(data.subjects)
    activity.descriptors.set(data.descriptors)
    FollowUp.objects.create(
        school=school,
        owner=actor,
        activity=activity,
        due_on=data.follow_up_on or default_follow_up_date(school=school, activity_date=data.date),
    )
    _attach(actor=actor, activity=activity, files=files, content_types=content_types)
    record_event(
        actor=actor,
        school=school,
        verb="learning.activity_recorded",
        target=activity,
        data={"kind": data.kind, "hours": str(data.hours)},
    )
    return activity


@transaction.atomic
def update_activity(*, actor, activity: Activity, data: ActivityData, files=()) -> Activity:
    """Raises Activity.DoesNotExist if the activity was deleted meanwhile."""
    if activity.owner_id != actor.pk:
        raise PermissionError("Only the owner changes an activity.")
    content_types = _check(activity.school, data, files)
    activity = Activity.objects.select_for_update().select_related("school").get(pk=activity.pk)
    _apply(activity, data)
    activity.save()
    activity.subjects.set(data.subjects)
    activity.descriptors.set(data.descriptors)
    if data.follow_up_on is not None:
        FollowUp.objects.filter(activity=activity, answered_at__isnull=True).update(due_on=data.follow_up_on)
    _attach(actor=actor, activity=activity, files=files, content_types=content_types)
    record_event(actor=actor, school=activity.school, verb="learning.activity_updated", target=activity)
    return activity


@transaction.atomic
def delete_activity(*, actor, activity: Activity) -> None:
    if activity.owner_id != actor.pk:
        raise PermissionError("Only the owner deletes an activity.")
    # Locking the row first means that of two deletes at once, the second finds nothing (DoesNotExist)
    # rather than reporting, and auditing, a deletion it did not make.
    activity = Activity.objects.select_for_update().select_related("school").get(pk=activity.pk)
    files = [e.file for e in activity.evidence.all()]
    record_event(
        actor=actor,
        school=activity.school,
        verb="learning.activity_deleted",
        target=activity,
        data={"title": activity.title},
    )
    activity.delete()
    # Files go only once the rows are gone for good, so a rolled-back delete never loses evidence.
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def remove_evidence(*, actor, evidence: Evidence) -> None:
    if evidence.activity.owner_id != actor.pk:
        raise PermissionError("Only the owner removes evidence.")
    remove_private_file(actor=actor, item=evidence, verb="learning.evidence_removed")


@transaction.atomic
def answer_follow_up(*, actor, follow_up: FollowUp, what_changed: str, guskey_level: int, files=()) -> FollowUp:
    if follow_up.owner_id != actor.pk:
        raise PermissionError("Only the owner answers a follow-up.")
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(_("Attach at most %(n)d files at a time.") % {"n": MAX_FILES_PER_UPLOAD})
    content_types = []
    for uploaded in files:
        content_types.append(check_evidence_file(uploaded))
    follow_up = FollowUp.objects.select_for_update().select_related("activity", "school").get(pk=follow_up.pk)
    follow_up.what_changed = what_changed.strip()
    follow_up.guskey_level = guskey_level
    follow_up.answered_at = follow_up.answered_at or timezone.now()
    follow_up.save(update_fields=["what_changed", "guskey_level", "answered_at"])
    _attach(actor=actor, activity=follow_up.activity, files=files, content_types=content_types)
    record_event(
        actor=actor,
        school=follow_up.school,
        verb="learning.follow_up_answered",
        target=follow_up,
        data={"guskey_level": guskey_level},
    )
    return follow_up


@transaction.atomic
def postpone_follow_up(*, actor, follow_up: FollowUp, due_on: datetime.date) -> FollowUp:
    if follow_up.owner_id != actor.pk:
        raise PermissionError("Only the owner reschedules a follow-up.")
    errors = validate_activity_fields(school=follow_up.school, kind=None, date=None, hours=None, follow_up_on=due_on)
    if errors:
        raise ValidationError(errors)
    follow_up.due_on = due_on
    follow_up.reminder_sent_at = None
    follow_up.save(update_fields=["due_on", "reminder_sent_at"])
    record_event(
        actor=actor,
        school=follow_up.school,
        verb="learning.follow_up_postponed",
        target=follow_up,
        data={"due_on": due_on.isoformat()},
    )
    return follow_up


def send_follow_up_reminders(*, now: datetime.datetime | None = None, base_url: str) -> int:
    """Email each person whose follow-up has come due, once per due date. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    # Someone who has left the school keeps their account while they work elsewhere, but the link would
    # only lead them to a school they can no longer open.
    still_there = Membership.objects.active().filter(school=OuterRef("school"), user=OuterRef("owner"))
    due = (
        FollowUp.objects.filter(
            Exists(still_there),
            answered_at__isnull=True,
            reminder_sent_at__isnull=True,
            due_on__lte=now.date() + datetime.timedelta(days=1),
            owner__is_active=True,
        )
        .select_related("activity", "owner", "school")
        .order_by("id")
    )
    for follow_up in due.iterator(chunk_size=500):
        if follow_up.due_on > now.astimezone(follow_up.school.tz).date():
            continue
        try:
            with transaction.atomic():
                # Claiming the row first means two workers never send the same reminder twice.
                claimed = FollowUp.objects.filter(pk=follow_up.pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=now
                )
                if not claimed:
                    continue
                _send_reminder(follow_up, base_url)
        except Exception:
            # The claim is rolled back, so the next run tries this one again; one bad address or a
            # mail server hiccup must not stop everybody else's reminders.
            logger.exception("Could not send the reminder for follow-up %s", follow_up.pk)
            continue
        sent += 1
    return sent


def _send_reminder(follow_up: FollowUp, base_url: str) -> None:
    context = {
        "follow_up": follow_up,
        "activity": follow_up.activity,
        "user": follow_up.owner,
        "link": base_url.rstrip("/") + reverse("learning:follow_up", args=[follow_up.pk]),
    }
    # A header may not contain a line break, and a title can (from a hand-made request, say).
    title = " ".join(follow_up.activity.title.split())
    send_mail(
        subject=_("What changed for your pupils after “%(title)s”?") % {"title": title},
        message=render_to_string("learning/email/follow_up_reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[follow_up.owner.email],
    )
