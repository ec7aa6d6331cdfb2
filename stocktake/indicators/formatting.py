"""Numbers as people read them: "27.4%", "5.2 percentage points", "633.1 per 10,000".

Pure functions, shared by pages, the generated commentary and the exports.
"""

from __future__ import annotations

import math

PERCENT, COUNT, RATE_10K, DAYS, RATIO = "percent", "count", "rate_10k", "days", "ratio"
# Values from 1 to 5 are shown as "c" in anything published (DfE's convention).
SUPPRESSED = "c"


def number(value: float | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    places = 0 if float(value).is_integer() and decimals else decimals
    return f"{value:,.{places}f}"


def value_text(value: float | None, unit: str, decimals: int = 1) -> str:
    """A value with its unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no figure"
    if unit == PERCENT:
        return f"{number(value, decimals)}%"
    if unit == COUNT:
        return number(value, 0)
    if unit == RATE_10K:
        return f"{number(value, decimals)} per 10,000"
    if unit == DAYS:
        days = number(value, decimals)
        return f"{days} day" if value == 1 else f"{days} days"
    return number(value, decimals)


def difference_text(value: float, unit: str, decimals: int = 1) -> str:
    """The size of a difference between two values, without a sign."""
    size = abs(value)
    if unit == PERCENT:
        points = number(size, decimals)
        return f"{points} percentage point" + ("" if size == 1 else "s")
    return value_text(size, unit, decimals)


def suppress(
    value: float | None, low: float | None = 1, high: float | None = 5
) -> float | str | None:
    """`value`, or "c" when it is a small number (from `low` to `high`) that could identify
    a child. `low=None` switches suppression off."""
    if value is None or low is None or high is None:
        return value
    return SUPPRESSED if low <= value <= high else value
