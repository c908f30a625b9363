"""``/api/notices/``: the caller's own in-app notices."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import PortalFilterSet, StrictBooleanFilter
from portal.notices.models import Notice
from portal.notices.serializers import NoticeSerializer
from portal.notices.services import notices_mark_read


class NoticeFilter(PortalFilterSet):
    unread = StrictBooleanFilter(field_name="read_at", lookup_expr="isnull", label="unread only")

    class Meta:
        model = Notice
        fields = ["kind", "unread"]


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's notices, newest first; nobody sees another user's notices."""

    queryset = Notice.objects.none()
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter

    def get_queryset(self):
        return Notice.objects.filter(recipient=self.request.user)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notice as read."""
        notice = self.get_object()
        notices_mark_read(user=request.user, notice_ids=[notice.pk])
        notice.refresh_from_db()
        return Response(NoticeSerializer(notice).data)
