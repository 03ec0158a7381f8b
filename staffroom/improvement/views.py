import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from staffroom.accounts import selectors as account_selectors
from staffroom.core.decorators import member_passes, member_required
from staffroom.core.forms import add_errors_to_form
from staffroom.core.tenancy import get_in_school_or_404
from staffroom.core.views import confirm_removal
from staffroom.organisations.calendar import academic_year, school_today

from . import policies, selectors, services
from .forms import (
    AcceptProposalForm,
    ActionForm,
    CommentForm,
    DeclineForm,
    EditActionForm,
    MilestoneForm,
    PlanForm,
    PriorityForm,
    ProposalForm,
    RatingForm,
    StatusForm,
    SubPlanForm,
    UpdateForm,
)
from .models import Action, ImprovementPlan, Milestone, Priority, Proposal, SubPlan


def _this_year(request) -> int:
    return academic_year(school_today(request.school), request.school.academic_year_start_month).start.year


def _chosen_plan(request) -> ImprovementPlan | None:
    """The plan for ?year=, else this year's, else the latest before it."""
    year = request.GET.get("year", "")
    if year:
        try:
            return selectors.plans(school=request.school).get(year_start=int(year))
        except (ValueError, ImprovementPlan.DoesNotExist):
            raise Http404 from None
    return selectors.current_plan(school=request.school, year_start=_this_year(request))


def _evaluation_links() -> list[tuple[str, str]]:
    # The evaluation app's pages are linked once they exist; until then the hub simply leaves them out.
    links = []
    for name, label in (
        ("evaluation:profile", _("School profile: every dimension of self-evaluation")),
        ("evaluation:metric_list", _("Metrics")),
        ("evaluation:survey_list", _("Surveys")),
    ):
        with contextlib.suppress(NoReverseMatch):
            links.append((reverse(name), label))
    return links


@member_required
def hub(request):
    plan = _chosen_plan(request)
    return render(
        request,
        "improvement/hub.html",
        {
            "nav_section": "improvement",
            "plan": plan,
            "is_leader": policies.is_leader(request.membership),
            "is_staff": policies.is_staff(request.membership),
            "evaluation_links": _evaluation_links(),
            "plan_form": PlanForm(initial={"year_start": _this_year(request)}),
            "year_start": _this_year(request),
            "statuses": Action.Status.choices,
            "networks": [
                (network, selectors.network_plan_status(network=network))
                for network in account_selectors.networks_led_by(user=request.user)
            ],
        },
    )


@member_passes(policies.can_manage_plan)
@require_POST
def plan_create(request):
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the year the plan starts in, e.g. 2025."))
        return redirect("improvement:hub")
    plan = services.create_plan(actor=request.user, school=request.school, year_start=form.cleaned_data["year_start"])
    return redirect(f"{reverse('improvement:plan')}?year={plan.year_start}")


def _status_forms(actions):
    return {a.pk: StatusForm(initial={"status": a.status, "version": a.version}, prefix=f"a{a.pk}") for a in actions}


@member_required
def plan_view(request):
    plan = _chosen_plan(request)
    if plan is None:
        return redirect("improvement:hub")
    priorities = list(selectors.plan_tree(plan=plan))
    membership = request.membership
    for priority in priorities:
        for sub_plan in priority.sub_plans.all():
            sub_plan.can_add = policies.can_add_action(membership, sub_plan)
            for action in sub_plan.actions.all():
                action.can_work = policies.can_work_on_action(membership, action)
    return render(
        request,
        "improvement/plan.html",
        {
            "nav_section": "improvement",
            "plan": plan,
            "priorities": priorities,
            "is_leader": policies.is_leader(membership),
            "statuses": Action.Status.choices,
        },
    )


@member_required
@vary_on_headers("HX-Request")
def board(request):
    plan = _chosen_plan(request)
    if plan is None:
        return redirect("improvement:hub")
    return _board_response(request, plan)


def _board_response(request, plan, *, conflict=None, conflict_pk=None, status=200):
    actions = list(selectors.plan_actions(plan=plan))
    for action in actions:
        action.can_work = policies.can_work_on_action(request.membership, action)
    columns = [(value, label, [a for a in actions if a.status == value]) for value, label in Action.Status.choices]
    context = {
        "nav_section": "improvement",
        "plan": plan,
        "columns": columns,
        "statuses": Action.Status.choices,
        "conflict": conflict,
        "conflict_pk": conflict_pk,
    }
    template = "improvement/board.html#board-columns" if request.htmx else "improvement/board.html"
    return render(request, template, context, status=status)


