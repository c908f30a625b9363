from django.urls import include, path
from rest_framework.routers import SimpleRouter

from recordals import api, api_photo_match
from recordals.views import files, holder, public, review, search

app_name = "recordals"

router = SimpleRouter()
router.register("api/recordals", api.RecordalViewSet, basename="api-recordal")

urlpatterns = [
    path("recordals/", holder.recordal_list, name="list"),
    path("recordals/new/", holder.recordal_new, name="new"),
    path("recordals/<int:pk>/", holder.recordal_detail, name="detail"),
    path("recordals/<int:pk>/edit/", holder.recordal_edit, name="edit"),
    path("recordals/<int:pk>/action/<str:verb>/", holder.recordal_action, name="action"),
    path("recordals/<int:pk>/modify/", holder.recordal_modify, name="modify"),
    path("recordals/images/<int:pk>/remove/", holder.image_remove, name="image-remove"),
    path("recordals/review/", review.review_queue, name="review-queue"),
    path("recordals/<int:pk>/review/", review.recordal_review, name="review"),
    path("recordals/modifications/<int:pk>/review/", review.modification_review, name="modification-review"),
    path("recordals/search/", search.search_page, name="search"),
    path("recordals/search.json", search.search_json, name="search-json"),
    path("recordals/lookup/", public.public_lookup, name="public-lookup"),
    path("recordals/images/<int:pk>/", files.image_full, name="image"),
    path("recordals/images/<int:pk>/thumb/", files.image_thumb, name="image-thumb"),
    path("recordals/documents/<int:pk>/", files.document_file, name="document"),
    path("api/public/recordals/", api.PublicRecordalList.as_view(), name="api-public-recordals"),
    path("api/photo-matches/", api_photo_match.PhotoMatchView.as_view(), name="api-photo-matches"),
    path("", include(router.urls)),
]
