"""The portal's own pages: home (a landing page per role), login, health."""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.access import role_of
from portal.health import run_checks


def home(request):
    """Send a logged-in user to the landing page of its role; show the welcome page otherwise."""
    if request.user.is_authenticated:
        target = settings.PORTAL_ROLE_HOME.get(role_of(request.user))
        if target:
            try:
                return redirect(reverse(target))
            except NoReverseMatch:
                pass
    return render(request, "portal/home.html")


class PortalLoginView(LoginView):
    """The login page; after login the user lands on its role's page."""

    redirect_authenticated_user = True


@never_cache
@require_GET
def healthz(request):
    """Answer 200 with a JSON report when the database, broker and worker are fine, 503 otherwise."""
    healthy, report = run_checks()
    return JsonResponse({"status": "ok" if healthy else "unhealthy", "checks": report}, status=200 if healthy else 503)
