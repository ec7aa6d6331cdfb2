"""Checking one period's figures – value, numerator, denominator – the same way everywhere.

Used by the one-at-a-time form, the service behind it and every row of an upload, so a
figure refused in one place is refused, with the same words, in all of them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# value = numerator / denominator * scale
SCALE = {"percent": 100.0, "rate_10k": 10_000.0, "ratio": 1.0, "days": 1.0, "count": 1.0}
# A value given with its numerator and denominator must agree with them to this much
# (in the value's own units), allowing for rounding in the source system.
AGREEMENT = 0.1
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class NotANumber(ValueError):
    pass


def read_number(text: str) -> float | None:
    """A number as typed or exported: "12.5", "12.5%", "1,234", " 7 ". Blank is None."""
    raw = str(text).strip().replace(",", "").replace("\u00a0", "").rstrip("%").strip()
    if raw == "":
        return None
    if not _NUMBER.match(raw):
        raise NotANumber(text)
    number = float(raw)
    if not math.isfinite(number):
        raise NotANumber(text)
    return number


@dataclass
class Checked:
    value: float | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field name → message


def check_figures(
    unit: str,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
) -> Checked:
    """The value to store, worked out from the numerator and denominator if it was not given,
    or the problems with the figures, each against the field to correct."""
    errors: dict[str, str] = {}
    for name, number in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        if number is not None and number < 0:
            errors[name] = f"The {name} cannot be negative"
    if numerator is not None and denominator is not None and "denominator" not in errors:
        if denominator == 0:
            errors["denominator"] = "The denominator cannot be 0"
        elif unit == "percent" and numerator > denominator:
            errors["numerator"] = (
                f"The numerator ({numerator:g}) is larger than the denominator "
                f"({denominator:g}); a percentage's numerator counts part of its denominator"
            )
    if (numerator is None) != (denominator is None) and unit != "count":
        missing = "denominator" if denominator is None else "numerator"
        errors[missing] = f"Give the {missing} as well, or neither"
    if errors:
        return Checked(errors=errors)
    computed = (
        numerator / denominator * SCALE[unit]
        if numerator is not None and denominator is not None
        else None
    )
    if value is None:
        value = computed if computed is not None else numerator if unit == "count" else None
    if value is None:
        return Checked(errors={"value": "Enter the value, or its numerator and denominator"})
    if unit == "percent" and value > 100:
        return Checked(errors={"value": f"A percentage cannot be over 100 ({value:g} given)"})
    if computed is not None and abs(computed - value) > AGREEMENT:
        return Checked(
            errors={
                "value": f"The value ({value:g}) does not match its numerator and denominator, "
                f"which give {computed:.2f}"
            }
        )
    return Checked(value=value)
