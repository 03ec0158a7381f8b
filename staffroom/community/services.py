"""Every write in the network community. Each takes the acting user and their current membership, checks the
policy again (views are not the only callers), writes in a transaction and records an audit event, except
for survey answers, which must not be linkable to the person who gave them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.core.audit import record_event
from staffroom.network import services as network_services
from staffroom.network.models import SessionFormat
from staffroom.network.services import SessionData
from staffroom.organisations.models import NetworkSchool, School

from . import notifications, policies, selectors
from .models import (
    Cluster,
    Designation,
    DirectoryProfile,
    Group,
    ImpactSurvey,
    ProfileDesignation,
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

MAX_OPTIONS = 20


# ---- directory ----------------------------------------------------------------------------------------------


@transaction.atomic
def save_profile(
    *,
    actor,
    membership: Membership,
    listed: bool,
    show_job_title: bool = False,
    show_roles: bool = False,
    show_email: bool = False,
    subjects=(),
    designations=(),
    expertise: str = "",
) -> DirectoryProfile:
    if membership.user_id != actor.pk:
        raise PermissionDenied
    unknown = set(designations) - set(Designation.values)
    if unknown:
        raise ValidationError({"designations": _("Choose designations from the list.")})
    profile, _created = DirectoryProfile.objects.select_for_update().get_or_create(
        membership=membership, defaults={"school_id": membership.school_id}
    )
    profile.listed = listed
    profile.show_job_title = show_job_title
    profile.show_roles = show_roles
    profile.show_email = show_email
    profile.expertise = expertise.strip()
    profile.save()
    profile.subjects.set(subjects)
    profile.designations.all().delete()
    ProfileDesignation.objects.bulk_create(
        ProfileDesignation(profile=profile, designation=d) for d in set(designations)
    )
    record_event(
        actor=actor, school=membership.school, verb="community.profile_saved", target=profile, data={"listed": listed}
    )
    return profile


# ---- groups -------------------------------------------------------------------------------------------------


@transaction.atomic
def create_group(
    *, actor, membership, network_id: int, name: str, description: str = "", kind: str, subject=None, roles=()
) -> Group:
    if not policies.can_manage_network(membership, network_id):
        raise PermissionDenied
    if set(roles) - set(SchoolRole.values):
        raise ValidationError({"roles": _("Choose roles from the list.")})
    name = name.strip()
    if Group.objects.filter(network_id=network_id, name__iexact=name).exists():
        raise ValidationError({"name": _("The network already has a group with this name.")})
    try:
        with transaction.atomic():
            group = Group.objects.create(
                network_id=network_id,
                name=name,
                description=description.strip(),
                kind=kind,
                subject=subject,
                roles=sorted(set(roles)),
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"name": _("The network already has a group with this name.")}) from None
    record_event(actor=actor, school=membership.school, verb="community.group_created", target=group)
    return group


@transaction.atomic
def start_thread(*, actor, membership, group: Group, title: str, body: str) -> Thread:
    if not policies.can_take_part_in_group(membership, group):
        raise PermissionDenied
    if not title.strip() or not body.strip():
        raise ValidationError({"body": _("Write a title and a message.")})
    thread = Thread.objects.create(
        group=group, title=title.strip(), body=body.strip(), author=membership, last_post_at=timezone.now()
    )
    record_event(actor=actor, school=membership.school, verb="community.thread_started", target=thread)
    return thread


@transaction.atomic
def reply_to_thread(*, actor, membership, thread: Thread, body: str) -> Reply:
    if not policies.can_take_part_in_group(membership, thread.group):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Write a reply.")})
    reply = Reply.objects.create(thread=thread, body=body.strip(), author=membership)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=reply.created_at)
    record_event(actor=actor, school=membership.school, verb="community.replied", target=reply)
    return reply


# ---- surveys ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_survey(*, actor, membership, network_id: int, title: str, introduction: str = "", year_start: int):
    if not policies.can_manage_network(membership, network_id):
        raise PermissionDenied
    survey = ImpactSurvey.objects.create(
        network_id=network_id,
        title=title.strip(),
        introduction=introduction.strip(),
        year_start=year_start,
        created_by=actor,
    )
    record_event(actor=actor, school=membership.school, verb="community.survey_created", target=survey)
    return survey


def validate_question(*, kind: str, choices: str, purpose: str) -> None:
    """Shared by the form and the service, so the rules live in one place."""
    options = [line.strip() for line in choices.splitlines() if line.strip()]
    errors = {}
    if kind in (SurveyQuestion.Kind.CHOICE, SurveyQuestion.Kind.MULTI):
        if len(options) < 2:
            errors["choices"] = _("Give at least two options, one a line.")
        elif len(options) > MAX_OPTIONS:
            errors["choices"] = _("Give at most %(n)s options.") % {"n": MAX_OPTIONS}
        elif len({o.lower() for o in options}) != len(options):
            errors["choices"] = _("Each option must be different.")
        elif any(len(o) > 200 for o in options):
            errors["choices"] = _("Keep each option under 200 characters.")
    if purpose == SurveyQuestion.Purpose.IMPACT and kind != SurveyQuestion.Kind.LIKERT:
        errors["purpose"] = _("Impact is measured with an agree–disagree question.")
    if purpose == SurveyQuestion.Purpose.NEED and kind not in (SurveyQuestion.Kind.CHOICE, SurveyQuestion.Kind.MULTI):
        errors["purpose"] = _("Needs are ranked from a question with options.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_question(
    *,
    actor,
    membership,
    survey: ImpactSurvey,
    text: str,
    kind: str,
    choices: str = "",
    purpose: str = "",
    required=True,
) -> SurveyQuestion:
    survey = ImpactSurvey.objects.select_for_update().get(pk=survey.pk)
    if not policies.can_manage_network(membership, survey.network_id):
        raise PermissionDenied
    if survey.status != ImpactSurvey.Status.DRAFT:
        raise ValidationError(_("This survey has been sent; its questions can no longer change."))
    validate_question(kind=kind, choices=choices, purpose=purpose)
    is_choice = kind in (SurveyQuestion.Kind.CHOICE, SurveyQuestion.Kind.MULTI)
    question = SurveyQuestion.objects.create(
        survey=survey,
        text=text.strip(),
        kind=kind,
        choices="\n".join(line.strip() for line in choices.splitlines() if line.strip()) if is_choice else "",
        purpose=purpose,
        required=required,
        order=survey.questions.count() + 1,
    )
    record_event(actor=actor, school=membership.school, verb="community.survey_question_added", target=question)
    return question


@transaction.atomic
def send_survey(*, actor, membership, survey: ImpactSurvey, roles, closes_on: datetime.date, today) -> int:
    """Sends the survey to everyone holding one of the roles at a school of the network; returns how many."""
    survey = ImpactSurvey.objects.select_for_update().select_related("network").get(pk=survey.pk)
    if not policies.can_manage_network(membership, survey.network_id):
        raise PermissionDenied
    if survey.status != ImpactSurvey.Status.DRAFT:
        raise ValidationError(_("This survey has already been sent."))
    errors = {}
    if not survey.questions.exists():
        errors["roles"] = _("Add at least one question before sending the survey.")
    if not roles or set(roles) - set(SchoolRole.values):
        errors["roles"] = _("Choose who the survey goes to.")
    if closes_on is None or closes_on <= today:
        errors["closes_on"] = _("The closing date must be after today.")
    if errors:
        raise ValidationError(errors)
    people = (
        Membership.objects.active()
        .filter(school__network_memberships__network=survey.network, roles__role__in=roles)
        .select_related("user")
        .distinct()
        .order_by("school__name", "pk")
    )
    chosen = {}
    for person in people:
        # Someone at two of the network's schools is asked once, at the first.
        chosen.setdefault(person.user_id, person)
    SurveyRecipient.objects.bulk_create(
        [SurveyRecipient(survey=survey, user_id=m.user_id, school_id=m.school_id) for m in chosen.values()]
    )
    survey.status = ImpactSurvey.Status.SENT
    survey.roles = sorted(set(roles))
    survey.closes_on = closes_on
    survey.sent_at = timezone.now()
    survey.save(update_fields=["status", "roles", "closes_on", "sent_at"])
    notifications.survey_sent(survey, [m.user.email for m in chosen.values()])
    record_event(
        actor=actor,
        school=membership.school,
        verb="community.survey_sent",
        target=survey,
        data={"recipients": len(chosen), "roles": survey.roles},
    )
    return len(chosen)


def clean_answers(survey: ImpactSurvey, answers: dict) -> list[tuple[SurveyQuestion, int | None, str]]:
    """Checks raw answers (question id -> value, or a list for tick-all questions) and returns rows to store."""
    rows, errors = [], {}
    for question in survey.questions.all():
        key = f"q{question.pk}"
        value = answers.get(key)
        values = value if isinstance(value, list | tuple) else ([value] if value not in (None, "") else [])
        values = [str(v).strip() for v in values if str(v).strip()]
        if not values:
            if question.required:
                errors[key] = _("Answer this question.")
            continue
        if question.kind == SurveyQuestion.Kind.LIKERT:
            if len(values) != 1 or values[0] not in {"1", "2", "3", "4", "5"}:
                errors[key] = _("Choose one point on the scale.")
            else:
                rows.append((question, int(values[0]), ""))
        elif question.kind in (SurveyQuestion.Kind.CHOICE, SurveyQuestion.Kind.MULTI):
            options = question.choice_list
            if any(v not in options for v in values) or (
                question.kind == SurveyQuestion.Kind.CHOICE and len(values) > 1
            ):
                errors[key] = _("Choose from the options given.")
            else:
                rows += [(question, None, v) for v in dict.fromkeys(values)]
        else:
            text = values[0]
            if len(text) > 4000:
                errors[key] = _("Keep your answer under 4,000 characters.")
            else:
                rows.append((question, None, text))
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def submit_response(*, actor, membership, survey: ImpactSurvey, answers: dict, today) -> None:
    recipient = SurveyRecipient.objects.filter(survey=survey, user=actor, school_id=membership.school_id).first()
    if recipient is None or membership.user_id != actor.pk or survey.status != ImpactSurvey.Status.SENT:
        raise PermissionDenied
    if survey.closes_on is None or survey.closes_on < today:
        raise ValidationError(_("This survey has closed."))
    rows = clean_answers(survey, answers)
    # The unique (survey, user) row makes a double submit, or two tabs at once, store one response only.
    if not SurveyCompletion.objects.get_or_create(survey=survey, user=actor)[1]:
        raise ValidationError(_("You have already answered this survey. Thank you."))
    response = SurveyResponse.objects.create(survey=survey, school_id=recipient.school_id, submitted_on=today)
    SurveyAnswer.objects.bulk_create(SurveyAnswer(response=response, question=q, number=n, text=t) for q, n, t in rows)
    # Deliberately no audit event: one naming the person would tie them to the moment this response appeared.


# ---- commissioning ------------------------------------------------------------------------------------------


@transaction.atomic
def create_cluster(*, actor, membership, network_id: int, name: str, schools) -> Cluster:
    """The network lead or CPD lead groups some of the network's schools to commission training together."""
    if not policies.can_manage_network(membership, network_id):
        raise PermissionDenied
    schools = list(schools)
    in_network = set(NetworkSchool.objects.filter(network_id=network_id).values_list("school_id", flat=True))
    errors = {}
    if len(schools) < 2 or any(s.pk not in in_network for s in schools):
        errors["schools"] = _("Choose at least two of the network's schools.")
    name = name.strip()
    if Cluster.objects.filter(network_id=network_id, name__iexact=name).exists():
        errors["name"] = _("The network already has a cluster with this name.")
    if errors:
        raise ValidationError(errors)
    cluster = Cluster.objects.create(network_id=network_id, name=name)
    cluster.schools.set(schools)
    record_event(
        actor=actor,
        school=membership.school,
        verb="community.cluster_created",
        target=cluster,
        data={"schools": sorted(s.pk for s in schools)},
    )
    return cluster


