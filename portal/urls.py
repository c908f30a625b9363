from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal import api, views
from portal.accounts import views as account_views

admin.site.site_header = _("Customs IPR Portal")
admin.site.site_title = _("Customs IPR Portal")
handler404 = "portal.api.not_found"
handler500 = "portal.api.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # The script texts of the page's language; its URL names the language, so a browser caches each one.
    path("jsi18n/", cache_control(max_age=86400)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/security/", account_views.security, name="security"),
    path(
        "accounts/passkeys/register/options/", account_views.passkey_register_options, name="passkey-register-options"
    ),
    path("accounts/passkeys/register/", account_views.passkey_register, name="passkey-register"),
    path("accounts/passkeys/login/options/", account_views.passkey_login_options, name="passkey-login-options"),
    path("accounts/passkeys/login/", account_views.passkey_login, name="passkey-login"),
    path("accounts/passkeys/<int:pk>/remove/", account_views.passkey_remove, name="passkey-remove"),
    path("accounts/sessions/<int:pk>/revoke/", account_views.session_revoke, name="session-revoke"),
    path("accounts/password-reset/", views.PortalPasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("api/auth/token/", api.ObtainTokenView.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("portal.notices.urls")),
    path("", include("recordals.urls")),
    path("", include("confirmations.urls")),
]
