import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.core.decorators import member_passes, member_required
from staffroom.core.forms import add_errors_to_form
from staffroom.core.tenancy import get_in_school_or_404
from staffroom.organisations.calendar import Period, academic_year, academic_year_starting, school_today, term

from . import exports, policies, reports, selectors, services
from .forms import YEARS_BACK, BudgetForm, SpendForm, YearForm
from .models import Spend

_DIGITS = re.compile(r"^[0-9]{1,9}$")


def _years(school) -> tuple[Period, list[tuple[int, str]]]:
    current = academic_year(school_today(school), school.academic_year_start_month)
    options = []
    for back in range(YEARS_BACK + 1):
        period = academic_year_starting(current.start.year - back, school.academic_year_start_month)
        options.append((period.start.year, period.label))
    return current, options


def _chosen_year(request) -> tuple[Period, YearForm, bool]:
    """The year asked for in ?year=, else this academic year. Junk is reported on the form, not a 500."""
    current, options = _years(request.school)
    form = YearForm(request.GET if "year" in request.GET else None, years=options, initial={"year": current.start.year})
    year = current
    if form.is_bound and form.is_valid():
        year = academic_year_starting(form.cleaned_data["year"], request.school.academic_year_start_month)
    return year, form, year.start == current.start


def _term_for(school, year: Period, is_current: bool) -> Period:
    # For a past year, "this term" means its last term: who had nothing by the end of that year.
    day = school_today(school) if is_current else year.end
    return term(day, school.academic_year_start_month)


def _page(request, *, page: str, title: str, sections, context=None, csv_name=None, status=200):
    year = context.get("year") if context else None
    if request.GET.get("format") == "csv":
        heading = [title, request.school.name]
        if year is not None:
            heading.append(year.label)
        return exports.csv_response(name=csv_name or page, heading=heading, sections=sections)
    return render(
        request,
        "insights/page.html",
        {
            "nav_section": "insights",
            "page": page,
            "page_title": title,
            "sections": sections,
            "can_read_school": policies.can_read_school_insights(request.membership),
            "leads_network": policies.networks_for(request.user).exists(),
            **(context or {}),
        },
        status=status,
    )


def _school_reader(view):
    return member_passes(policies.can_read_school_insights)(view)


@member_required
def index(request):
    if policies.can_read_school_insights(request.membership):
        return redirect("insights:reach")
    if policies.networks_for(request.user).exists():
        return redirect("insights:network")
    raise PermissionDenied


def _reach(request, *, budget_form=None, spend_form=None, status=200):
    school = request.school
    year, year_form, is_current = _chosen_year(request)
    this_term = _term_for(school, year, is_current)
    spend = selectors.spend_summary(school=school, year=year, year_start=year.start.year)
    sections = reports.reach_sections(school=school, year=year, this_term=this_term, spend=spend)
    can_edit = policies.can_edit_budget(request.membership)
    context = {
        "year": year,
        "year_form": year_form,
        "this_term": this_term,
        "spend": spend,
        "can_edit": can_edit,
        "budget_form": budget_form or BudgetForm(initial={"amount": spend.budget}),
        "spend_form": spend_form or SpendForm(initial={"spent_on": school_today(school)}),
        "names": list(selectors.nothing_this_term(school=school, this_term=this_term))
        if policies.can_see_names(request.membership)
        else None,
    }
    return _page(request, page="reach", title=_("Reach"), sections=sections, context=context, status=status)


@_school_reader
def reach(request):
    return _reach(request)


@member_passes(policies.can_edit_budget)
@require_POST
def budget_set(request):
    year, _form, _current = _chosen_year(request)
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            services.set_budget(
                actor=request.user,
                school=request.school,
                year_start=year.start.year,
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Budget saved."))
            return redirect(f"{reverse('insights:reach')}?year={year.start.year}#spend")
    return _reach(request, budget_form=form, status=400)


@member_passes(policies.can_edit_budget)
@require_POST
def spend_add(request):
    form = SpendForm(request.POST)
    if form.is_valid():
        try:
            services.add_spend(actor=request.user, school=request.school, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Spending recorded."))
            year = academic_year(form.cleaned_data["spent_on"], request.school.academic_year_start_month)
            return redirect(f"{reverse('insights:reach')}?year={year.start.year}#spend")
    return _reach(request, spend_form=form, status=400)


@member_passes(policies.can_edit_budget)
@require_POST
def spend_remove(request, pk):
    spend = get_in_school_or_404(Spend.objects.all(), school=request.school, pk=pk)
    year = academic_year(spend.spent_on, request.school.academic_year_start_month)
    services.remove_spend(actor=request.user, spend=spend)
    messages.success(request, _("Spending removed."))
    return redirect(f"{reverse('insights:reach')}?year={year.start.year}#spend")


@_school_reader
def impact(request):
    year, year_form, _current = _chosen_year(request)
    today = min(school_today(request.school), year.end)
    sections = reports.impact_sections(school=request.school, year=year, today=today)
    return _page(
        request, page="impact", title=_("Impact"), sections=sections, context={"year": year, "year_form": year_form}
    )


@_school_reader
def quality(request):
    year, year_form, _current = _chosen_year(request)
    result = reports.quality(school=request.school, year=year)
    return _page(
        request,
        page="quality",
        title=_("Quality of the CPD programme"),
        sections=result.sections,
        csv_name="programme-quality",
        context={"year": year, "year_form": year_form, "quality": result},
    )


@_school_reader
def progress(request):
    year, year_form, _current = _chosen_year(request)
    today = school_today(request.school)
    sections = reports.progress_sections(school=request.school, year_start=year.start.year, today=today)
    return _page(
        request,
        page="progress",
        title=_("Appraisal and plan progress"),
        sections=sections,
        context={"year": year, "year_form": year_form, "today": today},
    )


@member_required
def network(request):
    networks = list(policies.networks_for(request.user))
    if not networks:
        raise PermissionDenied
    raw = request.GET.get("network", "")
    if raw:
        if not _DIGITS.match(raw):
            raise Http404
        networks = [n for n in networks if n.pk == int(raw)]
        if not networks:
            raise Http404
    year, year_form, is_current = _chosen_year(request)
    this_term = _term_for(request.school, year, is_current)
    today = min(school_today(request.school), year.end)
    sections = []
    for n in networks:
        sections.append(
            reports.network_section(network=n, year=year, this_term=this_term, year_start=year.start.year, today=today)
        )
        sections.append(reports.giving_and_taking_section(network=n, membership=request.membership))
    return _page(
        request,
        page="network",
        title=_("Across the network"),
        sections=sections,
        context={"year": year, "year_form": year_form, "this_term": this_term},
    )
