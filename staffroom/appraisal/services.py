"""Writes for appraisal. Every change is checked here as well as in the view, audited, and logged on the
appraisal's own access log so that the appraisee can see who changed what.

Audit events never carry the confidential text of an appraisal: only ids, kinds and statuses.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from staffroom.accounts.models import Membership, User
from staffroom.accounts.roles import SchoolRole, StaffGroup
from staffroom.core.audit import record_event
from staffroom.frameworks.models import CareerStage, Framework
from staffroom.frameworks.selectors import frameworks_for_school
from staffroom.organisations.models import School, Subject

from . import policies, rules
from .models import (
    AccessLog,
    Appraisal,
    AppraisalCycle,
    CheckIn,
    Objective,
    OutcomeStatement,
    ReminderSent,
    Reviewer,
    ReviewMeeting,
    SelfRating,
    SelfReview,
    Stage,
    SupportTheme,
)

logger = logging.getLogger(__name__)

REMINDER_DAYS_BEFORE = 14
MAX_TEXT = 20_000


# ---- who is acting -----------------------------------------------------------------------------------------------


def _membership(actor: User, school_id: int) -> Membership | None:
    if actor is None or not actor.is_authenticated:
        return None
    return Membership.objects.active().filter(user=actor, school_id=school_id).prefetch_related("roles").first()


def _manager(actor: User, school_id: int) -> Membership:
    membership = _membership(actor, school_id)
    if not policies.can_manage_cycles(membership):
        raise PermissionDenied(_("Only the headteacher and senior leaders run appraisal cycles."))
    return membership


@dataclass(frozen=True)
class Writer:
    membership: Membership
    is_appraisee: bool
    reviewer: Reviewer | None

    @property
    def is_reviewer(self) -> bool:
        return self.reviewer is not None


def _writer(actor: User, appraisal: Appraisal) -> Writer:
    """The actor as the appraisee or one of the reviewers, read fresh from the database; anyone else is refused."""
    membership = _membership(actor, appraisal.school_id)
    if membership is None:
        raise PermissionDenied
    reviewer = Reviewer.objects.filter(appraisal_id=appraisal.pk, membership=membership).first()
    is_appraisee = appraisal.appraisee_id == membership.pk
    if not is_appraisee and reviewer is None:
        raise PermissionDenied(_("Only the appraisee and their reviewers change an appraisal."))
    return Writer(membership=membership, is_appraisee=is_appraisee, reviewer=reviewer)


def log_access(*, actor: User, appraisal: Appraisal, action: str, what: str = "") -> AccessLog:
    """Append to the appraisal's access log, which its appraisee reads. Called for every read and write."""
    return AccessLog.objects.create(
        school_id=appraisal.school_id,
        appraisal=appraisal,
        user=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        what=Truncator(" ".join(str(what).split())).chars(200),
    )


def _changed(actor, appraisal, what: str) -> None:
    log_access(actor=actor, appraisal=appraisal, action=AccessLog.Action.CHANGED, what=what)


