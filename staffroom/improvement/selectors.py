from django.db.models import Count, Prefetch, Q

from staffroom.accounts.models import Membership
from staffroom.organisations.calendar import academic_year, school_today

from .models import Action, ActionUpdate, ImprovementPlan, Priority, PriorityRating, Proposal, SubPlan


def plans(*, school):
    return ImprovementPlan.objects.filter(school=school)


def current_plan(*, school, year_start: int) -> ImprovementPlan | None:
    plan = plans(school=school).filter(year_start__lte=year_start).first()
    return plan


def _actions_queryset():
    return Action.objects.select_related("owner__user", "sub_plan__subject", "sub_plan__department").prefetch_related(
        Prefetch("collaborators", queryset=Membership.objects.select_related("user"))
    )


def plan_tree(*, plan: ImprovementPlan):
    """Priorities with their sub-plans and actions, in a fixed number of queries however big the plan is."""
    return (
        Priority.objects.filter(plan=plan)
        .prefetch_related(
            "evaluation_areas",
            "metrics",
            Prefetch(
                "sub_plans",
                queryset=SubPlan.objects.select_related("subject", "department", "lead__user").prefetch_related(
                    Prefetch("actions", queryset=_actions_queryset())
                ),
            ),
        )
        .order_by("order", "pk")
    )


def plan_actions(*, plan: ImprovementPlan):
    return _actions_queryset().filter(sub_plan__priority__plan=plan).select_related("sub_plan__priority")


def action_for_school(*, school, pk):
    return _actions_queryset().select_related("sub_plan__priority__plan", "metric").filter(school=school, pk=pk)


def action_updates(*, action: Action):
    return ActionUpdate.objects.filter(action=action).select_related("author__user")


def my_actions(*, membership, limit: int | None = None):
    """Open actions this person owns or helps with: one query, whatever the number."""
    qs = (
        Action.objects.filter(school_id=membership.school_id)
        .filter(Q(owner=membership) | Q(collaborators=membership))
        .exclude(status=Action.Status.DONE)
        .select_related("sub_plan__priority__plan", "sub_plan__subject", "sub_plan__department")
        .distinct()
        .order_by("due_on", "pk")
    )
    return qs[:limit] if limit else qs


def proposals(*, school):
    return (
        Proposal.objects.filter(school=school)
        .select_related("proposer__user", "subject")
        .annotate(support_count=Count("supporters", distinct=True), comment_count=Count("comments", distinct=True))
    )


def proposal_for_school(*, school, pk):
    return (
        Proposal.objects.filter(school=school, pk=pk)
        .select_related("proposer__user", "subject", "decided_by__user", "action")
        .prefetch_related("supporters", Prefetch("comments", queryset=_comments()))
    )


def _comments():
    from .models import ProposalComment

    return ProposalComment.objects.select_related("author__user")


def rating_spread(*, plan: ImprovementPlan):
    """For each priority, how many people gave each score: the spread, not just an average."""
    counts = {
        (row["priority_id"], row["score"]): row["n"]
        for row in PriorityRating.objects.filter(priority__plan=plan)
        .values("priority_id", "score")
        .annotate(n=Count("pk"))
    }
    result = []
    for priority in Priority.objects.filter(plan=plan).order_by("order", "pk"):
        scores = [(score, label, counts.get((priority.pk, score), 0)) for score, label in PriorityRating.Score.choices]
        total = sum(n for _, _, n in scores)
        result.append({"priority": priority, "scores": scores, "total": total})
    return result


def my_ratings(*, plan: ImprovementPlan, membership) -> dict[int, int]:
    return dict(
        PriorityRating.objects.filter(priority__plan=plan, rater=membership).values_list("priority_id", "score")
    )


def priorities_for_year(*, school, year_start: int):
    """The priorities an appraisal objective in that academic year can serve."""
    return Priority.objects.filter(school=school, plan__year_start=year_start).order_by("order", "pk")


def network_plan_status(*, network) -> list[dict]:
    """Each school in the network: whether it has a plan for its own current academic year (schools may start
    their year in different months) and how many of that plan's actions are in each status. Counts only; a
    network lead does not read another school's plan."""
    from staffroom.organisations.models import School

    schools = list(School.objects.filter(network_memberships__network=network).order_by("name"))
    years = {
        school.pk: academic_year(school_today(school), school.academic_year_start_month).start.year
        for school in schools
    }
    by_school_year = Q(pk__in=[])
    for school_id, year in years.items():
        by_school_year |= Q(school_id=school_id, year_start=year)
    plan_ids = dict(ImprovementPlan.objects.filter(by_school_year).values_list("pk", "school_id"))
    counts = {
        (row["school_id"], row["status"]): row["n"]
        for row in Action.objects.filter(sub_plan__priority__plan__in=plan_ids)
        .values("school_id", "status")
        .annotate(n=Count("pk"))
    }
    with_plan = set(plan_ids.values())
    return [
        {
            "school": school,
            "has_plan": school.pk in with_plan,
            "year_label": f"{years[school.pk]}/{str(years[school.pk] + 1)[-2:]}",
            "counts": [counts.get((school.pk, value), 0) for value in Action.Status.values],
        }
        for school in schools
    ]
