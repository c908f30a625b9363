"""The two settings modes: the embedded default and production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_env(**extra):
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "EVIDENCE_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "portal.example.org",
        **extra,
    }


def test_production_mode_passes_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env_extra=production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_to_start_without_an_evidence_key():
    result = run_manage("check", env_extra=production_env(EVIDENCE_KEY=""))
    assert result.returncode != 0
    assert "EVIDENCE_KEY must be set" in result.stderr


def test_production_mode_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", env_extra=production_env(ALLOWED_HOSTS=""))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_unknown_mode_is_refused_with_one_readable_line():
    result = run_manage("check", env_extra={"PORTAL_ENV": "staging"})
    assert result.returncode != 0
    assert "PORTAL_ENV must be 'development' or 'production'" in result.stderr


def test_seed_demo_refuses_to_run_in_production():
    result = run_manage("seed_demo", env_extra=production_env(DATABASE_URL="sqlite:///:memory:"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "CommandError: seed_demo refuses to run in production mode (PORTAL_ENV=production)."
    )


def test_production_settings_are_strict():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_AGE, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = run_manage("shell", "-c", code, env_extra=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False True True True True 28800 [\"'self'\"]"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
