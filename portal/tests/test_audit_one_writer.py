"""One audit record and one writer: every history is an ``AuditRecord``, and only ``portal.audit`` creates rows."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from portal.audit import AuditRecord

ROOT = Path(settings.BASE_DIR)
SKIPPED = {"tests", "migrations", ".venv", "node_modules", "bench"}


def _sources():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIPPED and path != ROOT / "portal" / "audit.py":
            yield path, path.read_text(encoding="utf-8")


def test_every_event_model_is_an_audit_record():
    events = [model for model in apps.get_models() if model.__name__.endswith("Event")]
    assert {model.__name__ for model in events} >= {
        "RecordalEvent",
        "CaseEvent",
        "GeneralBondEvent",
        "WebhookEndpointEvent",
        "OrganizationEvent",
        "MembershipEvent",
        "DelegationEvent",
        "CalendarEvent",
        "ExchangeRateEvent",
    }
    assert [model.__name__ for model in events if not issubclass(model, AuditRecord)] == []


def test_no_module_but_the_writer_creates_audit_rows():
    names = "|".join(model.__name__ for model in apps.get_models() if issubclass(model, AuditRecord))
    writes = re.compile(rf"\b({names})(\(|\.objects\.(create|bulk_create|get_or_create|update_or_create)\b)")
    found = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path, text in _sources()
        for match in writes.finditer(text)
        if not text[: match.start()].rstrip().endswith("class")
    ]
    assert found == []