def text_checksum(text: str) -> str:
    """A short fingerprint of a text as it was shown, so a save can tell whether it changed underneath."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


# ---- cycles and stages -------------------------------------------------------------------------------------------


def _default_framework(school: School, slugs: tuple[str, ...]) -> Framework | None:
    adopted = {f.slug: f for f in frameworks_for_school(school=school)}
    return next((adopted[s] for s in slugs if s in adopted), None)


@transaction.atomic
def create_cycle(*, actor: User, school: School, year_start: int) -> AppraisalCycle:
    _manager(actor, school.pk)
    current = rules.current_year_start(school)
    if year_start not in (current, current + 1):
        raise ValidationError(
            {
                "year_start": _("You can set up this year's cycle (%(this)s) or next year's (%(next)s).")
                % {"this": rules.year_label(school, current), "next": rules.year_label(school, current + 1)}
            }
        )
    if AppraisalCycle.objects.filter(school=school, year_start=year_start).exists():
        raise ValidationError(
            {"year_start": _("The %(year)s cycle is already set up.") % {"year": rules.year_label(school, year_start)}}
        )
    cycle = AppraisalCycle.objects.create(
        school=school,
        year_start=year_start,
        created_by=actor,
        teacher_framework=_default_framework(school, ("teachers-standards-england", "apst")),
        support_framework=_default_framework(school, ("teaching-assistant-standards",)),
        headteacher_framework=_default_framework(school, ("headteachers-standards-2020",)),
    )
    for order, default in enumerate(rules.default_stages(school, year_start)):
        Stage.objects.create(
            school=school,
            cycle=cycle,
            kind=default.kind,
            name=default.name,
            opens_on=default.opens_on,
            due_on=default.due_on,
            order=order,
        )
    record_event(actor=actor, school=school, verb="appraisal.cycle_created", target=cycle, data={"year": year_start})
    return cycle


def _check_framework(school: School, framework: Framework | None, current_id: int | None, field_name: str) -> dict:
    if framework is None or framework.pk == current_id:
        return {}
    if not frameworks_for_school(school=school).filter(pk=framework.pk).exists():
        return {field_name: _("Choose one of the frameworks your school has adopted.")}
    return {}


@transaction.atomic
def update_cycle_settings(
    *,
    actor: User,
    cycle: AppraisalCycle,
    teacher_framework: Framework | None,
    support_framework: Framework | None,
    headteacher_framework: Framework | None,
    outcome_statements_enabled: bool,
) -> AppraisalCycle:
    _manager(actor, cycle.school_id)
    cycle = AppraisalCycle.objects.select_for_update().select_related("school").get(pk=cycle.pk)
    errors = {
        **_check_framework(cycle.school, teacher_framework, cycle.teacher_framework_id, "teacher_framework"),
        **_check_framework(cycle.school, support_framework, cycle.support_framework_id, "support_framework"),
        **_check_framework(
            cycle.school, headteacher_framework, cycle.headteacher_framework_id, "headteacher_framework"
        ),
    }
    if errors:
        raise ValidationError(errors)
    cycle.teacher_framework = teacher_framework
    cycle.support_framework = support_framework
    cycle.headteacher_framework = headteacher_framework
    cycle.outcome_statements_enabled = outcome_statements_enabled
    cycle.save()
    record_event(
        actor=actor,
        school=cycle.school,
        verb="appraisal.cycle_updated",
        target=cycle,
        data={"outcome_statements_enabled": outcome_statements_enabled},
    )
    return cycle


@dataclass
class StageData:
    kind: str
    name: str
    opens_on: datetime.date | None
    due_on: datetime.date | None


def validate_stage_fields(*, school: School, year_start: int, data: StageData) -> dict[str, str]:
    """Errors by field name; the stage form and the services both call this."""
    errors = {}
    if not (data.name or "").strip():
        errors["name"] = _("Give the stage a name, for example “Mid-year review”.")
    if data.kind not in Stage.Kind.values:
        errors["kind"] = _("Choose what kind of stage this is.")
    first, last = rules.stage_window(school, year_start)
    for name in ("opens_on", "due_on"):
        day = getattr(data, name)
        if day is not None and not first <= day <= last:
            errors[name] = _("Choose a date between %(first)s and %(last)s.") % {
                "first": date_format(first, "j F Y"),
                "last": date_format(last, "j F Y"),
            }
    if data.opens_on and data.due_on and data.opens_on > data.due_on and "due_on" not in errors:
        errors["due_on"] = _("The due date is before the stage opens. Choose a due date on or after %(date)s.") % {
            "date": date_format(data.opens_on, "j F Y")
        }
    if data.opens_on is None:
        errors.setdefault("opens_on", _("Enter the date the stage opens."))
    if data.due_on is None:
        errors.setdefault("due_on", _("Enter the date the stage is due by."))
    return errors


def _renumber(cycle: AppraisalCycle) -> None:
    stages = list(Stage.objects.filter(cycle=cycle).order_by("due_on", "opens_on", "id"))
    for order, stage in enumerate(stages):
        stage.order = order
    Stage.objects.bulk_update(stages, ["order"])


def _ensure_reviews(appraisals, stages) -> None:
    """One review meeting per appraisal for every stage that is a review."""
    review_stages = [s for s in stages if s.kind in rules.REVIEW_KINDS]
    if not review_stages or not appraisals:
        return
    existing = set(
        ReviewMeeting.objects.filter(appraisal__in=appraisals, stage__in=review_stages).values_list(
            "appraisal_id", "stage_id"
        )
    )
    ReviewMeeting.objects.bulk_create(
        [
            ReviewMeeting(school_id=a.school_id, appraisal=a, stage=s)
            for a in appraisals
            for s in review_stages
            if (a.pk, s.pk) not in existing
        ]
    )


def _review_has_content(review: ReviewMeeting) -> bool:
    return bool(
        review.appraisee_notes
        or review.reviewer_notes
        or review.agreed_record
        or review.appraisee_signed_at
        or review.reviewer_signed_at
        or review.approved_at
    )


@transaction.atomic
def add_stage(*, actor: User, cycle: AppraisalCycle, data: StageData) -> Stage:
    _manager(actor, cycle.school_id)
    errors = validate_stage_fields(school=cycle.school, year_start=cycle.year_start, data=data)
    if errors:
        raise ValidationError(errors)
    stage = Stage.objects.create(
        school_id=cycle.school_id,
        cycle=cycle,
        kind=data.kind,
        name=data.name.strip(),
        opens_on=data.opens_on,
        due_on=data.due_on,
    )
    _renumber(cycle)
    _ensure_reviews(list(Appraisal.objects.filter(cycle=cycle)), [stage])
    record_event(
        actor=actor, school=cycle.school, verb="appraisal.stage_added", target=stage, data={"kind": stage.kind}
    )
    return stage


@transaction.atomic
def update_stage(*, actor: User, stage: Stage, data: StageData) -> Stage:
    _manager(actor, stage.school_id)
    stage = Stage.objects.select_for_update().select_related("cycle__school").get(pk=stage.pk)
    cycle = stage.cycle
    errors = validate_stage_fields(school=cycle.school, year_start=cycle.year_start, data=data)
    leaving_reviews = not errors and data.kind not in rules.REVIEW_KINDS and stage.kind in rules.REVIEW_KINDS
    if leaving_reviews and any(_review_has_content(r) for r in stage.reviews.all()):
        errors["kind"] = _("Reviews at this stage have already been written, so it stays a review.")
    if errors:
        raise ValidationError(errors)
    stage.kind, stage.name, stage.opens_on, stage.due_on = data.kind, data.name.strip(), data.opens_on, data.due_on
    stage.save()
    if stage.kind not in rules.REVIEW_KINDS:
        stage.reviews.all().delete()
    _renumber(cycle)
    _ensure_reviews(list(Appraisal.objects.filter(cycle=cycle)), [stage])
    # Moved dates deserve a fresh reminder.
    ReminderSent.objects.filter(stage=stage).delete()
    record_event(
        actor=actor, school=cycle.school, verb="appraisal.stage_updated", target=stage, data={"kind": stage.kind}
    )
    return stage


@transaction.atomic
def remove_stage(*, actor: User, stage: Stage) -> None:
    _manager(actor, stage.school_id)
    stage = Stage.objects.select_for_update().select_related("cycle__school").get(pk=stage.pk)
    if any(_review_has_content(r) for r in stage.reviews.all()):
        raise ValidationError(
            _(
                "Reviews at “%(stage)s” have already been written, so the stage cannot be removed. "
                "Change its dates instead."
            )
            % {"stage": stage.name}
        )
    record_event(
        actor=actor, school=stage.cycle.school, verb="appraisal.stage_removed", target=stage, data={"kind": stage.kind}
    )
    stage.reviews.all().delete()
    cycle = stage.cycle
    stage.delete()
    _renumber(cycle)


@transaction.atomic
def add_outcome_statement(*, actor: User, school: School, text: str) -> OutcomeStatement:
    _manager(actor, school.pk)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write the statement.")})
    if OutcomeStatement.objects.filter(school=school, text__iexact=text).exists():
        raise ValidationError({"text": _("Your school already has that statement.")})
    order = (OutcomeStatement.objects.filter(school=school).aggregate(m=Max("order"))["m"] or 0) + 1
    statement = OutcomeStatement.objects.create(school=school, text=text[:200], order=order)
    record_event(actor=actor, school=school, verb="appraisal.outcome_statement_added", target=statement)
    return statement


@transaction.atomic
def remove_outcome_statement(*, actor: User, statement: OutcomeStatement) -> None:
    _manager(actor, statement.school_id)
    if Appraisal.objects.filter(outcome_statement=statement).exists():
        raise ValidationError(_("“%(text)s” has been recorded in appraisals, so it stays.") % {"text": statement.text})
    record_event(actor=actor, school=statement.school, verb="appraisal.outcome_statement_removed", target=statement)
    statement.delete()


# ---- appraisals and who reviews them -----------------------------------------------------------------------------


def _kind_for(membership: Membership) -> str:
    return Appraisal.Kind.HEADTEACHER if membership.has_role(SchoolRole.HEADTEACHER) else Appraisal.Kind.STAFF


def _create_appraisals(*, actor, cycle: AppraisalCycle, memberships) -> list[Appraisal]:
    Appraisal.objects.bulk_create(
        [Appraisal(school_id=cycle.school_id, cycle=cycle, appraisee=m, kind=_kind_for(m)) for m in memberships]
    )
    # bulk_create leaves primary keys unset on some databases; read the rows back.
    appraisals = list(Appraisal.objects.filter(cycle=cycle, appraisee__in=memberships))
    _ensure_reviews(appraisals, list(cycle.stages.all()))
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                school_id=cycle.school_id,
                appraisal=a,
                user=actor,
                action=AccessLog.Action.CHANGED,
                what=_("Set up the appraisal"),
            )
            for a in appraisals
        ]
    )
    return appraisals


@transaction.atomic
def create_appraisals(*, actor: User, cycle: AppraisalCycle, memberships=None) -> list[Appraisal]:
    """Appraisals for the given staff, or for every active member of staff who has none yet (not governors or
    external advisers, who take part in the head's appraisal instead)."""
    _manager(actor, cycle.school_id)
    has_one = Appraisal.objects.filter(cycle=cycle, appraisee=OuterRef("pk"))
    eligible = (
        Membership.objects.active()
        .staff()
        .filter(school_id=cycle.school_id)
        .exclude(Exists(has_one))
        .prefetch_related("roles")
    )
    if memberships is not None:
        wanted = {m.pk for m in memberships}
        eligible = eligible.filter(pk__in=wanted)
        found = list(eligible)
        if len(found) != len(wanted):
            raise ValidationError(
                {"membership": _("Choose a member of staff at your school who has no appraisal this year.")}
            )
    else:
        found = list(eligible)
    appraisals = _create_appraisals(actor=actor, cycle=cycle, memberships=found)
    if appraisals:
        record_event(
            actor=actor,
            school=cycle.school,
            verb="appraisal.appraisals_created",
            target=cycle,
            data={"count": len(appraisals), "appraisals": [a.pk for a in appraisals][:500]},
        )
    return appraisals


def _check_reviewer(appraisal: Appraisal, membership: Membership, role: str) -> None:
    name = appraisal.appraisee.user.display_name
    if membership.pk == appraisal.appraisee_id:
        raise ValidationError(
            {
                "membership": _("Nobody can review their own appraisal. Choose someone other than %(name)s.")
                % {"name": name}
            }
        )
    if membership.school_id != appraisal.school_id or not membership.is_active:
        raise ValidationError({"membership": _("Choose someone who works at your school.")})
    roles = {r.role for r in membership.roles.all()}
    if appraisal.kind == Appraisal.Kind.HEADTEACHER:
        if role == Reviewer.Role.GOVERNOR and SchoolRole.GOVERNOR not in roles:
            raise ValidationError({"membership": _("Only governors sit on the headteacher's appraisal panel.")})
        if role == Reviewer.Role.ADVISER and SchoolRole.EXTERNAL_ADVISER not in roles:
            raise ValidationError({"membership": _("Invite the adviser to the school as an external adviser first.")})
        if role not in (Reviewer.Role.GOVERNOR, Reviewer.Role.ADVISER):
            raise ValidationError(
                {"role": _("The headteacher is reviewed by governors, with an external adviser if you wish.")}
            )
        if (
            role == Reviewer.Role.ADVISER
            and Reviewer.objects.filter(appraisal=appraisal, role=Reviewer.Role.ADVISER)
            .exclude(membership=membership)
            .exists()
        ):
            raise ValidationError({"membership": _("The panel already has an external adviser.")})
    else:
        if role != Reviewer.Role.APPRAISER:
            raise ValidationError({"role": _("Staff appraisals have appraisers.")})
        if membership.staff_group == StaffGroup.GOVERNANCE:
            raise ValidationError({"membership": _("Choose a member of staff as the appraiser.")})


@transaction.atomic
def assign_reviewer(*, actor: User, appraisal: Appraisal, membership: Membership, role: str) -> Reviewer:
    _manager(actor, appraisal.school_id)
    _check_reviewer(appraisal, membership, role)
    reviewer, created = Reviewer.objects.get_or_create(
        appraisal=appraisal,
        membership=membership,
        defaults={"school_id": appraisal.school_id, "role": role, "assigned_by": actor},
    )
    if not created:
        raise ValidationError(
            {"membership": _("%(name)s already reviews this appraisal.") % {"name": membership.user.display_name}}
        )
    _changed(
        actor,
        appraisal,
        _("Assigned %(name)s (%(role)s)") % {"name": membership.user.display_name, "role": reviewer.get_role_display()},
    )
    record_event(
        actor=actor,
        school=appraisal.school,
        verb="appraisal.reviewer_assigned",
        target=appraisal,
        data={"membership": membership.pk, "role": role},
    )
    return reviewer


@transaction.atomic
def remove_reviewer(*, actor: User, reviewer: Reviewer) -> None:
    _manager(actor, reviewer.school_id)
    appraisal = reviewer.appraisal
    _changed(actor, appraisal, _("Removed %(name)s as a reviewer") % {"name": reviewer.membership.user.display_name})
    record_event(
        actor=actor,
        school=appraisal.school,
        verb="appraisal.reviewer_removed",
        target=appraisal,
        data={"membership": reviewer.membership_id, "role": reviewer.role},
    )
    reviewer.delete()


def _primary_appraiser(appraisal: Appraisal) -> Reviewer | None:
    return next((r for r in appraisal.reviewers.all() if r.role == Reviewer.Role.APPRAISER), None)


@transaction.atomic
def set_appraisers(*, actor: User, cycle: AppraisalCycle, choices: dict[int, Membership | None]) -> int:
    """Sets each staff appraisal's (first) appraiser from a table of choices; all or nothing. Returns changes."""
    _manager(actor, cycle.school_id)
    appraisals = {
        a.pk: a
        for a in Appraisal.objects.filter(cycle=cycle, kind=Appraisal.Kind.STAFF, pk__in=list(choices))
        .select_related("appraisee__user", "school")
        .prefetch_related(Prefetch("reviewers", queryset=Reviewer.objects.select_related("membership__user")))
    }
    errors = {}
    changes = []
    for pk, chosen in choices.items():
        appraisal = appraisals.get(pk)
        if appraisal is None:
            continue
        current = _primary_appraiser(appraisal)
        if (current.membership_id if current else None) == (chosen.pk if chosen else None):
            continue
        if chosen is not None:
            try:
                _check_reviewer(appraisal, chosen, Reviewer.Role.APPRAISER)
            except ValidationError as exc:
                errors[f"appraiser_{pk}"] = exc.messages[0]
                continue
        changes.append((appraisal, current, chosen))
    if errors:
        raise ValidationError(errors)
    for appraisal, current, chosen in changes:
        if current is not None:
            _changed(
                actor, appraisal, _("Removed %(name)s as appraiser") % {"name": current.membership.user.display_name}
            )
            current.delete()
        if chosen is not None and not any(r.membership_id == chosen.pk for r in appraisal.reviewers.all()):
            Reviewer.objects.create(
                school_id=appraisal.school_id,
                appraisal=appraisal,
                membership=chosen,
                role=Reviewer.Role.APPRAISER,
                assigned_by=actor,
            )
            _changed(actor, appraisal, _("Assigned %(name)s as appraiser") % {"name": chosen.user.display_name})
    if changes:
        record_event(
            actor=actor,
            school=cycle.school,
            verb="appraisal.appraisers_set",
            target=cycle,
            data={"changes": [[a.pk, c.pk if c else None] for a, _cur, c in changes][:500]},
        )
    return len(changes)


@dataclass(frozen=True)
class LineManagerResult:
    assigned: int
    without_line_manager: int


@transaction.atomic
def assign_line_managers(*, actor: User, cycle: AppraisalCycle) -> LineManagerResult:
    """Each staff appraisal that has no appraiser gets the appraisee's line manager, where they can appraise."""
    _manager(actor, cycle.school_id)
    appraisals = (
        Appraisal.objects.filter(cycle=cycle, kind=Appraisal.Kind.STAFF)
        .exclude(Exists(Reviewer.objects.filter(appraisal=OuterRef("pk"))))
        .select_related("appraisee__user", "appraisee__line_manager__user")
        .order_by("id")
    )
    assigned, skipped = [], 0
    for appraisal in appraisals:
        manager = appraisal.appraisee.line_manager
        if (
            manager is None
            or not manager.is_active
            or manager.school_id != cycle.school_id
            or manager.pk == appraisal.appraisee_id
            or manager.staff_group == StaffGroup.GOVERNANCE
        ):
            skipped += 1
            continue
        assigned.append(
            Reviewer(
                school_id=cycle.school_id,
                appraisal=appraisal,
                membership=manager,
                role=Reviewer.Role.APPRAISER,
                assigned_by=actor,
            )
        )
    Reviewer.objects.bulk_create(assigned)
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                school_id=cycle.school_id,
                appraisal=r.appraisal,
                user=actor,
                action=AccessLog.Action.CHANGED,
                what=_("Assigned %(name)s as appraiser (line manager)") % {"name": r.membership.user.display_name},
            )
            for r in assigned
        ]
    )
    if assigned:
        record_event(
            actor=actor,
            school=cycle.school,
            verb="appraisal.line_managers_assigned",
            target=cycle,
            data={"count": len(assigned)},
        )
    return LineManagerResult(assigned=len(assigned), without_line_manager=skipped)


