"""`make run` as a newcomer meets it: bin/run on a fresh folder, with the embedded default (SQLite and the
filesystem queue) whatever servers the environment names.

One run, checked in order: the demo logins close the start-up output, every periodic task exists and
/healthz/ turns 200, e-mails are files whose links use the port served, a killed worker is started
again (said once), and Ctrl-C stops everything with exit status 0.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "SITE_URL",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker process through /proc")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def healthz(port: int) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError as exc:
        return 0, str(exc)


def children_of(pid: int) -> dict[int, str]:
    """Return the direct children of ``pid`` with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline
    return found


def worker_of(pid: int) -> int | None:
    return next((child for child, cmd in children_of(pid).items() if " worker " in cmd), None)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_bin_run_serves_keeps_its_worker_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in SERVER_SETTINGS}
    env.update(PORT=str(port), HOST="127.0.0.1", PORTAL_VAR_DIR=str(tmp_path / "var"), PYTHON=sys.executable)
    log = tmp_path / "console.log"
    with open(log, "wb") as out:
        run = subprocess.Popen(
            ["bin/run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's foreground job
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        console = lambda: log.read_text(errors="replace")  # noqa: E731
        wait_for(lambda: "Portal: http" in console(), 240, "the start-up output")
        start_up = console().rstrip().splitlines()
        assert start_up[-1].startswith(f"Portal: http://127.0.0.1:{port}/"), start_up[-15:]
        assert any(line.startswith("Demo logins") for line in start_up[-16:]), start_up[-16:]
        assert f"E-mails are saved as files in {tmp_path / 'var' / 'mail'}/" in console()

        status, body = wait_for(lambda: (answer := healthz(port))[0] == 200 and answer, 180, "/healthz/ 200")
        tasks = json.loads(body)["checks"]["periodic"]["tasks"]
        assert {"lapse-items", "worker-heartbeat", "send-due-deliveries", "deadline-reminders"} <= set(tasks)
        assert all(task["scheduled"] for task in tasks.values()), tasks
        assert tasks["lapse-items"]["since_worker_start"] is True

        mails = wait_for(lambda: list((tmp_path / "var" / "mail").glob("*.log")), 120, "an e-mail file")
        text = "".join(path.read_text(errors="replace") for path in mails)
        assert f"http://127.0.0.1:{port}/" in text
        assert ":8000" not in text

        worker = wait_for(lambda: worker_of(run.pid), 30, "the worker process")
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: "starting it again" in console(), 30, "the restart message")
        restarted = wait_for(lambda: (w := worker_of(run.pid)) and w != worker and w, 30, "a new worker")
        wait_for(lambda: healthz(port)[0] == 200, 120, "/healthz/ 200 after the restart")
        assert healthz(port)[0] == 200
        assert console().count("starting it again") == 1

        os.killpg(run.pid, signal.SIGINT)
        assert run.wait(timeout=60) == 0, console()[-2000:]
        assert not alive(restarted)
        assert "Traceback" not in console(), console()[-3000:]
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
