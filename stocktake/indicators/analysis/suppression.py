"""Small-number suppression for anything published: DfE shows counts from 1 to 5 as "c".

A percentage, rate or average made from a suppressed numerator is suppressed too, since
with its denominator it would give the small number away.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stocktake.indicators.analysis.spc import Bools

MARK = "c"


@dataclass(frozen=True)
class SuppressionRule:
    low: float = 1
    high: float = 5
    enabled: bool = True

    @classmethod
    def parse(cls, text: str) -> SuppressionRule:
        """ "1-5" (the default), "1-9", or "none"."""
        text = text.strip().lower()
        if text in {"none", "off", "no"}:
            return cls(enabled=False)
        low, sep, high = text.replace("–", "-").partition("-")
        try:
            rule = cls(float(low), float(high)) if sep else cls(1, float(low))
        except ValueError:
            raise ValueError(
                f"Suppression must be a range like 1-5, or none, not {text!r}"
            ) from None
        if rule.low > rule.high:
            raise ValueError("The suppression range's low end must not be above its high end")
        return rule

    def __str__(self) -> str:
        return f"{self.low:g}-{self.high:g}" if self.enabled else "none"


def small(values: npt.ArrayLike, rule: SuppressionRule) -> Bools:
    """True for each value to be shown as "c" (NaN is never suppressed)."""
    x = np.asarray(values, np.float64)
    if not rule.enabled:
        return np.zeros(x.shape, bool)
    with np.errstate(invalid="ignore"):
        return (x >= rule.low) & (x <= rule.high)


def masks(
    values: npt.ArrayLike,
    numerators: npt.ArrayLike,
    denominators: npt.ArrayLike,
    unit: str,
    rule: SuppressionRule,
) -> tuple[Bools, Bools, Bools]:
    """Which values, numerators and denominators to suppress."""
    numerator, denominator = small(numerators, rule), small(denominators, rule)
    value = small(values, rule) if unit == "count" else numerator.copy()
    return value, numerator, denominator
