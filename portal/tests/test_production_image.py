"""The production image: static files built as the Dockerfile builds them serve every main page."""

import gettext
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
# Paths the image sets with ENV; the test maps them into its own temporary folder.
IMAGE_PATHS = {"STATIC_ROOT": "static", "MEDIA_ROOT": "media", "PORTAL_VAR_DIR": "var"}
# Settings a developer's shell may carry that the image never has at build time.
HOST_ONLY = {
    "PORTAL_ENV",
    "SECRET_KEY",
    "EVIDENCE_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """Return the Dockerfile's (INSTRUCTION, arguments) pairs, continuation lines joined."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def dockerfile_env() -> dict[str, str]:
    env = {}
    for instruction, args in dockerfile_instructions():
        if instruction == "ENV":
            env.update(pair.split("=", 1) for pair in shlex.split(args))
    return env


def collectstatic_command() -> str:
    """Return the Dockerfile's collectstatic command (its own step of a RUN instruction)."""
    [command] = [
        step.strip()
        for instruction, args in dockerfile_instructions()
        if instruction == "RUN"
        for step in args.split("&&")
        if "collectstatic" in step
    ]
    return command


def clean_env(tmp_path: Path, **extra) -> dict[str, str]:
    """The host's environment without its portal settings, with the image's ENV mapped into tmp_path."""
    env = {
        key: value for key, value in os.environ.items() if key not in HOST_ONLY and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(dockerfile_env())
    env.update({name: str(tmp_path / folder) for name, folder in IMAGE_PATHS.items()})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def run(args, env, shell=False):
    result = subprocess.run(args, cwd=ROOT, env=env, shell=shell, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def built_image(tmp_path_factory):
    """Collect static files with the Dockerfile's own command, and seed a demo database."""
    tmp_path = tmp_path_factory.mktemp("image")
    for folder in IMAGE_PATHS.values():
        (tmp_path / folder).mkdir()
    run(["sh", "-ec", collectstatic_command()], env=clean_env(tmp_path))
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}"}
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env=clean_env(tmp_path, **database))
    run([sys.executable, "manage.py", "seed_demo"], env=clean_env(tmp_path, **database))
    return tmp_path, database


def test_dockerfile_collects_static_files_with_a_manifest(built_image):
    tmp_path, _ = built_image
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "img/favicon.svg" in manifest["paths"]


def test_dockerfile_keeps_no_build_time_secret_or_mode_in_the_image():
    env = dockerfile_env()
    assert not {"SECRET_KEY", "EVIDENCE_KEY", "ALLOWED_HOSTS", "PORTAL_ENV"} & set(env)
    assert "PORTAL_ENV=production" in collectstatic_command()


def test_every_main_page_answers_200_in_production_mode(built_image):
    tmp_path, database = built_image
    env = clean_env(
        tmp_path,
        PORTAL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        EVIDENCE_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="testserver",
        **database,
    )

    result = run([sys.executable, "-m", "portal.tests.production_pages"], env=env)

    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    failed = {page: status for page, status in statuses.items() if status != 200}
    assert failed == {}
    assert len(statuses) > 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_gunicorn_in_production_mode_serves_the_login_page_and_its_hashed_static_files(built_image):
    tmp_path, database = built_image
    port = free_port()
    env = clean_env(
        tmp_path,
        PORTAL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        EVIDENCE_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1",
        **database,
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, page = None, "gunicorn did not answer within 10 s"
        for _ in range(100):
            try:
                status, page = fetch(f"{base}/accounts/login/")
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200, page
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
        assert any(re.search(r"/static/css/portal\.[0-9a-f]{12}\.css$", asset) for asset in assets), assets
        assert {path: fetch(base + path)[0] for path in assets} == dict.fromkeys(assets, 200)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_compose_file_is_valid_and_runs_production_behind_one_proxy():
    checker = Path(sys.executable).parent / "check-jsonschema"
    command = str(checker) if checker.exists() else shutil.which("check-jsonschema")
    assert command, "check-jsonschema is pinned in requirements.txt"
    result = subprocess.run(
        [command, "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "PORTAL_ENV: production" in compose
    assert "PORTAL_TRUSTED_PROXIES: ${PORTAL_TRUSTED_PROXIES:-1}" in compose


def catalog(mo_file: Path) -> dict:
    with mo_file.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs msgfmt (Debian's gettext package)")
def test_committed_translations_match_their_sources_since_the_image_does_not_compile_them(tmp_path):
    sources = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
    assert sources
    for source in sources:
        compiled = tmp_path / f"{source.parent.parent.name}.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(source)], check=True, timeout=60)
        assert catalog(source.with_suffix(".mo")) == catalog(compiled), f"run compilemessages for {source}"
