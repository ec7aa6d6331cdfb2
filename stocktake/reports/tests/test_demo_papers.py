"""The demo's June 2019 board pack, written as JSON by `stocktake report --format json`, holds
no date after 30 June 2019 except deadlines and targets, and no action is complete without an
update a lead accepted (or imported with the plan) behind it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from stocktake.accounts.models import Authority
from stocktake.reports.demo import record_register_in_its_time

DAY = dt.date(2019, 6, 30)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "30 June 2019", "30 Jun 2019", "June 2019", "Jun 2019", "Apr–Jun 2019"
ENGLISH = re.compile(rf"\b(?:(\d{{1,2}}) )?({MONTH})\b\.?(?:[–-](?:{MONTH}))? (\d{{4}})\b", re.I)
YEAR_RANGE = re.compile(r"\b(\d{4})[–-](\d{2})\b")  # "2019-20", a financial year
# What may be dated later: a deadline or a target, and the words that introduce one.
DEADLINE_COLUMNS = {"Due", "Target", "Oldest due"}
DEADLINE_WORDS = re.compile(r"(\bdue\b|\btarget\b|\bby\b|\bdeadline\b)[^.;]*$", re.I)


def dates_in(text: str) -> Iterator[tuple[dt.date, int]]:
    """Every date written in `text` (a month alone counts as its first day), with where it
    starts."""
    for match in ISO.finditer(text):
        yield dt.date(*(int(g) for g in match.groups())), match.start()
    for match in ENGLISH.finditer(text):
        day_text, month_name, year_text = match.groups()
        month = MONTHS[month_name.lower()]
        yield dt.date(int(year_text), month, int(day_text or 1)), match.start()


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the document with where it is ("blocks/12/rows/3/Due")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}/{index}")


def table_cells(document: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for block in document["blocks"]:
        if block["kind"] == "table":
            for row in block["rows"]:
                for column, cell in zip(block["columns"], row, strict=True):
                    if isinstance(cell, str):
                        yield block["title"], column, cell


def later_dates(document: dict[str, Any]) -> list[str]:
    """Dates after DAY that are not deadlines or targets, with their context."""
    found = []
    texts = [(path, text) for path, text in strings(document) if "/rows/" not in path]
    texts += [(f"{title} / {column}", cell) for title, column, cell in table_cells(document)
              if column not in DEADLINE_COLUMNS]  # fmt: skip
    for where, text in texts:
        if where.endswith(("/target", "/x_labels")) and "/data/" in where:
            continue  # a chart's target line; its x labels are checked below
        for when, start in dates_in(text):
            if when <= DAY:
                continue
            if DEADLINE_WORDS.search(text[max(0, start - 60) : start]):
                continue
            found.append(f"{where}: …{text[max(0, start - 60) : start + 20]}…")
    return found


@pytest.mark.slow
def test_the_demo_june_2019_pack_as_json_has_nothing_after_its_day(demo_loaded, db, tmp_path):
    blackpool = Authority.objects.get(name="Blackpool (demo)")
    record_register_in_its_time(blackpool)  # as `load-demo` does before issuing its papers
    path = Path(tmp_path) / "pack.json"
    call_command(
        "report", "board-pack", "--authority", "Blackpool (demo)",
        "--plan", "12 Week Plan – Phase 2", "--period", "2019-06",
        "--format", "json", "--output", str(path), stdout=StringIO(),
    )  # fmt: skip
    document = json.loads(path.read_text(encoding="utf-8"))

    assert document["prepared_on"] == "30 June 2019"
    assert later_dates(document) == []
    for block in document["blocks"]:
        if block["kind"] == "chart" and "x_labels" in block["data"]:
            for label in block["data"]["x_labels"]:
                assert all(when <= DAY for when, _ in dates_in(label)), (block["title"], label)
    complete = 0
    for block in document["blocks"]:
        if block["kind"] == "table" and block["title"].endswith(": actions"):
            status = block["columns"].index("Delivery status")
            update = block["columns"].index("Latest update")
            for row in block["rows"]:
                if row[status] == "Complete":
                    complete += 1
                    assert row[update] != "No update reported", row[0]
                    assert all(when <= DAY for when, _ in dates_in(row[update])), row[0]
    summary = json.dumps(document["blocks"][:12], ensure_ascii=False)
    if complete:
        assert f"{complete} of " in summary
    else:
        assert "None of " in summary


def test_the_date_scan_finds_a_later_date_but_not_a_deadline():
    document = {
        "title": "Pack",
        "blocks": [
            {"kind": "paragraph", "text": "Prepared with figures for July 2019."},
            {"kind": "paragraph", "text": "A target of 20% by March 2020."},
            {
                "kind": "table",
                "title": "Actions",
                "columns": ["Action", "Due", "Latest update"],
                "rows": [
                    ["LA1: Do it", "1 September 2019", "2 Dec 2026: Imported"],
                    ["LA2: Do it", "2019-07-01", "2019-06-01: fine"],
                ],
            },
        ],
    }
    found = later_dates(document)
    assert len(found) == 2
    assert "July 2019" in found[0] and "2 Dec 2026" in found[1]
