"""Photos, served only after the access check, to a logged-in browser or an API token."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from confirmations.access import items_visible_to
from confirmations.models import ItemPhoto
from portal.api import token_or_login_required
from portal.uploads import serve_stored_file
from recordals.models import RecordalImage


@require_GET
@token_or_login_required
def photo(request, pk, thumb=False, display=False):
    """Serve a suspect item's photo (its thumbnail, or its display version) to those who may see the item."""
    photo = get_object_or_404(ItemPhoto, pk=pk, item__in=items_visible_to(request.user))
    if thumb:
        return serve_stored_file(photo.thumbnail, content_type="image/jpeg")
    if display and photo.display:
        return serve_stored_file(photo.display, content_type="image/jpeg")
    return serve_stored_file(photo.image, content_type=photo.content_type)


@require_GET
@token_or_login_required
def recordal_image(request, pk, thumb=False):
    """Serve a recordal's genuine photo (or its thumbnail) to those who see an item under that recordal."""
    image = get_object_or_404(RecordalImage, pk=pk)
    if not items_visible_to(request.user).filter(recordal_id=image.recordal_id).exists():
        raise Http404
    if thumb:
        return serve_stored_file(image.thumbnail, content_type="image/jpeg")
    return serve_stored_file(image.image, content_type=image.content_type)
