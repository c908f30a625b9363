"""Page patterns: the error summary at the top, a confirmation step before irreversible actions."""

import re
import zlib

import pytest
from django.urls import reverse
from django.utils import translation

from confirmations import services
from confirmations.models import Case, Item
from confirmations.tests.factories import file_case, item_input

# These tests assert calendar dates (deadlines, notice numbers, month names) of one known instant.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def _summary_links(response) -> list[tuple[str, str]]:
    content = response.content.decode()
    summary = content[
        content.index("data-error-summary") : content.index("</div>", content.index("data-error-summary"))
    ]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def test_an_empty_decision_shows_a_summary_linking_to_the_choice_with_error_in_the_title(client, cast, filed):
    _case, lumiere, _ = filed
    client.force_login(cast.holder1_user)
    response = client.post(reverse("confirmations:item-decide", args=[lumiere.pk]), {})
    assert response.status_code == 200
    assert _title(response).startswith("Error: ")
    links = dict(_summary_links(response))
    assert "Choose whether the goods infringe your right" in links["id_decision_0"]
    assert 'id="id_decision_0"' in response.content.decode()
    assert "id_confirm" in links


def test_an_unerring_page_has_no_summary_and_no_error_title(client, cast, filed):
    _case, lumiere, _ = filed
    client.force_login(cast.holder1_user)
    response = client.get(reverse("confirmations:item-detail", args=[lumiere.pk]))
    assert "data-error-summary" not in response.content.decode()
    assert not _title(response).startswith("Error")


def test_a_filing_without_items_says_to_add_one_in_the_summary(client, cast):
    client.force_login(cast.officer1)
    data = {
        "channel": "mail",
        "direction": "import",
        "waybill_number": "",
        "consignor": "X",
        "consignee": "Y",
        "currency": "CNY",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
    }
    response = client.post(reverse("confirmations:case-new"), data)
    texts = [text for _anchor, text in _summary_links(response)] + [response.content.decode()]
    assert any("Add at least one suspect item" in text for text in texts)
    assert ("id_waybill_number", "This field is required.") in _summary_links(response)
    assert "Please submit at least 1 form" not in response.content.decode()
    assert not Case.objects.exists()


def test_a_missing_recordal_links_to_the_recordal_search_box(client, cast, recordals):
    client.force_login(cast.officer1)
    data = {
        "channel": "mail",
        "direction": "import",
        "waybill_number": "RR1CN",
        "consignor": "X",
        "consignee": "Y",
        "currency": "CNY",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
        "items-0-description": "Watches",
        "items-0-quantity": "2",
        "items-0-value": "500",
    }
    response = client.post(reverse("confirmations:case-new"), data)
    assert dict(_summary_links(response))["id_items-0-recordal"].startswith("Choose the recordal")
    assert '<input type="search" id="id_items-0-recordal"' in response.content.decode()


def test_detain_asks_first_naming_the_bond_and_detains_only_once_confirmed(client, cast, filed):
    _case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="case")
    services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    client.force_login(cast.officer1)
    url = reverse("confirmations:item-act", args=[lumiere.pk, "detain"])

    asked = client.post(url)

    content = asked.content.decode()
    assert asked.status_code == 200 and "Detain item" in content
    assert "against the case bond of 1,000.00 CNY" in content and "cannot be undone" in content
    assert Item.objects.get(pk=lumiere.pk).status == "infringing"
    done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302 and Item.objects.get(pk=lumiere.pk).status == "detained"


def test_detain_waits_for_the_case_bond_and_says_from_whom(client, cast, filed):
    case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="case")
    client.force_login(cast.officer1)
    content = client.get(case.get_absolute_url()).content.decode()
    assert "Detain waits for the case bond of 1,000.00 CNY from Maison Lumière." in content
    assert re.search(
        r'<button type="button" class="button danger" disabled aria-describedby="detain-why-\d+">', content
    )


def test_the_result_form_is_labelled_and_preselects_nothing(client, cast, filed):
    case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="case")
    services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    client.force_login(cast.officer1)
    content = client.get(case.get_absolute_url()).content.decode()
    assert "<legend>Investigation result</legend>" in content
    assert f'name="i{lumiere.pk}-result"' in content and "checked" not in content
    url = reverse("confirmations:item-act", args=[lumiere.pk, "investigation"])
    asked = client.post(url, {f"i{lumiere.pk}-result": "confirmed", f"i{lumiere.pk}-note": "fake"})
    assert "confiscated and disposed of" in asked.content.decode()
    assert Item.objects.get(pk=lumiere.pk).status == "detained"
    client.post(url, {f"i{lumiere.pk}-result": "confirmed", f"i{lumiere.pk}-note": "fake", "confirmed": "yes"})
    assert Item.objects.get(pk=lumiere.pk).status == "confirmed"


def test_release_asks_first(client, cast, filed):
    _case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    client.force_login(cast.officer1)
    url = reverse("confirmations:item-act", args=[lumiere.pk, "release"])
    asked = client.post(url, {f"r{lumiere.pk}-reason": "cleared"})
    assert "released to the consignee" in asked.content.decode()
    assert f'name="r{lumiere.pk}-reason" value="cleared"' in asked.content.decode()
    assert Item.objects.get(pk=lumiere.pk).status == "not_infringing"


