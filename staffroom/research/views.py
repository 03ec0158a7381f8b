import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.core.decorators import member_passes, member_required
from staffroom.core.files import private_file_response
from staffroom.core.forms import add_errors_to_form

from . import policies, selectors, services
from .forms import FileForm, FindingForm, NoteForm, ProjectForm, ResourceForm, SearchForm
from .models import Stage

LIBRARY_PAGE_SIZE = 20
# Research and the library sit under the network offer's "Network" item in the main navigation.
NAV = "network"
SESSION_ID = re.compile(r"[0-9]{1,12}")


# ---- projects ----------------------------------------------------------------------------------------------------


@member_required
def project_list(request):
    networks = list(selectors.networks_for(school=request.school))
    return render(
        request,
        "research/project_list.html",
        {
            "nav_section": NAV,
            "networks": networks,
            "projects": list(selectors.projects(school=request.school)) if networks else [],
            "can_start": bool(networks) and policies.can_start_project(request.membership),
        },
    )


@member_passes(policies.can_start_project)
def project_create(request):
    form = ProjectForm(request.POST or None, school=request.school)
    if not form.fields["network"].queryset.exists():
        messages.info(request, _("Your school is not part of a network yet, so there is no one to research with."))
        return redirect("research:projects")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.start_project(
                actor=request.user,
                membership=request.membership,
                network=data["network"],
                title=data["title"],
                question=data["question"],
                subjects=data["subjects"],
                phases=data["phases"],
                descriptors=data["descriptors"],
                launch_on=data["launch_on"],
                update_on=data["update_on"],
                dissemination_on=data["dissemination_on"],
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Project started. Colleagues across the network can now join it."))
            return redirect("research:project", pk=project.pk)
    return render(
        request,
        "research/form.html",
        {
            "nav_section": NAV,
            "form": form,
            "title": _("Start a research project"),
            "submit": _("Start the project"),
            "back": "research:projects",
        },
    )


def _project_page(request, project, *, note_form=None, file_form=None, finding_form=None, status=200):
    membership = request.membership
    members = selectors.project_members(project=project)
    is_member = any(m.membership_id == membership.pk for m in members)
    can_see_working = policies.can_see_working(membership, project, is_member=is_member)
    stages = []
    if can_see_working:
        notes, files = selectors.project_working(project=project)
        for file in files:
            file.can_remove = services.can_remove_file(membership, file)
        stages = [
            (
                value,
                label,
                project.stage_date(value),
                [n for n in notes if n.stage == value],
                [f for f in files if f.stage == value],
            )
            for value, label in Stage.choices
        ]
    can_write = policies.can_write(membership, is_member=is_member)
    # New notes most likely belong to the latest session that already has something written in it.
    current = next((value for value, _label, _date, notes, files in reversed(stages) if notes or files), Stage.LAUNCH)
    return render(
        request,
        "research/project_detail.html",
        {
            "nav_section": NAV,
            "project": selectors.project_tags(project=project),
            "members": members,
            "schools": sorted({m.membership.school.name for m in members}),
            "is_member": is_member,
            "published": policies.is_published(project),
            "can_join": policies.can_join(membership, project, is_member=is_member),
            "can_write": can_write,
            "can_see_working": can_see_working,
            "can_publish": policies.can_publish(membership, project),
            "stages": stages,
            "note_form": note_form or NoteForm(initial={"stage": current}),
            "file_form": file_form or FileForm(initial={"stage": current}),
            "finding_form": finding_form
            or FindingForm(initial={"finding_summary": project.finding_summary, "finding_body": project.finding_body}),
        },
        status=status,
    )


def _project_url(project) -> str:
    return reverse("research:project", kwargs={"pk": project.pk})


def _writable_project(request, pk):
    """The project, for a member of it; 403 for anyone else who may see it."""
    project = selectors.get_project(school=request.school, pk=pk)
    if not policies.can_write(
        request.membership, is_member=selectors.is_member(project=project, membership=request.membership)
    ):
        raise PermissionDenied
    return project


@member_required
def project_detail(request, pk):
    return _project_page(request, selectors.get_project(school=request.school, pk=pk))


@member_required
@require_POST
def project_join(request, pk):
    project = selectors.get_project(school=request.school, pk=pk)
    services.join_project(actor=request.user, membership=request.membership, project=project)
    messages.success(request, _("You have joined the project."))
    return redirect("research:project", pk=project.pk)


@member_required
@require_POST
def note_add(request, pk):
    project = _writable_project(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(actor=request.user, membership=request.membership, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Note added."))
            return redirect(f"{_project_url(project)}#stage-{form.cleaned_data['stage']}")
    return _project_page(request, project, note_form=form, status=400)


@member_required
@require_POST
def file_add(request, pk):
    project = _writable_project(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_file(
                actor=request.user,
                membership=request.membership,
                project=project,
                stage=form.cleaned_data["stage"],
                uploaded=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("File added."))
            return redirect(f"{_project_url(project)}#stage-{form.cleaned_data['stage']}")
    return _project_page(request, project, file_form=form, status=400)


def _visible_file(request, pk):
    item = selectors.get_project_file(school=request.school, pk=pk)
    is_member = selectors.is_member(project=item.project, membership=request.membership)
    if not policies.can_see_working(request.membership, item.project, is_member=is_member):
        raise Http404
    return item


@member_required
def file_download(request, pk):
    return private_file_response(_visible_file(request, pk))


@member_required
@require_POST
def file_remove(request, pk):
    item = _visible_file(request, pk)
    project_pk = item.project_id
    services.remove_file(actor=request.user, membership=request.membership, item=item)
    messages.success(request, _("Removed “%(name)s”.") % {"name": item.original_name})
    return redirect("research:project", pk=project_pk)


@member_required
@require_POST
def finding_save(request, pk):
    project = _writable_project(request, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            services.save_finding(
                actor=request.user,
                membership=request.membership,
                project=project,
                summary=form.cleaned_data["finding_summary"],
                body=form.cleaned_data["finding_body"],
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Finding saved."))
            return redirect(f"{_project_url(project)}#finding")
    return _project_page(request, project, finding_form=form, status=400)


@member_required
@require_POST
def finding_publish(request, pk):
    project = selectors.get_project(school=request.school, pk=pk)
    try:
        item = services.publish_finding(actor=request.user, membership=request.membership, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{_project_url(project)}#finding")
    messages.success(request, _("The finding is in the network library."))
    return redirect("research:library_item", pk=item.pk)


# ---- library -----------------------------------------------------------------------------------------------------


@member_required
def library(request):
    form = SearchForm(request.GET or None, school=request.school)
    page = None
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        items = selectors.search_library(
            school=request.school,
            text=data.get("q", ""),
            subject=data.get("subject"),
            phase=data.get("phase", ""),
            descriptor=data.get("tag"),
            kind=data.get("kind", ""),
        )
        page = Paginator(items, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "research/library.html",
        {
            "nav_section": NAV,
            "form": form,
            "page": page,
            "searched": bool(request.GET),
            "query": query.urlencode(),
            "can_share": policies.can_share_resource(request.membership)
            and bool(selectors.network_ids(school=request.school)),
        },
        status=200 if page is not None else 400,
    )


@member_required
def library_item(request, pk):
    item = selectors.get_library_item(school=request.school, pk=pk)
    return render(
        request,
        "research/library_item.html",
        {
            "nav_section": NAV,
            "item": item,
            "session_visible": selectors.session_visible(membership=request.membership, item=item),
            "can_remove": policies.can_remove_item(request.membership, item),
        },
    )


@member_required
def library_file(request, pk):
    item = selectors.get_library_item(school=request.school, pk=pk)
    if not item.file:
        raise Http404
    return private_file_response(item)


@member_passes(policies.can_share_resource)
def library_add(request):
    initial = {}
    if SESSION_ID.fullmatch(request.GET.get("session", "")):
        # Offered from a session's page: preselect it when it is one of the person's own sessions.
        initial["session"] = request.GET["session"]
    form = ResourceForm(request.POST or None, request.FILES or None, membership=request.membership, initial=initial)
    if not form.fields["network"].queryset.exists():
        messages.info(request, _("Your school is not part of a network yet, so there is no library to add to."))
        return redirect("research:library")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.share_resource(
                actor=request.user,
                membership=request.membership,
                network=data["network"],
                kind=data["kind"],
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                link=data["link"],
                uploaded=data["file"],
                subjects=data["subjects"],
                phases=data["phases"],
                descriptors=data["descriptors"],
                session=data.get("session"),
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Shared with the network."))
            return redirect("research:library_item", pk=item.pk)
    return render(
        request,
        "research/form.html",
        {
            "nav_section": NAV,
            "form": form,
            "title": _("Share a resource with the network"),
            "submit": _("Share"),
            "back": "research:library",
            "multipart": True,
        },
    )


@member_required
@require_POST
def library_remove(request, pk):
    item = selectors.get_library_item(school=request.school, pk=pk)
    services.remove_item(actor=request.user, membership=request.membership, item=item)
    messages.success(request, _("Removed “%(title)s” from the library.") % {"title": item.title})
    return redirect("research:library")
