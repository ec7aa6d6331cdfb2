"""Dates a row gives its progress besides the update's own words and its column's heading:
a tracker's "Last updated" column dates the notes on its row."""

from __future__ import annotations

import datetime as dt

from stocktake.imports.dates import PlanYear, read_when


def updated_on(
    cells: list[tuple[str, str]], heading: str, year: PlanYear
) -> tuple[tuple[dt.date, str] | None, str]:
    """((date, precision), the heading that gives it) from the row's "Last updated" cells
    (heading, text), or (None, `heading`) when the row gives no whole date."""
    for date_heading, text in cells:
        when = read_when(text, context=year)
        if when.due_date is not None and when.precision == "day" and not when.problem:
            return (when.due_date, "day"), date_heading
    return None, heading
