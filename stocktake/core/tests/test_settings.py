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


TASKS_AND_PDF = (
    "import stocktake.settings as s; "
    "print(s.TASKS['default']['BACKEND'], s.TASKS['default']['OPTIONS'], s.STOCKTAKE_PDF_CONVERTER)"
)


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        (PRODUCTION, "django_tasks_db.DatabaseBackend {} libreoffice"),
        ({"STOCKTAKE_ENV": "development"}, "django_tasks_db.DatabaseBackend {} libreoffice"),
        (
            {
                **PRODUCTION,
                "STOCKTAKE_TASK_BACKEND": "immediate",
                "STOCKTAKE_PDF_CONVERTER": "none",
            },
            "django_tasks.backends.immediate.ImmediateBackend {} none",
        ),
        (
            {
                **PRODUCTION,
                "STOCKTAKE_TASK_BACKEND": "django_tasks_rq.RQBackend",
                "STOCKTAKE_TASK_OPTIONS": '{"url": "redis://queue:6379/0"}',
            },
            "django_tasks_rq.RQBackend {'url': 'redis://queue:6379/0'} libreoffice",
        ),
    ],
    ids=["production", "development", "tests' choices", "another backend by its path"],
)
def test_background_tasks_use_the_database_backend_unless_told_otherwise(tmp_path, env, printed):
    result = import_settings(tmp_path, TASKS_AND_PDF, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == printed


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"STOCKTAKE_TASK_BACKEND": "celery"},
            "STOCKTAKE_TASK_BACKEND must be database, immediate, dummy or the dotted path of a "
            "django-tasks backend, not 'celery'",
        ),
        ({"STOCKTAKE_TASK_OPTIONS": "[1]"}, "STOCKTAKE_TASK_OPTIONS must be a JSON object"),
        ({"STOCKTAKE_TASK_OPTIONS": "{url"}, "STOCKTAKE_TASK_OPTIONS must be a JSON object"),
        (
            {"STOCKTAKE_WORKER_BEAT_SECONDS": "60", "STOCKTAKE_WORKER_LOST_SECONDS": "30"},
            "STOCKTAKE_WORKER_LOST_SECONDS must be longer than STOCKTAKE_WORKER_BEAT_SECONDS",
        ),
        (
            {"STOCKTAKE_PDF_CONVERTER": "word"},
            "STOCKTAKE_PDF_CONVERTER must be libreoffice, none or the dotted path of a "
            "converter, not 'word'",
        ),
    ],
)
def test_bad_task_and_pdf_settings_fail_at_import(tmp_path, env, message):
    result = import_settings(tmp_path, **PRODUCTION, **env)

    assert result.returncode != 0
    assert message in result.stderr
