"""Routes of the holder's applications for detention and of tips (pages and API)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from confirmations import api_requests
from confirmations.views import requests, tips

router = SimpleRouter()
router.register("api/detention-requests", api_requests.DetentionRequestViewSet, basename="api-detention-request")
router.register("api/tips", api_requests.TipViewSet, basename="api-tip")

urlpatterns = [
    path("detention-requests/", requests.request_list, name="request-list"),
    path("detention-requests/new/", requests.request_new, name="request-new"),
    path("detention-requests/<int:pk>/", requests.request_detail, name="request-detail"),
    path("detention-requests/<int:pk>/<str:action>/", requests.request_act, name="request-act"),
    path("detention-requests/files/<int:pk>/", requests.request_file, name="request-file"),
    path("tips/", tips.tip_list, name="tip-list"),
    path("tips/new/", tips.tip_new, name="tip-new"),
    path("tips/<int:pk>/", tips.tip_detail, name="tip-detail"),
    path("tips/<int:pk>/<str:action>/", tips.tip_act, name="tip-act"),
    *router.urls,
]
