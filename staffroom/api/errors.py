"""Every error the API gives is JSON: {"detail": "<message>"} or, for invalid fields, {"detail": [{loc, msg, type}]}."""

import json
import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.parser import Parser

from staffroom.accounts.services import MembershipError

from .services import TokenError

logger = logging.getLogger(__name__)


class NulCharacterError(ValueError):
    pass


def _check_no_nul(value) -> None:
    # PostgreSQL cannot store a NUL character in text and answers with an error, so it is refused at the door.
    if isinstance(value, str):
        if "\x00" in value:
            raise NulCharacterError
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_no_nul(key)
            _check_no_nul(item)
    elif isinstance(value, list):
        for item in value:
            _check_no_nul(item)


class StrictJSONParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        _check_no_nul(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        for values in data.lists():
            try:
                _check_no_nul(list(values))
            except NulCharacterError:
                raise HttpError(400, _("The query string holds a NUL character, which no field accepts.")) from None
        return super().parse_querydict(data, list_fields, request)


def _body_error_message(exc: HttpError) -> str:
    cause = exc.__cause__
    if isinstance(cause, NulCharacterError):
        return _("The request body holds a NUL character (\\u0000), which no field accepts.")
    if isinstance(cause, json.JSONDecodeError):
        return _("The request body is not valid JSON: %(error)s at line %(line)d, column %(column)d.") % {
            "error": cause.msg,
            "line": cause.lineno,
            "column": cause.colno,
        }
    if isinstance(cause, UnicodeDecodeError):
        return _("The request body is not UTF-8 text.")
    return str(exc)


def install_handlers(api) -> None:
    def authentication(request, exc):
        response = api.create_response(
            request,
            {
                "detail": _(
                    "Give a valid API token in the Authorization header: “Authorization: Bearer srk_…”. "
                    "A revoked token, or one whose owner has left the school, no longer works."
                )
            },
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="staffroom"'
        return response

    def http_error(request, exc):
        return api.create_response(request, {"detail": _body_error_message(exc)}, status=exc.status_code)

    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    def forbidden(request, exc):
        message = str(exc) if isinstance(exc, PermissionDenied) and str(exc) else _("This token may not do that.")
        return api.create_response(request, {"detail": message}, status=403)

    def service_validation(request, exc):
        if hasattr(exc, "error_dict"):
            detail = [
                {"loc": ["body", name], "msg": message, "type": "value_error"}
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            detail = [{"loc": ["body"], "msg": message, "type": "value_error"} for message in exc.messages]
        return api.create_response(request, {"detail": detail}, status=422)

    def refused(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=422)

    def unexpected(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request, {"detail": _("Something went wrong on our side. It has been logged.")}, status=500
        )

    api.add_exception_handler(AuthenticationError, authentication)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(PermissionError, forbidden)
    api.add_exception_handler(DjangoValidationError, service_validation)
    api.add_exception_handler(MembershipError, refused)
    api.add_exception_handler(TokenError, refused)
    api.add_exception_handler(Exception, unexpected)
