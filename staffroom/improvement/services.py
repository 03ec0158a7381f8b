"""Writes for the improvement plan. Each checks who is acting here as well as in the view, and is audited."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership, User
from staffroom.core.audit import record_event
from staffroom.organisations.models import Department, School, Subject

from . import policies
from .models import (
    Action,
    ActionUpdate,
    ImprovementPlan,
    Milestone,
    Priority,
    PriorityRating,
    Proposal,
    ProposalComment,
    SubPlan,
)

MAX_TEXT = 20_000


def _membership(actor: User, school_id: int) -> Membership | None:
    if actor is None or not actor.is_authenticated:
        return None
    return Membership.objects.active().filter(user=actor, school_id=school_id).prefetch_related("roles").first()


def _leader(actor: User, school_id: int) -> Membership:
    membership = _membership(actor, school_id)
    if not policies.can_manage_plan(membership):
        raise PermissionDenied(_("Only the headteacher and senior leaders shape the improvement plan."))
    return membership


def _same_school(school_id: int, *memberships) -> None:
    for m in memberships:
        if m is not None and m.school_id != school_id:
            raise ValidationError(_("Choose someone from this school."))


def _text(value: str, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This is needed.")})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("Keep this under %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}})
    return value


# ---- the plan ----------------------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(*, actor: User, school: School, year_start: int) -> ImprovementPlan:
    _leader(actor, school.pk)
    plan, created = ImprovementPlan.objects.get_or_create(school=school, year_start=year_start)
    if created:
        record_event(actor=actor, school=school, verb="improvement.plan_created", target=plan)
    return plan


@transaction.atomic
def add_priority(
    *, actor: User, plan: ImprovementPlan, title: str, description: str = "", evaluation_areas=(), metrics=()
) -> Priority:
    _leader(actor, plan.school_id)
    for row in [*evaluation_areas, *metrics]:
        if row.school_id != plan.school_id:
            raise ValidationError(_("Choose areas and metrics from this school."))
    order = Priority.objects.filter(plan=plan).count() + 1
    priority = Priority.objects.create(
        school_id=plan.school_id,
        plan=plan,
        title=_text(title, "title", required=True)[:200],
        description=_text(description, "description"),
        order=order,
    )
    priority.evaluation_areas.set(evaluation_areas)
    priority.metrics.set(metrics)
    record_event(actor=actor, school=plan.school, verb="improvement.priority_added", target=priority)
    return priority


@transaction.atomic
def edit_priority(
    *, actor: User, priority: Priority, title: str, description: str = "", evaluation_areas=(), metrics=()
) -> Priority:
    _leader(actor, priority.school_id)
    for row in [*evaluation_areas, *metrics]:
        if row.school_id != priority.school_id:
            raise ValidationError(_("Choose areas and metrics from this school."))
    priority.title = _text(title, "title", required=True)[:200]
    priority.description = _text(description, "description")
    priority.save(update_fields=["title", "description"])
    priority.evaluation_areas.set(evaluation_areas)
    priority.metrics.set(metrics)
    record_event(actor=actor, school=priority.school, verb="improvement.priority_edited", target=priority)
    return priority


@transaction.atomic
def remove_priority(*, actor: User, priority: Priority) -> None:
    """Removes the priority with its subject and team plans and their actions; appraisal objectives linked to it
    keep their text and lose only the link."""
    _leader(actor, priority.school_id)
    record_event(
        actor=actor,
        school=priority.school,
        verb="improvement.priority_removed",
        target=priority,
        data={"title": priority.title, "actions": Action.objects.filter(sub_plan__priority=priority).count()},
    )
    priority.delete()


@transaction.atomic
def add_sub_plan(
    *,
    actor: User,
    priority: Priority,
    kind: str,
    subject: Subject | None = None,
    department: Department | None = None,
    lead: Membership | None = None,
) -> SubPlan:
    _leader(actor, priority.school_id)
    _same_school(priority.school_id, lead)
    if department is not None and department.school_id != priority.school_id:
        raise ValidationError(_("Choose a team from this school."))
    if kind not in SubPlan.Kind.values:
        raise ValidationError(_("Choose subject or team."))
    if kind == SubPlan.Kind.SUBJECT and subject is None:
        raise ValidationError({"subject": _("Choose the subject this plan is for.")})
    sub_plan = SubPlan.objects.create(
        school_id=priority.school_id,
        priority=priority,
        kind=kind,
        subject=subject if kind == SubPlan.Kind.SUBJECT else None,
        department=department if kind == SubPlan.Kind.TEAM else None,
        lead=lead,
    )
    record_event(actor=actor, school=priority.school, verb="improvement.sub_plan_added", target=sub_plan)
    return sub_plan


@dataclass(frozen=True)
class ActionData:
    title: str
    owner: Membership
    description: str = ""
    collaborators: tuple = ()
    starts_on: datetime.date | None = None
    due_on: datetime.date | None = None
    success_criteria: str = ""
    metric: object | None = None
    target_comparison: str = ""
    target_value: Decimal | None = None
    evidence: str = ""


def _check_action_data(school_id: int, data: ActionData) -> None:
    _same_school(school_id, data.owner, *data.collaborators)
    if not data.owner.is_active:
        raise ValidationError({"owner": _("Choose someone who still works here.")})
    if data.starts_on and data.due_on and data.due_on < data.starts_on:
        raise ValidationError({"due_on": _("The due date must be on or after the start date.")})
    if data.metric is not None:
        if data.metric.school_id != school_id:
            raise ValidationError({"metric": _("Choose a metric from this school.")})
        if data.target_value is None or data.target_comparison not in Action.Comparison.values:
            raise ValidationError({"target_value": _("Give the target for the metric, e.g. at least 95.")})
        low, high = getattr(data.metric, "min_value", None), getattr(data.metric, "max_value", None)
        if (low is not None and data.target_value < low) or (high is not None and data.target_value > high):
            raise ValidationError(
                {"target_value": _("The target must be between %(low)s and %(high)s.") % {"low": low, "high": high}}
            )


def _checked_fields(school_id: int, data: ActionData) -> dict:
    """The action's own fields from `data`, validated; shared by adding and editing."""
    _check_action_data(school_id, data)
    return {
        "title": _text(data.title, "title", required=True)[:200],
        "description": _text(data.description, "description"),
        "owner": data.owner,
        "starts_on": data.starts_on,
        "due_on": data.due_on,
        "success_criteria": _text(data.success_criteria, "success_criteria"),
        "metric": data.metric,
        "target_comparison": data.target_comparison if data.metric else "",
        "target_value": data.target_value if data.metric else None,
        "evidence": _text(data.evidence, "evidence"),
    }


