"""Reads for the network community, scoped to the networks of the person's current school.

Each list page runs a fixed number of queries however many rows there are (tests check at N and 3N rows).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from staffroom.accounts.models import NetworkMembership
from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.organisations.models import Network, NetworkSchool, School

from .models import (
    Cluster,
    DirectoryProfile,
    Group,
    ImpactSurvey,
    Reply,
    SurveyAnswer,
    SurveyCompletion,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    Thread,
    TrainingNeed,
    TrainingProposal,
)

# A school's results are shown on their own only from this many responses; fewer are folded into "other schools".
MIN_RESPONSES = 5
LEAD_ROLES = (NetworkRole.NETWORK_LEAD, NetworkRole.NETWORK_CPD_LEAD)
# Leaders of a cluster's schools post its needs and commission the training.
CLUSTER_LEADER_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.SENIOR_LEADER, SchoolRole.CPD_COORDINATOR})


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _cached(membership, name, compute):
    value = getattr(membership, name, None)
    if value is None:
        value = frozenset(compute())
        setattr(membership, name, value)
    return value


def network_ids(membership) -> frozenset[int]:
    """The networks the person's current school belongs to."""
    return _cached(
        membership,
        "_community_network_ids",
        lambda: NetworkSchool.objects.filter(school_id=membership.school_id).values_list("network_id", flat=True),
    )


def _network_role_ids(membership, attr, roles) -> frozenset[int]:
    def compute():
        ids = network_ids(membership)
        if not ids:
            return []
        return NetworkMembership.objects.filter(
            user_id=membership.user_id, network_id__in=ids, role__in=roles
        ).values_list("network_id", flat=True)

    return _cached(membership, attr, compute)


def led_network_ids(membership) -> frozenset[int]:
    return _network_role_ids(membership, "_community_led_ids", LEAD_ROLES)


def specialist_network_ids(membership) -> frozenset[int]:
    return _network_role_ids(membership, "_community_specialist_ids", (NetworkRole.SPECIALIST_LEADER,))


def cluster_ids_for_school(membership) -> frozenset[int]:
    return _cached(
        membership,
        "_community_cluster_ids",
        lambda: Cluster.objects.filter(
            network_id__in=network_ids(membership), schools=membership.school_id
        ).values_list("pk", flat=True),
    )


def networks(membership):
    return Network.objects.filter(pk__in=network_ids(membership)).order_by("name")


def led_networks(membership):
    return Network.objects.filter(pk__in=led_network_ids(membership)).order_by("name")


def network_schools(membership):
    """Every school in the person's networks, their own included."""
    return (
        School.objects.filter(network_memberships__network_id__in=network_ids(membership)).distinct().order_by("name")
    )


# ---- directory ----------------------------------------------------------------------------------------------


def own_profile(*, membership) -> DirectoryProfile | None:
    return DirectoryProfile.objects.filter(membership=membership).prefetch_related("subjects", "designations").first()


@dataclass(frozen=True)
class DirectoryFilters:
    text: str = ""
    subject_id: int | None = None
    role: str = ""
    designation: str = ""
    school_id: int | None = None


def directory(*, membership, filters: DirectoryFilters):
    """Listed profiles in the person's networks. Filters only ever match what the person chose to show."""
    qs = DirectoryProfile.objects.filter(
        listed=True,
        membership__is_active=True,
        school__network_memberships__network_id__in=network_ids(membership),
    )
    if filters.text:
        words = Q()
        for word in filters.text.split()[:6]:
            words &= (
                Q(membership__user__first_name__icontains=word)
                | Q(membership__user__last_name__icontains=word)
                | Q(membership__user__preferred_name__icontains=word)
                | Q(expertise__icontains=word)
                | Q(show_job_title=True, membership__job_title__icontains=word)
            )
        qs = qs.filter(words)
    if filters.subject_id:
        qs = qs.filter(subjects=filters.subject_id)
    if filters.role:
        qs = qs.filter(show_roles=True, membership__roles__role=filters.role)
    if filters.designation:
        qs = qs.filter(designations__designation=filters.designation)
    if filters.school_id:
        qs = qs.filter(school_id=filters.school_id)
    return (
        qs.distinct()
        .select_related("membership__user", "school")
        .prefetch_related("subjects", "designations", "membership__roles")
        .order_by("membership__user__last_name", "membership__user__first_name", "pk")
    )


# ---- groups -------------------------------------------------------------------------------------------------


def groups(*, membership):
    return list(
        Group.objects.filter(network_id__in=network_ids(membership))
        .select_related("network", "subject")
        .annotate(thread_count=Count("threads"))
        .order_by("network__name", "name")
    )


