"""The API's object actions: run one service on the object in the URL and answer with it as it now is."""

from rest_framework.response import Response


class ObjectActionMixin:
    """For viewsets whose POST actions each call one service on the viewed object.

    ``object_argument`` is the services' keyword for the object's id (``item_id``), or for the object
    itself when ``object_by_id`` is false (``recordal``); the caller is passed as ``actor`` (``officer``,
    ``user``) and the validated ``body`` fields as keywords.
    """

    object_argument = ""
    object_by_id = True

    def answer(self, obj, code: int = 200) -> Response:
        """Answer with the object re-read through the caller's scope."""
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def act(self, service, *, actor: str = "officer", body=None) -> Response:
        """Run ``service`` on the viewed object with the validated ``body`` serializer's fields; answer it."""
        obj = self.get_object()
        data = {}
        if body is not None:
            serializer = body(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        service(**{actor: self.request.user, self.object_argument: obj.pk if self.object_by_id else obj}, **data)
        return self.answer(obj)