def _set_collaborators(action: Action, data: ActionData) -> None:
    action.collaborators.set([c for c in data.collaborators if c.pk != data.owner.pk])


def _create_action(*, sub_plan: SubPlan, data: ActionData) -> Action:
    action = Action.objects.create(
        school_id=sub_plan.school_id, sub_plan=sub_plan, **_checked_fields(sub_plan.school_id, data)
    )
    _set_collaborators(action, data)
    return action


@transaction.atomic
def add_action(*, actor: User, sub_plan: SubPlan, data: ActionData) -> Action:
    membership = _membership(actor, sub_plan.school_id)
    if not policies.can_add_action(membership, sub_plan):
        raise PermissionDenied(_("Only leaders and this plan's lead add actions."))
    action = _create_action(sub_plan=sub_plan, data=data)
    record_event(actor=actor, school=sub_plan.school, verb="improvement.action_added", target=action)
    return action


# ---- working on an action ----------------------------------------------------------------------------------------


class StaleAction(Exception):
    """Someone changed the action after this person loaded it; nothing was saved."""

    def __init__(self, current: Action):
        super().__init__(current.pk)
        self.current = current


def _locked_action(action: Action, actor: User) -> tuple[Action, Membership]:
    current = Action.objects.select_for_update().get(pk=action.pk)
    membership = _membership(actor, current.school_id)
    if not policies.can_work_on_action(membership, current):
        raise PermissionDenied(_("Only the action's owner and collaborators update it."))
    return current, membership