@transaction.atomic
def post_need(
    *, actor, membership, cluster, title: str, description: str, budget: Decimal, respond_by: datetime.date, today
) -> TrainingNeed:
    if not policies.is_cluster_leader(membership, selectors.cluster_school_ids(cluster_id=cluster.pk)):
        raise PermissionDenied
    errors = {}
    if budget is None or budget < 0:
        errors["budget"] = _("Give a budget of £0 or more.")
    if respond_by is None or respond_by < today:
        errors["respond_by"] = _("The date for proposals cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    need = TrainingNeed.objects.create(
        cluster=cluster,
        title=title.strip(),
        description=description.strip(),
        budget=budget,
        respond_by=respond_by,
        posted_by=membership,
    )
    record_event(actor=actor, school=membership.school, verb="community.need_posted", target=need)
    return need


@transaction.atomic
def propose(*, actor, membership, need: TrainingNeed, summary: str, sessions: int, fee: Decimal, today):
    need = TrainingNeed.objects.select_for_update().select_related("cluster").get(pk=need.pk)
    if not policies.is_specialist_for(membership, need.cluster.network_id):
        raise PermissionDenied
    if need.status != TrainingNeed.Status.OPEN or need.respond_by < today:
        raise ValidationError(_("This need is no longer taking proposals."))
    if fee is None or fee < 0:
        raise ValidationError({"fee": _("Give a fee of £0 or more.")})
    if fee > need.budget:
        raise ValidationError({"fee": _("The fee is more than the budget of £%(b)s.") % {"b": need.budget}})
    if TrainingProposal.objects.filter(need=need, author=membership).exists():
        raise ValidationError(_("You have already sent a proposal for this need."))
    proposal = TrainingProposal.objects.create(
        need=need, author=membership, summary=summary.strip(), sessions=sessions, fee=fee
    )
    record_event(actor=actor, school=membership.school, verb="community.proposal_sent", target=proposal)
    return proposal


