"""Reads for self-evaluation and metrics, always scoped to one school."""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import Count, Prefetch

from staffroom.organisations.models import NetworkSchool

from .models import DataPoint, EvaluationArea, Metric, MetricCohort, Survey

BENCHMARK_MINIMUM_SCHOOLS = 5


def areas(*, school):
    return EvaluationArea.objects.filter(school=school).select_related("judgement").prefetch_related("evidence_links")


def metrics(*, school):
    return (
        Metric.objects.filter(school=school)
        .select_related("area")
        .prefetch_related(
            "cohorts",
            "responsible",
            Prefetch("data_points", queryset=DataPoint.objects.filter(cohort=None).order_by("year_start", "term")),
        )
    )


def metric_detail(*, school, pk):
    return (
        Metric.objects.filter(school=school, pk=pk)
        .select_related("area")
        .prefetch_related("cohorts", "responsible", "targets__cohort")
        .get()
    )


def latest_value(*, metric: Metric, cohort: MetricCohort | None = None) -> Decimal | None:
    """The most recent term's value for the metric (whole school when cohort is None), or None if none yet."""
    point = (
        DataPoint.objects.filter(metric=metric, cohort=cohort).order_by("-year_start", "-term").only("value").first()
    )
    return point.value if point else None


@dataclass(frozen=True)
class Series:
    label: str
    points: dict  # (year_start, term) -> Decimal


def series(*, metric: Metric) -> list[Series]:
    """The whole-school series first, then one per cohort; each maps (year, term) to the value."""
    cohorts = list(metric.cohorts.all())
    by_cohort: dict[int | None, dict] = {None: {}}
    for cohort in cohorts:
        by_cohort[cohort.pk] = {}
    for point in DataPoint.objects.filter(metric=metric).only("cohort_id", "year_start", "term", "value"):
        by_cohort.setdefault(point.cohort_id, {})[(point.year_start, point.term)] = point.value
    result = [Series(label="", points=by_cohort[None])]
    result += [Series(label=c.name, points=by_cohort[c.pk]) for c in cohorts]
    return result


def surveys(*, school):
    return Survey.objects.filter(school=school).annotate(response_count=Count("responses"))


@dataclass(frozen=True)
class Benchmark:
    schools: int
    lowest: Decimal
    median: Decimal
    highest: Decimal


def benchmark(*, metric: Metric) -> Benchmark | None:
    """Anonymised spread of the latest whole-school values of metrics sharing this metric's benchmark key across
    the school's networks. None unless at least five schools contribute, so no single school can be picked out."""
    if not metric.benchmark_key:
        return None
    network_ids = NetworkSchool.objects.filter(school_id=metric.school_id).values("network_id")
    school_ids = NetworkSchool.objects.filter(network_id__in=network_ids).values("school_id")
    latest: dict[int, Decimal] = {}
    points = (
        DataPoint.objects.filter(
            cohort=None, metric__benchmark_key=metric.benchmark_key, metric__school_id__in=school_ids
        )
        .order_by("metric__school_id", "-year_start", "-term")
        .values_list("metric__school_id", "value")
    )
    for school_id, value in points:
        latest.setdefault(school_id, value)
    if len(latest) < BENCHMARK_MINIMUM_SCHOOLS:
        return None
    values = sorted(latest.values())
    return Benchmark(schools=len(values), lowest=values[0], median=Decimal(median(values)), highest=values[-1])