@transaction.atomic
def change_status(*, actor: User, action: Action, status: str, version: int) -> Action:
    """Sets the status if nobody else has changed the action since `version`; otherwise raises StaleAction."""
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    current, membership = _locked_action(action, actor)
    if current.version != version:
        raise StaleAction(current)
    if current.status == status:
        return current
    previous = current.status
    current.status = status
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    ActionUpdate.objects.create(action=current, author=membership, text="", status=status)
    record_event(
        actor=actor,
        school=current.school,
        verb="improvement.action_status_changed",
        target=current,
        data={"from": previous, "to": status, "version": current.version},
    )
    return current


@transaction.atomic
def post_update(*, actor: User, action: Action, text: str) -> ActionUpdate:
    current, membership = _locked_action(action, actor)
    # Updates only add to the thread, so they leave the version alone: a status form on the same page stays valid.
    update = ActionUpdate.objects.create(action=current, author=membership, text=_text(text, "text", required=True))
    record_event(actor=actor, school=current.school, verb="improvement.action_update_posted", target=update)
    return update


@transaction.atomic
def edit_action(*, actor: User, action: Action, data: ActionData, version: int) -> Action:
    """Saves the action's details if nobody has changed it since `version`; otherwise raises StaleAction."""
    current = Action.objects.select_for_update().select_related("sub_plan").get(pk=action.pk)
    membership = _membership(actor, current.school_id)
    if not policies.can_edit_action(membership, current):
        raise PermissionDenied(_("Only leaders, the plan's lead and the owner change an action's details."))
    if current.version != version:
        raise StaleAction(current)
    for name, value in _checked_fields(current.school_id, data).items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    _set_collaborators(current, data)
    record_event(
        actor=actor,
        school=current.school,
        verb="improvement.action_edited",
        target=current,
        data={"version": current.version},
    )
    return current


@transaction.atomic
def remove_action(*, actor: User, action: Action) -> None:
    current = Action.objects.select_for_update().select_related("sub_plan").get(pk=action.pk)
    if not policies.can_remove_action(_membership(actor, current.school_id), current):
        raise PermissionDenied(_("Only leaders and the plan's lead remove an action."))
    record_event(
        actor=actor,
        school=current.school,
        verb="improvement.action_removed",
        target=current,
        data={"title": current.title},
    )
    current.delete()


# ---- milestones --------------------------------------------------------------------------------------------------


def _check_may_keep_milestones(actor: User, action: Action) -> None:
    membership = _membership(actor, action.school_id)
    if not policies.can_keep_milestones(membership, action):
        raise PermissionDenied(_("Only the people working on this action keep its milestones."))


@transaction.atomic
def add_milestone(*, actor: User, action: Action, title: str, due_on: datetime.date | None = None) -> Milestone:
    _check_may_keep_milestones(actor, action)
    milestone = Milestone.objects.create(
        school_id=action.school_id, action=action, title=_text(title, "title", required=True)[:200], due_on=due_on
    )
    record_event(actor=actor, school=action.school, verb="improvement.milestone_added", target=milestone)
    return milestone


@transaction.atomic
def set_milestone_done(*, actor: User, milestone: Milestone, done: bool) -> Milestone:
    _check_may_keep_milestones(actor, milestone.action)
    # Ticking is idempotent: two people ticking the same milestone both see it done, with one audit event.
    updated = Milestone.objects.filter(pk=milestone.pk).exclude(done=done).update(done=done)
    milestone.done = done
    if updated:
        record_event(
            actor=actor,
            school=milestone.action.school,
            verb="improvement.milestone_done" if done else "improvement.milestone_reopened",
            target=milestone,
        )
    return milestone


@transaction.atomic
def remove_milestone(*, actor: User, milestone: Milestone) -> None:
    _check_may_keep_milestones(actor, milestone.action)
    record_event(
        actor=actor,
        school=milestone.action.school,
        verb="improvement.milestone_removed",
        target=milestone,
        data={"title": milestone.title},
    )
    milestone.delete()


# ---- proposals ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalData:
    title: str
    problem: str
    idea: str
    evidence: str = ""
    subject: Subject | None = None
    proposer_would_own: bool = True


