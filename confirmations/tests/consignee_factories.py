"""Factories of the consignee tests: a shipment with detained patent and trademark goods, and its link."""

from types import SimpleNamespace

from confirmations import services
from confirmations.models import BondInstructions, ConsigneeLink
from confirmations.services.consignee import link_token
from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import recordal_in_force


def detain(officer, holder_user, item):
    """Have the holder confirm the item with a case bond, receive the bond and detain the goods."""
    services.item_decide(
        user=holder_user, item_id=item.pk, decision="infringing", bond="case", comment="Private: fake dials."
    )
    services.item_case_bond_receive(officer=officer, item_id=item.pk)
    return services.item_detain(officer=officer, item_id=item.pk)


def shipment_with_detained_goods(cast, *, detained: bool = True) -> SimpleNamespace:
    """A case of office1: patent goods of holder1 and trademark goods of holder2 (detained unless asked not to),
    a pending item of holder1, and another case of the same holders that the link must never show."""
    cast.holder1.contact_email = "legal@lumiere.example"
    cast.holder1.contact_phone = "+33 1 99 99 99 99"
    cast.holder1.save()
    patent = recordal_in_force(cast.holder1, title="Watch crown mechanism", right_type="invention_patent")
    nordik = recordal_in_force(cast.holder2, title="NORDIK")
    case = file_case(
        cast.officer1,
        [
            item_input(patent, value="42000.00", description="Crown assemblies"),
            item_input(nordik, value="800.00", description="NORDIK watch straps"),
            item_input(patent, value="300.00", description="Spare crowns still pending"),
        ],
        notes="Officer's private note: tip from informant 7.",
    )
    other = file_case(cast.officer1, [item_input(nordik, description="Other shipment's NORDIK clocks")])
    patent_item, trademark_item, pending_item = case.items.order_by("pk")
    BondInstructions.objects.create(
        office=cast.office1,
        payee="Port Office One deposit account",
        bank="Bank of Examples",
        account="6222 0000 1111",
        reference_format="IPR {reference}",
    )
    if detained:
        detain(cast.officer1, cast.holder1_user, patent_item)
        detain(cast.officer1, cast.holder2_user, trademark_item)
    return SimpleNamespace(case=case, other=other, patent=patent_item, trademark=trademark_item, pending=pending_item)


def record_link(cast, case, *, role="consignee", email="buyer@example.com", language="en"):
    """Record the party through the service; return the link and its token."""
    link = services.consignee_link_record(
        officer=cast.officer1, case_id=case.pk, role=role, name="Jean Dupont", email=email, language=language
    )
    return link, link_token(link)


def holder_link(case, holder, *, role="consignee"):
    """Return the live link of the party issued for one holder's goods of the case, and its token."""
    link = ConsigneeLink.objects.get(case=case, holder=holder, role=role, revoked_at__isnull=True)
    return link, link_token(link)
