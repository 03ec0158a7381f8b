"""Writes for research projects and the network library. Each checks who is acting, and is audited.

Services take the acting user and the membership they act through (the school they are signed in at), and
check again what the view checked, so that a command or a test cannot do what a page would refuse.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership, User
from staffroom.core.audit import record_event
from staffroom.core.files import remove_private_file, save_private_file
from staffroom.learning.evidence import check_evidence_file
from staffroom.network.models import NetworkSession
from staffroom.organisations.models import Network, NetworkSchool

from . import policies
from .models import LibraryItem, ProjectFile, ProjectMember, ProjectNote, ResearchProject, Stage

MAX_TEXT = 20_000


def _acting(actor: User, membership: Membership) -> None:
    if actor is None or membership is None or membership.user_id != actor.pk or not membership.is_active:
        raise PermissionDenied


def _in_network(membership: Membership, network_id: int) -> None:
    if not NetworkSchool.objects.filter(network_id=network_id, school_id=membership.school_id).exists():
        raise PermissionDenied


def _text(value: str, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: _("This is needed.")})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %(n)s characters.") % {"n": f"{limit:,}"}})
    return value


def _stage(value: str) -> str:
    if value not in Stage.values:
        raise ValidationError({"stage": _("Choose one of the three sessions.")})
    return value


def _dates(launch_on, update_on, dissemination_on) -> None:
    planned = [d for d in (launch_on, update_on, dissemination_on) if d is not None]
    if planned != sorted(planned):
        raise ValidationError({"update_on": _("The sessions run in order: launch, then update, then dissemination.")})


def _is_member(project: ResearchProject, membership: Membership) -> bool:
    return ProjectMember.objects.filter(project=project, membership=membership).exists()


# ---- projects ----------------------------------------------------------------------------------------------------


@transaction.atomic
def start_project(
    *,
    actor: User,
    membership: Membership,
    network: Network,
    title: str,
    question: str,
    subjects=(),
    phases=(),
    descriptors=(),
    launch_on: datetime.date | None = None,
    update_on: datetime.date | None = None,
    dissemination_on: datetime.date | None = None,
) -> ResearchProject:
    _acting(actor, membership)
    if not policies.can_start_project(membership):
        raise PermissionDenied(_("Governors follow research projects but do not run them."))
    _in_network(membership, network.pk)
    title = _text(title, "title", required=True, limit=200)
    question = _text(question, "question", required=True)
    _dates(launch_on, update_on, dissemination_on)
    if ResearchProject.objects.filter(network=network, title__iexact=title).exists():
        raise ValidationError({"title": _("The network already has a project with this title.")})
    try:
        with transaction.atomic():
            project = ResearchProject.objects.create(
                network=network,
                title=title,
                question=question,
                lead=membership,
                phases=ResearchProject.pack_phases(phases),
                launch_on=launch_on,
                update_on=update_on,
                dissemination_on=dissemination_on,
            )
    except IntegrityError:
        # The same form sent twice at once: the second finds the first's project.
        raise ValidationError({"title": _("The network already has a project with this title.")}) from None
    project.subjects.set(subjects)
    project.descriptors.set(descriptors)
    ProjectMember.objects.create(project=project, membership=membership)
    record_event(
        actor=actor,
        school=membership.school,
        verb="research.project_started",
        target=project,
        data={"network": network.pk},
    )
    return project


@transaction.atomic
def join_project(*, actor: User, membership: Membership, project: ResearchProject) -> ProjectMember:
    _acting(actor, membership)
    _in_network(membership, project.network_id)
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    member = ProjectMember.objects.filter(project=project, membership=membership).first()
    if member is not None:
        return member
    if not policies.can_join(membership, project, is_member=False):
        raise PermissionDenied(_("This project has published its finding and no longer takes new members."))
    member = ProjectMember.objects.create(project=project, membership=membership)
    record_event(actor=actor, school=membership.school, verb="research.project_joined", target=project)
    return member


def _writer(actor: User, membership: Membership, project: ResearchProject) -> None:
    _acting(actor, membership)
    _in_network(membership, project.network_id)
    if not policies.can_write(membership, is_member=_is_member(project, membership)):
        raise PermissionDenied(_("Join the project to write in it."))


@transaction.atomic
def add_note(*, actor: User, membership: Membership, project: ResearchProject, stage: str, text: str) -> ProjectNote:
    _writer(actor, membership, project)
    stage = _stage(stage)
    text = _text(text, "text", required=True)
    last = (
        ProjectNote.objects.select_for_update()
        .filter(project=project, author=membership, stage=stage)
        .order_by("-created_at", "-id")
        .first()
    )
    if last is not None and last.text == text:
        # The same note sent twice (a double click, a resubmitted form) is kept once.
        return last
    note = ProjectNote.objects.create(project=project, author=membership, stage=stage, text=text)
    record_event(actor=actor, school=membership.school, verb="research.note_added", target=note, data={"stage": stage})
    return note


@transaction.atomic
def add_file(*, actor: User, membership: Membership, project: ResearchProject, stage: str, uploaded) -> ProjectFile:
    _writer(actor, membership, project)
    stage = _stage(stage)
    try:
        content_type = check_evidence_file(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    item = ProjectFile(project=project, stage=stage, school=membership.school, uploaded_by=actor)
    save_private_file(item, uploaded, content_type=content_type)
    record_event(
        actor=actor,
        school=membership.school,
        verb="research.file_added",
        target=item,
        data={"name": item.original_name, "project": project.pk},
    )
    return item


def can_remove_file(membership: Membership, item: ProjectFile) -> bool:
    return policies.is_staff(membership) and (
        item.uploaded_by_id == membership.user_id or item.project.lead_id == membership.pk
    )


@transaction.atomic
def remove_file(*, actor: User, membership: Membership, item: ProjectFile) -> None:
    _acting(actor, membership)
    _in_network(membership, item.project.network_id)
    if not can_remove_file(membership, item):
        raise PermissionDenied(_("Only the person who added a file, or the project lead, removes it."))
    remove_private_file(actor=actor, item=item, verb="research.file_removed")


@transaction.atomic
def save_finding(
    *, actor: User, membership: Membership, project: ResearchProject, summary: str, body: str
) -> ResearchProject:
    _writer(actor, membership, project)
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    project.finding_summary = _text(summary, "finding_summary", limit=2000)
    project.finding_body = _text(body, "finding_body")
    project.save(update_fields=["finding_summary", "finding_body"])
    record_event(actor=actor, school=membership.school, verb="research.finding_saved", target=project)
    return project


@transaction.atomic
def publish_finding(*, actor: User, membership: Membership, project: ResearchProject) -> LibraryItem:
    """Put the project's finding in the network library, or bring the published copy up to date."""
    _acting(actor, membership)
    _in_network(membership, project.network_id)
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    if not policies.can_publish(membership, project):
        raise PermissionDenied(_("The project lead or the network's CPD lead publishes the finding."))
    if not project.finding_summary or not project.finding_body:
        raise ValidationError(_("Write the finding, with its summary, before publishing it."))
    item = LibraryItem.objects.filter(project=project).first()
    if item is None:
        item = LibraryItem(
            network_id=project.network_id,
            project=project,
            kind=LibraryItem.Kind.FINDING,
            added_by=membership,
            school=membership.school,
        )
    item.title = project.title
    item.summary = project.finding_summary
    item.body = f"{_('Question')}: {project.question}\n\n{project.finding_body}"
    item.phases = project.phases
    item.save()
    item.subjects.set(project.subjects.all())
    item.descriptors.set(project.descriptors.all())
    _refresh_document(item)
    record_event(
        actor=actor,
        school=membership.school,
        verb="research.finding_published",
        target=item,
        data={"project": project.pk},
    )
    return item


