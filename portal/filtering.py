"""The API's filter backend for lists that are read far more often unfiltered than filtered."""

from django_filters.rest_framework import DjangoFilterBackend

# Query parameters no filter reads: the pages' own (``portal.pagination``) and DRF's choice of format.
NOT_FILTERS = frozenset({"cursor", "page", "format"})


class ListFilterBackend(DjangoFilterBackend):
    """django-filter's backend, but a list request naming no filter is answered without building the filter set.

    With no parameter of its own, every filter of a filter set sees an empty value and leaves the rows as they
    are; building the set, its form and its labels is then work for nothing on each page. Anything else (a
    filter named, even empty, an unknown parameter, a request that is not a list) goes through django-filter.
    """

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "list" and NOT_FILTERS.issuperset(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)