# ---- objectives and check-ins ------------------------------------------------------------------------------------


@dataclass
class ObjectiveData:
    title: str
    success_criteria: str
    rationale: str = ""
    priority: str = ""
    measures: str = ""
    subject: Subject | None = None
    descriptors: list = field(default_factory=list)
    support_needed: str = ""
    support_theme: str = ""
    # None leaves the links as they are: only the appraisee chooses evidence from their own learning.
    evidence: list | None = None
    plan_priority: object | None = None


def validate_objective_fields(*, title: str, success_criteria: str, support_needed: str, support_theme: str):
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Say what the objective is.")
    if not (success_criteria or "").strip():
        errors["success_criteria"] = _(
            "Write at least one success criterion: how will you both know this objective has been met?"
        )
    if (support_needed or "").strip() and not support_theme:
        errors["support_theme"] = _(
            "Choose the theme closest to the support you need. The CPD coordinator sees only the theme, "
            "never your words."
        )
    if support_theme and support_theme not in SupportTheme.values:
        errors["support_theme"] = _("Choose one of the themes.")
    return errors


def _check_objective(appraisal: Appraisal, data: ObjectiveData) -> None:
    errors = validate_objective_fields(
        title=data.title,
        success_criteria=data.success_criteria,
        support_needed=data.support_needed,
        support_theme=data.support_theme,
    )
    if data.evidence is not None:
        foreign = [
            a for a in data.evidence if a.owner_id != appraisal.appraisee.user_id or a.school_id != appraisal.school_id
        ]
        if foreign:
            errors["evidence"] = _("Evidence comes only from the appraisee's own learning record.")
    if data.plan_priority is not None and data.plan_priority.school_id != appraisal.school_id:
        errors["plan_priority"] = _("Choose a priority from this school's improvement plan.")
    if errors:
        raise ValidationError(errors)


