from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.pagination import paginate

from staffroom.core.tenancy import get_in_school_or_404
from staffroom.evaluation import services as evaluation_services
from staffroom.evaluation.models import Metric, MetricCohort

from .. import selectors
from ..auth import require_write
from ..pagination import Pagination
from ..schemas import MAX_ID, DataPointIn, DataPointOut, MetricOut

router = Router(tags=["metrics"])

MetricId = Path(..., ge=1, le=MAX_ID)


def _metric(request, metric_id: int) -> Metric:
    return get_in_school_or_404(Metric.objects.all(), school=request.school, pk=metric_id)


@router.get("/metrics", response=list[MetricOut], url_name="metric_list", summary="The school's metrics")
@paginate(Pagination)
def list_metrics(request):
    return selectors.metrics(school=request.school)


@router.get(
    "/metrics/{metric_id}/data-points",
    response=list[DataPointOut],
    url_name="data_point_list",
    summary="A metric's data points, whole school and each cohort",
)
@paginate(Pagination)
def list_data_points(request, metric_id: int = MetricId):
    return selectors.data_points(metric=_metric(request, metric_id))


@router.post(
    "/metrics/{metric_id}/data-points",
    response={200: DataPointOut},
    url_name="data_point_list",
    summary="Record a term's value (replaces the value already there for that term and cohort)",
)
def record_data_point(request, payload: DataPointIn, metric_id: int = MetricId):
    require_write(request)
    metric = _metric(request, metric_id)
    cohort = None
    if payload.cohort:
        cohort = MetricCohort.objects.filter(metric=metric, name=payload.cohort).first()
        if cohort is None:
            raise ValidationError({"cohort": _("Choose one of this metric's cohorts.")})
    evaluation_services.record_data_point(
        actor=request.api_token.membership.user,
        membership=request.api_token.membership,
        metric=metric,
        cohort=cohort,
        year_start=payload.year_start,
        term=payload.term,
        value=payload.value,
        note=payload.note,
    )
    return selectors.data_points(metric=metric).get(cohort=cohort, year_start=payload.year_start, term=payload.term)
