from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.accounts import policies
from staffroom.core.decorators import member_passes
from staffroom.core.tenancy import get_in_school_or_404

from . import services
from .forms import DepartmentForm, SchoolSettingsForm
from .models import Department

admin_required = member_passes(policies.can_administer_school)


@admin_required
def school_settings(request):
    school = request.school
    form = SchoolSettingsForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        services.update_school_settings(
            actor=request.user, school=school, changes={name: form.cleaned_data[name] for name in form.changed_data}
        )
        messages.success(request, _("School settings saved."))
        return redirect("organisations:school_settings")
    return render(request, "organisations/school_settings.html", {"nav_section": "admin", "form": form})


@admin_required
def departments(request):
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            department = services.add_department(
                actor=request.user, school=request.school, name=form.cleaned_data["name"]
            )
        except services.DepartmentError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Added “%(name)s”.") % {"name": department.name})
            return redirect("organisations:departments")
    rows = Department.objects.filter(school=request.school).annotate(
        # Not "members": that name is already the reverse relation, and Django refuses the clash with a 500.
        active_members=Count("members", filter=Q(members__is_active=True))
    )
    return render(
        request, "organisations/departments.html", {"nav_section": "admin", "form": form, "departments": rows}
    )


@admin_required
@require_POST
def department_remove(request, pk):
    department = get_in_school_or_404(Department.objects.all(), school=request.school, pk=pk)
    services.remove_department(actor=request.user, department=department)
    messages.success(request, _("Removed “%(name)s”. Its members now have no department.") % {"name": department.name})
    return redirect("organisations:departments")
