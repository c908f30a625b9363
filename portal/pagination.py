"""The API's pagination (settings: ``DEFAULT_PAGINATION_CLASS``): strict page numbers."""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

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
