"""Schemathesis against a live server over the demo data, with the API tokens of three roles.

Every answer must be documented (status code and content type), match its schema, and never be a
5xx; data that breaks the schema (a wrong type in a query parameter, a malformed body) must be
refused. The run is bounded (a few examples per operation, a fixed seed) and prints its totals.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from confirmations.models import Case, DetentionRequest, GeneralBond, Item, PenaltyDecision, Tip
from portal.notices.models import Notice
from recordals.models import Modification, Recordal, RecordalImage

ROLES = ("holder1", "officer1", "admin")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)
MAX_EXAMPLES = 3
SEED = 2026
# Path ids are drawn from the demo data's ids most of the time, so operations reach real objects.
# The coverage phase (every boundary and wrong type of each parameter) runs on reading operations;
# bodies of writing operations are fuzzed, with valid and invalid data, in the fuzzing phase.
CONFIG = """
[dictionaries.ids]
values = {ids}

[parameters]
"path.id" = {{ dictionary = "ids", probability = 0.7 }}
"path.mid" = {{ dictionary = "ids", probability = 0.7 }}
"path.image_id" = {{ dictionary = "ids", probability = 0.7 }}

[phases.coverage]
unexpected-methods = []

[[operations]]
exclude-method = "GET"
phases.coverage.enabled = false
"""


def demo_ids() -> list[int]:
    """Return the ids of the seeded objects the API addresses by id (cases, items, recordals, ...)."""
    models = [
        Case,
        Item,
        GeneralBond,
        Notice,
        Recordal,
        RecordalImage,
        Modification,
        PenaltyDecision,
        DetentionRequest,
        Tip,
    ]
    ids = set()
    for model in models:
        ids.update(model.objects.order_by("pk").values_list("pk", flat=True)[:20])
    return sorted(ids)


def _run(schemathesis: Path, url: str, role: str, token: str, workdir: Path) -> dict:
    report = workdir / f"report-{role}.json"
    command = [
        str(schemathesis),
        "--config-file",
        str(workdir / "schemathesis.toml"),
        "run",
        f"{url}/api/schema/?format=json",
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    finished = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=600)  # noqa: S603
    totals = json.loads(report.read_text()) if report.exists() else {}
    return {"exit_code": finished.returncode, "output": finished.stdout + finished.stderr, "report": totals}


@pytest.mark.django_db(transaction=True)
def test_every_api_answer_for_three_roles_matches_the_schema(live_server, tmp_path, capsys):
    call_command("seed_demo", stdout=io.StringIO())
    users = get_user_model().objects.filter(username__in=ROLES)
    tokens = {user.username: Token.objects.get_or_create(user=user)[0].key for user in users}
    (tmp_path / "schemathesis.toml").write_text(CONFIG.format(ids=json.dumps(demo_ids())))
    schemathesis = Path(sys.executable).with_name("st")

    runs = {role: _run(schemathesis, live_server.url, role, tokens[role], tmp_path) for role in ROLES}

    totals = {"calls": 0, "failures": 0, "errors": 0}
    failed = []
    lines = []
    for role, run in runs.items():
        report = run["report"]
        cases = report.get("test_cases", {})
        figures = {
            "calls": cases.get("generated", 0),
            "failures": cases.get("unique_failures", 0),
            "errors": len(report.get("errors", [])),
        }
        totals = {key: totals[key] + figures[key] for key in totals}
        lines.append(
            f"schemathesis {role}: {report.get('operations', {}).get('tested', 0)} of "
            f"{report.get('operations', {}).get('total', 0)} operations, {figures['calls']} calls, "
            f"{figures['failures']} failures, {figures['errors']} errors, {report.get('running_time', 0):.0f} s"
        )
        if run["exit_code"] != 0:
            failed.append(f"--- {role} ---\n{run['output'][-20000:]}")
    lines.append(
        f"schemathesis total: {totals['calls']} calls, {totals['failures']} failures, {totals['errors']} errors"
    )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not failed, "\n".join(failed)
