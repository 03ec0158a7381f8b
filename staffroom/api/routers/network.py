import datetime

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from staffroom.network import selectors as network_selectors
from staffroom.network import services as network_services

from .. import selectors
from ..auth import require_write
from ..models import TokenKind
from ..pagination import Pagination
from ..schemas import MAX_ID, BookingOut, SessionOut

router = Router(tags=["network"])

SessionId = Path(..., ge=1, le=MAX_ID)
BookingId = Path(..., ge=1, le=MAX_ID)


class SessionFilters(Schema):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _personal(request) -> None:
    if request.api_token.kind != TokenKind.PERSONAL:
        raise HttpError(403, _("Bookings belong to one person: use their personal token."))


@router.get(
    "/network/sessions",
    response=list[SessionOut],
    url_name="session_list",
    summary="Network sessions this token may see, soonest first, with your own booking",
)
@paginate(Pagination)
def list_sessions(request, filters: Query[SessionFilters]):
    qs = selectors.network_sessions(membership=request.api_token.membership)
    if filters.date_from:
        qs = qs.filter(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_at__date__lte=filters.date_to)
    return qs


@router.get("/network/sessions/{session_id}", response=SessionOut, url_name="session_detail", summary="One session")
def get_session(request, session_id: int = SessionId):
    session = selectors.network_sessions(membership=request.api_token.membership).filter(pk=session_id).first()
    if session is None:
        raise HttpError(404, _("Not found."))
    return session


@router.post(
    "/network/sessions/{session_id}/bookings",
    response={200: BookingOut},
    url_name="session_book",
    summary="Ask for a place for the token's person (asking again returns the same booking)",
)
def book(request, session_id: int = SessionId):
    require_write(request)
    _personal(request)
    membership = request.api_token.membership
    session = network_selectors.get_session(membership=membership, pk=session_id)
    booking = network_services.book_place(actor=membership.user, member=membership, session=session)
    return selectors.own_bookings(membership=membership).get(pk=booking.pk)


@router.get(
    "/network/bookings",
    response=list[BookingOut],
    url_name="booking_list",
    summary="The token's person's own bookings, newest session first",
)
@paginate(Pagination)
def list_bookings(request):
    _personal(request)
    return selectors.own_bookings(membership=request.api_token.membership)


@router.post(
    "/network/bookings/{booking_id}/cancel",
    response={200: BookingOut},
    url_name="booking_cancel",
    summary="Give up a place (a freed place goes to the first on the waiting list)",
)
def cancel(request, booking_id: int = BookingId):
    require_write(request)
    _personal(request)
    membership = request.api_token.membership
    booking = network_selectors.get_own_booking(membership=membership, pk=booking_id)
    network_services.cancel_booking(actor=membership.user, booking=booking)
    return selectors.own_bookings(membership=membership).get(pk=booking.pk)
