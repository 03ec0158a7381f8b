from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from staffroom.accounts import policies as account_policies
from staffroom.core.decorators import member_passes, member_required

from . import selectors, services
from .models import Framework


@member_required
def framework_list(request):
    adopted = set(selectors.frameworks_for_school(school=request.school).values_list("pk", flat=True))
    frameworks = selectors.all_current_frameworks().order_by("name")
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "frameworks": frameworks,
            "adopted": adopted,
            "can_choose": account_policies.can_administer_school(request.membership),
        },
    )


@member_required
def framework_detail(request, slug):
    try:
        framework = selectors.get_framework(slug=slug[:100])
    except Framework.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "standards": selectors.framework_outline(framework=framework),
            "adopted": selectors.is_adopted(school=request.school, framework=framework),
        },
    )


@member_passes(account_policies.can_administer_school)
def choose_frameworks(request):
    frameworks = list(selectors.all_current_frameworks().order_by("name"))
    adopted = set(selectors.frameworks_for_school(school=request.school).values_list("pk", flat=True))
    if request.method == "POST":
        wanted = set(request.POST.getlist("framework"))
        for framework in frameworks:
            if str(framework.pk) in wanted and framework.pk not in adopted:
                services.adopt_framework(actor=request.user, school=request.school, framework=framework)
            elif str(framework.pk) not in wanted and framework.pk in adopted:
                services.drop_framework(actor=request.user, school=request.school, framework=framework)
        messages.success(request, _("Your school's frameworks are saved."))
        return redirect("frameworks:choose")
    return render(
        request,
        "frameworks/choose.html",
        {
            "nav_section": "admin",
            "frameworks": frameworks,
            "adopted": adopted,
        },
    )
