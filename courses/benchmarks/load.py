"""A small HTTP load generator for ``bench_courses``: threads, each with its own
http.client connection, and per-request latencies."""

import http.client
import math
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    label: str
    port: int
    path: str
    cookie: str = ""
    host: str = "127.0.0.1"


@dataclass
class Sample:
    """What one page got over the whole run: one latency per request, the wall time
    of the slices it was driven in, and the responses that were not 200."""

    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    failures: int = 0
    size: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of
    the values at or below it."""
    if not values:
        raise ValueError("No values.")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def get(connection: http.client.HTTPConnection, target: Target) -> tuple[int, int]:
    headers = {"Host": target.host, "Accept": "text/html"}
    if target.cookie:
        headers["Cookie"] = target.cookie
    connection.request("GET", target.path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, len(body)


def drive(target: Target, *, requests: int, concurrency: int) -> Sample:
    """Send ``requests`` GETs to one page from ``concurrency`` threads, each keeping
    its connection open where the server allows it (gunicorn's sync workers close it
    after every response, and http.client then opens a new one)."""
    sample = Sample()
    lock = threading.Lock()
    remaining = [requests]

    def worker():
        connection = http.client.HTTPConnection(target.host, target.port, timeout=60)
        try:
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                started = time.perf_counter()
                try:
                    status, size = get(connection, target)
                except (OSError, http.client.HTTPException):
                    connection.close()
                    status, size = 0, 0
                took = time.perf_counter() - started
                with lock:
                    sample.latencies.append(took)
                    if status != 200:
                        sample.failures += 1
                    else:
                        sample.size = size
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sample.elapsed = time.perf_counter() - started
    return sample


def load_run(
    targets: list[Target], *, requests: int, concurrency: int, rounds: int
) -> dict[str, Sample]:
    """Drive every page with ``requests`` requests in ``rounds`` slices, taking the
    pages in turn (and in reverse order every other round), so that all of them are
    measured across the same stretch of time."""
    results = {target.label: Sample() for target in targets}
    for number in range(rounds):
        share = requests // rounds + (1 if number < requests % rounds else 0)
        order = targets if number % 2 == 0 else list(reversed(targets))
        for target in order:
            if not share:
                continue
            sample = drive(target, requests=share, concurrency=concurrency)
            total = results[target.label]
            total.latencies.extend(sample.latencies)
            total.elapsed += sample.elapsed
            total.failures += sample.failures
            total.size = sample.size or total.size
    return results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
