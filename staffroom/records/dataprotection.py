"""A school's duties as data controller: subject access, removing a leaver, and keeping records no longer than
the school has decided.

Who holds what is found by looking at the models rather than by a hand-kept list: every row of this school that
points at the person (through their account or their membership) is theirs to see, and is what anonymising
re-points. A new app's tables are covered without anyone remembering to add them here.
"""

import datetime
import io
import json
import uuid
import zipfile
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership, User
from staffroom.appraisal.models import Appraisal, CheckIn, Objective, ReviewMeeting, SelfRating, SelfReview
from staffroom.core.audit import record_event
from staffroom.core.models import AuditEvent
from staffroom.learning.models import Activity, Evidence, FollowUp
from staffroom.observation.models import CoachingPair, CoachingSession, Observation, ObservationFile, PeerProfile
from staffroom.organisations.models import School

from .archive import safe_file_name
from .models import (
    ImportedAppraisal,
    ImportedCoachingStep,
    ImportedObservation,
    ImportedSessionLed,
    Qualification,
    RecordImport,
    RecordType,
    RetentionAction,
    RetentionPolicy,
)

ANONYMISED_DOMAIN = "anonymised.invalid"


def _school_field(model) -> bool:
    try:
        field = model._meta.get_field("school")
    except Exception:
        return False
    return isinstance(field, models.ForeignKey) and field.related_model is School


def person_links() -> list[tuple[type[models.Model], str, str]]:
    """(model, field name, "user" or "membership") for every school-owned row that can point at a person."""
    links = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey):
                continue
            if field.related_model is Membership and model is not Membership:
                links.append((model, field.name, "membership"))
            elif field.related_model is User and _school_field(model):
                links.append((model, field.name, "user"))
    return links


# Subject access


def _value(value, files: dict, field, counter: list):
    if isinstance(field, models.FileField):
        if not value:
            return None
        counter[0] += 1
        path = safe_file_name(counter[0], getattr(value, "name", "file").rsplit("/", 1)[-1])
        try:
            with value.open("rb") as handle:
                files[path] = handle.read()
        except (FileNotFoundError, ValueError):
            return {"missing_file": True}
        return path
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


# Rows that hang off a person's own rows (an appraisal's objectives and reviews, an observation's files, a
# coaching pair's sessions) are theirs too; following child rows this many steps down reaches all of them.
_CHILD_DEPTH = 3


def _child_links(model) -> list[tuple[type[models.Model], str]]:
    return [
        (rel.related_model, rel.field.name)
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one) and rel.field.concrete and rel.related_model is not Membership
    ]


def subject_access_archive(*, actor, school: School, membership: Membership) -> bytes:
    """Everything this school holds about one person, as a .zip of sar.json plus their files."""
    user = membership.user
    files: dict[str, bytes] = {}
    counter = [0]
    found: dict[type[models.Model], dict] = {}

    def collect(model, queryset) -> list:
        if _school_field(model):
            queryset = queryset.filter(school=school)
        m2m = [f.name for f in model._meta.many_to_many]
        rows = found.setdefault(model, {})
        new_ids = []
        for obj in queryset.prefetch_related(*m2m).order_by("pk"):
            if obj.pk in rows:
                continue
            row = {f.name: _value(f.value_from_object(obj), files, f, counter) for f in model._meta.concrete_fields}
            for name in m2m:
                row[name] = [str(related) for related in getattr(obj, name).all()]
            rows[obj.pk] = row
            new_ids.append(obj.pk)
        return new_ids

    frontier = []
    for model, field_name, kind in person_links():
        if model is Membership:
            continue
        target = membership if kind == "membership" else user
        ids = collect(model, model._default_manager.filter(**{field_name: target}))
        if ids:
            frontier.append((model, ids))
    for _depth in range(_CHILD_DEPTH):
        next_frontier = []
        for model, ids in frontier:
            for child, field_name in _child_links(model):
                child_ids = collect(child, child._default_manager.filter(**{f"{field_name}__in": ids}))
                if child_ids:
                    next_frontier.append((child, child_ids))
        frontier = next_frontier
    sections = {
        model._meta.label_lower: list(rows.values())
        for model, rows in sorted(found.items(), key=lambda item: item[0]._meta.label_lower)
        if rows
    }
    data = {
        "generated_at": timezone.now().isoformat(),
        "school": school.name,
        "person": {
            "name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_name": user.preferred_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "membership": {
            "job_title": membership.job_title,
            "staff_group": membership.staff_group,
            "roles": sorted(membership.role_set),
            "department": str(membership.department) if membership.department_id else None,
            "line_manager": membership.line_manager.user.display_name if membership.line_manager_id else None,
            "mis_id": membership.mis_id,
            "is_active": membership.is_active,
            "deactivated_at": membership.deactivated_at.isoformat() if membership.deactivated_at else None,
            "created_at": membership.created_at.isoformat(),
        },
        "records": sections,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sar.json", json.dumps(data, ensure_ascii=False, indent=1, default=str))
        for path, content in files.items():
            archive.writestr(path, content)
    record_event(
        actor=actor,
        school=school,
        verb="records.subject_access_produced",
        target=membership,
        data={"sections": len(sections), "files": len(files)},
    )
    return buffer.getvalue()


# Leavers


class LeaverMode:
    ANONYMISE = "anonymise"
    ERASE = "erase"


def _delete_files(queryset) -> int:
    stored = [item.file for item in queryset if item.file]
    count = queryset.count()
    queryset.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in stored])
    return count


