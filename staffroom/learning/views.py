import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from staffroom.core.charts import Bar, horizontal_bars
from staffroom.core.decorators import member_required
from staffroom.core.files import private_file_response
from staffroom.core.forms import add_errors_to_form
from staffroom.organisations.calendar import academic_year, school_today

from . import exports, selectors, services
from .forms import ActivityFilterForm, ActivityForm, FollowUpForm, PostponeFollowUpForm
from .models import Activity
from .selectors import ActivityFilters

PAGE_SIZE = 25


def _filtered(request):
    today = school_today(request.school)
    years = selectors.years_with_activity(user=request.user, school=request.school, today=today)
    current = academic_year(today, request.school.academic_year_start_month)
    form = ActivityFilterForm(request.GET or None, school=request.school, years=years, current=current)
    year = form.chosen_year()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = ActivityFilters(
        year=year,
        kind=data.get("kind", ""),
        subject_id=data["subject"].pk if data.get("subject") else None,
        standard_id=data["standard"].pk if data.get("standard") else None,
    )
    return form, filters


def _hours_chart(summary, year):
    return horizontal_bars(
        title=_("Your hours in %(year)s against the school's entitlement") % {"year": year.label},
        unit=_("Hours"),
        bars=[
            Bar(_("All professional learning"), summary.total, summary.entitlement),
            Bar(_("Subject-specific"), summary.subject_specific, summary.subject_target),
        ],
    )


@member_required
@vary_on_headers("HX-Request")
def activity_list(request):
    form, filters = _filtered(request)
    activities = selectors.own_activities(user=request.user, school=request.school, filters=filters)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.hours_summary(user=request.user, school=request.school, year=filters.year)
    context = {
        "nav_section": "learning",
        "filter_form": form,
        "filters": filters,
        "page": page,
        "summary": summary,
        "chart": _hours_chart(summary, filters.year),
        "query": request.GET.copy(),
        "today": school_today(request.school),
    }
    template = "learning/activity_list.html#activity-results" if request.htmx else "learning/activity_list.html"
    return render(request, template, context)


@member_required
def activity_create(request):
    form = ActivityForm(request.POST or None, request.FILES or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(
                actor=request.user, school=request.school, data=form.activity_data(), files=form.cleaned_data["files"]
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded “%(title)s”.") % {"title": activity.title})
            return redirect("learning:detail", pk=activity.pk)
    return render(request, "learning/activity_form.html", {"nav_section": "learning", "form": form})


@member_required
def activity_detail(request, pk):
    activity = selectors.get_visible_activity(membership=request.membership, pk=pk)
    is_owner = activity.owner_id == request.user.pk
    return render(
        request,
        "learning/activity_detail.html",
        {
            "nav_section": "learning",
            "activity": activity,
            "is_owner": is_owner,
            "postpone_form": PostponeFollowUpForm(initial={"due_on": activity.follow_up.due_on}) if is_owner else None,
        },
    )


@member_required
def activity_edit(request, pk):
    activity = selectors.get_own_activity(membership=request.membership, pk=pk)
    # The form writes what was typed onto its instance; a copy keeps the page showing the saved record.
    form = ActivityForm(
        request.POST or None, request.FILES or None, instance=copy.copy(activity), school=request.school
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                actor=request.user, activity=activity, data=form.activity_data(), files=form.cleaned_data["files"]
            )
        except Activity.DoesNotExist:
            # Deleted by another request (another tab, say) since this one loaded it.
            raise Http404 from None
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved your changes."))
            return redirect("learning:detail", pk=activity.pk)
    return render(
        request, "learning/activity_form.html", {"nav_section": "learning", "form": form, "activity": activity}
    )


@member_required
def activity_delete(request, pk):
    activity = selectors.get_own_activity(membership=request.membership, pk=pk)
    if request.method == "POST":
        try:
            services.delete_activity(actor=request.user, activity=activity)
        except Activity.DoesNotExist:
            raise Http404 from None
        messages.success(request, _("Deleted “%(title)s”.") % {"title": activity.title})
        return redirect("learning:list")
    return render(request, "learning/activity_confirm_delete.html", {"nav_section": "learning", "activity": activity})


@member_required
def evidence_download(request, pk):
    evidence = selectors.get_visible_evidence(membership=request.membership, pk=pk)
    return private_file_response(evidence)


@member_required
@require_POST
def evidence_remove(request, pk):
    evidence = selectors.get_visible_evidence(membership=request.membership, pk=pk)
    if evidence.activity.owner_id != request.user.pk:
        raise Http404
    services.remove_evidence(actor=request.user, evidence=evidence)
    messages.success(request, _("Removed “%(name)s”.") % {"name": evidence.original_name})
    return redirect("learning:detail", pk=evidence.activity_id)


@member_required
def follow_up_answer(request, pk):
    follow_up = selectors.get_own_follow_up(membership=request.membership, pk=pk)
    initial = {"what_changed": follow_up.what_changed, "guskey_level": follow_up.guskey_level}
    form = FollowUpForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_follow_up(
                actor=request.user,
                follow_up=follow_up,
                what_changed=form.cleaned_data["what_changed"],
                guskey_level=form.cleaned_data["guskey_level"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            form.add_error("files", exc.messages[0])
        else:
            messages.success(request, _("Thank you: your follow-up is recorded."))
            return redirect("learning:detail", pk=follow_up.activity_id)
    return render(
        request,
        "learning/follow_up_form.html",
        {
            "nav_section": "learning",
            "form": form,
            "follow_up": follow_up,
            "activity": follow_up.activity,
        },
    )


@member_required
@require_POST
def follow_up_postpone(request, pk):
    follow_up = selectors.get_own_follow_up(membership=request.membership, pk=pk)
    form = PostponeFollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.postpone_follow_up(actor=request.user, follow_up=follow_up, due_on=form.cleaned_data["due_on"])
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("We will ask again on %(date)s.") % {"date": date_format(form.cleaned_data["due_on"], "j F Y")},
            )
    else:
        messages.error(request, _("Enter a real date, for example 14 March 2027."))
    return redirect("learning:detail", pk=follow_up.activity_id)


@member_required
def shared_with_me(request):
    return render(
        request,
        "learning/shared.html",
        {
            "nav_section": "learning",
            "activities": selectors.shared_with_me(membership=request.membership),
        },
    )


@member_required
def export_csv(request):
    return exports.csv_response(user=request.user, school=request.school)


@member_required
def export_pdf(request):
    _form, filters = _filtered(request)
    return exports.pdf_response(user=request.user, membership=request.membership, year=filters.year)