def _apply_objective(objective: Objective, data: ObjectiveData) -> None:
    objective.title = data.title.strip()[:200]
    objective.success_criteria = data.success_criteria.strip()
    objective.rationale = data.rationale.strip()
    objective.priority = data.priority.strip()[:200]
    objective.measures = data.measures.strip()
    objective.subject = data.subject
    objective.support_needed = data.support_needed.strip()
    objective.support_theme = data.support_theme
    objective.plan_priority = data.plan_priority


def _open_appraisal(appraisal: Appraisal) -> None:
    """Objectives stay open to change until the end-of-year review has been approved."""
    if ReviewMeeting.objects.filter(
        appraisal=appraisal, stage__kind=Stage.Kind.END_OF_YEAR, approved_at__isnull=False
    ).exists():
        raise ValidationError(_("The end-of-year review has been approved, so this year's appraisal is closed."))


@transaction.atomic
def add_objective(*, actor: User, appraisal: Appraisal, data: ObjectiveData) -> Objective:
    writer = _writer(actor, appraisal)
    if data.evidence and not writer.is_appraisee:
        raise PermissionDenied(_("Only the appraisee links evidence from their own learning."))
    _check_objective(appraisal, data)
    _open_appraisal(appraisal)
    order = (Objective.objects.filter(appraisal=appraisal).aggregate(m=Max("order"))["m"] or 0) + 1
    objective = Objective(school_id=appraisal.school_id, appraisal=appraisal, order=order)
    _apply_objective(objective, data)
    objective.save()
    objective.descriptors.set(data.descriptors)
    if data.evidence:
        objective.evidence.set(data.evidence)
    _changed(actor, appraisal, _("Added the objective “%(title)s”") % {"title": objective.title})
    record_event(actor=actor, school=appraisal.school, verb="appraisal.objective_added", target=objective)
    return objective


