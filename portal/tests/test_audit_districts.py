"""Customs districts group the offices: every district added or changed in the admin is recorded, and none is
deleted."""

import pytest
from django.urls import reverse

from portal.accounts.models import CustomsDistrict, CustomsDistrictEvent
from portal.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_a_district_added_in_the_admin_writes_one_event(admin_client, admin_user):
    url = reverse("admin:accounts_customsdistrict_add")
    assert admin_client.post(url, admin_form_data(admin_client, url, code="5300", name="Guangzhou")).status_code == 302

    (event,) = CustomsDistrictEvent.objects.all()
    assert (event.action, event.district.code, event.actor) == ("added", "5300", admin_user)
    assert event.data["changes"]["name"] == [None, "Guangzhou"]


def test_a_renamed_district_names_the_old_and_new_name_and_an_unchanged_save_records_nothing(admin_client):
    district = CustomsDistrict.objects.create(code="2200", name="Shanghai")
    url = reverse("admin:accounts_customsdistrict_change", args=[district.pk])

    assert admin_client.post(url, admin_form_data(admin_client, url, name="Shanghai Customs")).status_code == 302
    assert admin_client.post(url, admin_form_data(admin_client, url)).status_code == 302

    (event,) = CustomsDistrictEvent.objects.filter(district=district)
    assert event.action == "changed" and event.data["changes"] == {"name": ["Shanghai", "Shanghai Customs"]}
    assert "Shanghai Customs" in admin_client.get(url).content.decode()


def test_a_district_cannot_be_deleted_in_the_admin(admin_client):
    district = CustomsDistrict.objects.create(code="2200", name="Shanghai")

    answer = admin_client.post(reverse("admin:accounts_customsdistrict_delete", args=[district.pk]), {"post": "yes"})

    assert answer.status_code == 403 and CustomsDistrict.objects.filter(pk=district.pk).exists()