def _strip_learning(activities) -> None:
    _delete_files(Evidence.objects.filter(activity__in=activities))
    FollowUp.objects.filter(activity__in=activities).update(what_changed="")
    activities.update(learned="", will_try="", pupils="", success_measure="")


def _strip_observations(observations) -> None:
    _delete_files(ObservationFile.objects.filter(observation__in=observations))
    observations.update(responses=[], conversation_notes="", next_steps="", focus_text="", lesson="")


def _strip_appraisals(appraisals) -> None:
    CheckIn.objects.filter(objective__appraisal__in=appraisals).delete()
    Objective.objects.filter(appraisal__in=appraisals).update(
        rationale="", priority="", success_criteria="", measures="", support_needed=""
    )
    SelfReview.objects.filter(appraisal__in=appraisals).update(summary="")
    SelfRating.objects.filter(self_review__appraisal__in=appraisals).update(comment="")
    ReviewMeeting.objects.filter(appraisal__in=appraisals).update(
        appraisee_notes="", reviewer_notes="", agreed_record=""
    )


def is_anonymised(user) -> bool:
    return user.email.endswith("@" + ANONYMISED_DOMAIN)


@transaction.atomic
def remove_leaver(*, actor, school: School, membership: Membership, mode: str) -> dict:
    """Anonymise (keep the figures, replace who) or erase (also delete their own records) someone who has left.

    Rows in which the leaver played a part in someone else's record (observer, coach, appraiser) are kept for
    that person and re-pointed at a "former member of staff", never deleted.
    """
    if mode not in (LeaverMode.ANONYMISE, LeaverMode.ERASE):
        raise ValidationError({"mode": _("Choose anonymise or erase.")})
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk, school=school)
    if membership.is_active:
        raise ValidationError({"mode": _("Deactivate this person before removing their data.")})
    user = membership.user
    if is_anonymised(user):
        raise ValidationError({"mode": _("This person's data has already been removed.")})
    placeholder = User(
        email=f"former-{uuid.uuid4().hex[:16]}@{ANONYMISED_DOMAIN}",
        first_name=_("Former"),
        last_name=_("member of staff"),
        is_active=False,
    )
    placeholder.set_unusable_password()
    placeholder.save()

    for model, field_name, kind in person_links():
        if kind == "user":
            model._default_manager.filter(school=school, **{field_name: user}).update(**{field_name: placeholder})
    membership.user = placeholder
    membership.mis_id = ""
    membership.job_title = ""
    membership.line_manager = None
    membership.save(update_fields=["user", "mis_id", "job_title", "line_manager"])
    membership.subjects.clear()

    own_activities = Activity.objects.filter(school=school, owner=placeholder)
    own_observations = Observation.objects.filter(school=school, observed=membership)
    own_appraisals = Appraisal.objects.filter(school=school, appraisee=membership)
    counts = {
        "activities": own_activities.count(),
        "observations": own_observations.count(),
        "appraisals": own_appraisals.count(),
    }
    # Copies brought from another school and the peer profile are only ever the person's own.
    RecordImport.objects.filter(school=school, owner=placeholder).delete()
    for model in (ImportedObservation, ImportedCoachingStep, ImportedSessionLed, ImportedAppraisal):
        model.objects.filter(school=school, owner=placeholder).delete()
    PeerProfile.objects.filter(membership=membership).delete()
    qualifications = Qualification.objects.filter(school=school, owner=placeholder)
    if mode == LeaverMode.ERASE:
        _delete_files(Evidence.objects.filter(activity__in=own_activities))
        own_activities.delete()
        _delete_files(qualifications)
        _delete_files(ObservationFile.objects.filter(observation__in=own_observations))
        own_observations.delete()
        CoachingPair.objects.filter(school=school, coachee=membership).delete()
        own_appraisals.delete()
    else:
        _strip_learning(own_activities)
        _strip_observations(own_observations)
        CoachingSession.objects.filter(school=school, pair__coachee=membership).update(praise="", notes="")
        _strip_appraisals(own_appraisals)
        _delete_files(qualifications.exclude(file=""))
    # Their own account and everything it still holds go too, unless they still work at another school.
    if not Membership.objects.filter(user=user).exists():
        user.delete()
    record_event(actor=actor, school=school, verb=f"records.leaver_{mode}d", target=membership, data=counts)
    return counts


