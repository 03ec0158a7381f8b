import datetime

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from staffroom.learning import services as learning_services
from staffroom.organisations.models import Subject

from .. import selectors
from ..auth import require_write
from ..models import TokenKind
from ..pagination import Pagination
from ..schemas import MAX_ID, ActivityIn, ActivityOut, Kind

router = Router(tags=["learning"])


class ActivityFilters(Schema):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kind: Kind | None = None
    mine: bool = False


@router.get(
    "/learning/activities",
    response=list[ActivityOut],
    url_name="activity_list",
    summary="Learning activities this token may see",
)
@paginate(Pagination)
def list_activities(request, filters: Query[ActivityFilters]):
    qs = selectors.visible_activities(token=request.api_token)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.mine:
        qs = qs.filter(owner=request.api_token.membership.user)
    return qs


@router.get(
    "/learning/activities/{activity_id}",
    response=ActivityOut,
    url_name="activity_detail",
    summary="One learning activity, if this token may see it",
)
def get_activity(request, activity_id: int = Path(..., ge=1, le=MAX_ID)):
    activity = selectors.visible_activities(token=request.api_token).filter(pk=activity_id).first()
    if activity is None:
        raise HttpError(404, _("Not found."))
    return activity


@router.post(
    "/learning/activities",
    response={201: ActivityOut},
    url_name="activity_list",
    summary="Record a learning activity for the token's owner",
)
def create_activity(request, payload: ActivityIn):
    require_write(request)
    token = request.api_token
    if token.kind != TokenKind.PERSONAL:
        raise HttpError(403, _("A learning record belongs to one person: record it with their personal token."))
    slugs = list(dict.fromkeys(payload.subjects))
    subjects = list(Subject.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {s.slug for s in subjects})
    if unknown:
        raise HttpError(422, _("Unknown subjects: %(slugs)s.") % {"slugs": ", ".join(unknown)})
    data = learning_services.ActivityData(
        title=payload.title,
        kind=payload.kind,
        date=payload.date,
        hours=payload.hours,
        visibility=payload.visibility,
        subjects=subjects,
        learned=payload.learned,
        will_try=payload.will_try,
        pupils=payload.pupils,
        success_measure=payload.success_measure,
        follow_up_on=payload.follow_up_on,
    )
    activity = learning_services.record_activity(actor=token.membership.user, school=request.school, data=data)
    return Status(201, selectors.visible_activities(token=token).get(pk=activity.pk))