@dataclass(frozen=True)
class SessionPlan:
    """When and where the commissioned training runs, agreed between the cluster and the specialist leader."""

    host_school: School
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    format: str = SessionFormat.IN_PERSON
    location: str = ""


# The network app names the fields of a session; the commission form names them after its own inputs.
SESSION_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


@transaction.atomic
def commission(*, actor, membership, need: TrainingNeed, proposal_id, plan: SessionPlan) -> TrainingProposal:
    """Commissions one proposal and puts its session into the network offer, open to the cluster's schools only.

    The network app's own rules for sessions (dates, places, host school) apply; its permission checks are ours
    here (a leader of one of the cluster's schools), so the session is proposed and published on our authority.
    """
    need = TrainingNeed.objects.select_for_update().select_related("cluster__network").get(pk=need.pk)
    school_ids = selectors.cluster_school_ids(cluster_id=need.cluster_id)
    if not policies.is_cluster_leader(membership, school_ids):
        raise PermissionDenied
    if need.status != TrainingNeed.Status.OPEN:
        raise ValidationError(_("This need has already been commissioned."))
    try:
        proposal = need.proposals.select_related("author__user", "author__school").get(pk=int(proposal_id))
    except (TrainingProposal.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"proposal": _("Choose one of the proposals.")}) from None
    if plan.host_school.pk not in school_ids:
        raise ValidationError({"host_school": _("Choose one of the cluster's schools to host the session.")})
    cluster_schools = list(School.objects.filter(pk__in=school_ids).order_by("name"))
    data = SessionData(
        title=need.title,
        description=proposal.summary,
        host_school=plan.host_school,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        capacity=plan.capacity,
        format=plan.format,
        location=plan.location,
        # The cluster pays the specialist leader's fee, so places cost the schools' staff nothing.
        cost=Decimal("0"),
        open_to_schools=cluster_schools,
    )
    try:
        session = network_services.propose_session(
            actor=actor, leader=proposal.author, network=need.cluster.network, data=data, authorised_by_caller=True
        )
        network_services.publish_session(actor=actor, session=session, authorised_by_caller=True)
    except PermissionError:
        raise ValidationError(
            _("%(name)s no longer works at a school in the network, so cannot lead the session.")
            % {"name": proposal.author.user.display_name}
        ) from None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {SESSION_FIELDS.get(name, name): messages for name, messages in error.message_dict.items()}
            ) from None
        raise
    need.status = TrainingNeed.Status.COMMISSIONED
    need.commissioned = proposal
    need.session = session
    need.save(update_fields=["status", "commissioned", "session"])
    notifications.proposal_commissioned(need, proposal)
    record_event(
        actor=actor,
        school=membership.school,
        verb="community.need_commissioned",
        target=need,
        data={"proposal": proposal.pk, "fee": str(proposal.fee), "session": session.pk},
    )
    return proposal