OBJECTIVE_TEXT_FIELDS = (
    "title",
    "rationale",
    "priority",
    "success_criteria",
    "measures",
    "support_needed",
    "support_theme",
    "subject_id",
)


def objective_checksum(objective: Objective) -> str:
    """A fingerprint of what the edit form shows, so a save can tell whether someone changed it meanwhile."""
    parts = [str(getattr(objective, name) or "") for name in OBJECTIVE_TEXT_FIELDS]
    parts.append(",".join(str(pk) for pk in sorted(objective.descriptors.values_list("pk", flat=True))))
    return text_checksum("\x1f".join(parts))


class ObjectiveConflict(Exception):
    """The objective changed after this writer opened the edit form: nothing was saved."""

    def __init__(self, objective: Objective):
        super().__init__(objective.pk)
        self.objective = objective


@transaction.atomic
def update_objective(
    *, actor: User, objective: Objective, data: ObjectiveData, checksum: str | None = None
) -> Objective:
    """Raises Objective.DoesNotExist if it was removed meanwhile, and ObjectiveConflict if `checksum` (what the
    writer started from) no longer matches what is saved."""
    appraisal = objective.appraisal
    writer = _writer(actor, appraisal)
    if data.evidence is not None and not writer.is_appraisee:
        raise PermissionDenied(_("Only the appraisee links evidence from their own learning."))
    _check_objective(appraisal, data)
    _open_appraisal(appraisal)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if objective.status == Objective.Status.CARRIED_OVER:
        raise ValidationError(_("This objective has been carried over to next year; change it there."))
    if checksum is not None and checksum != objective_checksum(objective):
        raise ObjectiveConflict(objective)
    _apply_objective(objective, data)
    objective.save()
    objective.descriptors.set(data.descriptors)
    if data.evidence is not None:
        objective.evidence.set(data.evidence)
    _changed(actor, appraisal, _("Changed the objective “%(title)s”") % {"title": objective.title})
    record_event(actor=actor, school=appraisal.school, verb="appraisal.objective_updated", target=objective)
    return objective


SETTABLE_STATUSES = (Objective.Status.ACTIVE, Objective.Status.ACHIEVED, Objective.Status.WITHDRAWN)


@transaction.atomic
def set_objective_status(*, actor: User, objective: Objective, status: str) -> Objective:
    appraisal = objective.appraisal
    _writer(actor, appraisal)
    if status not in SETTABLE_STATUSES:
        raise ValidationError(_("Choose whether the objective is in progress, achieved or withdrawn."))
    _open_appraisal(appraisal)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if objective.status == Objective.Status.CARRIED_OVER:
        raise ValidationError(_("This objective has been carried over to next year; change it there."))
    old = objective.status
    objective.status = status
    objective.save(update_fields=["status", "updated_at"])
    _changed(
        actor,
        appraisal,
        _("Marked “%(title)s” as %(status)s") % {"title": objective.title, "status": objective.get_status_display()},
    )
    record_event(
        actor=actor,
        school=appraisal.school,
        verb="appraisal.objective_status_changed",
        target=objective,
        data={"from": old, "to": status},
    )
    return objective


