"""The portal's URLs plus the baselines every figure is compared with: a bare view and a one-row JSON view."""

from django.http import HttpResponse, JsonResponse
from django.urls import include, path

from recordals.models import Recordal


def bare(request):
    """Answer without touching the database: the cost of Django and gunicorn alone."""
    return HttpResponse(b"ok", content_type="text/plain")


def one_row(request):
    """Read one row by primary key and answer it as JSON: the cheapest real database view."""
    row = Recordal.objects.filter(pk=int(request.GET.get("id", 1))).values("pk", "number", "title").first()
    return JsonResponse(row or {})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/one-row/", one_row),
    path("", include("portal.urls")),
]
