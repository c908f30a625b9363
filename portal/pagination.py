"""The API's pagination (settings: ``DEFAULT_PAGINATION_CLASS``): strict page numbers.

Lists that grow with history (items, cases) use ``CountlessPagination`` and pages use ``countless_page``:
the same page numbers, but no COUNT of the whole list on every page. The holder's items page by keys
(``KeysetPagination``): a cursor in ``next`` and ``previous``, each page read from an index.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from portal.keyset import Cursor, KeysetPage, keyset_page

PAGE_NUMBER = re.compile(r"^[0-9]{1,18}$")


class PortalPagination(PageNumberPagination):
    """Page numbers from 1: a page that is not a whole number answers 400, a page past the end 404."""

    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        page = request.query_params.get(self.page_query_param)
        if page is not None and not (PAGE_NUMBER.match(page) and int(page) >= 1):
            raise ValidationError({self.page_query_param: [_("A page is a whole number from 1.")]})
        return super().paginate_queryset(queryset, request, view=view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


class CountlessPage:
    """A page of a list read without counting the list: one row past the page tells whether another follows."""

    paginator = None

    def __init__(self, rows: list, *, number: int, per_page: int):
        self.number = number
        self.object_list = rows[:per_page]
        self.has_next_row = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.has_next_row

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def countless_page(queryset, *, number: int, per_page: int) -> CountlessPage:
    """Read one page (and one row more) of an ordered queryset; no COUNT of the whole list."""
    start = (number - 1) * per_page
    return CountlessPage(list(queryset[start : start + per_page + 1]), number=number, per_page=per_page)


def page_number(value) -> int:
    """Return a page number from a query parameter for pages: anything but a whole number from 1 is page 1."""
    return int(value) if value and PAGE_NUMBER.match(value) and int(value) >= 1 else 1


class CountlessPagination(PortalPagination):
    """Strict page numbers without a COUNT: ``next`` is set when one more row exists; no ``count`` field."""

    def paginate_queryset(self, queryset, request, view=None):
        value = request.query_params.get(self.page_query_param)
        if value is not None and not (PAGE_NUMBER.match(value) and int(value) >= 1):
            raise ValidationError({self.page_query_param: [_("A page is a whole number from 1.")]})
        self.request = request
        self.page = countless_page(queryset, number=int(value or 1), per_page=self.get_page_size(request))
        if not self.page.object_list and self.page.number > 1:
            raise NotFound(_("Invalid page."))
        return self.page.object_list

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.page.number + 1)

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        url = self.request.build_absolute_uri()
        if self.page.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.page.number - 1)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"].pop("count", None)
        described["required"] = [name for name in described.get("required", []) if name != "count"]
        return described


def _sql_key(view):
    """Return what the view's list SQL depends on besides its page (``sql_key()``; None: compile it each time)."""
    key = getattr(view, "sql_key", None)
    return key() if key is not None else None


class KeysetPagination(CountlessPagination):
    """Pages in the order shown, read by keys: ``next`` and ``previous`` carry a ``cursor``; no ``count``.

    The view names its order as ``keyset`` (``portal.keyset.Keyset``). A page is the rows after (or before)
    the cursor's row, read from an index however deep it is; rows added meanwhile never shift a page. A request
    with ``page`` (whole numbers from 1) is answered by page numbers, as before cursors.
    """

    cursor_query_param = "cursor"
    cursor_query_description = _(
        "Where the page starts: the cursor of a `next` or `previous` link (opaque). Leave it out for the first page."
    )
    page_query_description = _("A page number (from 1), for clients that page by number; prefer the cursor links.")

    def paginate_queryset(self, queryset, request, view=None):
        if self.page_query_param in request.query_params:
            return super().paginate_queryset(queryset, request, view=view)
        self.request = request
        text = request.query_params.get(self.cursor_query_param)
        try:
            cursor = Cursor.decode(text) if text is not None else None
            self.page = keyset_page(
                queryset, view.keyset, cursor=cursor, per_page=self.get_page_size(request), sql_key=_sql_key(view)
            )
        except ValueError:
            refusal = _("Not a cursor of this list: follow `next` or `previous`.")
            raise ValidationError({self.cursor_query_param: [refusal]})
        return self.page.object_list

    def _cursor_link(self, cursor):
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor.encode())

    def get_next_link(self):
        if not isinstance(self.page, KeysetPage):
            return super().get_next_link()
        return self._cursor_link(self.page.next_cursor)

    def get_previous_link(self):
        if not isinstance(self.page, KeysetPage):
            return super().get_previous_link()
        return self._cursor_link(self.page.previous_cursor)

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": str(self.cursor_query_description),
            "schema": {"type": "string"},
        }
        return [cursor, *super().get_schema_operation_parameters(view)]


def list_page(request, queryset, keyset, *, per_page: int):
    """Return the page a list page asks for: by ``cursor`` (the pager's links; anything else is the first page),
    or by ``page`` number for a link made before cursors."""
    if "page" in request.GET:
        return countless_page(queryset, number=page_number(request.GET.get("page")), per_page=per_page)
    try:
        cursor = Cursor.decode(request.GET["cursor"]) if "cursor" in request.GET else None
        return keyset_page(queryset, keyset, cursor=cursor, per_page=per_page)
    except ValueError:
        return keyset_page(queryset, keyset, cursor=None, per_page=per_page)
