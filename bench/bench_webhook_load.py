"""Load generators for bench/bench_webhook.py: threads over http.client, loopback only, bounded in count and time.

Requests are prepared (signed) before the clock starts. gunicorn's sync workers close each
connection after answering; http.client reopens it for the next request.
"""
from __future__ import annotations

import http.client
import itertools
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass(frozen=True)
class Request:
    path: str  # with its query string
    body: bytes


@dataclass
class Result:
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    answers: dict[int, bytes] = field(default_factory=dict)  # request index → body (burst only)

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def request(path: str, query: dict, body: bytes) -> Request:
    return Request(f"{path}?{urlencode(query)}", body)


class _Poster:
    """One keep-alive-capable connection per thread."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def post(self, req: Request) -> tuple[int, bytes]:
        try:
            self.conn.request("POST", req.path, body=req.body, headers={"Content-Type": "text/xml"})
            answer = self.conn.getresponse()
            return answer.status, answer.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return 0, b""


def closed_loop(port: int, requests: list[Request], *, threads: int, seconds: float) -> Result:
    """As fast as `threads` connections go, for `seconds` or until the requests run out."""
    result, lock, feed = Result(), threading.Lock(), iter(requests)
    deadline = time.perf_counter() + seconds

    def work():
        poster, mine, errors = _Poster(port), [], 0
        while time.perf_counter() < deadline:
            with lock:
                req = next(feed, None)
            if req is None:
                break
            started = time.perf_counter()
            status, _ = poster.post(req)
            mine.append((time.perf_counter() - started) * 1000)
            errors += status != 200
        with lock:
            result.latencies_ms.extend(mine)
            result.errors += errors

    result.seconds = _run(work, threads)
    return result


def paced(port: int, requests: list[Request], *, rate: float, seconds: float, threads: int) -> Result:
    """Open loop at `rate` per second; latency counts from the scheduled send time (no coordinated omission)."""
    total = min(len(requests), int(rate * seconds))
    result, lock, slots = Result(), threading.Lock(), itertools.count()
    start = time.perf_counter() + 0.2

    def work():
        poster, mine, errors = _Poster(port), [], 0
        while True:
            with lock:
                i = next(slots)
            if i >= total:
                break
            due = start + i / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            status, _ = poster.post(requests[i])
            mine.append((time.perf_counter() - due) * 1000)
            errors += status != 200
        with lock:
            result.latencies_ms.extend(mine)
            result.errors += errors

    result.seconds = _run(work, threads)
    return result


def burst(port: int, requests: list[Request], *, threads: int, seconds: float) -> Result:
    """Every request once, as fast as possible (bounded by `seconds`), keeping each answer."""
    result, lock, feed = Result(), threading.Lock(), iter(enumerate(requests))
    deadline = time.perf_counter() + seconds

    def work():
        poster, mine, answers, errors = _Poster(port), [], {}, 0
        while time.perf_counter() < deadline:
            with lock:
                item = next(feed, None)
            if item is None:
                break
            started = time.perf_counter()
            status, body = poster.post(item[1])
            mine.append((time.perf_counter() - started) * 1000)
            answers[item[0]] = body if status == 200 else None
            errors += status != 200
        with lock:
            result.latencies_ms.extend(mine)
            result.answers.update(answers)
            result.errors += errors

    result.seconds = _run(work, threads)
    return result


def _run(work, threads: int) -> float:
    pool = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


class HostCpu:
    """How the machine's CPUs were spent while a block ran (/proc/stat): busy, idle and stolen.

    Steal is time the hypervisor gave this VM's CPUs to other guests: a figure measured with
    much of it ran on a slower machine than one measured without (see docs/wechat.md)."""

    def __enter__(self) -> "HostCpu":
        self._start = _proc_stat()
        return self

    def __exit__(self, *_: object) -> None:
        spent = [end - start for start, end in zip(self._start, _proc_stat())]
        total = sum(spent) or 1
        self.idle = (spent[3] + spent[4]) / total  # idle + iowait
        self.steal = spent[7] / total if len(spent) > 7 else 0.0
        self.busy = 1 - self.idle - self.steal

    def __str__(self) -> str:
        return f"host CPU busy {self.busy:.0%}, idle {self.idle:.0%}, stolen {self.steal:.0%}"


def _proc_stat() -> list[int]:
    try:
        with open("/proc/stat") as f:
            return [int(v) for v in f.readline().split()[1:]]
    except OSError:  # not Linux: nothing to report
        return [0] * 8


def host_speed() -> str:
    """A fixed pure-Python loop's CPU time, median of 3: how fast this VM's CPU ran just now.

    The hypervisor slows this shared VM in ways `steal` does not show: in the fourth session a
    three-times-longer loop took 0.32 s in one hour and 0.68 s in another with no steal reported,
    and the bare endpoint's rate fell by a third with it. Runs are comparable only when this is."""
    def loop() -> float:
        started, total = time.process_time(), 0
        for i in range(1_000_000):
            total += i * i % 7
        return time.process_time() - started

    return f"host speed: a fixed loop took {statistics.median(loop() for _ in range(3)) * 1000:.0f} ms of CPU"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
