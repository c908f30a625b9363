import pytest
from django.urls import reverse

from confirmations import services
from confirmations.models import Case, GeneralBond, Item, ItemPhoto
from confirmations.tests.factories import file_case, item_input
from portal.uploads import verify_image
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


def _filing_post(recordals, **extra):
    data = {
        "channel": "mail",
        "direction": "import",
        "waybill_number": "RR1CN",
        "consignor": "X",
        "consignee": "Y",
        "currency": "CNY",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
        "items-0-recordal": recordals.lumiere.pk,
        "items-0-description": "Watches",
        "items-0-quantity": "2",
        "items-0-value": "500",
        "items-1-recordal": recordals.nordik.pk,
        "items-1-description": "Straps",
        "items-1-quantity": "5",
        "items-1-value": "50",
        "photos-0": [image_upload("a.jpg"), image_upload("b.png")],
        "photos-1": [image_upload("c.jpg")],
    }
    data.update(extra)
    return data


def test_officer_files_a_case_with_several_items_and_photos(client, cast, recordals):
    client.force_login(cast.officer1)
    assert client.get(reverse("confirmations:case-new")).status_code == 200
    response = client.post(reverse("confirmations:case-new"), _filing_post(recordals))
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert ItemPhoto.objects.filter(item__case=case).count() == 3