# Retention


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _apply(policy: RetentionPolicy, cutoff: datetime.date) -> int:
    school = policy.school
    delete = policy.action == RetentionAction.DELETE
    kind = policy.record_type
    if kind == RecordType.ACTIVITIES:
        old = Activity.objects.filter(school=school, date__lt=cutoff)
        n = old.count()
        if delete:
            _delete_files(Evidence.objects.filter(activity__in=old))
            old.delete()
        else:
            _strip_learning(old.exclude(learned="", will_try="", pupils="", success_measure=""))
        return n
    if kind == RecordType.OBSERVATIONS:
        old = Observation.objects.filter(school=school, planned_on__lt=cutoff)
        n = old.count()
        if delete:
            _delete_files(ObservationFile.objects.filter(observation__in=old))
            old.delete()
        else:
            _strip_observations(old)
        return n
    if kind == RecordType.COACHING:
        old = CoachingSession.objects.filter(school=school, visited_on__lt=cutoff)
        n = old.count()
        old.delete() if delete else old.update(praise="", notes="")
        return n
    if kind == RecordType.APPRAISALS:
        # An appraisal year ends on 31 August of the year after it starts.
        old = Appraisal.objects.filter(school=school, cycle__year_start__lt=cutoff.year - 1 + (cutoff.month > 8))
        n = old.count()
        old.delete() if delete else _strip_appraisals(old)
        return n
    if kind == RecordType.AUDIT:
        moment = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=datetime.UTC)
        old = AuditEvent.objects.filter(school=school, created_at__lt=moment)
        n = old.count()
        old.delete() if delete else old.update(actor=None, data={})
        return n
    if kind == RecordType.LEAVERS:
        moment = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=datetime.UTC)
        leavers = (
            Membership.objects.filter(school=school, is_active=False, deactivated_at__lt=moment)
            .exclude(user__email__endswith="@" + ANONYMISED_DOMAIN)
            .select_related("user")
        )
        mode = LeaverMode.ERASE if delete else LeaverMode.ANONYMISE
        done = 0
        for membership in leavers:
            remove_leaver(actor=None, school=school, membership=membership, mode=mode)
            done += 1
        return done
    raise ValueError(kind)


def apply_retention(*, today: datetime.date | None = None) -> dict[str, int]:
    """Apply every school's periods; one transaction per school and type so one failure stops nothing else."""
    today = today or timezone.localdate()
    done = {}
    policies = RetentionPolicy.objects.filter(months__isnull=False).select_related("school").order_by("id")
    for policy in policies:
        with transaction.atomic():
            count = _apply(policy, months_before(today, policy.months))
            policy.last_applied_at = timezone.now()
            policy.save(update_fields=["last_applied_at"])
            if count:
                record_event(
                    actor=None,
                    school=policy.school,
                    verb="records.retention_applied",
                    data={"record_type": policy.record_type, "action": policy.action, "count": count},
                )
        done[f"{policy.school_id}:{policy.record_type}"] = count
    return done


@transaction.atomic
def save_retention(*, actor, school: School, periods: dict[str, tuple[int | None, str]]) -> None:
    changed = {}
    for record_type, (months, action) in periods.items():
        if record_type not in RecordType.values or action not in RetentionAction.values:
            raise ValidationError(_("Unknown record type or action."))
        if months is not None and not 1 <= months <= 1200:
            raise ValidationError({f"{record_type}_months": _("Choose between 1 and 1,200 months.")})
        policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(
            school=school, record_type=record_type
        )
        if (policy.months, policy.action) != (months, action):
            policy.months = months
            policy.action = action
            policy.save(update_fields=["months", "action", "updated_at"])
            changed[record_type] = {"months": months, "action": action}
    if changed:
        record_event(actor=actor, school=school, verb="records.retention_changed", data=changed)