@transaction.atomic
def add_check_in(*, actor: User, objective: Objective, text: str) -> CheckIn:
    appraisal = objective.appraisal
    _writer(actor, appraisal)
    _open_appraisal(appraisal)
    if objective.status == Objective.Status.CARRIED_OVER:
        raise ValidationError({"text": _("This objective has been carried over to next year; add check-ins there.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the check-in: what has happened since the last one?")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Keep a check-in under %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}})
    check_in = CheckIn.objects.create(school_id=appraisal.school_id, objective=objective, author=actor, text=text)
    _changed(actor, appraisal, _("Added a check-in on “%(title)s”") % {"title": objective.title})
    record_event(actor=actor, school=appraisal.school, verb="appraisal.check_in_added", target=check_in)
    return check_in


@transaction.atomic
def carry_over(*, actor: User, objective: Objective) -> Objective:
    """Copies an unfinished objective into next year's appraisal, which keeps a link to this year's history."""
    appraisal = objective.appraisal
    _writer(actor, appraisal)
    cycle = appraisal.cycle
    school = appraisal.school
    next_year = cycle.year_start + 1
    next_cycle = AppraisalCycle.objects.filter(school_id=cycle.school_id, year_start=next_year).first()
    if next_cycle is None:
        raise ValidationError(
            _(
                "Next year's cycle (%(year)s) is not set up yet, so there is nowhere to carry this objective. "
                "Ask your headteacher or a senior leader to set it up, then carry it over."
            )
            % {"year": rules.year_label(school, next_year)}
        )
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if objective.status != Objective.Status.ACTIVE:
        raise ValidationError(_("Only an objective that is still in progress can be carried over."))
    if Objective.objects.filter(carried_from=objective).exists():
        raise ValidationError(_("This objective has already been carried over."))
    appraisee = Membership.objects.prefetch_related("roles").get(pk=appraisal.appraisee_id)
    if not appraisee.is_active:
        raise ValidationError(_("%(name)s no longer works here.") % {"name": appraisee.user.display_name})
    next_appraisal = Appraisal.objects.filter(cycle=next_cycle, appraisee=appraisee).first()
    if next_appraisal is None:
        next_appraisal = _create_appraisals(actor=actor, cycle=next_cycle, memberships=[appraisee])[0]
    order = (Objective.objects.filter(appraisal=next_appraisal).aggregate(m=Max("order"))["m"] or 0) + 1
    copy = Objective.objects.create(
        school_id=appraisal.school_id,
        appraisal=next_appraisal,
        title=objective.title,
        rationale=objective.rationale,
        priority=objective.priority,
        success_criteria=objective.success_criteria,
        measures=objective.measures,
        subject_id=objective.subject_id,
        support_needed=objective.support_needed,
        support_theme=objective.support_theme,
        carried_from=objective,
        order=order,
    )
    copy.descriptors.set(objective.descriptors.all())
    copy.evidence.set(objective.evidence.all())
    objective.status = Objective.Status.CARRIED_OVER
    objective.save(update_fields=["status", "updated_at"])
    label = rules.year_label(school, next_year)
    _changed(actor, appraisal, _("Carried “%(title)s” over to %(year)s") % {"title": objective.title, "year": label})
    _changed(
        actor,
        next_appraisal,
        _("Carried “%(title)s” over from %(year)s")
        % {"title": objective.title, "year": rules.year_label(school, cycle.year_start)},
    )
    record_event(
        actor=actor, school=school, verb="appraisal.objective_carried_over", target=copy, data={"from": objective.pk}
    )
    return copy


# ---- self-review -------------------------------------------------------------------------------------------------


@dataclass
class RatingData:
    level: str = ""
    comment: str = ""
    evidence: list = field(default_factory=list)


@dataclass
class SelfReviewData:
    framework: Framework
    career_stage: CareerStage | None = None
    summary: str = ""
    evidence: list = field(default_factory=list)
    ratings: dict = field(default_factory=dict)  # standard id -> RatingData


@transaction.atomic
def save_self_review(*, actor: User, appraisal: Appraisal, data: SelfReviewData) -> SelfReview:
    writer = _writer(actor, appraisal)
    if not writer.is_appraisee:
        raise PermissionDenied(_("Only the appraisee writes their self-review."))
    _open_appraisal(appraisal)
    errors = {}
    if data.career_stage is not None and data.career_stage.framework_id != data.framework.pk:
        errors["career_stage"] = _("Choose one of this framework's career stages.")
    standards = set(data.framework.standards.values_list("pk", flat=True))
    own = appraisal.appraisee.user_id
    activities = [a for r in data.ratings.values() for a in r.evidence] + list(data.evidence)
    if any(a.owner_id != own or a.school_id != appraisal.school_id for a in activities):
        errors["evidence"] = _("Evidence comes only from your own learning record.")
    if any(r.level and r.level not in SelfRating.Level.values for r in data.ratings.values()):
        errors["ratings"] = _("Choose one of the descriptions for each standard.")
    if errors:
        raise ValidationError(errors)
    review, _created = SelfReview.objects.select_for_update().get_or_create(
        appraisal=appraisal, defaults={"school_id": appraisal.school_id, "framework": data.framework}
    )
    review.career_stage = data.career_stage
    review.summary = data.summary.strip()
    review.save()
    review.evidence.set(data.evidence)
    existing = {r.standard_id: r for r in review.ratings.all()}
    for standard_id, rating_data in data.ratings.items():
        if standard_id not in standards:
            continue
        rating = existing.get(standard_id)
        if rating is None:
            if not (rating_data.level or rating_data.comment.strip() or rating_data.evidence):
                continue
            rating = SelfRating(school_id=appraisal.school_id, self_review=review, standard_id=standard_id)
        rating.level = rating_data.level
        rating.comment = rating_data.comment.strip()
        rating.save()
        rating.evidence.set(rating_data.evidence)
    _changed(actor, appraisal, _("Saved the self-review"))
    record_event(actor=actor, school=appraisal.school, verb="appraisal.self_review_saved", target=review)
    return review