@member_required
def my_actions(request):
    actions = list(selectors.my_actions(membership=request.membership))
    return render(request, "improvement/my_actions.html", {"nav_section": "improvement", "actions": actions})


# ---- shaping the plan --------------------------------------------------------------------------------------------


def _form_page(request, form, *, title, back, submit, remove_url="", remove_label=""):
    return render(
        request,
        "improvement/form.html",
        {
            "nav_section": "improvement",
            "form": form,
            "title": title,
            "back": back,
            "submit": submit,
            "remove_url": remove_url,
            "remove_label": remove_label,
        },
    )


@member_passes(policies.can_manage_plan)
def priority_add(request, plan_pk):
    plan = get_in_school_or_404(ImprovementPlan.objects.all(), school=request.school, pk=plan_pk)
    back = f"{reverse('improvement:plan')}?year={plan.year_start}"
    form = PriorityForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_priority(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Priority added."))
            return redirect(back)
    return _form_page(request, form, title=_("Add a priority"), back=back, submit=_("Add priority"))


@member_passes(policies.can_manage_plan)
def priority_edit(request, pk):
    priority = get_in_school_or_404(
        Priority.objects.select_related("plan").prefetch_related("evaluation_areas", "metrics"),
        school=request.school,
        pk=pk,
    )
    back = f"{reverse('improvement:plan')}?year={priority.plan.year_start}#priority-{priority.pk}"
    initial = {
        "title": priority.title,
        "description": priority.description,
        "evaluation_areas": [a.pk for a in priority.evaluation_areas.all()],
        "metrics": [m.pk for m in priority.metrics.all()],
    }
    form = PriorityForm(request.POST or None, school=request.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_priority(actor=request.user, priority=priority, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Priority saved."))
            return redirect(back)
    title = _("Edit the priority “%(t)s”") % {"t": priority.title}
    return _form_page(
        request,
        form,
        title=title,
        back=back,
        submit=_("Save priority"),
        remove_url=reverse("improvement:priority_remove", args=[priority.pk]),
        remove_label=_("Remove this priority"),
    )


@member_passes(policies.can_manage_plan)
def priority_remove(request, pk):
    priority = get_in_school_or_404(Priority.objects.select_related("plan"), school=request.school, pk=pk)
    back = f"{reverse('improvement:plan')}?year={priority.plan.year_start}"
    if request.method == "POST":
        services.remove_priority(actor=request.user, priority=priority)
        messages.success(request, _("Priority removed."))
        return redirect(back)
    actions = Action.objects.filter(sub_plan__priority=priority).count()
    return confirm_removal(
        request,
        nav_section="improvement",
        title=_("Remove the priority “%(t)s”?") % {"t": priority.title},
        consequences=[
            ngettext(
                "Its subject and team plans are removed, with their %(n)d action and its updates.",
                "Its subject and team plans are removed, with their %(n)d actions and all their updates.",
                actions,
            )
            % {"n": actions},
            _("Appraisal objectives linked to it keep their wording, without the link."),
        ],
        cancel_url=back,
    )


@member_passes(policies.can_manage_plan)
def sub_plan_add(request, priority_pk):
    priority = get_in_school_or_404(Priority.objects.select_related("plan"), school=request.school, pk=priority_pk)
    back = f"{reverse('improvement:plan')}?year={priority.plan.year_start}"
    form = SubPlanForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_sub_plan(actor=request.user, priority=priority, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Subject or team plan added."))
            return redirect(back)
    title = _("Add a subject or team plan to “%(p)s”") % {"p": priority.title}
    return _form_page(request, form, title=title, back=back, submit=_("Add plan"))


def _action_data(cleaned) -> services.ActionData:
    return services.ActionData(
        title=cleaned["title"],
        owner=cleaned["owner"],
        description=cleaned.get("description", ""),
        collaborators=tuple(cleaned.get("collaborators") or ()),
        starts_on=cleaned.get("starts_on"),
        due_on=cleaned.get("due_on"),
        success_criteria=cleaned.get("success_criteria", ""),
        metric=cleaned.get("metric"),
        target_comparison=cleaned.get("target_comparison", ""),
        target_value=cleaned.get("target_value"),
        evidence=cleaned.get("evidence", ""),
    )


@member_required
def action_add(request, sub_plan_pk):
    sub_plan = get_in_school_or_404(
        SubPlan.objects.select_related("priority__plan", "subject", "department"), school=request.school, pk=sub_plan_pk
    )
    if not policies.can_add_action(request.membership, sub_plan):
        raise PermissionDenied
    back = f"{reverse('improvement:plan')}?year={sub_plan.priority.plan.year_start}"
    form = ActionForm(request.POST or None, school=request.school, initial={"owner": request.membership.pk})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(actor=request.user, sub_plan=sub_plan, data=_action_data(form.cleaned_data))
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Action added."))
            return redirect("improvement:action", action.pk)
    title = _("Add an action to %(plan)s") % {"plan": sub_plan}
    return _form_page(request, form, title=title, back=back, submit=_("Add action"))


# ---- working on an action ----------------------------------------------------------------------------------------


def _action(request, pk) -> Action:
    action = selectors.action_for_school(school=request.school, pk=pk).first() if str(pk).isdigit() else None
    if action is None:
        raise Http404
    return action


def _action_page(request, action, *, milestone_form=None, status=200):
    can_work = policies.can_work_on_action(request.membership, action)
    can_edit = policies.can_edit_action(request.membership, action)
    action.can_work = can_work
    return render(
        request,
        "improvement/action_detail.html",
        {
            "nav_section": "improvement",
            "action": action,
            "can_work": can_work,
            "can_edit": can_edit,
            "can_keep_milestones": can_work or can_edit,
            "updates": selectors.action_updates(action=action),
            "milestones": list(action.milestones.all()),
            "milestone_form": milestone_form or MilestoneForm(),
            "status_form": StatusForm(initial={"status": action.status, "version": action.version}),
            "update_form": UpdateForm(),
            "statuses": Action.Status.choices,
        },
        status=status,
    )


@member_required
def action_detail(request, pk):
    return _action_page(request, _action(request, pk))


def _initial_for(action: Action) -> dict:
    return {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id,
        "collaborators": [c.pk for c in action.collaborators.all()],
        "starts_on": action.starts_on,
        "due_on": action.due_on,
        "success_criteria": action.success_criteria,
        "metric": action.metric_id,
        "target_comparison": action.target_comparison,
        "target_value": action.target_value,
        "evidence": action.evidence,
        "version": action.version,
    }


@member_required
def action_edit(request, pk):
    action = _action(request, pk)
    if not policies.can_edit_action(request.membership, action):
        raise PermissionDenied
    back = reverse("improvement:action", args=[action.pk])
    form = EditActionForm(request.POST or None, school=request.school, initial=_initial_for(action))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_action(
                actor=request.user,
                action=action,
                data=_action_data(form.cleaned_data),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        except services.StaleAction:
            # What this person typed stays in the form; they decide whether it still applies.
            form.add_error(
                None,
                _(
                    "Someone else changed this action while you were editing it. Your changes are below but "
                    "were not saved: open the action in another tab to see theirs, then save again."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = Action.objects.get(pk=action.pk).version
        else:
            messages.success(request, _("Action saved."))
            return redirect(back)
    title = _("Edit “%(title)s”") % {"title": action.title}
    remove_url = (
        reverse("improvement:action_remove", args=[action.pk])
        if policies.can_remove_action(request.membership, action)
        else ""
    )
    return _form_page(
        request,
        form,
        title=title,
        back=back,
        submit=_("Save action"),
        remove_url=remove_url,
        remove_label=_("Remove this action"),
    )


@member_required
def action_remove(request, pk):
    action = _action(request, pk)
    if not policies.can_remove_action(request.membership, action):
        raise PermissionDenied
    back = f"{reverse('improvement:plan')}?year={action.sub_plan.priority.plan.year_start}"
    if request.method == "POST":
        services.remove_action(actor=request.user, action=action)
        messages.success(request, _("Action removed."))
        return redirect(back)
    return confirm_removal(
        request,
        nav_section="improvement",
        title=_("Remove the action “%(t)s”?") % {"t": action.title},
        consequences=[_("Its milestones and its thread of updates are removed too.")],
        cancel_url=reverse("improvement:action", args=[action.pk]),
    )


def _milestone(request, pk) -> Milestone:
    milestone = get_in_school_or_404(
        Milestone.objects.select_related("action__sub_plan", "action__school"), school=request.school, pk=pk
    )
    if not policies.can_keep_milestones(request.membership, milestone.action):
        raise PermissionDenied
    return milestone


@member_required
@require_POST
def milestone_add(request, pk):
    action = _action(request, pk)
    if not policies.can_keep_milestones(request.membership, action):
        raise PermissionDenied
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.add_milestone(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("improvement:action", action.pk)
    return _action_page(request, action, milestone_form=form, status=400)


@member_required
@require_POST
def milestone_done(request, pk):
    milestone = _milestone(request, pk)
    done = request.POST.get("done") == "1"
    services.set_milestone_done(actor=request.user, milestone=milestone, done=done)
    messages.success(request, _("Milestone marked done.") if done else _("Milestone reopened."))
    return redirect("improvement:action", milestone.action_id)


@member_required
@require_POST
def milestone_remove(request, pk):
    milestone = _milestone(request, pk)
    services.remove_milestone(actor=request.user, milestone=milestone)
    messages.success(request, _("Milestone removed."))
    return redirect("improvement:action", milestone.action_id)


def _card_response(request, action, *, conflict=None, status=200):
    action.can_work = True
    if request.POST.get("view") == "board":
        # On the board a new status moves the card to another column, so the whole board is redrawn.
        plan = action.sub_plan.priority.plan
        return _board_response(request, plan, conflict=conflict, conflict_pk=action.pk, status=status)
    return render(
        request,
        "improvement/includes/action_card.html",
        {"a": action, "statuses": Action.Status.choices, "conflict": conflict},
        status=status,
    )


def _conflict_message(current: Action) -> str:
    return _(
        "Someone else changed this action while you were looking at it. It is now “%(status)s”; "
        "nothing you chose was saved. Check the status and choose again if you still need to."
    ) % {"status": current.get_status_display()}


@member_required
@require_POST
@vary_on_headers("HX-Request")
def action_status(request, pk):
    action = _action(request, pk)
    if not policies.can_work_on_action(request.membership, action):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _card_response(request, action, conflict=_("Choose one of the statuses."))
        messages.error(request, _("Choose one of the statuses."))
        return redirect("improvement:action", action.pk)
    try:
        services.change_status(
            actor=request.user, action=action, status=form.cleaned_data["status"], version=form.cleaned_data["version"]
        )
    except services.StaleAction as stale:
        fresh = _action(request, pk)
        if request.htmx:
            return _card_response(request, fresh, conflict=_conflict_message(stale.current))
        messages.error(request, _conflict_message(stale.current))
        return redirect("improvement:action", action.pk)
    fresh = _action(request, pk)
    if request.htmx:
        return _card_response(request, fresh)
    messages.success(request, _("Status changed to “%(s)s”.") % {"s": fresh.get_status_display()})
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("improvement:action", args=[pk]))


def _safe_next(request) -> bool:
    nxt = request.POST.get("next", "")
    return nxt.startswith("/improvement/") and "//" not in nxt


@member_required
@require_POST
@vary_on_headers("HX-Request")
def action_update(request, pk):
    action = _action(request, pk)
    if not policies.can_work_on_action(request.membership, action):
        raise PermissionDenied
    form = UpdateForm(request.POST)
    if form.is_valid():
        update = services.post_update(actor=request.user, action=action, text=form.cleaned_data["text"])
        if request.htmx:
            update = selectors.action_updates(action=action).get(pk=update.pk)
            # The empty form comes back out of band so the text box is cleared without any inline script.
            return render(
                request,
                "improvement/includes/update_item.html",
                {"u": update, "fresh": True, "action": action, "update_form": UpdateForm()},
            )
        messages.success(request, _("Update posted."))
    elif request.htmx:
        return render(request, "improvement/includes/update_error.html", {"errors": form.errors.get("text")})
    else:
        messages.error(request, _("Write something before posting the update."))
    return redirect("improvement:action", action.pk)


# ---- proposals ---------------------------------------------------------------------------------------------------


@member_required
def proposal_list(request):
    return render(
        request,
        "improvement/proposal_list.html",
        {
            "nav_section": "improvement",
            "proposals": selectors.proposals(school=request.school),
            "can_propose": policies.can_propose(request.membership),
        },
    )


@member_passes(policies.can_propose)
def proposal_create(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose(
                actor=request.user, school=request.school, data=services.ProposalData(**form.cleaned_data)
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you: your proposal is shared with colleagues and leaders."))
            return redirect("improvement:proposal", proposal.pk)
    back = reverse("improvement:proposals")
    return _form_page(request, form, title=_("Propose an improvement"), back=back, submit=_("Share proposal"))


def _proposal(request, pk) -> Proposal:
    proposal = selectors.proposal_for_school(school=request.school, pk=pk).first() if str(pk).isdigit() else None
    if proposal is None:
        raise Http404
    return proposal


@member_required
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    membership = request.membership
    return render(
        request,
        "improvement/proposal_detail.html",
        {
            "nav_section": "improvement",
            "proposal": proposal,
            "can_take_part": policies.can_propose(membership),
            "supported": any(s.pk == membership.pk for s in proposal.supporters.all()),
            "can_decide": policies.can_decide_proposal(membership) and proposal.state == Proposal.State.OPEN,
            "comment_form": CommentForm(),
        },
    )


@member_passes(policies.can_propose)
@require_POST
def proposal_support(request, pk):
    proposal = _proposal(request, pk)
    services.support_proposal(actor=request.user, proposal=proposal, support=request.POST.get("support") != "0")
    return redirect("improvement:proposal", proposal.pk)


@member_passes(policies.can_propose)
@require_POST
def proposal_comment(request, pk):
    proposal = _proposal(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_on_proposal(actor=request.user, proposal=proposal, text=form.cleaned_data["text"])
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write something before adding the comment."))
    return redirect("improvement:proposal", proposal.pk)


@member_passes(policies.can_decide_proposal)
def proposal_accept(request, pk):
    proposal = _proposal(request, pk)
    if proposal.state != Proposal.State.OPEN:
        messages.error(request, _("This proposal has already been decided."))
        return redirect("improvement:proposal", proposal.pk)
    plan = _chosen_plan(request)
    if plan is None:
        messages.error(request, _("Create this year's improvement plan before accepting proposals into it."))
        return redirect("improvement:proposal", proposal.pk)
    initial = {
        "title": proposal.title,
        "description": proposal.idea,
        "evidence": proposal.evidence,
        "owner": proposal.proposer_id if proposal.proposer_would_own else request.membership.pk,
    }
    form = AcceptProposalForm(request.POST or None, school=request.school, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.accept_proposal(
                actor=request.user,
                proposal=proposal,
                sub_plan=form.cleaned_data["sub_plan"],
                data=_action_data(form.cleaned_data),
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Proposal accepted into the plan."))
            return redirect("improvement:action", action.pk)
    title = _("Accept “%(t)s” into the plan") % {"t": proposal.title}
    back = reverse("improvement:proposal", args=[proposal.pk])
    return _form_page(request, form, title=title, back=back, submit=_("Accept into the plan"))


@member_passes(policies.can_decide_proposal)
def proposal_decline(request, pk):
    proposal = _proposal(request, pk)
    if proposal.state != Proposal.State.OPEN:
        messages.error(request, _("This proposal has already been decided."))
        return redirect("improvement:proposal", proposal.pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.decline_proposal(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
        messages.success(request, _("Proposal declined; the proposer can read your reason."))
        return redirect("improvement:proposal", proposal.pk)
    title = _("Decline “%(t)s”") % {"t": proposal.title}
    back = reverse("improvement:proposal", args=[proposal.pk])
    return _form_page(request, form, title=title, back=back, submit=_("Decline proposal"))


# ---- rating priorities -------------------------------------------------------------------------------------------


@member_required
def ratings(request):
    plan = _chosen_plan(request)
    if plan is None:
        return redirect("improvement:hub")
    membership = request.membership
    can_rate = policies.can_rate_priorities(membership)
    priorities = list(Priority.objects.filter(plan=plan).order_by("order", "pk"))
    form = RatingForm(
        request.POST or None,
        priorities=priorities,
        initial_scores=selectors.my_ratings(plan=plan, membership=membership),
    )
    if request.method == "POST":
        if not can_rate:
            raise PermissionDenied
        if form.is_valid():
            services.rate_priorities(actor=request.user, plan=plan, scores=form.scores())
            messages.success(request, _("Thank you: your ratings are saved."))
            return redirect(f"{reverse('improvement:ratings')}?year={plan.year_start}")
    return render(
        request,
        "improvement/ratings.html",
        {
            "nav_section": "improvement",
            "plan": plan,
            "form": form,
            "can_rate": can_rate,
            "spread": selectors.rating_spread(plan=plan) if policies.is_leader(membership) else None,
        },
    )
