"""Factories of detention requests and tips for the tests."""

from datetime import date
from decimal import Decimal

from confirmations.services.requests import RequestInput, detention_request_submit
from confirmations.services.tips import TipInput, tip_send


def request_input(recordal, office, **fields) -> RequestInput:
    values = {
        "recordal_id": recordal.pk,
        "office_id": office.pk,
        "goods": "Counterfeit LUMIÈRE watches",
        "quantity": 200,
        "value": Decimal("15000.00"),
        "currency": "CNY",
        "expected_port": "Shanghai Yangshan",
        "expected_from": date(2026, 3, 20),
        "expected_until": date(2026, 3, 31),
        "evidence_summary": "Our investigator saw the order confirmation.",
        "consignor": "Shady Exports Ltd",
        "waybill_number": "MSKU-778899",
    }
    values.update(fields)
    return RequestInput(**values)


def submit_request(user, recordal, office, files=(), **fields):
    return detention_request_submit(user=user, data=request_input(recordal, office, **fields), files=list(files))


def send_tip(user, office, **fields):
    values = {
        "office_id": office.pk,
        "subject": "Container of fake watches from Shady Exports Ltd",
        "details": "A former employee tells us of a weekly shipment.",
        "identifiers": "MSKU-1234567",
        "expected_arrival": date(2026, 3, 25),
    }
    values.update(fields)
    return tip_send(user=user, data=TipInput(**values))
