from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from staffroom.accounts import policies
from staffroom.core.decorators import member_passes

from . import services
from .forms import SchoolSettingsForm


@member_passes(policies.can_administer_school)
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
