"""kombu's filesystem transport, made safe for a worker that runs for days.

kombu writes a message file in place and its reader moves and parses whatever it finds, so a reader
that meets a file still being written (or left empty by a crash) raises ``JSONDecodeError`` and the
worker stops. Here a message is written to a hidden temporary file and renamed into the queue folder
(a rename in one folder is atomic), and the reader leaves alone a file it cannot parse yet: a young
one is retried at the next poll, one still unreadable after ``unreadable_grace`` seconds is moved
aside to ``<processed_folder>/unreadable`` with a warning. Selected by ``broker_transport``
(``CELERY_BROKER_TRANSPORT = "portal.celery_fs:Transport"``) with a ``filesystem://`` broker URL.
"""

import json
import logging
import os
import time
import uuid
from pathlib import Path
from queue import Empty

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)

#: Seconds an unparsable message file may take to be completed before it is moved aside.
UNREADABLE_GRACE = 30.0
#: Reads of an exchange table caught mid-rewrite before a broadcast is given up.
TABLE_READ_ATTEMPTS = 20


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader ever sees a partial file."""
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


class Channel(filesystem.Channel):
    """A filesystem channel whose messages appear whole and whose reader never raises on a bad file."""

    def get_table(self, exchange):
        """Read the exchange's bindings; a table caught empty while kombu rewrites it is read again."""
        for _attempt in range(TABLE_READ_ATTEMPTS):
            try:
                return super().get_table(exchange)
            except ValueError:
                time.sleep(0.01)
        logger.warning("Exchange table %r stayed unreadable; the broadcast goes nowhere", exchange)
        return []

    def _put(self, queue, payload, **kwargs):
        """Put ``payload`` onto ``queue`` as one complete file."""
        name = f"{round(time.monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        path = os.path.join(self.data_folder_out, name)
        try:
            write_atomically(path, str_to_bytes(dumps(payload)))
        except OSError as exc:
            raise ChannelError(f"Cannot add file {path!r} to directory") from exc

    def _get(self, queue):
        """Take the oldest complete message of ``queue``; skip files not (yet) readable."""
        wanted = f"{queue}.msg"
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.startswith(".") or name.partition(".")[2] != wanted:
                continue
            path = os.path.join(self.data_folder_in, name)
            payload = self._read(path)
            if payload is None:
                continue
            if not self._claim(path, name):
                continue
            return payload
        raise Empty()

    def _read(self, path: str):
        """Return the parsed message at ``path``, or None when it is gone or not complete JSON."""
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ChannelError(f"Cannot read file {path!r} from queue.") from exc
        try:
            payload = loads(bytes_to_str(raw)) if raw.strip() else None
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
            payload = None
        if isinstance(payload, dict):
            return payload
        self._set_aside_if_old(path)
        return None

    def _set_aside_if_old(self, path: str) -> None:
        """Move a file that stayed unreadable past the grace period out of the queue, with a warning."""
        try:
            age = time.time() - os.stat(path).st_mtime
        except FileNotFoundError:
            return
        if age < self.unreadable_grace:
            return
        aside = Path(self.transport_options.get("processed_folder") or self.data_folder_in) / "unreadable"
        try:
            aside.mkdir(parents=True, exist_ok=True)
            os.replace(path, aside / os.path.basename(path))
        except OSError:
            return
        logger.warning("Moved unreadable queue message %s aside to %s", os.path.basename(path), aside)

    def _claim(self, path: str, name: str) -> bool:
        """Take the file out of the queue; False when another consumer took it first."""
        try:
            if self.store_processed:
                os.replace(path, os.path.join(self.processed_folder, name))
            else:
                os.unlink(path)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise ChannelError(f"Cannot take file {path!r} from queue.") from exc
        return True

    @property
    def unreadable_grace(self) -> float:
        return float(self.transport_options.get("unreadable_grace", UNREADABLE_GRACE))


class Transport(filesystem.Transport):
    """The filesystem transport with :class:`Channel`."""

    Channel = Channel

    @property
    def default_connection_params(self):
        """A folder has no host: nothing for kombu to default (and warn about on every connection)."""
        return {}
