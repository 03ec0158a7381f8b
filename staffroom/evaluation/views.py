import contextlib
import hashlib
import re

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from staffroom.core.charts import Bar, TrendSeries, horizontal_bars, trend_chart
from staffroom.core.decorators import member_passes, member_required
from staffroom.core.forms import add_errors_to_form
from staffroom.core.tenancy import get_in_school_or_404
from staffroom.core.views import confirm_removal
from staffroom.organisations.calendar import academic_year, school_today

from . import policies, selectors, services
from .forms import (
    AreaForm,
    DataPointForm,
    FeedForm,
    ImportForm,
    MetricForm,
    QuestionForm,
    ScaleForm,
    SurveyForm,
    TargetForm,
)
from .models import DataPoint, EvaluationArea, JudgementLevel, Metric, MetricTarget, Question, Survey, SurveyCompletion

# A whole class may answer from one school address, so the limit is generous; it only stops scripted flooding.
PUBLIC_ANSWERS_PER_HOUR = 200


def _render(request, template, context=None, status=200):
    # Self-evaluation sits under the "Improvement" item of the main navigation.
    return render(request, template, {"nav_section": "improvement", **(context or {})}, status=status)


def _current_year(school) -> int:
    return academic_year(school_today(school), school.academic_year_start_month).start.year


def _period_label(year_start: int, term: int) -> str:
    return f"{DataPoint.Term(term).label} {year_start}/{str(year_start + 1)[-2:]}"


@member_required
def profile(request):
    if policies.can_lead(request.membership):
        # Another leader opening the profile at the same moment may have just created them.
        with contextlib.suppress(IntegrityError):
            services.ensure_default_areas(request.school)
    areas = list(selectors.areas(school=request.school))
    levels = list(JudgementLevel.objects.filter(school=request.school))
    chart = None
    if areas:
        chart = horizontal_bars(
            title=_("Judgement for each area on the school's own scale"),
            unit=_("Level"),
            bars=[Bar(area.name, area.judgement.rank if area.judgement else 0) for area in areas],
            label_width=240,
        )
    return _render(
        request,
        "evaluation/profile.html",
        {"areas": areas, "levels": levels, "chart": chart, "can_lead": policies.can_lead(request.membership)},
    )


def _area_form(request, area):
    school = request.school
    if request.method == "POST":
        form = AreaForm(request.POST, school=school)
        if form.is_valid():
            try:
                area = services.save_area(
                    actor=request.user, membership=request.membership, area=area, data=form.to_data()
                )
            except ValidationError as error:
                add_errors_to_form(form, error)
            else:
                messages.success(request, _("“%(name)s” saved.") % {"name": area.name})
                return redirect(f"{reverse('evaluation:profile')}#area-{area.pk}")
    else:
        form = AreaForm(initial=AreaForm.initial_for(area) if area else None, school=school)
    return _render(request, "evaluation/area_form.html", {"form": form, "area": area})


@member_passes(policies.can_lead)
def area_create(request):
    return _area_form(request, None)


@member_passes(policies.can_lead)
def area_edit(request, pk):
    area = get_in_school_or_404(EvaluationArea.objects.prefetch_related("evidence_links"), school=request.school, pk=pk)
    return _area_form(request, area)


@member_passes(policies.can_lead)
@require_POST
def area_move(request, pk):
    area = get_in_school_or_404(EvaluationArea.objects.all(), school=request.school, pk=pk)
    try:
        services.move_area(
            actor=request.user, membership=request.membership, area=area, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('evaluation:profile')}#area-{area.pk}")


@member_passes(policies.can_lead)
def area_remove(request, pk):
    area = get_in_school_or_404(EvaluationArea.objects.all(), school=request.school, pk=pk)
    if request.method == "POST":
        services.remove_area(actor=request.user, membership=request.membership, area=area)
        messages.success(request, _("“%(name)s” removed.") % {"name": area.name})
        return redirect("evaluation:profile")
    return confirm_removal(
        request,
        nav_section="improvement",
        title=_("Remove the area “%(name)s”?") % {"name": area.name},
        consequences=[
            _("Its evaluation, strengths, areas to develop, judgement and evidence links are deleted."),
            _("Metrics and plan priorities linked to it stay, without the link."),
        ],
        cancel_url=reverse("evaluation:area_edit", args=[area.pk]),
    )


@member_passes(policies.can_lead)
def scale_edit(request):
    levels = JudgementLevel.objects.filter(school=request.school)
    if request.method == "POST":
        form = ScaleForm(request.POST)
        if form.is_valid():
            try:
                services.save_judgement_scale(
                    actor=request.user, membership=request.membership, names=form.cleaned_data["names"].splitlines()
                )
            except ValidationError as error:
                add_errors_to_form(form, error)
            else:
                messages.success(request, _("Judgement scale saved."))
                return redirect("evaluation:profile")
    else:
        form = ScaleForm(initial={"names": "\n".join(level.name for level in levels)})
    return _render(request, "evaluation/scale_form.html", {"form": form})


