"""Settings come from the environment and fail fast, at import, on anything missing or wrong.

Each case imports `stocktake.settings` in a fresh Python with only the variables given.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRINT = (
    "import stocktake.settings as s; "
    "print(s.PRODUCTION, s.DEBUG, s.DEMO_LOGINS_ALLOWED, s.ALLOWED_HOSTS, s.EVIDENCE_MAX_BYTES)"
)


def import_settings(
    tmp_path: Path, code: str = PRINT, **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("STOCKTAKE_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean["STOCKTAKE_VAR_DIR"] = str(tmp_path)
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {
    "STOCKTAKE_ENV": "production",
    "STOCKTAKE_SECRET_KEY": "k" * 50,
    "STOCKTAKE_ALLOWED_HOSTS": "stocktake.example.gov.uk",
}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"STOCKTAKE_ENV": "production"},
            "Set STOCKTAKE_SECRET_KEY: production needs a secret key",
        ),
        ({}, "Set STOCKTAKE_SECRET_KEY: production needs a secret key"),  # production by default
        (
            {**PRODUCTION, "STOCKTAKE_ALLOWED_HOSTS": ""},
            "Set STOCKTAKE_ALLOWED_HOSTS (comma-separated) in production",
        ),
        (
            {**PRODUCTION, "STOCKTAKE_DEBUG": "maybe"},
            "STOCKTAKE_DEBUG must be true or false, not 'maybe'",
        ),
        (
            {"STOCKTAKE_ENV": "development", "STOCKTAKE_DEBUG": "2"},
            "STOCKTAKE_DEBUG must be true or false, not '2'",
        ),
        (
            {**PRODUCTION, "STOCKTAKE_DEBUG": "true"},
            "STOCKTAKE_DEBUG cannot be on when STOCKTAKE_ENV is production",
        ),
        ({"STOCKTAKE_ENV": "staging"}, "STOCKTAKE_ENV must be production or development"),
        (
            {**PRODUCTION, "STOCKTAKE_EVIDENCE_MAX_MB": "ten"},
            "STOCKTAKE_EVIDENCE_MAX_MB must be a whole number, not 'ten'",
        ),
    ],
    ids=[
        "no key",
        "no env no key",
        "no hosts",
        "bad debug",
        "bad debug in development",
        "debug in production",
        "unknown env",
        "bad number",
    ],
)
def test_bad_or_missing_settings_fail_at_import(tmp_path, env, message):
    result = import_settings(tmp_path, **env)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: " + message in result.stderr


def test_production_with_a_key_and_hosts_starts_without_debug_or_demo_logins(tmp_path):
    result = import_settings(
        tmp_path,
        **PRODUCTION,
        STOCKTAKE_EVIDENCE_MAX_MB="5",
        DATABASE_URL="postgres://app@db.internal:5432/stocktake",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split(None, 3) == [
        "True",
        "False",
        "False",
        f"['stocktake.example.gov.uk'] {5 * 1024 * 1024}\n",
    ]


def test_development_makes_a_private_secret_key_and_allows_demo_logins(tmp_path):
    result = import_settings(tmp_path, STOCKTAKE_ENV="development", STOCKTAKE_DEBUG="yes")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False True True")
    key = tmp_path / "secret_key"
    assert len(key.read_text()) >= 50
    assert key.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("env", "runner"),
    [
        (PRODUCTION, "worker"),
        ({"STOCKTAKE_ENV": "development"}, "thread"),
        ({**PRODUCTION, "STOCKTAKE_REPORT_RUNNER": "thread"}, "thread"),
    ],
    ids=["production queues for a worker", "development uses a thread", "chosen"],
)
def test_reports_run_on_a_worker_in_production_unless_told_otherwise(tmp_path, env, runner):
    code = "import stocktake.settings as s; print(s.STOCKTAKE_REPORT_RUNNER)"
    result = import_settings(tmp_path, code, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == runner


def test_an_unknown_report_runner_fails_at_import(tmp_path):
    result = import_settings(tmp_path, **PRODUCTION, STOCKTAKE_REPORT_RUNNER="celery")

    assert result.returncode != 0
    assert "STOCKTAKE_REPORT_RUNNER must be thread, worker or inline, not celery" in result.stderr
