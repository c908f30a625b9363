from django.urls import path
from rest_framework.routers import SimpleRouter

from portal.notices import api, views

app_name = "notices"

router = SimpleRouter()
router.register("api/notices", api.NoticeViewSet, basename="api-notice")

urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/unread-count/", views.unread_count, name="unread-count"),
    path("notices/read/", views.mark_read, name="mark-read"),
    path("notices/<int:pk>/open/", views.notice_open, name="open"),
    *router.urls,
]