# ---- review meetings ---------------------------------------------------------------------------------------------


class ReviewConflict(Exception):
    """Someone saved the same text after this writer loaded it: nothing was saved, and both versions are kept."""

    def __init__(self, review: ReviewMeeting, part: str):
        super().__init__(part)
        self.review = review
        self.part = part


REVIEW_PARTS = ("appraisee_notes", "reviewer_notes", "agreed_record")
PART_NAMES = {
    "appraisee_notes": gettext_lazy("the appraisee's notes"),
    "reviewer_notes": gettext_lazy("the reviewer's notes"),
    "agreed_record": gettext_lazy("the agreed record"),
}


def _locked_review(review: ReviewMeeting) -> ReviewMeeting:
    return ReviewMeeting.objects.select_for_update().select_related("stage").get(pk=review.pk)


@transaction.atomic
def save_review_text(
    *,
    actor: User,
    review: ReviewMeeting,
    part: str,
    text: str,
    version: int,
    checksum: str = "",
    meeting_on: datetime.date | None = None,
) -> ReviewMeeting:
    """Saves one part of a review. If the row has moved on since the writer loaded it and this part's text is not
    what they started from, raises ReviewConflict and saves nothing."""
    appraisal = review.appraisal
    writer = _writer(actor, appraisal)
    if part not in REVIEW_PARTS:
        raise ValidationError(_("Choose which part of the review to save."))
    if part == "appraisee_notes" and not writer.is_appraisee:
        raise PermissionDenied(_("Only the appraisee writes the appraisee's notes."))
    if part == "reviewer_notes" and not writer.is_reviewer:
        raise PermissionDenied(_("Only a reviewer writes the reviewer's notes."))
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Keep this under %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}})
    current = _locked_review(review)
    if current.approved_at is not None:
        raise ValidationError(_("This review has been approved, so it can no longer be changed."))
    saved = getattr(current, part)
    if current.version != version and (not checksum or checksum != text_checksum(saved)) and saved != text:
        raise ReviewConflict(current, part)
    cleared = False
    changes = []
    if saved != text:
        setattr(current, part, text)
        changes.append(part)
        if part == "agreed_record" and (current.appraisee_signed_at or current.reviewer_signed_at):
            current.appraisee_signed_at = current.reviewer_signed_at = None
            current.reviewer_signed_by = None
            cleared = True
    if part == "agreed_record" and meeting_on != current.meeting_on:
        current.meeting_on = meeting_on
        changes.append("meeting_on")
    if not changes:
        return current
    current.version += 1
    current.save()
    what = _("Changed %(part)s (%(stage)s)") % {"part": PART_NAMES[part], "stage": current.stage.name}
    if cleared:
        what += " " + _("(signatures cleared)")
    _changed(actor, appraisal, what)
    record_event(
        actor=actor,
        school=appraisal.school,
        verb="appraisal.review_text_saved",
        target=current,
        data={"part": part, "signatures_cleared": cleared, "version": current.version},
    )
    current.signatures_cleared = cleared
    return current


def sign_off_problems(review: ReviewMeeting) -> list[str]:
    """Why a review cannot be signed yet, in words for the page; empty when it can."""
    problems = []
    if not review.appraisee_notes.strip():
        problems.append(_("The appraisee has not written their notes yet."))
    if not review.reviewer_notes.strip():
        problems.append(_("The reviewer has not written their notes yet."))
    if not review.agreed_record.strip():
        problems.append(_("The agreed record of the meeting is empty."))
    return problems


@transaction.atomic
def sign_review(*, actor: User, review: ReviewMeeting, checksum: str) -> ReviewMeeting:
    appraisal = review.appraisal
    writer = _writer(actor, appraisal)
    current = _locked_review(review)
    if current.approved_at is not None:
        raise ValidationError(_("This review has already been approved."))
    problems = sign_off_problems(current)
    if problems:
        raise ValidationError([_("Both sides need to write before anyone signs. Nothing has been signed.")] + problems)
    if checksum != text_checksum(current.agreed_record):
        raise ValidationError(_("The agreed record changed after you opened this page. Read it again, then sign."))
    now = timezone.now()
    if writer.is_appraisee:
        if current.appraisee_signed_at:
            raise ValidationError(_("You have already signed this review."))
        current.appraisee_signed_at = now
        side = "appraisee"
    else:
        if current.reviewer_signed_at:
            raise ValidationError(
                _("%(name)s has already signed for the reviewers.")
                % {"name": current.reviewer_signed_by.display_name if current.reviewer_signed_by else _("A reviewer")}
            )
        current.reviewer_signed_at = now
        current.reviewer_signed_by = actor
        side = "reviewer"
    current.version += 1
    current.save()
    _changed(actor, appraisal, _("Signed the review (%(stage)s)") % {"stage": current.stage.name})
    record_event(
        actor=actor, school=appraisal.school, verb="appraisal.review_signed", target=current, data={"side": side}
    )
    return current


