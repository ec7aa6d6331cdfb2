"""The load side of the benchmark: run gunicorn, send it requests from many client threads
on keep-alive connections, and account for time and CPU. Pure standard library."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The benchmark's X-Bench header, status, request time (microseconds) and worker pid.
LOG_FORMAT = "%({x-bench}i)s %(s)s %(D)s %(p)s"


@dataclass
class Options:
    rounds: int = 5
    requests: int = 100
    warmup: int = 16
    clients: int = 16
    workers: int = 2
    threads: int = 8
    databases: list[str] = field(default_factory=lambda: ["sqlite", "postgresql"])
    require_postgres: bool = False
    nice: int = 0


# --- The server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], opts: Options, log_dir: Path) -> Iterator[tuple[int, Path, int]]:
    port = free_port()
    access_log = log_dir / "access.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "stocktake.wsgi",
        "--chdir",
        str(ROOT),
        "-w",
        str(opts.workers),
        "--threads",
        str(opts.threads),
        "-b",
        f"127.0.0.1:{port}",
        "--keep-alive",
        "10",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        LOG_FORMAT,
        "--error-logfile",
        "-",  # stderr: start-up errors and warnings show in the benchmark's output
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_until_up(port, server)
        settle(server.pid)
        yield port, access_log, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; its errors are above")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 30 seconds")


def settle(pid: int, limit: float = 20.0) -> None:
    """Wait until every worker has booted: the workers' CPU use stops climbing."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - before < 0.02:
            return
        before = now


# --- The load ------------------------------------------------------------------------------


@dataclass
class Load:
    latencies_ms: list[float]
    errors: list[str]
    seconds: float
    client_cpu_ms: float  # this process's CPU time per request (the load tool's own cost)
    server_cpu_ms: float  # gunicorn workers' CPU time per request, warm-up included

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process's children (gunicorn's workers), from /proc."""
    total = 0
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        for child in children:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def background_busy(seconds: float = 1.0) -> float:
    """The share of all CPUs busy while the benchmark itself is idle: other people's work."""

    def busy_and_total() -> tuple[int, int]:
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        return sum(ticks) - ticks[3] - ticks[4], sum(ticks)  # less idle and iowait

    busy, total = busy_and_total()
    time.sleep(seconds)
    busy2, total2 = busy_and_total()
    return (busy2 - busy) / max(total2 - total, 1)


def load(port: int, path: str, cookie: str, tag: str, opts: Options, server_pid: int) -> Load:
    """`opts.warmup` then `opts.requests` GETs of `path` from `opts.clients` threads."""
    total = opts.warmup + opts.requests
    lock = threading.Lock()
    next_index = iter(range(total))
    samples: list[tuple[float, float]] = []
    errors: list[str] = []
    start = threading.Barrier(opts.clients)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                break
            warm = index < opts.warmup
            headers = {"Cookie": cookie, "X-Bench": f"{tag}:{'warm' if warm else 'timed'}"}
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {error!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            ended = time.perf_counter()
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
            elif not warm:
                with lock:
                    samples.append((began, ended))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(opts.clients)]
    server_cpu, client_cpu = cpu_seconds(server_pid), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server_cpu, client_cpu = cpu_seconds(server_pid) - server_cpu, time.process_time() - client_cpu
    seconds = (max(e for _, e in samples) - min(b for b, _ in samples)) if samples else 0.0
    return Load(
        [(e - b) * 1000 for b, e in samples],
        errors,
        seconds,
        client_cpu * 1000 / total,
        server_cpu * 1000 / total,
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def summarise(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50": statistics.median(values), "p95": p95(values)}


def server_times(access_log: Path) -> tuple[dict[str, list[float]], dict[str, float]]:
    """gunicorn's request time (ms) for each timed request, by its X-Bench tag; and the
    share of those requests that the busiest worker served."""
    times: dict[str, list[float]] = defaultdict(list)
    workers: dict[str, Counter[str]] = defaultdict(Counter)
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0].endswith(":timed") and parts[1] == "200":
            tag = parts[0].removesuffix(":timed")
            times[tag].append(int(parts[2]) / 1000)
            workers[tag][parts[3]] += 1
    busiest = {tag: max(c.values()) / sum(c.values()) for tag, c in workers.items()}
    return times, busiest


@dataclass
class Server:
    port: int
    access_log: Path
    pid: int
