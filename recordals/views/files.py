"""Serving recordal images and documents, only after the access check.

Browsers come with their session; API clients may fetch the same URLs with their token
(``Authorization: Token ...``), as the API hands these URLs out.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from portal.uploads import serve_stored_file
from recordals.access import documents_visible_to, images_visible_to


def session_or_token(view):
    """Let a logged-in browser or a valid API token through; send anyone else to the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            try:
                found = TokenAuthentication().authenticate(request)
            except AuthenticationFailed:
                found = None
            if found is None:
                return redirect_to_login(request.get_full_path())
            request.user = found[0]
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@session_or_token
def image_full(request, pk):
    """Send a recordal image to a user who may see its recordal."""
    image = get_object_or_404(images_visible_to(request.user), pk=pk)
    return serve_stored_file(image.image, content_type=image.content_type)


@require_GET
@session_or_token
def image_thumb(request, pk):
    """Send a recordal image's thumbnail to a user who may see its recordal."""
    image = get_object_or_404(images_visible_to(request.user), pk=pk)
    return serve_stored_file(image.thumbnail, content_type="image/jpeg")


@require_GET
@session_or_token
def document_file(request, pk):
    """Send a supporting document to the holder side or an administrator, as a download."""
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    return serve_stored_file(document.file, content_type="application/pdf", download_name=document.original_name)
