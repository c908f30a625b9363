"""Demo: detained design-patent goods whose consignee has a link; each run prints a link that works."""

from confirmations import services
from confirmations.consignee_models import digest
from confirmations.demo import detain_on_case_bond, file_case
from confirmations.models import ConsigneeLink, Item
from confirmations.services.consignee import link_token, link_url

WAYBILL = "DEMO-CONSIGNEE-011"


def seed(demo, *, stdout) -> None:
    """Detain NORDIK watch cases (design patent); print their consignee's link, a new one once a device opened it."""
    recordal = (getattr(demo, "recordals", None) or {}).get("nordik_case")
    if recordal is None:
        stdout.write("(consignee demo skipped: the recordals seeder set no design patent)\n")
        return
    case, new = file_case(
        demo,
        WAYBILL,
        [(recordal, "Watch cases, NORDIK Classic design", 300, "36000.00", (70, 70, 90))],
        channel="air",
        consignee="Lumen Retail SARL",
        consignee_country="FR",
    )
    item = case.items.get()
    if new:
        detain_on_case_bond(demo, item.pk, user=demo.holder2_user)
    if Item.objects.get(pk=item.pk).status != Item.Status.DETAINED:
        stdout.write(f"(consignee demo: case {case.pk} is no longer detained; no link issued)\n")
        return
    link = _unopened_link(case) or services.consignee_link_record(
        officer=demo.officer1,
        case_id=case.pk,
        role="consignee",
        name="Lumen Retail SARL",
        email="consignee@example.com",
        language="en",
    )
    demo.login_notes = [
        *getattr(demo, "login_notes", []),
        f"Consignee link (case {case.pk}, {WAYBILL}):",
        f"  {link_url(link)}",
    ]
    stdout.write(f"consignee demo: case {case.pk} detained; its consignee has a link\n")


def _unopened_link(case) -> ConsigneeLink | None:
    """Return the case's live consignee link if no device opened it yet (its URL can be derived again)."""
    link = ConsigneeLink.objects.filter(case=case, role="consignee", revoked_at__isnull=True).first()
    if link is None or link.state() != "sent" or digest(link_token(link)) != link.token_hash:
        return None
    return link
