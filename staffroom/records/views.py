from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from staffroom.accounts.models import Membership
from staffroom.core.decorators import member_passes, member_required
from staffroom.core.files import private_file_response
from staffroom.core.forms import add_errors_to_form
from staffroom.core.tenancy import get_in_school_or_404

from . import dataprotection, portable, selectors, services, signing
from .archive import ArchiveError
from .forms import ExportForm, ImportForm, LeaverForm, QualificationForm, RetentionForm
from .models import Qualification
from .policies import can_manage_personal_data


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def my_record(request):
    user, school = request.user, request.school
    return render(
        request,
        "records/my_record.html",
        {
            "counts": selectors.record_counts(user=user, school=school),
            "qualifications": selectors.own_qualifications(user=user, school=school),
            "imported_sessions_led": selectors.imported_sessions_led(user=user, school=school),
            "imports": selectors.own_imports(user=user, school=school),
            "export_form": ExportForm(),
            "key": signing.installation_key(),
            "can_manage": can_manage_personal_data(request.membership),
        },
    )


@member_required
@require_POST
def export_archive(request):
    form = ExportForm(request.POST)
    form.is_valid()
    data, _archive_id = services.export_archive(
        actor=request.user, school=request.school, include_appraisal=form.cleaned_data.get("include_appraisal", False)
    )
    filename = f"staffroom-record-{slugify(request.user.display_name)}-{timezone.localdate().isoformat()}.zip"
    return _attachment(data, "application/zip", filename)


@member_required
@require_GET
def export_pdf(request):
    from weasyprint import HTML  # Imported here: it loads native libraries that most requests never need.

    form = ExportForm(request.GET)
    form.is_valid()
    record, _files = portable.collect(
        user=request.user,
        school=request.school,
        include_appraisal=form.cleaned_data.get("include_appraisal", False),
        with_files=False,
    )
    html = render_to_string(
        "records/record_pdf.html", {"record": record, "key": signing.installation_key(), "now": timezone.now()}
    )
    filename = f"staffroom-record-{slugify(request.user.display_name)}-{timezone.localdate().isoformat()}.pdf"
    return _attachment(HTML(string=html).write_pdf(), "application/pdf", filename)


@member_required
def qualification_create(request):
    form = QualificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_qualification(
                actor=request.user,
                school=request.school,
                title=form.cleaned_data["title"],
                awarding_body=form.cleaned_data["awarding_body"],
                awarded_on=form.cleaned_data["awarded_on"],
                certificate=form.cleaned_data["certificate"],
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Qualification added."))
            return redirect("records:mine")
    return render(request, "records/qualification_form.html", {"form": form})


def _own_qualification(request, pk) -> Qualification:
    return get_in_school_or_404(Qualification.objects.filter(owner=request.user), school=request.school, pk=pk)


@member_required
@require_POST
def qualification_delete(request, pk):
    services.remove_qualification(actor=request.user, qualification=_own_qualification(request, pk))
    messages.success(request, _("Qualification removed."))
    return redirect("records:mine")


@member_required
def certificate(request, pk):
    qualification = _own_qualification(request, pk)
    if not qualification.file:
        raise Http404
    return private_file_response(qualification)


@member_required
def import_record(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_import, created = services.import_archive(
                actor=request.user, school=request.school, upload=form.cleaned_data["archive"]
            )
        except ArchiveError as exc:
            form.add_error("archive", str(exc))
        else:
            if created:
                messages.success(request, _("Your record has been imported."))
            else:
                messages.info(request, _("You imported this archive before; nothing was added twice."))
            return redirect("records:import_detail", pk=record_import.pk)
    return render(request, "records/import_form.html", {"form": form})


@member_required
def import_detail(request, pk):
    record_import = selectors.own_import(user=request.user, school=request.school, pk=pk)
    if record_import is None:
        raise Http404
    return render(request, "records/import_detail.html", {"record_import": record_import})


@require_GET
def public_key(request):
    key = signing.installation_key()
    return render(request, "records/public_key.html", {"key": key, "public_key": signing.b64(bytes(key.public_key))})


# Data protection (school admins and heads)


@member_passes(can_manage_personal_data)
def people(request):
    return render(
        request,
        "records/people.html",
        {
            "people": selectors.people_for_data_protection(school=request.school),
            "anonymised": selectors.anonymised_count(school=request.school),
        },
    )


def _member(request, pk) -> Membership:
    return get_in_school_or_404(Membership.objects.select_related("user"), school=request.school, pk=pk)


@member_passes(can_manage_personal_data)
@require_POST
def subject_access(request, pk):
    membership = _member(request, pk)
    if dataprotection.is_anonymised(membership.user):
        raise Http404
    data = dataprotection.subject_access_archive(actor=request.user, school=request.school, membership=membership)
    filename = f"subject-access-{slugify(membership.user.display_name)}-{timezone.localdate().isoformat()}.zip"
    return _attachment(data, "application/zip", filename)


@member_passes(can_manage_personal_data)
def leaver(request, pk):
    membership = _member(request, pk)
    if dataprotection.is_anonymised(membership.user):
        raise Http404
    form = LeaverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataprotection.remove_leaver(
                actor=request.user, school=request.school, membership=membership, mode=form.cleaned_data["mode"]
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Their data has been removed."))
            return redirect("records:people")
    return render(request, "records/leaver.html", {"form": form, "member": membership})


@member_passes(can_manage_personal_data)
def retention(request):
    form = RetentionForm(request.POST or None, policies=selectors.retention_policies(school=request.school))
    if request.method == "POST" and form.is_valid():
        try:
            dataprotection.save_retention(actor=request.user, school=request.school, periods=form.periods())
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Retention periods saved."))
            return redirect("records:retention")
    return render(request, "records/retention.html", {"form": form})
