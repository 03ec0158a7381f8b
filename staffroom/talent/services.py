"""Writes for talent and succession. Every change is audited; readiness notes never go into the audit payload."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from staffroom.core.audit import record_event

from . import selectors
from .models import (
    Aspiration,
    Candidate,
    KeyRole,
    Programme,
    ProgrammeTaken,
    Readiness,
    ReadinessAssessment,
    Route,
    SuccessionPlan,
    TalentProfile,
)

EARLIEST_YEAR, LATEST_YEAR = 1980, 2100


@transaction.atomic
def set_network_visibility(*, actor, membership, visible: bool) -> TalentProfile:
    profile, _created = TalentProfile.objects.select_for_update().get_or_create(
        membership=membership, defaults={"school": membership.school}
    )
    profile.network_visible = visible
    profile.save(update_fields=["network_visible", "updated_at"])
    record_event(
        actor=actor,
        school=membership.school,
        verb="talent.visibility_set",
        target=profile,
        data={"network_visible": visible},
    )
    return profile


@transaction.atomic
def add_aspiration(*, actor, membership, route: str, aim: str, role: str = "", timescale_years=None) -> Aspiration:
    aim = aim.strip()
    errors = {}
    if route not in Route.values:
        errors["route"] = _("Choose a route.")
    if role and role not in KeyRole.values:
        errors["role"] = _("Choose a role from the list.")
    if not aim:
        errors["aim"] = _("Say in a sentence what you would like to do next.")
    if errors:
        raise ValidationError(errors)
    # A double submit of the same aspiration keeps one row.
    existing = Aspiration.objects.select_for_update().filter(membership=membership, route=route, aim=aim).first()
    if existing:
        return existing
    aspiration = Aspiration.objects.create(
        school=membership.school,
        membership=membership,
        route=route,
        aim=aim,
        role=role,
        timescale_years=timescale_years,
    )
    record_event(
        actor=actor, school=membership.school, verb="talent.aspiration_added", target=aspiration, data={"route": route}
    )
    return aspiration


@transaction.atomic
def remove_aspiration(*, actor, aspiration: Aspiration) -> None:
    record_event(actor=actor, school=aspiration.school, verb="talent.aspiration_removed", target=aspiration)
    aspiration.delete()


@transaction.atomic
def add_programme(*, actor, membership, programme: str, status: str, year: int, other_name: str = "") -> ProgrammeTaken:
    other_name = other_name.strip()
    errors = {}
    if programme not in Programme.values:
        errors["programme"] = _("Choose a programme.")
    elif programme == Programme.OTHER and not other_name:
        errors["other_name"] = _("Give the programme's name.")
    if status not in ProgrammeTaken.Status.values:
        errors["status"] = _("Choose whether you are studying it now or have completed it.")
    if not (EARLIEST_YEAR <= year <= LATEST_YEAR):
        errors["year"] = _("Enter a year such as 2024.")
    if errors:
        raise ValidationError(errors)
    existing = (
        ProgrammeTaken.objects.select_for_update()
        .filter(membership=membership, programme=programme, other_name=other_name, status=status, year=year)
        .first()
    )
    if existing:
        return existing
    taken = ProgrammeTaken.objects.create(
        school=membership.school,
        membership=membership,
        programme=programme,
        other_name=other_name,
        status=status,
        year=year,
    )
    record_event(
        actor=actor,
        school=membership.school,
        verb="talent.programme_added",
        target=taken,
        data={"programme": programme, "status": status, "year": year},
    )
    return taken


@transaction.atomic
def remove_programme(*, actor, taken: ProgrammeTaken) -> None:
    record_event(actor=actor, school=taken.school, verb="talent.programme_removed", target=taken)
    taken.delete()


@transaction.atomic
def set_readiness(*, actor, school, membership, role: str, readiness: str, notes: str = "") -> ReadinessAssessment:
    if membership.school_id != school.pk:
        raise ValidationError(_("Readiness is recorded only for your own school's staff."))
    if actor is not None and membership.user_id == actor.pk:
        raise ValidationError(_("Your readiness is for another leader to judge."))
    errors = {}
    if role not in KeyRole.values:
        errors["role"] = _("Choose a role.")
    if readiness not in Readiness.values:
        errors["readiness"] = _("Choose how ready they are.")
    if errors:
        raise ValidationError(errors)
    assessment, created = ReadinessAssessment.objects.select_for_update().update_or_create(
        membership=membership,
        role=role,
        defaults={"school": school, "readiness": readiness, "notes": notes.strip(), "assessed_by": actor},
    )
    record_event(
        actor=actor,
        school=school,
        verb="talent.readiness_set",
        target=assessment,
        data={"role": role, "readiness": readiness, "member": membership.pk},
    )
    return assessment


@transaction.atomic
def create_plan(*, actor, school, role: str, title: str, incumbent=None) -> SuccessionPlan:
    title = title.strip()
    errors = {}
    if role not in KeyRole.values:
        errors["role"] = _("Choose a role.")
    if not title:
        errors["title"] = _("Name the post, for example “Maths subject lead”.")
    elif SuccessionPlan.objects.filter(school=school, title__iexact=title).exists():
        errors["title"] = _("There is already a succession plan for this post.")
    if incumbent is not None and incumbent.school_id != school.pk:
        errors["incumbent"] = _("Choose someone at your school.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            plan = SuccessionPlan.objects.create(
                school=school, role=role, title=title, incumbent=incumbent, created_by=actor
            )
    except IntegrityError:
        raise ValidationError({"title": _("There is already a succession plan for this post.")}) from None
    record_event(actor=actor, school=school, verb="talent.plan_created", target=plan, data={"role": role})
    return plan


@transaction.atomic
def add_candidate(*, actor, plan: SuccessionPlan, membership, readiness: str) -> Candidate:
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": _("Choose how ready they are.")})
    if actor is not None and membership.user_id == actor.pk:
        raise ValidationError({"membership": _("Leaders do not put themselves forward; another leader can.")})
    if not selectors.candidate_pool(school=plan.school).filter(pk=membership.pk).exists():
        raise ValidationError(
            {"membership": _("Choose someone at your school, or someone in the network who has chosen to be visible.")}
        )
    candidate, created = Candidate.objects.get_or_create(
        plan=plan,
        membership=membership,
        defaults={"school": plan.school, "readiness": readiness, "added_by": actor},
    )
    if not created and candidate.readiness != readiness:
        candidate.readiness = readiness
        candidate.save(update_fields=["readiness"])
    record_event(
        actor=actor,
        school=plan.school,
        verb="talent.candidate_added",
        target=candidate,
        data={"plan": plan.pk, "member": membership.pk, "readiness": readiness},
    )
    return candidate


@transaction.atomic
def remove_candidate(*, actor, candidate: Candidate) -> None:
    record_event(
        actor=actor,
        school=candidate.school,
        verb="talent.candidate_removed",
        target=candidate,
        data={"plan": candidate.plan_id},
    )
    candidate.delete()