def test_a_bad_photo_refuses_the_whole_filing_and_says_why(client, cast, recordals):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.officer1)
    bad = SimpleUploadedFile("evil.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("confirmations:case-new"), _filing_post(recordals, **{"photos-1": [bad]}))
    assert response.status_code == 200
    assert "evil.jpg" in response.content.decode()
    assert not Case.objects.exists() and not ItemPhoto.objects.exists()


def test_holder_cannot_open_the_filing_form(client, cast):
    client.force_login(cast.holder1_user)
    assert client.get(reverse("confirmations:case-new")).status_code == 403


def test_case_list_and_page_for_the_officer(client, filed, cast, django_assert_num_queries):
    case, lumiere, _ = filed
    client.force_login(cast.officer1)
    with django_assert_num_queries(3):
        assert client.get(reverse("confirmations:case-list")).status_code == 200
    page = client.get(case.get_absolute_url()).content.decode()
    assert "data-live-case" in page and "NORDIK" in page and "LUMIÈRE" in page
    status = client.get(reverse("confirmations:case-status", args=[case.pk])).json()
    assert [i["id"] for i in status["items"]] == [lumiere.pk, filed[2].pk]


def test_holder_sees_only_its_own_items_of_a_shared_shipment(client, filed, cast):
    case, lumiere, nordik = filed
    client.force_login(cast.holder1_user)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "LUMIÈRE" in page and "NORDIK" not in page
    status = client.get(reverse("confirmations:case-status", args=[case.pk])).json()
    assert [i["id"] for i in status["items"]] == [lumiere.pk]
    assert client.get(reverse("confirmations:item-detail", args=[nordik.pk])).status_code == 404


def test_other_office_gets_404_on_the_case(client, filed, cast):
    case, _, _ = filed
    client.force_login(cast.officer2)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_inbox_shows_pending_first_with_a_countdown(client, filed, cast):
    _case, lumiere, _ = filed
    client.force_login(cast.holder1_user)
    page = client.get(reverse("confirmations:inbox")).content.decode()
    assert 'class="countdown" data-deadline="' in page and lumiere.description in page
    assert f'name="items" value="{lumiere.pk}"' in page


def test_item_page_shows_bond_amount_and_decision_form(client, filed, cast):
    _case, lumiere, _ = filed
    client.force_login(cast.holder1_user)
    page = client.get(lumiere.get_absolute_url()).content.decode()
    assert "1,000.00 CNY" in page and "data-decision-form" in page and "laser-etched" in page


def test_holder_decides_on_the_item_page(client, filed, cast):
    _case, lumiere, _ = filed
    client.force_login(cast.holder1_user)
    url = reverse("confirmations:item-decide", args=[lumiere.pk])
    response = client.post(url, {"decision": "infringing", "bond": "case", "comment": "fake"})
    assert response.status_code == 200 and "confirm" in response.content.decode()
    response = client.post(url, {"decision": "infringing", "bond": "case", "comment": "fake", "confirm": "on"})
    assert response.status_code == 302
    assert Item.objects.get(pk=lumiere.pk).status == Item.Status.INFRINGING


def test_bulk_decision_from_the_inbox(client, cast, recordals):
    case = file_case(
        cast.officer1, [item_input(recordals.lumiere), item_input(recordals.lumiere, description="Straps")]
    )
    ids = list(case.items.values_list("pk", flat=True))
    client.force_login(cast.holder1_user)
    response = client.post(
        reverse("confirmations:bulk-decide"), {"items": ids, "decision": "not_infringing", "confirm": "on"}
    )
    assert response.status_code == 302
    assert set(Item.objects.values_list("status", flat=True)) == {"not_infringing"}


def test_officer_releases_and_prints_the_notice(client, filed, cast):
    _case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    client.force_login(cast.officer1)
    client.post(
        reverse("confirmations:item-act", args=[lumiere.pk, "release"]),
        {f"r{lumiere.pk}-reason": "ok", "confirmed": "yes"},
    )
    assert Item.objects.get(pk=lumiere.pk).status == "released"
    notice = client.get(reverse("confirmations:item-notice", args=[lumiere.pk]))
    assert notice.status_code == 200 and "Notice of release" in notice.content.decode()
    download = client.get(reverse("confirmations:item-notice", args=[lumiere.pk]) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")


def test_photos_are_served_only_to_those_who_see_the_item(client, cast, recordals):
    item = file_case(
        cast.officer1, [item_input(recordals.nordik, photos=[verify_image(image_upload("photo.jpg"))])]
    ).items.get()
    photo = item.photos.get()
    url = reverse("confirmations:photo", args=[photo.pk])
    client.force_login(cast.holder2_user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("confirmations:photo-thumb", args=[photo.pk]))["Content-Type"] == "image/jpeg"
    client.force_login(cast.holder1_user)
    assert client.get(url).status_code == 404
    client.force_login(cast.officer2)
    assert client.get(url).status_code == 404


def test_holder_registers_a_bond_and_administrator_confirms_it(client, cast):
    from django.utils import timezone

    client.force_login(cast.holder1_user)
    response = client.post(
        reverse("confirmations:bonds"),
        {
            "bank": "Bank",
            "reference": "R-1",
            "amount_cny": "200000",
            "year": timezone.localdate().year,
        },
    )
    assert response.status_code == 302
    bond = GeneralBond.objects.get()
    client.force_login(cast.admin)
    client.post(reverse("confirmations:bond-decide", args=[bond.pk, "confirm"]), {"confirmed": "yes"})
    assert GeneralBond.objects.get().status == "confirmed"


def test_holder_adds_a_webhook_and_sees_the_secret_once(client, cast):
    client.force_login(cast.holder1_user)
    page = client.post(reverse("confirmations:webhooks"), {"url": "https://holder.example/hook"}).content.decode()
    secret = cast.holder1.webhooks.get().secret
    assert secret in page
    assert secret not in client.get(reverse("confirmations:webhooks")).content.decode()


def test_statistics_page_draws_charts(client, filed, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("confirmations:stats")).content.decode()
    assert "<svg" in page and "<rect" in page and "style=" not in page


def test_the_filing_page_stores_country_codes_in_capitals_and_refuses_codes_outside_iso(client, cast, recordals):
    client.force_login(cast.officer1)
    refused = client.post(reverse("confirmations:case-new"), _filing_post(recordals, consignee_country="ZZ"))
    assert refused.status_code == 200 and "ZZ is not an ISO 3166 country code" in refused.content.decode()
    assert not Case.objects.exists()
    client.post(reverse("confirmations:case-new"), _filing_post(recordals, consignor_country="cn"))
    assert Case.objects.get().consignor_country == "CN"
