"""The figures API: risk figures (customs staff) and per-holder service figures (holders, administrators)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from confirmations.risk_figures import risk_figures_for
from confirmations.serializers import StatsQuerySerializer
from confirmations.service_figures import ORDERS, service_figures_for
from confirmations.services.filing import MAX_ID
from portal.accounts.models import Organization


class PeriodQuerySerializer(StatsQuerySerializer):
    """The period of the figures (Asia/Shanghai days, default: the last 365)."""

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("top")
        return fields


class ServiceQuerySerializer(PeriodQuerySerializer):
    """The period, one holder (optional) and the order of the holders."""

    holder = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="One holder's id.")
    order = serializers.ChoiceField(choices=list(ORDERS), required=False, default="slowest")


class PeriodSerializer(serializers.Serializer):
    _from = serializers.DateField()
    to = serializers.DateField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("_from")
        return fields


class HitRateRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The channel, country code, HS chapter or office name (empty: not given).")
    label = serializers.CharField(required=False, help_text="The channel in words (channel rows only).")
    filed = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    hit_rate = serializers.FloatField(allow_null=True)


class RiskFiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    filed = serializers.IntegerField(help_text="Cases whose holders were notified in the period.")
    confirmed = serializers.IntegerField(help_text="Of those, cases with an item whose infringement was confirmed.")
    hit_rate = serializers.FloatField(allow_null=True, help_text="confirmed / filed; null when nothing was filed.")
    by_channel = HitRateRowSerializer(many=True)
    by_origin = HitRateRowSerializer(many=True, help_text="By the consignor's country.")
    by_hs_chapter = HitRateRowSerializer(many=True, help_text="By the HS chapter of the recordal's genuine goods.")
    by_office = HitRateRowSerializer(many=True)


class OutcomesSerializer(serializers.Serializer):
    infringing = serializers.IntegerField()
    not_infringing = serializers.IntegerField()
    lapsed = serializers.IntegerField(help_text="Released for want of an answer.")
    awaiting = serializers.IntegerField()


class HolderServiceSerializer(serializers.Serializer):
    holder = serializers.IntegerField()
    name = serializers.CharField()
    notified = serializers.IntegerField()
    answered = serializers.IntegerField()
    median_seconds = serializers.FloatField(allow_null=True, help_text="Median time from notice to answer.")
    answered_in_time = serializers.IntegerField()
    answerable = serializers.IntegerField(help_text="Items no longer awaiting an answer.")
    in_time_share = serializers.FloatField(allow_null=True)
    outcomes = OutcomesSerializer()


class ServiceFiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    order = serializers.ChoiceField(choices=list(ORDERS))
    holders = HolderServiceSerializer(many=True)


class RiskFiguresView(APIView):
    """Hit rates (cases confirmed / filed) by channel, origin, HS chapter and office; officers see their office's.

    A case is confirmed when at least one of its items' infringement was confirmed by customs' investigation.
    """

    @extend_schema(parameters=[PeriodQuerySerializer], responses={200: RiskFiguresSerializer})
    def get(self, request):
        query = PeriodQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        try:
            return Response(risk_figures_for(request.user, period=query.validated_data["period"]))
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc


class ServiceFiguresView(APIView):
    """Each holder's median time to answer, share answered in time and items by outcome.

    A holder's staff and its agents see that holder's figures; administrators see every holder's.
    """

    @extend_schema(parameters=[ServiceQuerySerializer], responses={200: ServiceFiguresSerializer})
    def get(self, request):
        query = ServiceQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        holder = None
        if "holder" in data:
            holder = Organization.objects.filter(pk=data["holder"], kind=Organization.Kind.HOLDER).first()
            if holder is None:
                raise PermissionDenied()
        try:
            return Response(
                service_figures_for(request.user, period=data["period"], holder=holder, order=data["order"])
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
