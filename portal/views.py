"""The portal's own pages: home (a landing page per role), login, password reset, health."""

from django.conf import settings
from django.contrib.auth.views import LoginView, PasswordResetView
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from portal.access import role_of
from portal.accounts.services import session_keep
from portal.health import run_checks
from portal.throttling import PasswordResetEmailThrottle, PasswordResetThrottle, page_wait


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


@require_POST
def set_language(request):
    """Switch the page language and remember it as the user's language for e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES) and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class PortalLoginView(LoginView):
    """The login page (password or passkey); after login the user lands on its role's page.

    "Keep me signed in on this device" keeps the session 30 days; otherwise it ends with the browser.
    """

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.POST.get("keep"):
            session_keep(request=self.request)
        return response


class PortalPasswordResetView(PasswordResetView):
    """Send a password-reset link, at most ``PASSWORD_RESET_RATE`` times per client address and per
    e-mail address asked for. The limit counts every e-mail address alike, known or not, so the
    answer never tells whether an account has it.
    """

    limit_message = _("Too many password-reset requests. No e-mail was sent; try again later.")

    def form_valid(self, form):
        throttles = (PasswordResetThrottle(), PasswordResetEmailThrottle(form.cleaned_data["email"]))
        wait = page_wait(self.request, *throttles)
        if wait is None:
            return super().form_valid(form)
        form.add_error(None, self.limit_message)
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(wait)
        return response


@never_cache
@require_GET
def healthz(request):
    """Answer 200 with a JSON report when the database, broker and worker are fine, 503 otherwise."""
    healthy, report = run_checks()
    return JsonResponse({"status": "ok" if healthy else "unhealthy", "checks": report}, status=200 if healthy else 503)