@member_required
def metric_list(request):
    metrics = list(selectors.metrics(school=request.school))
    for metric in metrics:
        points = list(metric.data_points.all())
        metric.latest = points[-1] if points else None
        metric.latest_label = _period_label(points[-1].year_start, points[-1].term) if points else ""
    return _render(
        request,
        "evaluation/metric_list.html",
        {"metrics": metrics, "can_lead": policies.can_lead(request.membership)},
    )


def _metric_or_404(request, pk) -> Metric:
    try:
        return selectors.metric_detail(school=request.school, pk=pk)
    except (Metric.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _trend(metric: Metric):
    lines = selectors.series(metric=metric)
    keys = sorted({key for line in lines for key in line.points})
    targets = [t for t in metric.targets.all() if t.cohort_id is None]
    whole_school_name = _("Whole school")
    return trend_chart(
        title=_("%(metric)s by term") % {"metric": metric.name},
        unit=metric.unit,
        periods=[_period_label(*key) for key in keys],
        series=[
            TrendSeries(label=line.label or whole_school_name, values=[line.points.get(key) for key in keys])
            for line in lines
        ],
        low=metric.min_value,
        high=metric.max_value,
        target=targets[-1].value if targets else None,
    )


@member_required
def metric_detail(request, pk, *, data_form=None, target_form=None, status=200):
    metric = _metric_or_404(request, pk)
    current = _current_year(request.school)
    can_enter = policies.can_enter_data(request.membership, metric)
    can_lead = policies.can_lead(request.membership)
    context = {
        "metric": metric,
        "chart": _trend(metric),
        "benchmark": selectors.benchmark(metric=metric),
        "can_enter": can_enter,
        "can_lead": can_lead,
        "data_form": data_form or (DataPointForm(metric=metric, current_year=current) if can_enter else None),
        "target_form": target_form or (TargetForm(metric=metric) if can_lead else None),
    }
    return _render(request, "evaluation/metric_detail.html", context, status=status)


@member_required
@require_POST
def metric_data(request, pk):
    metric = _metric_or_404(request, pk)
    if not policies.can_enter_data(request.membership, metric):
        raise PermissionDenied
    form = DataPointForm(request.POST, metric=metric, current_year=_current_year(request.school))
    if form.is_valid():
        try:
            services.record_data_point(
                actor=request.user, membership=request.membership, metric=metric, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Value saved."))
            return redirect("evaluation:metric_detail", metric.pk)
    return metric_detail(request, pk, data_form=form, status=400)


@member_passes(policies.can_lead)
@require_POST
def metric_target(request, pk):
    metric = _metric_or_404(request, pk)
    form = TargetForm(request.POST, metric=metric)
    if form.is_valid():
        try:
            services.set_target(actor=request.user, membership=request.membership, metric=metric, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Target added."))
            return redirect("evaluation:metric_detail", metric.pk)
    return metric_detail(request, pk, target_form=form, status=400)


@member_passes(policies.can_lead)
@require_POST
def target_remove(request, pk, target_pk):
    metric = _metric_or_404(request, pk)
    target = get_object_or_404(MetricTarget.objects.select_related("metric__school"), metric=metric, pk=target_pk)
    services.remove_target(actor=request.user, membership=request.membership, target=target)
    messages.success(request, _("Target removed."))
    return redirect("evaluation:metric_detail", metric.pk)


def _metric_form(request, metric):
    if request.method == "POST":
        form = MetricForm(request.POST, school=request.school)
        if form.is_valid():
            try:
                metric = services.save_metric(
                    actor=request.user, membership=request.membership, metric=metric, data=form.to_data()
                )
            except ValidationError as error:
                add_errors_to_form(form, error)
            else:
                messages.success(request, _("Metric saved."))
                return redirect("evaluation:metric_detail", metric.pk)
    else:
        form = MetricForm(initial=MetricForm.initial_for(metric) if metric else None, school=request.school)
    return _render(request, "evaluation/metric_form.html", {"form": form, "metric": metric})


@member_passes(policies.can_lead)
def metric_create(request):
    return _metric_form(request, None)


@member_passes(policies.can_lead)
def metric_edit(request, pk):
    return _metric_form(request, _metric_or_404(request, pk))


@member_passes(policies.can_lead)
def metric_remove(request, pk):
    metric = _metric_or_404(request, pk)
    if request.method == "POST":
        services.remove_metric(actor=request.user, membership=request.membership, metric=metric)
        messages.success(request, _("“%(name)s” removed.") % {"name": metric.name})
        return redirect("evaluation:metric_list")
    points = metric.data_points.count()
    return confirm_removal(
        request,
        nav_section="improvement",
        title=_("Remove the metric “%(name)s”?") % {"name": metric.name},
        consequences=[
            ngettext("Its %(n)d data point is deleted.", "All %(n)d of its data points are deleted.", points)
            % {"n": points},
            _("Its targets and cohorts are deleted."),
            _("Plan actions that use it as a success criterion keep their written criteria, without the link."),
        ],
        cancel_url=reverse("evaluation:metric_detail", args=[metric.pk]),
    )


@member_passes(policies.can_lead)
def metric_import(request):
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = services.import_metrics_csv(
                actor=request.user, membership=request.membership, content=form.cleaned_data["file"].read()
            )
    else:
        form = ImportForm()
    return _render(request, "evaluation/metric_import.html", {"form": form, "result": result})


# Surveys


@member_required
def survey_list(request):
    surveys = list(selectors.surveys(school=request.school))
    done = set(
        SurveyCompletion.objects.filter(user=request.user, survey__school=request.school).values_list(
            "survey_id", flat=True
        )
    )
    today = school_today(request.school)
    can_answer = policies.can_answer_staff_survey(request.membership)
    for survey in surveys:
        survey.is_open = services.survey_is_open(survey, today)
        survey.answerable = (
            can_answer and survey.is_open and survey.audience == Survey.Audience.STAFF and survey.pk not in done
        )
        survey.answered = survey.pk in done
    return _render(
        request, "evaluation/survey_list.html", {"surveys": surveys, "can_lead": policies.can_lead(request.membership)}
    )


@member_passes(policies.can_lead)
def survey_create(request):
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                survey = services.save_survey(
                    actor=request.user, membership=request.membership, survey=None, data=form.to_data()
                )
            except ValidationError as error:
                add_errors_to_form(form, error)
            else:
                messages.success(request, _("Survey created. Now add its questions."))
                return redirect("evaluation:survey_detail", survey.pk)
    else:
        today = school_today(request.school)
        form = SurveyForm(initial={"opens_on": today, "closes_on": today, "audience": Survey.Audience.STAFF})
    return _render(request, "evaluation/survey_form.html", {"form": form})


def _likert_labels() -> list[tuple[str, str]]:
    return [
        ("5", _("Strongly agree")),
        ("4", _("Agree")),
        ("3", _("Neither agree nor disagree")),
        ("2", _("Disagree")),
        ("1", _("Strongly disagree")),
    ]


def _results(survey):
    questions = list(survey.questions.select_related("metric").prefetch_related("answers"))
    for question in questions:
        answers = list(question.answers.all())
        question.count = len(answers)
        numbers = [a.number for a in answers if a.number is not None]
        question.mean = sum(numbers) / len(numbers) if numbers else None
        if question.kind == Question.Kind.LIKERT:
            labels = dict(_likert_labels())
            question.spread = [(labels[str(n)], sum(1 for v in numbers if v == n)) for n in range(5, 0, -1)]
        elif question.kind == Question.Kind.CHOICE:
            question.spread = [(c, sum(1 for a in answers if a.text == c)) for c in question.choice_list]
        elif question.kind == Question.Kind.TEXT:
            # Sorted, not in answer order, so a free-text answer cannot be matched to when someone answered.
            question.texts = sorted(a.text for a in answers)
    return questions


@member_passes(policies.can_lead)
def survey_detail(request, pk, *, question_form=None, status=200):
    survey = get_in_school_or_404(Survey.objects.all(), school=request.school, pk=pk)
    responses = survey.responses.count()
    hidden = survey.anonymous and 0 < responses < services.MIN_ANONYMOUS_RESULTS
    context = {
        "survey": survey,
        "questions": list(survey.questions.all()) if hidden else _results(survey),
        "results_hidden": hidden,
        "min_results": services.MIN_ANONYMOUS_RESULTS,
        "responses": responses,
        "can_lead": policies.can_lead(request.membership),
        "question_form": question_form or (QuestionForm(school=request.school) if not responses else None),
        "feed_form": FeedForm(current_year=_current_year(request.school)),
        "public_url": request.build_absolute_uri(f"/evaluation/s/{survey.token}/")
        if survey.audience == Survey.Audience.PUPILS
        else "",
    }
    return _render(request, "evaluation/survey_detail.html", context, status=status)


@member_passes(policies.can_lead)
@require_POST
def survey_question_add(request, pk):
    survey = get_in_school_or_404(Survey.objects.all(), school=request.school, pk=pk)
    form = QuestionForm(request.POST, school=request.school)
    if form.is_valid():
        try:
            services.add_question(actor=request.user, membership=request.membership, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("evaluation:survey_detail", survey.pk)
    return survey_detail(request, pk, question_form=form, status=400)


def _question(request, pk, question_pk) -> Question:
    survey = get_in_school_or_404(Survey.objects.all(), school=request.school, pk=pk)
    return get_object_or_404(Question.objects.select_related("survey"), survey=survey, pk=question_pk)


@member_passes(policies.can_lead)
@require_POST
def question_move(request, pk, question_pk):
    question = _question(request, pk, question_pk)
    try:
        services.move_question(
            actor=request.user,
            membership=request.membership,
            question=question,
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('evaluation:survey_detail', args=[pk])}#question-{question.pk}")


@member_passes(policies.can_lead)
@require_POST
def question_remove(request, pk, question_pk):
    question = _question(request, pk, question_pk)
    try:
        services.remove_question(actor=request.user, membership=request.membership, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question removed."))
    return redirect("evaluation:survey_detail", pk)


@member_passes(policies.can_lead)
@require_POST
def survey_feed(request, pk, question_pk):
    survey = get_in_school_or_404(Survey.objects.all(), school=request.school, pk=pk)
    question = get_object_or_404(Question.objects.select_related("metric", "survey"), survey=survey, pk=question_pk)
    form = FeedForm(request.POST, current_year=_current_year(request.school))
    if not form.is_valid() or question.metric is None:
        messages.error(request, _("Choose the academic year and term."))
        return redirect("evaluation:survey_detail", survey.pk)
    try:
        mean = services.feed_metric_from_survey(
            actor=request.user, membership=request.membership, question=question, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:survey_detail", survey.pk)
    messages.success(
        request, _("%(value)s recorded for %(metric)s.") % {"value": f"{mean:f}", "metric": question.metric.name}
    )
    return redirect("evaluation:metric_detail", question.metric_id)


def _answer_page(request, survey, *, action, submit):
    today = school_today(survey.school)
    errors = {}
    if request.method == "POST":
        try:
            submit(today)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {k: " ".join(v) for k, v in error.message_dict.items()}
            else:
                return _render(
                    request, "evaluation/survey_closed.html", {"survey": survey, "message": " ".join(error.messages)}
                )
        else:
            return _render(request, "evaluation/survey_thanks.html", {"survey": survey})
    elif not services.survey_is_open(survey, today):
        return _render(
            request, "evaluation/survey_closed.html", {"survey": survey, "message": _("This survey is closed.")}
        )
    questions = list(survey.questions.all())
    for question in questions:
        question.error = errors.get(f"q{question.pk}", "")
        question.given = request.POST.get(f"q{question.pk}", "") if request.method == "POST" else ""
    return _render(
        request,
        "evaluation/survey_answer.html",
        {
            "survey": survey,
            "questions": questions,
            "action": action,
            "has_errors": bool(errors),
            "likert": _likert_labels(),
        },
        status=400 if errors else 200,
    )


@member_required
def survey_answer(request, pk):
    survey = get_in_school_or_404(Survey.objects.select_related("school"), school=request.school, pk=pk)
    if survey.audience != Survey.Audience.STAFF or not policies.can_answer_staff_survey(request.membership):
        raise PermissionDenied
    if SurveyCompletion.objects.filter(survey=survey, user=request.user).exists():
        return _render(request, "evaluation/survey_thanks.html", {"survey": survey, "already": True})

    def submit(today):
        services.submit_staff_response(
            actor=request.user, membership=request.membership, survey=survey, answers=request.POST, today=today
        )

    return _answer_page(request, survey, action=request.path, submit=submit)


def public_survey(request, token):
    # Tokens are URL-safe; checking the shape first keeps bytes PostgreSQL refuses (NUL) away from the query.
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token):
        raise Http404
    survey = Survey.objects.select_related("school").filter(token=token, audience=Survey.Audience.PUPILS).first()
    if survey is None:
        raise Http404

    def submit(today):
        # The address is hashed and kept only in the cache for an hour; it is never stored with the answers.
        address = request.META.get("REMOTE_ADDR", "")
        key = "evaluation-public:" + hashlib.sha256(f"{survey.token}:{address}".encode()).hexdigest()
        cache.add(key, 0, 3600)
        if cache.incr(key) > PUBLIC_ANSWERS_PER_HOUR:
            raise ValidationError(_("Too many answers have come from this connection. Please try again later."))
        services.submit_public_response(survey=survey, answers=request.POST, today=today)

    return _answer_page(request, survey, action=request.path, submit=submit)