def _confirmed_general_bond(client, cast):
    from django.utils import timezone

    from confirmations.models import GeneralBond

    client.force_login(cast.holder1_user)
    data = {"bank": "Bank", "reference": "R-1", "amount_cny": "200000", "year": timezone.localdate().year}
    client.post(reverse("confirmations:bonds"), data)
    client.force_login(cast.admin)
    decide = reverse("confirmations:bond-decide", args=[GeneralBond.objects.get().pk, "confirm"])
    client.post(decide, {"confirmed": "yes"})


@pytest.mark.parametrize("with_general_bond", [False, True])
def test_the_item_page_and_the_bulk_panel_offer_the_same_bond_first(client, cast, recordals, with_general_bond):
    straps = item_input(recordals.lumiere, value="20.00", description="Straps")
    case = file_case(cast.officer1, [item_input(recordals.lumiere), straps])
    lumiere = case.items.order_by("pk").first()
    if with_general_bond:
        _confirmed_general_bond(client, cast)
    client.force_login(cast.holder1_user)
    expected = "general" if with_general_bond else "case"
    item_page = client.get(reverse("confirmations:item-detail", args=[lumiere.pk])).content.decode()
    inbox = client.get(reverse("confirmations:inbox")).content.decode()
    for content in (item_page, inbox):
        checked = re.findall(r'<input type="radio" name="bond"[^>]*value="(\w+)"[^>]*checked', content)
        assert checked == [expected]


def test_after_infringing_the_holder_sees_the_bond_to_lodge_until_it_is_received(client, cast, filed):
    _case, lumiere, _ = filed
    client.force_login(cast.holder1_user)
    client.post(
        reverse("confirmations:item-decide", args=[lumiere.pk]),
        {"decision": "infringing", "bond": "case", "confirm": "on"},
    )
    url = reverse("confirmations:item-detail", args=[lumiere.pk])
    content = client.get(url).content.decode()
    lumiere.refresh_from_db()
    reference = lumiere.application.reference
    assert "Your application for detention above says what bond to lodge, how and by when." in content
    assert reference in content and "1,000.00 CNY" in content and "Awaiting the bond" in content
    services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    content = client.get(url).content.decode()
    assert "Bond secured" in content and "Awaiting the bond" not in content


def test_the_decision_comes_before_the_photos_on_the_item_page(client, cast, filed):
    _case, lumiere, _ = filed
    client.force_login(cast.holder1_user)
    content = client.get(reverse("confirmations:item-detail", args=[lumiere.pk])).content.decode()
    assert content.index('id="decide"') < content.index('id="suspect-title"')


def test_the_inbox_is_a_task_list_with_thumbnails_outcomes_and_an_empty_state(client, cast, recordals):
    from portal.uploads import verify_image
    from recordals.tests.factories import image_upload

    client.force_login(cast.holder1_user)
    empty = client.get(reverse("confirmations:inbox")).content.decode()
    assert "No suspect goods yet." in empty and "you receive an e-mail" in empty
    photo = verify_image(image_upload("a.jpg"))
    case = file_case(
        cast.officer1,
        [
            item_input(recordals.lumiere, photos=[photo]),
            item_input(recordals.lumiere, value="20.00", description="Straps"),
        ],
    )
    first, second = case.items.order_by("pk")
    services.item_decide(user=cast.holder1_user, item_id=second.pk, decision="infringing", bond="case")

    content = client.get(reverse("confirmations:inbox")).content.decode()

    assert content.index(f'data-item-id="{first.pk}"') < content.index(f'data-item-id="{second.pk}"')
    assert reverse("confirmations:photo-thumb", args=[first.photos.get().pk]) in content
    assert content.count("Answer by") == 1 and "Beijing time" in content
    assert "Your answer: Infringing" in content and "lodge the case bond of 20.00 CNY" in content
    assert "data-bulk-panel" not in content
    assert '<span class="badge action" data-awaiting-count>1<span class="sr-only"> item awaits your answer' in content


def test_one_decided_item_is_announced_in_the_singular(client, cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere)])
    client.force_login(cast.holder1_user)
    response = client.post(
        reverse("confirmations:bulk-decide"),
        {"items": [case.items.get().pk], "decision": "not_infringing", "confirm": "on"},
        follow=True,
    )
    assert "1 item decided." in response.content.decode()


def test_the_printed_notice_is_a_legal_document_and_downloads_as_a_pdf(client, cast, filed):
    case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="case")
    services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    client.force_login(cast.officer1)
    url = reverse("confirmations:item-notice", args=[lumiere.pk])

    page = client.get(url).content.decode()

    number = f"D2026-{case.pk:06d}-{lumiere.pk}"
    for text in (
        "General Administration of Customs",
        "Port Office One",
        f"Notice No. <strong>{number}</strong>",
        "Maison Lumière",
        "Articles 14, 16 and 20",
        "Officer in charge (signature)",
        "Seal of the customs office",
        "1,000.00 CNY",
        "data-print",
    ):
        assert text in page
    pdf = client.get(url + "?download=1")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == f'attachment; filename="{number}.pdf"'


def test_the_pdf_notice_in_chinese_embeds_a_cjk_font(client, cast, filed):
    _case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=lumiere.pk)
    client.force_login(cast.officer1)
    client.cookies["django_language"] = "zh-hans"
    with translation.override("en"):
        pdf = client.get(reverse("confirmations:item-notice", args=[lumiere.pk]) + "?download=1").content
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    assert pdf.startswith(b"%PDF-")
    assert any(b"/FontName /" in text and b"WenQuanYi" in text for text in map(_inflate, streams))


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        return b""
