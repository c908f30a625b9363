"""The calendar is a shared module: it imports no app; apps react to its changes through its signal."""

import ast
from pathlib import Path

from django.apps import apps

WORKDAYS = Path(__file__).resolve().parents[1]


def test_the_calendar_imports_no_app():
    app_packages = {config.name.split(".")[0] for config in apps.get_app_configs()} - {"portal", "django"}
    imported = set()
    for path in WORKDAYS.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert {"confirmations", "recordals"} <= app_packages
    assert not imported & app_packages


def test_confirmations_listens_for_calendar_changes():
    from portal.workdays.signals import calendar_changed

    assert "confirmations.deadlines_recompute" in {receiver[0][0] for receiver in calendar_changed.receivers}