@transaction.atomic
def propose(*, actor: User, school: School, data: ProposalData) -> Proposal:
    membership = _membership(actor, school.pk)
    if not policies.can_propose(membership):
        raise PermissionDenied(_("Members of staff make proposals."))
    proposal = Proposal.objects.create(
        school=school,
        proposer=membership,
        title=_text(data.title, "title", required=True)[:200],
        problem=_text(data.problem, "problem", required=True),
        idea=_text(data.idea, "idea", required=True),
        evidence=_text(data.evidence, "evidence"),
        subject=data.subject,
        proposer_would_own=data.proposer_would_own,
    )
    record_event(actor=actor, school=school, verb="improvement.proposal_made", target=proposal)
    return proposal


@transaction.atomic
def support_proposal(*, actor: User, proposal: Proposal, support: bool = True) -> None:
    membership = _membership(actor, proposal.school_id)
    if not policies.can_propose(membership):
        raise PermissionDenied(_("Members of staff support proposals."))
    if support:
        proposal.supporters.add(membership)
    else:
        proposal.supporters.remove(membership)
    record_event(
        actor=actor,
        school=proposal.school,
        verb="improvement.proposal_supported",
        target=proposal,
        data={"support": support},
    )


@transaction.atomic
def comment_on_proposal(*, actor: User, proposal: Proposal, text: str) -> ProposalComment:
    membership = _membership(actor, proposal.school_id)
    if not policies.can_propose(membership):
        raise PermissionDenied(_("Members of staff comment on proposals."))
    comment = ProposalComment.objects.create(
        proposal=proposal, author=membership, text=_text(text, "text", required=True)
    )
    record_event(actor=actor, school=proposal.school, verb="improvement.proposal_commented", target=comment)
    return comment


def _open_proposal(proposal: Proposal) -> Proposal:
    current = Proposal.objects.select_for_update().select_related("proposer").get(pk=proposal.pk)
    if current.state != Proposal.State.OPEN:
        raise ValidationError(_("This proposal has already been decided."))
    return current


@transaction.atomic
def accept_proposal(*, actor: User, proposal: Proposal, sub_plan: SubPlan, data: ActionData) -> Action:
    """Turns the proposal into an action in `sub_plan`. `data.owner` is whoever the leader chose; the form
    offers the proposer first when they said they would like to lead it."""
    leader = _leader(actor, proposal.school_id)
    if sub_plan.school_id != proposal.school_id:
        raise ValidationError(_("Choose a plan from this school."))
    current = _open_proposal(proposal)
    action = _create_action(sub_plan=sub_plan, data=data)
    current.state = Proposal.State.ACCEPTED
    current.decided_by = leader
    current.action = action
    current.save(update_fields=["state", "decided_by", "action"])
    record_event(
        actor=actor,
        school=current.school,
        verb="improvement.proposal_accepted",
        target=current,
        data={"action": action.pk},
    )
    return action


@transaction.atomic
def decline_proposal(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    leader = _leader(actor, proposal.school_id)
    current = _open_proposal(proposal)
    current.decision_reason = _text(reason, "reason", required=True)
    current.state = Proposal.State.DECLINED
    current.decided_by = leader
    current.save(update_fields=["state", "decided_by", "decision_reason"])
    record_event(actor=actor, school=current.school, verb="improvement.proposal_declined", target=current)
    return current


# ---- rating priorities -------------------------------------------------------------------------------------------


@transaction.atomic
def rate_priorities(*, actor: User, plan: ImprovementPlan, scores: dict[int, int]) -> int:
    """Saves this person's rating of each priority (priority id → score); returns how many were saved."""
    membership = _membership(actor, plan.school_id)
    if not policies.can_rate_priorities(membership):
        raise PermissionDenied(_("Members of staff rate the priorities."))
    valid = set(Priority.objects.filter(plan=plan).values_list("pk", flat=True))
    saved = 0
    for priority_id, score in scores.items():
        if priority_id not in valid or score not in PriorityRating.Score.values:
            continue
        PriorityRating.objects.update_or_create(priority_id=priority_id, rater=membership, defaults={"score": score})
        saved += 1
    record_event(actor=actor, school=plan.school, verb="improvement.priorities_rated", target=plan, data={"n": saved})
    return saved
