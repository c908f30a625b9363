"""The embedded queue (filesystem transport): messages appear whole, and a bad file never stops a worker."""

import os
import threading
import time
from queue import Empty

import pytest
from django.conf import settings
from kombu import Connection
from kombu.transport import filesystem

from portal.celery_fs import Transport

TRANSPORT = "portal.celery_fs:Transport"


def options(tmp_path, **extra):
    folder = tmp_path / "broker"
    folder.mkdir(exist_ok=True)
    return {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
        **extra,
    }


@pytest.fixture
def connection(tmp_path):
    with Connection("filesystem://", transport=TRANSPORT, transport_options=options(tmp_path)) as conn:
        yield conn


def write_partial_message(folder, queue: str, content: bytes) -> str:
    """Leave a message file as kombu's in-place writer does midway: named and listed, not yet complete."""
    path = os.path.join(folder, f"0_partial.{queue}.msg")
    with open(path, "wb") as f:
        f.write(content)
    return path


def test_the_embedded_settings_use_the_safe_filesystem_transport():
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        assert settings.CELERY_BROKER_TRANSPORT == TRANSPORT
    assert issubclass(Transport, filesystem.Transport)


@pytest.mark.real_clock  # the reader ages a file by its modification time, which the frozen clock does not move
def test_reader_skips_a_message_file_still_being_written_and_takes_it_once_complete(connection, tmp_path):
    queue = connection.SimpleQueue("jobs")
    path = write_partial_message(tmp_path / "broker", "jobs", b'{"body": "eyJ0YXNr')
    queue.put({"n": 1})
    assert queue.get(timeout=1).payload == {"n": 1}
    with pytest.raises(Empty):
        queue.get(block=False)
    assert os.path.exists(path)
    with open(path, "ab") as f:
        f.write(b'", "headers": {}}')
    assert queue.channel._get("jobs") == {"body": "eyJ0YXNr", "headers": {}}
    assert not os.path.exists(path)
    queue.close()


def test_reader_does_not_raise_on_an_empty_message_file(connection, tmp_path):
    queue = connection.SimpleQueue("jobs")
    write_partial_message(tmp_path / "broker", "jobs", b"")
    with pytest.raises(Empty):
        queue.get(block=False)
    queue.close()


def test_kombus_own_reader_crashes_on_the_same_partial_file(tmp_path):
    (tmp_path / "processed").mkdir()
    with Connection("filesystem://", transport_options=options(tmp_path, store_processed=True)) as conn:
        channel = conn.default_channel
        write_partial_message(tmp_path / "broker", "jobs", b'{"body": "eyJ0YXNr')
        with pytest.raises(ValueError):
            channel._get("jobs")


def test_a_file_unreadable_past_the_grace_period_is_moved_aside(tmp_path):
    opts = options(tmp_path, unreadable_grace=10)
    with Connection("filesystem://", transport=TRANSPORT, transport_options=opts) as conn:
        path = write_partial_message(tmp_path / "broker", "jobs", b"{not json")
        old = time.time() - 11
        os.utime(path, (old, old))
        with pytest.raises(Empty):
            conn.default_channel._get("jobs")
    assert not os.path.exists(path)
    assert (tmp_path / "processed" / "unreadable" / os.path.basename(path)).exists()


def test_writer_never_exposes_a_partial_file_to_a_polling_reader(connection):
    """A reader polling while large messages are written receives every one of them, whole."""
    body = "x" * 200_000
    count = 40
    received, errors = [], []

    def read():
        with connection.clone() as reader:
            queue = reader.SimpleQueue("bulk")
            deadline = time.monotonic() + 30
            while len(received) < count and time.monotonic() < deadline:
                try:
                    message = queue.get(timeout=0.01)
                except Empty:
                    continue
                except Exception as exc:  # noqa: BLE001 - any reader failure fails the test
                    errors.append(exc)
                    return
                received.append(message.payload["n"])
                assert message.payload["body"] == body
                message.ack()

    reader = threading.Thread(target=read)
    reader.start()
    with connection.clone() as writer:
        queue = writer.SimpleQueue("bulk")
        for n in range(count):
            queue.put({"n": n, "body": body})
    reader.join(timeout=60)
    assert errors == []
    assert sorted(received) == list(range(count))


def test_an_exchange_table_caught_empty_mid_rewrite_does_not_raise(connection, tmp_path):
    channel = connection.default_channel
    channel._queue_bind("broadcast", "", "", "listener")
    table = tmp_path / "control" / "broadcast.exchange"
    table.write_bytes(b"")
    assert channel.get_table("broadcast") == []
    table.write_bytes(b'[["", "", "listener"]]')
    assert [binding.queue for binding in channel.get_table("broadcast")] == ["listener"]