# ---- library -----------------------------------------------------------------------------------------------------


def _refresh_document(item: LibraryItem) -> None:
    tags = [f"{d.code} {d.text}" for d in item.descriptors.all()]
    session = item.session.title if item.session_id else ""
    parts = [item.title, item.summary, item.body, session, *(s.name for s in item.subjects.all()), *tags]
    LibraryItem.objects.filter(pk=item.pk).update(search_document="\n".join(p for p in parts if p))


@transaction.atomic
def share_resource(
    *,
    actor: User,
    membership: Membership,
    network: Network,
    title: str,
    summary: str,
    body: str = "",
    link: str = "",
    uploaded=None,
    subjects=(),
    phases=(),
    descriptors=(),
    kind: str = LibraryItem.Kind.RESOURCE,
    session: NetworkSession | None = None,
) -> LibraryItem:
    _acting(actor, membership)
    if not policies.can_share_resource(membership):
        raise PermissionDenied(_("Governors read the library but do not add to it."))
    _in_network(membership, network.pk)
    if kind == LibraryItem.Kind.FINDING:
        # Findings come only from a project, through publish_finding.
        raise ValidationError(_("Findings are published from their research project."))
    if session is not None:
        if session.network_id != network.pk:
            raise ValidationError({"session": _("Choose a session in the same network.")})
        if session.leader_id != membership.pk and not policies.leads_network(membership, network.pk):
            raise PermissionDenied(_("A session's materials are shared by the person who leads it."))
        kind = LibraryItem.Kind.SESSION_MATERIAL
    title = _text(title, "title", required=True, limit=200)
    summary = _text(summary, "summary", required=True, limit=2000)
    body = _text(body, "body")
    content_type = None
    if uploaded is not None:
        try:
            content_type = check_evidence_file(uploaded)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
    if not body and not link and uploaded is None:
        raise ValidationError({"body": _("Give the text, a file or a link: something colleagues can use.")})
    recent = LibraryItem.objects.filter(
        network=network, added_by=membership, kind=kind, title=title, summary=summary
    ).first()
    if recent is not None:
        # The same form sent twice: keep the first.
        return recent
    item = LibraryItem(
        network=network,
        kind=kind,
        title=title,
        summary=summary,
        body=body,
        link=link,
        added_by=membership,
        school=membership.school,
        phases=LibraryItem.pack_phases(phases),
        session=session,
    )
    if uploaded is not None:
        save_private_file(item, uploaded, content_type=content_type)
    else:
        item.save()
    item.subjects.set(subjects)
    item.descriptors.set(descriptors)
    _refresh_document(item)
    record_event(
        actor=actor,
        school=membership.school,
        verb="research.library_item_added",
        target=item,
        data={"network": network.pk, "kind": kind},
    )
    return item


@transaction.atomic
def remove_item(*, actor: User, membership: Membership, item: LibraryItem) -> None:
    _acting(actor, membership)
    _in_network(membership, item.network_id)
    if not policies.can_remove_item(membership, item):
        raise PermissionDenied(_("Only the person who added this, or the network's leads, remove it."))
    if item.file:
        remove_private_file(actor=actor, item=item, verb="research.library_item_removed")
    else:
        record_event(
            actor=actor,
            school=item.school,
            verb="research.library_item_removed",
            target=item,
            data={"title": item.title},
        )
        item.delete()
