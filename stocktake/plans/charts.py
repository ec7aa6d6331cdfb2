"""Charts for the plan pages, drawn as SVG by the template from these figures, each shown
with its table: delivery status by theme as stacked bars (`stocktake.core.charts`)."""

from __future__ import annotations

from collections import Counter
from typing import cast

from stocktake.core import charts
from stocktake.core.charts import BarChart, Category
from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.position import PlanPosition

# GOV.UK colours and a pattern each, in the order the statuses run.
LOOKS = {
    DeliveryStatus.NOT_STARTED: (charts.GREY, "plain"),
    DeliveryStatus.ON_TRACK: (charts.GREEN, "hatch"),
    DeliveryStatus.AT_RISK: (charts.ORANGE, "vertical"),
    DeliveryStatus.OFF_TRACK: (charts.RED, "cross"),
    DeliveryStatus.BLOCKED: (charts.PURPLE, "horizontal"),
    DeliveryStatus.COMPLETE: (charts.BLUE, "backhatch"),
}
CATEGORIES = [Category(s.value, s.label, *LOOKS[s]) for s in DeliveryStatus]


def status_by_theme(position: PlanPosition) -> BarChart | None:
    """Each theme's actions by accepted delivery status as at the position's date (actions
    with no theme last), scaled to the largest theme; None for a plan with no actions."""
    names = {cast(int, t["id"]): str(t["name"]) for t in position.themes}
    counts: dict[int | None, Counter[str]] = {pk: Counter() for pk in names}
    for row in position.rows:
        theme = row.state.theme_id if row.state.theme_id in names else None
        counts.setdefault(theme, Counter())[row.state.delivery_status] += 1
    if not position.rows:
        return None
    rows = [
        (
            names.get(pk, "No theme") if pk is not None else "No theme",
            [c[s] for s in DeliveryStatus],
        )
        for pk, c in counts.items()
    ]
    return charts.stacked_bars(CATEGORIES, rows)
