"""Prepare one database for the benchmark: migrate, generate, count queries, sign in.

Run by `benchmarks/run.py` in a child process whose DATABASE_URL names a scratch database
(Django's settings are read once per process, so each database gets its own process).
Prints one JSON object on its last line of output: the pages to load, the session cookie
of the signed-in lead, the data set's size, and the SQL queries each page runs on the
500-action plan and on a small plan, counted in-process with CaptureQueriesContext.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Generated, generate, setup_django

SMALL = {
    "actions": 5,
    "updates": 20,
    "people": 10,
    "themes": 2,
    "authority_name": "Small Borough",
    "lead_username": "small-lead",
    "detail_updates": 4,
}


def pages(made: Generated) -> dict[str, str]:
    plan = f"/a/{made.authority_slug}/plans/{made.plan_id}/"
    return {
        "healthz": "/healthz",
        "dashboard": plan,
        "action_list": plan + "actions/",
        "action_detail": plan + f"actions/{made.detail_action_id}/",
    }


def signed_in_client(username: str) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def count_queries(made: Generated) -> dict[str, dict[str, Any]]:
    """Each page's SQL queries on its second request (the first warms per-process caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(made.lead_username)
    counts = {}
    for name, url in pages(made).items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}, not 200")
        body = response.content.decode()
        counts[name] = {
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
            "timeline_items": body.count('class="st-timeline__item"'),
            "table_rows": body.count('<tr class="govuk-table__row">'),
        }
    return counts


def analyse() -> None:
    """Give PostgreSQL's planner statistics, as autovacuum would soon after a real import.
    (Nothing does this for SQLite in normal use, so it is left as Django leaves it.)"""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    big = generate()
    small = generate(**SMALL)  # type: ignore[arg-type]
    analyse()
    client = signed_in_client(big.lead_username)
    result = {
        "vendor": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "dataset": asdict(big),
        "small_dataset": asdict(small),
        "pages": pages(big),
        "session_cookie": f"{settings.SESSION_COOKIE_NAME}="
        f"{client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "queries": {"large": count_queries(big), "small": count_queries(small)},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