def get_group(*, membership, pk) -> Group:
    return _get(Group.objects.filter(network_id__in=network_ids(membership)).select_related("network"), pk=pk)


def group_threads(*, group):
    return (
        Thread.objects.filter(group=group)
        .select_related("author__user", "author__school")
        .annotate(reply_count=Count("replies"))
        .order_by("-last_post_at", "-id")
    )


def get_thread(*, membership, pk) -> Thread:
    return _get(
        Thread.objects.filter(group__network_id__in=network_ids(membership)).select_related(
            "group__network", "author__user", "author__school"
        ),
        pk=pk,
    )


def thread_replies(*, thread):
    return (
        Reply.objects.filter(thread=thread)
        .select_related("author__user", "author__school")
        .order_by("created_at", "id")
    )


# ---- surveys ------------------------------------------------------------------------------------------------


def led_surveys(*, membership):
    return list(
        ImpactSurvey.objects.filter(network_id__in=led_network_ids(membership))
        .select_related("network")
        .annotate(recipient_count=Count("recipients", distinct=True), response_count=Count("responses", distinct=True))
        .order_by("-year_start", "-id")
    )


def get_led_survey(*, membership, pk) -> ImpactSurvey:
    return _get(
        ImpactSurvey.objects.filter(network_id__in=led_network_ids(membership))
        .select_related("network")
        .prefetch_related("questions"),
        pk=pk,
    )


def surveys_to_answer(*, membership, today):
    """Sent, still open surveys this person was sent at this school and has not answered."""
    answered = SurveyCompletion.objects.filter(survey=OuterRef("pk"), user_id=membership.user_id)
    return list(
        ImpactSurvey.objects.filter(
            status=ImpactSurvey.Status.SENT,
            closes_on__gte=today,
            network_id__in=network_ids(membership),
            recipients__user_id=membership.user_id,
            recipients__school_id=membership.school_id,
        )
        .exclude(Exists(answered))
        .select_related("network")
        .order_by("closes_on", "id")
    )


def get_survey_to_answer(*, membership, pk) -> ImpactSurvey:
    return _get(
        ImpactSurvey.objects.filter(
            status=ImpactSurvey.Status.SENT,
            network_id__in=network_ids(membership),
            recipients__user_id=membership.user_id,
            recipients__school_id=membership.school_id,
        )
        .select_related("network")
        .prefetch_related("questions"),
        pk=pk,
    )


def has_answered(*, survey, user) -> bool:
    return SurveyCompletion.objects.filter(survey=survey, user=user).exists()


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass
class GroupFigure:
    """Figures for one school, for the schools folded together, or for everyone."""

    label: str
    responses: int
    recipients: int = 0
    positive: Decimal | None = None  # % agreeing with the headline impact question
    shown: bool = True


@dataclass
class QuestionResult:
    question: SurveyQuestion
    positive: Decimal | None = None
    distribution: list = field(default_factory=list)  # (label, count, percent)
    by_group: list = field(default_factory=list)  # (label, percent positive) for impact questions
    texts: list = field(default_factory=list)


@dataclass
class SurveyResults:
    recipients: int
    responses: int
    enough: bool
    groups: list[GroupFigure]
    headline: QuestionResult | None
    needs: list  # (option, count, percent), most named first
    questions: list[QuestionResult]


LIKERT_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}


