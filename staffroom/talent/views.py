from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.core.decorators import member_passes
from staffroom.core.forms import add_errors_to_form

from . import policies, selectors, services
from .forms import AspirationForm, CandidateForm, PlanForm, ProgrammeForm, ReadinessForm, VisibilityForm
from .models import Readiness

staff_only = member_passes(policies.is_staff)
leaders_only = member_passes(policies.is_talent_leader)


def _mine(request, *, aspiration_form=None, programme_form=None, status=200):
    profile = selectors.profile_of(membership=request.membership)
    aspirations, programmes = selectors.own_entries(membership=request.membership)
    return render(
        request,
        "talent/mine.html",
        {
            "nav_section": "talent",
            "sub": "mine",
            "is_leader": policies.is_talent_leader(request.membership),
            "aspirations": aspirations,
            "programmes": programmes,
            "visibility_form": VisibilityForm(initial={"network_visible": bool(profile and profile.network_visible)}),
            "network_visible": bool(profile and profile.network_visible),
            "aspiration_form": aspiration_form or AspirationForm(),
            "programme_form": programme_form or ProgrammeForm(),
        },
        status=status,
    )


@staff_only
def mine(request):
    return _mine(request)


@staff_only
@require_POST
def visibility(request):
    form = VisibilityForm(request.POST)
    form.is_valid()  # a single optional checkbox: anything sent is either on or off
    visible = bool(form.cleaned_data.get("network_visible"))
    services.set_network_visibility(actor=request.user, membership=request.membership, visible=visible)
    messages.success(
        request,
        _("Leaders across the network can now see your aspirations.")
        if visible
        else _("Your aspirations are now seen only by leaders at your school."),
    )
    return redirect("talent:mine")


@staff_only
@require_POST
def aspiration_add(request):
    form = AspirationForm(request.POST)
    if form.is_valid():
        try:
            services.add_aspiration(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Aspiration saved."))
            return redirect("talent:mine")
    return _mine(request, aspiration_form=form, status=400)


@staff_only
@require_POST
def aspiration_remove(request, pk):
    aspiration = selectors.get_own_aspiration(membership=request.membership, pk=pk)
    services.remove_aspiration(actor=request.user, aspiration=aspiration)
    messages.success(request, _("Aspiration removed."))
    return redirect("talent:mine")


@staff_only
@require_POST
def programme_add(request):
    form = ProgrammeForm(request.POST)
    if form.is_valid():
        try:
            services.add_programme(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("talent:mine")
    return _mine(request, programme_form=form, status=400)


@staff_only
@require_POST
def programme_remove(request, pk):
    taken = selectors.get_own_programme(membership=request.membership, pk=pk)
    services.remove_programme(actor=request.user, taken=taken)
    messages.success(request, _("Programme removed."))
    return redirect("talent:mine")


@leaders_only
def pool(request):
    return render(
        request,
        "talent/pool.html",
        {
            "nav_section": "talent",
            "sub": "pool",
            "is_leader": True,
            "people": selectors.school_pool(school=request.school, viewer=request.membership),
            "network_people": selectors.network_visible_people(school=request.school),
        },
    )


@leaders_only
def member(request, pk):
    person = selectors.get_school_member(school=request.school, pk=pk, viewer=request.membership)
    form = ReadinessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_readiness(
                    actor=request.user, school=request.school, membership=person, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors_to_form(form, error)
            else:
                messages.success(request, _("Readiness saved."))
                return redirect("talent:member", pk=person.pk)
        status = 400
    aspirations, programmes = selectors.own_entries(membership=person)
    return render(
        request,
        "talent/member.html",
        {
            "nav_section": "talent",
            "sub": "pool",
            "is_leader": True,
            "person": person,
            "aspirations": aspirations,
            "programmes": programmes,
            "assessments": selectors.readiness_of(school=request.school, membership=person),
            "form": form,
        },
        status=status,
    )


@leaders_only
def plans(request):
    form = PlanForm(request.POST or None, school=request.school)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.create_plan(actor=request.user, school=request.school, **form.cleaned_data)
            except ValidationError as error:
                add_errors_to_form(form, error)
            else:
                messages.success(request, _("Succession plan created. Now add candidates."))
                return redirect("talent:plan", pk=plan.pk)
        status = 400
    return render(
        request,
        "talent/plans.html",
        {
            "nav_section": "talent",
            "sub": "plans",
            "is_leader": True,
            "plans": selectors.plans(school=request.school, viewer=request.membership),
            "form": form,
        },
        status=status,
    )


@leaders_only
def plan(request, pk):
    succession = selectors.get_plan(school=request.school, pk=pk)
    pool_qs = selectors.candidate_pool(school=request.school).exclude(pk=request.membership.pk)
    form = CandidateForm(
        request.POST or None, pool=pool_qs, school=request.school, initial={"readiness": Readiness.ONE_TWO_YEARS}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_candidate(actor=request.user, plan=succession, **form.cleaned_data)
            except ValidationError as error:
                add_errors_to_form(form, error)
            else:
                messages.success(request, _("Candidate added."))
                return redirect("talent:plan", pk=succession.pk)
        status = 400
    return render(
        request,
        "talent/plan.html",
        {
            "nav_section": "talent",
            "sub": "plans",
            "is_leader": True,
            "plan": succession,
            "candidates": selectors.plan_candidates(plan=succession, viewer=request.membership),
            "form": form,
        },
        status=status,
    )


@leaders_only
@require_POST
def candidate_remove(request, pk, candidate_pk):
    succession = selectors.get_plan(school=request.school, pk=pk)
    candidate = selectors.get_candidate(plan=succession, pk=candidate_pk, viewer=request.membership)
    services.remove_candidate(actor=request.user, candidate=candidate)
    messages.success(request, _("Candidate removed."))
    return redirect("talent:plan", pk=succession.pk)
