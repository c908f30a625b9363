"""A small, bounded load generator for 127.0.0.1: keep-alive HTTP/1.1 connections, one per thread."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list
    size: int
    error_statuses: dict

    def __add__(self, other: "Result") -> "Result":
        """Return the two runs as one: their requests over their summed time."""
        statuses = dict(self.error_statuses)
        for status, n in other.error_statuses.items():
            statuses[status] = statuses.get(status, 0) + n
        return Result(
            self.requests + other.requests,
            self.errors + other.errors,
            self.seconds + other.seconds,
            self.latencies + other.latencies,
            max(self.size, other.size),
            statuses,
        )

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)] * 1000


def drive(port: int, paths, *, headers=None, threads: int = 4, seconds: float = 5.0, limit: int = 20000) -> Result:
    """Send GETs to 127.0.0.1:port for ``seconds`` (at most ``limit`` requests) from ``threads`` threads."""
    latencies, errors, sizes, statuses = [], [0], [0], {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    paths = list(paths)

    def worker(offset: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = offset
        while time.perf_counter() < stop_at:
            with lock:
                if len(latencies) + errors[0] >= limit:
                    return
            path = paths[n % len(paths)]
            n += threads
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                body = response.read()
                ok = response.status == 200
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok, body, status = False, b"", 0
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                    sizes[0] = len(body)
                else:
                    errors[0] += 1
                    statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return Result(len(latencies), errors[0], time.perf_counter() - started, latencies, sizes[0], statuses)


def post_at_rate(port: int, path: str, bodies, *, headers, rate: float, seconds: float, threads: int = 8) -> dict:
    """POST the bodies at a fixed offered rate for ``seconds``; return achieved rate and latencies."""
    total = int(rate * seconds)
    start = time.perf_counter()
    latencies, statuses = [], {}
    lock = threading.Lock()

    def worker(offset: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for n in range(offset, total, threads):
            due = start + n / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            began = time.perf_counter()
            try:
                connection.request("POST", path, body=bodies(n), headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            with lock:
                latencies.append(time.perf_counter() - began)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "offered": rate,
        "achieved": statuses.get(201, 0) / elapsed,
        "statuses": statuses,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p99_ms": ordered[min(int(len(ordered) * 0.99), len(ordered) - 1)] * 1000 if ordered else float("nan"),
    }
