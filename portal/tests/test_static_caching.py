"""Static files in production carry hashed names and are cached by browsers for ten years, immutable."""

from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_production_static_files_have_hashed_names_and_far_future_immutable_caching(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = MANIFEST
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--no-input", verbosity=0)
    url = static("css/portal.css")
    assert url != "/static/css/portal.css" and url.endswith(".css")

    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(RequestFactory().get(url))

    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
