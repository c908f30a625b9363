"""Tests run on a clock frozen at one instant (Asia/Shanghai), unless marked ``real_clock``."""

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from conftest import DEFAULT_TEST_NOW, frozen_instant


def test_tests_run_at_the_frozen_instant():
    assert abs(timezone.now() - frozen_instant()) < timedelta(minutes=1)


def test_the_instant_defaults_to_a_morning_in_shanghai_and_follows_portal_test_now(monkeypatch):
    monkeypatch.delenv("PORTAL_TEST_NOW", raising=False)
    assert frozen_instant() == datetime.fromisoformat(DEFAULT_TEST_NOW)
    monkeypatch.setenv("PORTAL_TEST_NOW", "2026-12-31T16:30:00Z")
    assert timezone.localtime(frozen_instant()).isoformat() == "2027-01-01T00:30:00+08:00"
    monkeypatch.setenv("PORTAL_TEST_NOW", "2026-12-31 23:59")
    assert frozen_instant() == datetime(2026, 12, 31, 15, 59, tzinfo=UTC)


@pytest.mark.real_clock
def test_a_test_marked_real_clock_reads_the_wall_clock(tmp_path):
    marker = tmp_path / "now"
    marker.write_text("")
    assert abs(os.stat(marker).st_mtime - time.time()) < 5


@pytest.mark.frozen_at("2026-05-04T09:00:00+08:00")
def test_a_test_marked_frozen_at_runs_at_its_instant_whatever_portal_test_now_says():
    assert abs(timezone.now() - datetime(2026, 5, 4, 1, 0, tzinfo=UTC)) < timedelta(minutes=1)
    assert frozen_instant("2026-05-04 09:00") == datetime(2026, 5, 4, 1, 0, tzinfo=UTC)
