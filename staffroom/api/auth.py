from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from . import services


class TokenAuth(HttpBearer):
    """A personal or school token in `Authorization: Bearer …`. The request then carries the token's membership
    and school, exactly as a signed-in page request carries the person's own."""

    def authenticate(self, request, token):
        api_token = services.use_token(token)
        if api_token is None:
            return None
        request.api_token = api_token
        request.membership = api_token.membership
        request.school = api_token.school
        return api_token


def require_write(request) -> None:
    if not request.api_token.can_write:
        raise HttpError(403, _("This token is read only. Create a read and write token to change data."))
