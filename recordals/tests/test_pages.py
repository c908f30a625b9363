from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from recordals.models import Modification, Recordal, RecordalImage
from recordals.tests.factories import (
    RecordalFactory,
    approved_recordal,
    image_upload,
    pdf_upload,
    recordal_image,
    submitted_recordal,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def filing_post(**extra):
    data = {
        "right_type": "trademark",
        "title": "LUMIÈRE",
        "registration_number": "G7654321",
        "right_valid_from": "2019-01-01",
        "right_valid_until": "2039-01-01",
        "nice_classes": "18, 14",
        "right_details": "",
        "identification_guide": "Genuine bags have a numbered tag.",
        "goods-TOTAL_FORMS": "2",
        "goods-INITIAL_FORMS": "0",
        "goods-0-name": "Handbags",
        "goods-0-hs_code": "4202.21",
        "goods-0-price_currency": "CNY",
        "goods-1-name": "",
        "goods-1-price_currency": "CNY",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-0-role": "infringer",
        "parties-0-name": "Shenzhen Fake Leather Co.",
        "parties-0-country": "CN",
    }
    data.update(extra)
    return data


def test_holder_list_shows_own_recordals_with_status_filter(client, cast, django_assert_num_queries):
    RecordalFactory(holder=cast.holder1, title="MY DRAFT")
    approved_recordal(holder=cast.holder1, title="MY MARK")
    RecordalFactory(holder=cast.holder2, title="NOT MINE")
    for i in range(10):
        RecordalFactory(holder=cast.holder1, title=f"MORE {i}")
    login(client, cast.holder1_user)

    with django_assert_num_queries(5):
        response = client.get(reverse("recordals:list"))

    content = response.content.decode()
    assert "MY DRAFT" in content and "MY MARK" in content and "NOT MINE" not in content
    assert 'class="badge status-approved"' in content
    filtered = client.get(reverse("recordals:list"), {"status": "approved"}).content.decode()
    assert "MY MARK" in filtered and "MY DRAFT" not in filtered


def test_holder_files_a_draft_with_goods_parties_images_and_documents(client, cast):
    login(client, cast.holder1_user)
    assert client.get(reverse("recordals:new")).status_code == 200

    response = client.post(
        reverse("recordals:new"),
        filing_post(
            mark_images=[image_upload("logo.png")],
            genuine_images=[image_upload("bag1.jpg"), image_upload("bag2.png", color="red")],
            documents=[pdf_upload()],
        ),
    )

    recordal = Recordal.objects.get()
    assert response.status_code == 302 and response["Location"] == recordal.get_absolute_url()
    assert (recordal.holder, recordal.status, recordal.nice_classes) == (cast.holder1, "draft", [14, 18])
    assert list(recordal.goods.values_list("name", flat=True)) == ["Handbags"]
    assert recordal.parties.get().name == "Shenzhen Fake Leather Co."
    assert sorted(recordal.images.values_list("kind", flat=True)) == ["genuine", "genuine", "mark"]
    assert recordal.documents.count() == 1


def test_a_hostile_image_in_the_form_gets_a_field_error_and_nothing_is_saved(client, cast, settings):
    login(client, cast.holder1_user)
    fake = SimpleUploadedFile("bag.jpg", b"not an image at all" * 10, content_type="image/jpeg")

    response = client.post(reverse("recordals:new"), filing_post(genuine_images=[image_upload(), fake]))

    assert response.status_code == 200
    assert "bag.jpg is not an image" in response.content.decode()
    assert not Recordal.objects.exists() and not RecordalImage.objects.exists()
    assert not (settings.MEDIA_ROOT.exists() and any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")))


def test_form_errors_are_shown_beside_the_fields(client, cast):
    login(client, cast.holder1_user)

    response = client.post(reverse("recordals:new"), filing_post(nice_classes="14, 99", right_valid_until="2010-01-01"))

    content = response.content.decode()
    assert "Nice classes run from 1 to 45." in content
    assert "The right cannot end before it starts." in content
    assert not Recordal.objects.exists()


def test_agent_chooses_the_holder(client, cast):
    login(client, cast.agent_user)
    assert "Maison Lumière" in client.get(reverse("recordals:new")).content.decode()

    client.post(reverse("recordals:new"), filing_post(holder=cast.holder1.pk))

    assert Recordal.objects.get().holder == cast.holder1


@pytest.mark.parametrize("who", ["officer1", "admin", "outsider"])
def test_others_cannot_open_the_filing_form_for_holder1(client, cast, who):
    login(client, getattr(cast, who))

    if who == "outsider":
        client.post(reverse("recordals:new"), filing_post(holder=cast.holder1.pk))
        assert Recordal.objects.get().holder != cast.holder1
    else:
        assert client.get(reverse("recordals:new")).status_code == 403


def test_edit_page_corrects_a_draft_but_not_an_approved_recordal(client, cast):
    draft = RecordalFactory(holder=cast.holder1, title="OLD")
    approved = approved_recordal(holder=cast.holder1)
    login(client, cast.holder1_user)

    response = client.post(reverse("recordals:edit", args=[draft.pk]), filing_post(title="NEW"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "NEW" and draft.events.get().action == "updated"
    assert client.get(reverse("recordals:edit", args=[approved.pk])).status_code == 403


def test_detail_shows_everything_and_the_timeline(client, cast):
    recordal = approved_recordal(
        holder=cast.holder1,
        parties=[{"role": "infringer", "name": "Quick Parcel Export Ltd"}],
        identification_guide="Tag",
    )
    image = recordal_image(recordal)
    login(client, cast.holder1_user)

    content = client.get(recordal.get_absolute_url()).content.decode()

    assert recordal.number in content and "Quick Parcel Export Ltd" in content
    assert image.get_thumbnail_url() in content
    assert 'class="timeline"' in content and "approved" in content
    assert "Request a modification" in content and "Cancel recordal" in content


def test_detail_of_another_holders_draft_is_not_found(client, cast):
    draft = RecordalFactory(holder=cast.holder2)

    assert login(client, cast.holder1_user).get(draft.get_absolute_url()).status_code == 404
    assert login(client, cast.officer1).get(draft.get_absolute_url()).status_code == 404


def test_submit_and_early_renewal_buttons(client, cast):
    draft = RecordalFactory(holder=cast.holder1)
    approved = approved_recordal(holder=cast.holder1)
    login(client, cast.holder1_user)

    client.post(reverse("recordals:action", args=[draft.pk, "submit"]))
    response = client.post(reverse("recordals:action", args=[approved.pk, "renew"]), follow=True)

    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert "Renewal opens on" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_review_queue_lists_oldest_first_and_flags_overdue(client, cast, django_assert_num_queries):
    recent = submitted_recordal(holder=cast.holder1, title="RECENT")
    old = submitted_recordal(holder=cast.holder2, title="OLD ONE", submitted_at=timezone.now() - timedelta(days=70))
    login(client, cast.admin)

    with django_assert_num_queries(5):
        response = client.get(reverse("recordals:review-queue"))

    content = response.content.decode()
    assert content.index("OLD ONE") < content.index("RECENT")
    assert "Overdue by" in content
    assert reverse("recordals:review", args=[old.pk]) in content
    assert reverse("recordals:review", args=[recent.pk]) in content
    assert login(client, cast.holder1_user).get(reverse("recordals:review-queue")).status_code == 403
    assert login(client, cast.officer1).get(reverse("recordals:review-queue")).status_code == 403


def test_review_page_approves_and_rejects_with_a_reason(client, cast):
    first = submitted_recordal(holder=cast.holder1)
    second = submitted_recordal(holder=cast.holder1)
    login(client, cast.admin)
    assert client.get(reverse("recordals:review", args=[first.pk])).status_code == 200

    client.post(reverse("recordals:review", args=[first.pk]), {"decision": "approve", "confirmed": "yes"})
    missing = client.post(reverse("recordals:review", args=[second.pk]), {"decision": "reject", "reason": ""})
    client.post(
        reverse("recordals:review", args=[second.pk]),
        {"decision": "reject", "reason": "No certificate", "confirmed": "yes"},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "approved" and first.number
    assert missing.status_code == 200 and "Give the reason for the rejection" in missing.content.decode()
    assert (second.status, second.rejection_reason) == ("rejected", "No certificate")


def test_modification_pages(client, cast):
    recordal = approved_recordal(holder=cast.holder1, identification_guide="Old guide")
    login(client, cast.holder1_user)

    client.post(
        reverse("recordals:modify", args=[recordal.pk]),
        {
            "right_valid_until": "2040-12-31",
            "nice_classes": "14",
            "identification_guide": "New guide",
            "right_details": "",
        },
    )

    modification = Modification.objects.get()
    assert modification.changes == {"identification_guide": "New guide"}
    login(client, cast.admin)
    assert "New guide" in client.get(reverse("recordals:modification-review", args=[modification.pk])).content.decode()
    client.post(
        reverse("recordals:modification-review", args=[modification.pk]), {"decision": "approve", "confirmed": "yes"}
    )
    recordal.refresh_from_db()
    assert recordal.identification_guide == "New guide"


def test_officer_search_page_and_json(client, cast):
    rolex = approved_recordal(holder=cast.holder2, title="ROLEX", nice_classes=[14])
    image = recordal_image(rolex, kind="mark")
    login(client, cast.officer1)

    page = client.get(reverse("recordals:search"), {"q": "R0LEX"}).content.decode()
    data = client.get(reverse("recordals:search-json"), {"q": "ROLX"}).json()

    assert "ROLEX" in page and rolex.number in page
    assert data["results"][0] == {
        "id": rolex.pk,
        "number": rolex.number,
        "title": "ROLEX",
        "holder": "Nordic Timepieces",
        "right_type": "trademark",
        "nice_classes": [14],
        "status": "approved",
        "valid_until": rolex.valid_until.isoformat(),
        "thumbnail": image.get_thumbnail_url(),
        "url": rolex.get_absolute_url(),
    }
    assert login(client, cast.holder1_user).get(reverse("recordals:search-json"), {"q": "ROLEX"}).status_code == 403


def test_officer_sees_genuine_photos_of_an_approved_recordal(client, cast):
    recordal = approved_recordal(holder=cast.holder1)
    image = recordal_image(recordal)
    login(client, cast.officer1)

    response = client.get(image.get_absolute_url())

    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_search_queries_do_not_grow_with_results(client, cast, django_assert_num_queries):
    for i in range(12):
        recordal_image(approved_recordal(holder=cast.holder2, title=f"NORDIK {i}"), kind="mark")
    login(client, cast.officer1)

    # PostgreSQL finds and ranks the marks in one statement; SQLite first reads the exact matches and candidates.
    extra = -2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(5 + extra):
        assert len(client.get(reverse("recordals:search-json"), {"q": "NORDIK"}).json()["results"]) == 12
    with django_assert_num_queries(6 + extra):
        assert client.get(reverse("recordals:search"), {"q": "NORDIK"}).status_code == 200
