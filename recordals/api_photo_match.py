"""``POST /api/photo-matches/``: the recordals whose recorded images are nearest a suspect photo (officers)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.access import is_officer
from portal.uploads import verify_image
from portal.workdays.calendar import local_date
from recordals.access import recordals_visible_to
from recordals.image_match import MATCH_DISTANCE, SUGGESTIONS, nearest_recordals, photo_hash


class PhotoMatchRequestSerializer(serializers.Serializer):
    image = serializers.FileField(help_text=_("The suspect photo (JPEG, PNG, WebP, GIF, BMP or TIFF)."))

    def validate_image(self, value):
        return verify_image(value)


class PhotoMatchSerializer(serializers.Serializer):
    recordal = serializers.IntegerField(source="recordal.pk", help_text=_("The recordal's id, to file the item under."))
    number = serializers.CharField(source="recordal.number")
    title = serializers.CharField(source="recordal.title")
    holder = serializers.CharField(source="recordal.holder.name")
    right_type = serializers.CharField(source="recordal.right_type")
    image = serializers.IntegerField(source="image.pk", help_text=_("The nearest recorded image's id."))
    image_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    distance = serializers.IntegerField(help_text=_("Bits that differ out of 64 (0: the same picture)."))
    similarity = serializers.IntegerField(help_text=_("How alike, in per cent (100 - distance × 100 / 64)."))

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_image_url(self, match) -> str:
        return self._absolute(match.image.get_absolute_url())

    def get_thumbnail_url(self, match) -> str:
        return self._absolute(match.image.get_thumbnail_url())


class PhotoMatchAnswerSerializer(serializers.Serializer):
    comparable = serializers.BooleanField(
        help_text=_("False when the photo is too plain (almost no contrast) to compare; results are then empty.")
    )
    max_distance = serializers.IntegerField(help_text=_("The largest distance that counts as a match."))
    results = PhotoMatchSerializer(many=True)


class PhotoMatchView(APIView):
    """Suggest, for a suspect photo, the recordals in force whose recorded images look most like it."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": PhotoMatchRequestSerializer},
        responses={200: PhotoMatchAnswerSerializer},
        summary="Recordals whose images are nearest a suspect photo (officers)",
        description=(
            "The photo is verified like any upload, hashed (pHash, 64 bits) and looked up in the index of recorded "
            f"images; at most {SUGGESTIONS} recordals in force, one per recordal, nearest first, within "
            f"{MATCH_DISTANCE} bits. Nothing is stored."
        ),
    )
    def post(self, request):
        if not is_officer(request.user):
            raise PermissionDenied(_("Photo matching is for customs officers."))
        body = PhotoMatchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        phash = photo_hash(body.validated_data["image"].thumbnail)
        scope = recordals_visible_to(request.user).in_force(local_date(timezone.now()))
        matches = nearest_recordals(phash=phash, recordals=scope)
        answer = {"comparable": phash is not None, "max_distance": MATCH_DISTANCE, "results": matches}
        return Response(PhotoMatchAnswerSerializer(answer, context={"request": request}).data)
