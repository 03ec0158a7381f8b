from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from staffroom.accounts import policies
from staffroom.accounts import selectors as account_selectors
from staffroom.appraisal import selectors as appraisal_selectors
from staffroom.community import selectors as community_selectors
from staffroom.improvement import selectors as improvement_selectors
from staffroom.learning import selectors as learning_selectors
from staffroom.network import selectors as network_selectors
from staffroom.observation import selectors as observation_selectors
from staffroom.organisations.calendar import academic_year, school_today, term

from .charts import Bar, horizontal_bars
from .decorators import member_required


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            database_ok = cursor.fetchone() == (1,)
    except Exception:
        database_ok = False
    # The answer is 200 either way so a load balancer can read the body; monitoring reads "database".
    return JsonResponse({"status": "ok" if database_ok else "degraded", "database": database_ok})


@require_GET
def bench_bare(request):
    """The benchmark's baseline (only routed when STAFFROOM_BENCH=1): a signed-in request that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


def _error_page(request, status: int, template: str):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400, "errors/400.html")


def permission_denied(request, exception=None):
    return _error_page(request, 403, "errors/403.html")


def page_not_found(request, exception=None):
    return _error_page(request, 404, "errors/404.html")


def server_error(request):
    # No context processors here: whatever broke the request may break them too.
    return HttpResponseServerError(render_to_string("errors/500.html"))


MY_ACTIONS_ON_HOME = 5


@member_required
def home(request):
    school = request.school
    membership = request.membership
    today = school_today(school)
    this_term = term(today, school.academic_year_start_month)
    year = academic_year(today, school.academic_year_start_month)
    summary = learning_selectors.hours_summary(user=request.user, school=school, year=year)
    context = {
        "nav_section": "home",
        "today": today,
        "term": this_term,
        "year": year,
        "summary": summary,
        "due_follow_ups": learning_selectors.due_follow_ups(user=request.user, school=school, today=today),
        "upcoming_follow_ups": learning_selectors.upcoming_follow_ups(user=request.user, school=school, today=today),
        "recent": learning_selectors.recent_activities(user=request.user, school=school),
        "appraisal": appraisal_selectors.home_card(membership=membership, today=today),
        "observation_card": observation_selectors.home_card(membership=membership),
        "network_card": network_selectors.home_card(membership=membership),
        "my_actions": list(improvement_selectors.my_actions(membership=membership, limit=MY_ACTIONS_ON_HOME)),
        "community_surveys": community_selectors.surveys_to_answer(membership=membership, today=today),
    }
    if policies.can_see_school_overview(membership):
        groups = learning_selectors.school_hours_by_group(school=school, period=this_term)
        context["group_hours"] = groups
        context["group_chart"] = horizontal_bars(
            title=_("Hours of professional learning this term by staff group"),
            unit=_("Hours"),
            bars=[Bar(g.group.label, g.hours) for g in groups],
        )
        context["nothing_recorded"] = learning_selectors.staff_with_nothing_recorded(school=school, period=this_term)
    context["networks"] = [
        (network, learning_selectors.network_hours_by_school(network=network, period=this_term))
        for network in account_selectors.networks_led_by(user=request.user)
    ]
    return render(request, "core/home.html", context)


def confirm_removal(request, *, title, consequences, cancel_url, nav_section):
    """The page that says what a removal takes with it before the person confirms it with a POST."""
    return render(
        request,
        "includes/confirm_remove.html",
        {"nav_section": nav_section, "title": title, "consequences": consequences, "cancel_url": cancel_url},
    )