def survey_results(*, survey: ImpactSurvey) -> SurveyResults:
    """Aggregates only: answers come back as (school, question, value) with no way to tell whose they were.

    Schools with fewer than MIN_RESPONSES responses are folded into "Other schools". If that fold would hold
    only one to four responses, the overall figure minus the schools shown would give theirs away, so the
    smallest shown schools join the fold until it has enough (or nothing is shown school by school). Nothing at
    all is shown until the survey has MIN_RESPONSES responses overall. Free-text answers are listed in
    alphabetical order without their school.
    """
    questions = list(survey.questions.all())
    recipients_by_school = Counter(
        dict(SurveyRecipient.objects.filter(survey=survey).values_list("school_id").annotate(n=Count("id")))
    )
    responses_by_school = Counter(
        dict(SurveyResponse.objects.filter(survey=survey).values_list("school_id").annotate(n=Count("id")))
    )
    school_names = dict(
        School.objects.filter(pk__in=set(recipients_by_school) | set(responses_by_school)).values_list("pk", "name")
    )
    total = sum(responses_by_school.values())
    enough = total >= MIN_RESPONSES
    large = sorted(
        (pk for pk, n in responses_by_school.items() if n >= MIN_RESPONSES),
        key=lambda pk: (responses_by_school[pk], school_names.get(pk, "")),
    )
    folded_responses = total - sum(responses_by_school[pk] for pk in large)
    while large and 0 < folded_responses < MIN_RESPONSES:
        folded_responses += responses_by_school[large.pop(0)]
    own = sorted(large, key=lambda pk: school_names.get(pk, ""))
    folded = [pk for pk in set(recipients_by_school) | set(responses_by_school) if pk not in own]

    def group_of(school_id):
        return school_id if school_id in own else "other"

    answers = list(
        SurveyAnswer.objects.filter(response__survey=survey).values_list(
            "response__school_id", "question_id", "number", "text"
        )
        if enough
        else []
    )
    by_question = defaultdict(list)
    for school_id, question_id, number, text in answers:
        by_question[question_id].append((group_of(school_id), number, text))

    results = []
    needs = []
    for question in questions:
        rows = by_question.get(question.pk, [])
        result = QuestionResult(question=question)
        if question.kind == SurveyQuestion.Kind.LIKERT:
            counts = Counter(n for _g, n, _t in rows if n)
            answered = sum(counts.values())
            result.distribution = [
                (LIKERT_LABELS[v], counts[v], _percent(counts[v], answered)) for v in range(5, 0, -1)
            ]
            result.positive = _percent(counts[4] + counts[5], answered)
            per_group = defaultdict(lambda: [0, 0])
            for group, number, _t in rows:
                if number:
                    per_group[group][1] += 1
                    per_group[group][0] += number >= 4
            result.by_group = {g: _percent(p, n) for g, (p, n) in per_group.items()}
        elif question.kind in (SurveyQuestion.Kind.CHOICE, SurveyQuestion.Kind.MULTI):
            counts = Counter(t for _g, _n, t in rows if t)
            # Percentages are of the people who answered the survey, so "tick all" options can add up past 100.
            options = [(option, counts[option], _percent(counts[option], total)) for option in question.choice_list]
            if question.purpose == SurveyQuestion.Purpose.NEED:
                options.sort(key=lambda o: (-o[1], question.choice_list.index(o[0])))
                if not needs:
                    needs = options
            result.distribution = options
        else:
            result.texts = sorted(t for _g, _n, t in rows if t.strip())
        results.append(result)

    headline = next(
        (r for r in results if r.question.purpose == SurveyQuestion.Purpose.IMPACT and r.positive is not None), None
    )
    group_rows = [
        GroupFigure(
            label=school_names.get(pk, ""),
            responses=responses_by_school[pk],
            recipients=recipients_by_school[pk],
            positive=headline.by_group.get(pk) if headline else None,
        )
        for pk in own
    ]
    if folded:
        group_rows.append(
            GroupFigure(
                label="other",
                responses=folded_responses,
                recipients=sum(recipients_by_school[pk] for pk in folded),
                positive=headline.by_group.get("other") if headline and folded_responses >= MIN_RESPONSES else None,
                shown=folded_responses >= MIN_RESPONSES,
            )
        )
    return SurveyResults(
        recipients=sum(recipients_by_school.values()),
        responses=total,
        enough=enough,
        groups=group_rows,
        headline=headline,
        needs=needs,
        questions=results,
    )


# ---- commissioning ------------------------------------------------------------------------------------------


def _needs_visible_to(membership):
    """Leaders see their clusters' needs; specialist leaders see every need in the networks they serve."""
    visible = Q(pk__in=[])
    if membership.has_role(*CLUSTER_LEADER_ROLES):
        visible = Q(cluster_id__in=cluster_ids_for_school(membership))
    specialist = specialist_network_ids(membership)
    if specialist:
        visible |= Q(cluster__network_id__in=specialist)
    return TrainingNeed.objects.filter(visible)


def needs(*, membership):
    return list(
        _needs_visible_to(membership)
        .select_related("cluster__network", "posted_by__user", "posted_by__school", "commissioned__author__user")
        .annotate(proposal_count=Count("proposals"))
        .order_by("status", "-created_at", "-id")
    )


def get_need(*, membership, pk) -> TrainingNeed:
    return _get(
        _needs_visible_to(membership).select_related(
            "cluster__network", "posted_by__user", "posted_by__school", "commissioned", "session"
        ),
        pk=pk,
    )


def cluster_school_ids(*, cluster_id) -> set[int]:
    return set(Cluster.schools.through.objects.filter(cluster_id=cluster_id).values_list("school_id", flat=True))


def cluster_schools(*, cluster_id):
    return School.objects.filter(
        pk__in=Cluster.schools.through.objects.filter(cluster_id=cluster_id).values("school_id")
    ).order_by("name")


def need_proposals(*, need):
    return TrainingProposal.objects.filter(need=need).select_related("author__user", "author__school")


def clusters_led(*, membership):
    return Cluster.objects.filter(pk__in=cluster_ids_for_school(membership)).select_related("network")
