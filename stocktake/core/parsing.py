"""Reading the numbers, ids and dates people type, in one place, so no input crashes a page.

Three classes of input used to give server errors, and each is handled here at its root:

- digits that are not ASCII: `"²".isdigit()` is true but `int("²")` fails, so a whole
  number is ASCII digits (with an optional sign), matched by a pattern, never `isdigit()`;
- numbers past what the database stores: an id past 64 bits, or a count past a 32-bit
  column, fails in the database driver, so every number is checked against the range of
  the column it is meant for before it reaches a query;
- huge years: `datetime.date(10**20, 1, 1)` raises `OverflowError`, not `ValueError`, so a
  date is made only from a four-digit year, and both errors mean "not a real date".

Everything returns None (or an empty list) for input it cannot read; callers decide what
to say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field

# The ranges every supported database stores (PostgreSQL's, the strictest), by field type.
INTEGER_RANGES: dict[str, tuple[int, int]] = dict(BaseDatabaseOperations.integer_field_ranges)
INT32 = INTEGER_RANGES["IntegerField"]
ID_RANGE = (1, INTEGER_RANGES["BigIntegerField"][1])  # BigAutoField ids are positive
FIRST_YEAR, LAST_YEAR = 1000, 9999  # four digits: the GOV.UK date pattern asks for them

_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")


def parse_int(value: object, *, minimum: int = INT32[0], maximum: int = INT32[1]) -> int | None:
    """A whole number written in ASCII digits, within [minimum, maximum]; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not _WHOLE.fullmatch(text):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A row id (a positive 64-bit integer) from a query string or form value; else None."""
    return parse_int(value, minimum=ID_RANGE[0], maximum=ID_RANGE[1])


def parse_ids(values: Iterable[object]) -> list[int]:
    """The values that are row ids, in order, without repeats; the rest are dropped."""
    ids: dict[int, None] = {}
    for value in values:
        number = parse_id(value)
        if number is not None:
            ids[number] = None
    return list(ids)


def field_range(field: Field) -> tuple[int, int]:
    """The range of values an integer model field stores on every supported database."""
    return INTEGER_RANGES.get(field.get_internal_type(), INTEGER_RANGES["BigIntegerField"])


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, if it is a real one with a four-digit year; else None."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def parse_iso_date(value: object) -> dt.date | None:
    """A date written as YYYY-MM-DD; else None."""
    text = str(value or "").strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    year, month, day = (int(part) for part in text.split("-"))
    return make_date(year, month, day)


def query_text(value: object, *, max_length: int = 200) -> str:
    """Free text from a query string, safe to filter on: no NUL characters (PostgreSQL
    refuses them in text) and no longer than `max_length`."""
    return str(value or "").replace("\x00", "")[:max_length]