@transaction.atomic
def approve_review(*, actor: User, review: ReviewMeeting) -> ReviewMeeting:
    appraisal = review.appraisal
    membership = _membership(actor, appraisal.school_id)
    fresh = (
        Appraisal.objects.filter(pk=appraisal.pk)
        .prefetch_related(Prefetch("reviewers", queryset=Reviewer.objects.all()))
        .get()
    )
    if not policies.can_approve_reviews(membership, fresh):
        raise PermissionDenied(
            _("The headteacher approves reviews; for the head's own appraisal, a governor on the panel does.")
        )
    current = _locked_review(review)
    if current.approved_at is not None:
        raise ValidationError(_("This review has already been approved."))
    if not rules.is_signed_off(current):
        raise ValidationError(_("Both the appraisee and a reviewer need to sign before the review is approved."))
    current.approved_at = timezone.now()
    current.approved_by = actor
    current.version += 1
    current.save()
    _changed(actor, appraisal, _("Approved the review (%(stage)s)") % {"stage": current.stage.name})
    record_event(actor=actor, school=appraisal.school, verb="appraisal.review_approved", target=current)
    return current


@transaction.atomic
def record_outcome(*, actor: User, review: ReviewMeeting, statement: OutcomeStatement | None) -> Appraisal:
    appraisal = review.appraisal
    writer = _writer(actor, appraisal)
    if not writer.is_reviewer:
        raise PermissionDenied(_("The reviewer records the outcome statement."))
    current = _locked_review(review)
    cycle = appraisal.cycle
    if not cycle.outcome_statements_enabled or current.stage.kind != Stage.Kind.END_OF_YEAR:
        raise ValidationError(
            _("Outcome statements are recorded at the end-of-year review, where the school uses them.")
        )
    if current.approved_at is not None:
        raise ValidationError(_("This review has been approved, so the outcome can no longer be changed."))
    if statement is not None and statement.school_id != appraisal.school_id:
        raise ValidationError({"statement": _("Choose one of your school's statements.")})
    Appraisal.objects.filter(pk=appraisal.pk).update(outcome_statement=statement)
    appraisal.outcome_statement = statement
    _changed(actor, appraisal, _("Recorded the outcome statement"))
    record_event(
        actor=actor,
        school=appraisal.school,
        verb="appraisal.outcome_recorded",
        target=appraisal,
        data={"statement": statement.pk if statement else None},
    )
    return appraisal


# ---- reminders ---------------------------------------------------------------------------------------------------


@dataclass
class _Recipient:
    membership: Membership
    own: Appraisal | None = None
    reviewing: list = field(default_factory=list)


def _recipients(stage: Stage) -> list[_Recipient]:
    from .selectors import _with_progress

    appraisals = _with_progress(
        Appraisal.objects.filter(cycle_id=stage.cycle_id)
        .select_related("appraisee__user")
        .prefetch_related(Prefetch("reviewers", queryset=Reviewer.objects.select_related("membership__user")))
    ).order_by("id")
    people: dict[int, _Recipient] = {}
    for appraisal in appraisals:
        if not appraisal.appraisee.is_active:
            continue  # someone who has left has no review to prepare, and nobody needs reminding about them
        review = next((r for r in appraisal.reviews.all() if r.stage_id == stage.pk), None)
        if rules.stage_is_done(stage, review, has_objectives=appraisal.has_objectives):
            continue
        appraisee = appraisal.appraisee
        people.setdefault(appraisee.pk, _Recipient(appraisee)).own = appraisal
        for reviewer in appraisal.reviewers.all():
            people.setdefault(reviewer.membership_id, _Recipient(reviewer.membership)).reviewing.append(appraisal)
    return [p for p in people.values() if p.membership.is_active and p.membership.user.is_active]


def send_stage_reminders(
    *, now: datetime.datetime | None = None, base_url: str, days_before: int = REMINDER_DAYS_BEFORE
) -> int:
    """Email appraisees and reviewers when a stage falls due within `days_before` days and their part of it is not
    done; once per person per stage. Returns how many emails were sent."""
    now = now or timezone.now()
    # A day either side of the server's date covers every school's own date; each is checked in its time zone.
    stages = (
        Stage.objects.filter(
            due_on__gte=now.date() - datetime.timedelta(days=1),
            due_on__lte=now.date() + datetime.timedelta(days=days_before + 1),
        )
        .select_related("cycle", "school")
        .order_by("due_on", "id")
    )
    sent = 0
    for stage in stages:
        today = now.astimezone(stage.school.tz).date()
        if not today <= stage.due_on <= today + datetime.timedelta(days=days_before):
            continue
        already = set(ReminderSent.objects.filter(stage=stage).values_list("membership_id", flat=True))
        for recipient in _recipients(stage):
            if recipient.membership.pk in already:
                continue
            try:
                with transaction.atomic():
                    # Claiming first means two workers never send the same reminder twice.
                    ReminderSent.objects.create(school_id=stage.school_id, stage=stage, membership=recipient.membership)
                    _send_stage_reminder(stage, recipient, base_url)
            except IntegrityError:
                continue
            except Exception:
                # The claim is rolled back, so the next run tries again; one bad address must not stop the rest.
                logger.exception(
                    "Could not send the appraisal reminder for stage %s to %s", stage.pk, recipient.membership.pk
                )
                continue
            sent += 1
    return sent


def _send_stage_reminder(stage: Stage, recipient: _Recipient, base_url: str) -> None:
    base = base_url.rstrip("/")
    context = {
        "stage": stage,
        "user": recipient.membership.user,
        "school": stage.school,
        "own_link": base + reverse("appraisal:detail", args=[recipient.own.pk]) if recipient.own else "",
        "reviewing": [
            (a.appraisee.user.display_name, base + reverse("appraisal:detail", args=[a.pk]))
            for a in recipient.reviewing
        ],
        "overview_link": base + reverse("appraisal:overview"),
    }
    send_mail(
        subject=_("Appraisal: %(stage)s is due by %(date)s")
        % {"stage": " ".join(stage.name.split()), "date": date_format(stage.due_on, "j F")},
        message=render_to_string("appraisal/email/stage_reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient.membership.user.email],
    )


def evidence_since(appraisal: Appraisal) -> datetime.date:
    """Evidence is offered from the start of the previous academic year, so carried-over work still fits."""
    return rules.year_period(appraisal.school, appraisal.cycle.year_start - 1).start
