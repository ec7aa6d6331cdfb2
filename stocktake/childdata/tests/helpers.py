"""Building small Annex A extracts in tests: lists as CSV files in a folder (headers as
Ofsted writes them), then checked, stored as Parquet and computed like any upload."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
from pathlib import Path
from typing import Any

from stocktake.childdata.ingest.run import validated
from stocktake.childdata.ingest.validate import HASH_LENGTH
from stocktake.childdata.kpis import compute

SECRET = b"s" * 32
HEADERS = {
    3: ["Child Unique ID", "Date of referral", "Referral NFA?",
        "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
    4: ["Child Unique ID", "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
        "Allocated Team", "Allocated Worker"],
    5: ["Child Unique ID", "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Date of Initial Child Protection Conference", "Allocated Team", "Allocated Worker"],
    6: ["Child Unique ID", "Age of Child (Years)", "CIN Start Date", "CIN Closure Date",
        "Allocated Team", "Allocated Worker"],
    7: ["Child Unique ID", "Child Protection Plan Start Date", "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?", "Child Protection Plan End Date",
        "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"],
    8: ["Child Unique ID", "Date Started to be Looked After", "Date of Latest Statutory Review",
        "Date of Last Social Work Visit", "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
        "months", "Was the child offered a Return Interview after their last missing episode "
        "(Y/N)?", "Allocated Team", "Allocated Worker"],
    9: ["Child Unique ID", "Allocated Team", "Allocated Worker", "LA in Touch",
        "Suitability of Accommodation", "Activity Status"],
}  # fmt: skip


def write_lists(
    folder: Path, lists: dict[int, list[list[Any]]], headers: dict[int, list[str]] | None = None
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, rows in lists.items():
        with (folder / f"List {number}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow((headers or {}).get(number, HEADERS[number]))
            for row in rows:
                writer.writerow(["" if v is None else _text(v) for v in row])
    return folder


def _text(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def kpis_for(
    tmp: Path,
    extract_date: dt.date,
    lists: dict[int, list[list[Any]]],
    headers: dict[int, list[str]] | None = None,
) -> dict[str, Any]:
    """Every KPI of these lists: code → {numerator, denominator, value}, plus by_team."""
    folder = write_lists(tmp / "lists", lists, headers)
    with validated(folder, SECRET) as result:
        files = result.write_parquet(tmp)
        out = compute(files, extract_date)
    figures: dict[str, Any] = {k["code"]: k for k in out["kpis"]}
    figures["by_team"] = out["by_team"]
    return figures


def keyed(child_id: str, secret: bytes = SECRET) -> str:
    return hmac.new(secret, child_id.encode(), hashlib.sha256).hexdigest()[:HASH_LENGTH]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
