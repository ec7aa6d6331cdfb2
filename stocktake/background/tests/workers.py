"""Real `stocktake db_worker` processes on the test database, for the tests that stop one."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    """The test database, as DATABASE_URL, for a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(log: Path, worker_id: str, *args: str, **env: str) -> subprocess.Popen[bytes]:
    """`stocktake db_worker` in its own process group (so it and LibreOffice can be killed
    together), beating every second, its output in `log`."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stocktake.settings_test",
        "DATABASE_URL": database_url(),
        "STOCKTAKE_TASK_BACKEND": "database",
        "STOCKTAKE_WORKER_BEAT_SECONDS": "1",
        "STOCKTAKE_WORKER_LOST_SECONDS": "5",
        **env,
    }
    command = [sys.executable, "-m", "stocktake", "db_worker", "--no-startup-delay",
               "--interval", "0.2", "--worker-id", worker_id, "--no-reload", *args]  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and command
            command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and everything it started; reap it, so its id is free."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def wait_for(found: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = found()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"Gave up after {seconds:g} seconds waiting for {what}")


def convert_until_killed(docx: bytes, folder: Path, timeout: float) -> bytes:
    """A PDF converter that starts as LibreOffice does (the Word file in its folder) and then
    never finishes: the worker running it is killed part-way through a report."""
    (folder / "report.docx").write_bytes(docx)
    while True:
        time.sleep(1)
