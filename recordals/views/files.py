"""Serving recordal images and documents, only after the access check.

Browsers come with their session; API clients may fetch the same URLs with their token
(``Authorization: Token ...``), as the API hands these URLs out.
"""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from portal.api import token_or_login_required
from portal.uploads import serve_stored_file
from recordals.access import documents_visible_to, images_visible_to


@require_GET
@token_or_login_required
def image_full(request, pk):
    """Send a recordal image to a user who may see its recordal."""
    image = get_object_or_404(images_visible_to(request.user), pk=pk)
    return serve_stored_file(image.image, content_type=image.content_type)


@require_GET
@token_or_login_required
def image_thumb(request, pk):
    """Send a recordal image's thumbnail to a user who may see its recordal."""
    image = get_object_or_404(images_visible_to(request.user), pk=pk)
    return serve_stored_file(image.thumbnail, content_type="image/jpeg")


@require_GET
@token_or_login_required
def document_file(request, pk):
    """Send a supporting document to the holder side or an administrator, as a download."""
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    return serve_stored_file(document.file, content_type="application/pdf", download_name=document.original_name)
