from django.utils.translation import gettext as _
from ninja import Path, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from staffroom.accounts import services as account_services
from staffroom.core.tenancy import get_in_school_or_404

from .. import policies, selectors
from ..auth import require_write
from ..pagination import Pagination
from ..schemas import EXTERNAL_ID_PATTERN, StaffIn, StaffOut, StaffUpsertOut

router = Router(tags=["staff"])

ExternalIdPath = Path(..., pattern=EXTERNAL_ID_PATTERN, description="The MIS staff ID")


def _require_staff_access(request, *, write: bool = False) -> None:
    if write:
        require_write(request)
    if not policies.can_read_staff(request.api_token):
        raise HttpError(403, _("Only a school admin's token, or a school integration token, may see the staff list."))


@router.get("/staff", response=list[StaffOut], url_name="staff_list", summary="List the school's staff")
@paginate(Pagination)
def list_staff(request):
    _require_staff_access(request)
    return selectors.staff(school=request.school)


@router.get(
    "/staff/{external_id}",
    response=StaffOut,
    url_name="staff_detail",
    summary="One member of staff by their MIS staff ID",
)
def get_staff(request, external_id: str = ExternalIdPath):
    _require_staff_access(request)
    return get_in_school_or_404(selectors.staff(school=request.school), school=request.school, mis_id=external_id)


@router.put(
    "/staff/{external_id}",
    response={200: StaffUpsertOut, 201: StaffUpsertOut},
    url_name="staff_detail",
    summary="Create or update a member of staff by their MIS staff ID (idempotent)",
)
def upsert_staff(request, payload: StaffIn, external_id: str = ExternalIdPath):
    _require_staff_access(request, write=True)
    membership, outcome = account_services.upsert_staff_member(
        actor=request.api_token.membership.user,
        school=request.school,
        mis_id=external_id,
        **payload.dict(),
    )
    return Status(201 if outcome == "created" else 200, {"outcome": outcome, "staff": membership})
