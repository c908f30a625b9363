"""The API's shared plumbing: token login, the JSON parser, the one exception handler, strict query
parameters, the schema's error answers, and API-token access to the file URLs the API hands out."""

import logging
from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import page_not_found
from django.views.defaults import server_error as default_server_error
from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, AuthenticationFailed, NotFound, ParseError, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from portal import errors
from portal.parsers import PARSERS, TOO_DEEP
from portal.throttling import TokenLoginThrottle
from portal.token_auth import MemberTokenAuthentication
from portal.workdays.calendar import deadline_display_date

log = logging.getLogger("portal.api")

LOCKED_MESSAGE = _("Too many failed log-ins: this account is locked for a while. Try again later.")
RETRY_AFTER_SECONDS = 2
SERVER_FAILED = _("The server could not answer this request; it has been logged for the operators.")


# ---- Errors -------------------------------------------------------------------------------------


class ConflictError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this first; reload and try again.")
    default_code = "conflict"


class RefusedError(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


class UnavailableError(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The database is busy; try again in a moment.")
    default_code = "unavailable"
    wait = RETRY_AFTER_SECONDS


def _known(exc):
    """Translate the services' refusals and Django's errors into DRF's; None for anything else."""
    if isinstance(exc, errors.FieldErrors):
        return ValidationError(exc.errors)
    if isinstance(exc, errors.Conflict):
        return ConflictError(str(exc))
    if isinstance(exc, errors.Refused):
        if exc.field:
            return ValidationError({exc.field: [str(exc.message)]})
        return RefusedError(str(exc.message))
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return ValidationError(exc.message_dict)
        return RefusedError(" ".join(str(m) for m in exc.messages))
    if isinstance(exc, ObjectDoesNotExist):
        return NotFound()
    if isinstance(exc, RecursionError):
        return ParseError(TOO_DEEP)
    return None


def _database_failure(exc):
    """Translate a database failure: a constraint a concurrent change broke 409, a busy or lost database 503."""
    if isinstance(exc, IntegrityError):
        return ConflictError()
    if isinstance(exc, DatabaseError):
        return UnavailableError()
    return None


def _logged(response: Response, exc, context, *, level: int, traceback: bool) -> Response:
    """Log the exception once (Django then leaves the response alone) and return the response."""
    request = context.get("request")
    path = request.path if request is not None else "?"
    log.log(level, "%s on %s: %s", type(exc).__name__, path, exc, exc_info=exc if traceback else None)
    response._has_been_logged = True
    return response


def exception_handler(exc, context):
    """Answer every error with JSON: refusals 400, conflicts 409, a busy database or anything unexpected 503."""
    response = drf_exception_handler(_known(exc) or exc, context)
    if response is not None:
        return response
    failure = _database_failure(exc)
    if failure is not None:
        return _logged(drf_exception_handler(failure, context), exc, context, level=logging.WARNING, traceback=False)
    set_rollback()
    response = Response({"detail": str(SERVER_FAILED)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    return _logged(response, exc, context, level=logging.ERROR, traceback=True)


# ---- Query parameters ---------------------------------------------------------------------------

TRUE_WORDS = {"true", "1"}
FALSE_WORDS = {"false", "0"}


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or ``1``/``0``); anything else is an error, not "no filter"."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError(_("Enter true or false."), code="invalid")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class PortalFilterSet(filters.FilterSet):
    """A strict filter set: a wrong value answers 400, as does an empty one for a filter that is not text.

    Boolean filters take only true/false (or 1/0), never "anything else means no filter".
    """

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        **{
            field: {"filter_class": StrictBooleanFilter}
            for field in filters.FilterSet.FILTER_DEFAULTS
            if filters.FilterSet.FILTER_DEFAULTS[field].get("filter_class") is filters.BooleanFilter
        },
    }

    def is_valid(self):
        valid = super().is_valid()
        for name, value in self.data.items():
            field = self.filters.get(name)
            if value == "" and field is not None and not isinstance(field, filters.CharFilter):
                self.form.add_error(name, _("Give a value, or leave the parameter out."))
                valid = False
        return valid


def query_flag(request, name: str) -> bool:
    """Read a boolean query parameter (absent: false); a value that is not true/false answers 400."""
    try:
        return bool(StrictBooleanField().clean(request.query_params.get(name)))
    except forms.ValidationError as exc:
        raise ValidationError({name: exc.messages})


# ---- Schema -------------------------------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, for the user."}},
    "required": ["detail"],
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Messages per input field (a list of strings, or per item of a list, an object of the same).",
    "additionalProperties": {},
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying."}}
ERROR_DESCRIPTIONS = {
    "400": "Input refused: a malformed or too deeply nested body, a wrong query parameter, or a move the "
    "object's state does not allow.",
    "401": "No valid credentials (send `Authorization: Token <token>`).",
    "403": "Authenticated, but this role may not do this.",
    "404": "No such object among those the caller may see, or a page past the end.",
    "409": "Someone else changed the object first.",
    "429": "Too many requests; retry after the given seconds.",
    "503": "The database is busy or unreachable (retry after the given seconds), or the server failed unexpectedly.",
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class PortalAutoSchema(AutoSchema):
    """Document, besides each operation's success, every error answer it can give, as ``Error``."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for code in self._error_codes(operation):
            operation["responses"].setdefault(code, self._error_response(code))
        return operation

    def _error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        login = not all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        codes = {
            "400": self.method in UNSAFE_METHODS or any(p["in"] == "query" for p in parameters),
            "401": login,
            "403": login,
            "404": any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters),
            "409": self.method in UNSAFE_METHODS,
            "429": bool(self.view.get_throttles()),
            "503": True,
        }
        return [code for code, applies in codes.items() if applies]

    def _component(self, name: str, schema: dict):
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref

    def _error_response(self, code: str) -> dict:
        schema = self._component("Error", ERROR_SCHEMA)
        if code == "400":
            schema = {"anyOf": [schema, self._component("FieldErrors", FIELD_ERRORS_SCHEMA)]}
        answer = {"description": ERROR_DESCRIPTIONS[code], "content": {"application/json": {"schema": schema}}}
        if code in {"429", "503"}:
            answer["headers"] = RETRY_AFTER
        return answer


def not_found(request, exception=None):
    """Answer an unknown address under ``/api/`` with JSON; any other with the site's 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(_("Not found."))}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    """Answer a failure outside the API's views with JSON under ``/api/``; elsewhere with the site's 500 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(SERVER_FAILED)}, status=503)
    return default_server_error(request)


# ---- Token access to files ------------------------------------------------------------------------


def token_or_login_required(view):
    """Let through an API token (``Authorization: Token ...``) or a logged-in browser.

    A request with an invalid token answers 401; a browser without a session goes to the login page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.headers.get("Authorization"):
            try:
                found = MemberTokenAuthentication().authenticate(request)
            except AuthenticationFailed as exc:
                return JsonResponse({"detail": str(exc.detail)}, status=401, headers={"WWW-Authenticate": "Token"})
            if found is not None:
                request.user = found[0]
                return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


# ---- Token login --------------------------------------------------------------------------------


class ObtainTokenView(ObtainAuthToken):
    """Exchange ``username`` and ``password`` for an API token (``Authorization: Token <token>``)."""

    throttle_classes = [TokenLoginThrottle]
    parser_classes = PARSERS

    def post(self, request, *args, **kwargs):
        username = request.data.get("username", "") if hasattr(request.data, "get") else ""
        credentials = {"username": username if isinstance(username, str) else ""}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return Response({"detail": LOCKED_MESSAGE}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        return super().post(request, *args, **kwargs)


# ---- Serializer fields --------------------------------------------------------------------------


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A read-only choice that answers null while the stored value is blank ("no decision yet")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


@extend_schema_field(serializers.DateField(allow_null=True))
class LegalDayField(serializers.ReadOnlyField):
    """The last day of a deadline stored as 00:00 of the next day (24:00 of that day, Asia/Shanghai); null if none."""

    def to_representation(self, value):
        return deadline_display_date(value).isoformat()
