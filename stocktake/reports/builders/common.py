"""Plain-English helpers every report builder shares: dates, counts with their denominators,
action and owner labels, RAG words, the reportable latest update of each action, and charts
as frozen data.

Engineer C's builders import from here too: keep these signatures stable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from stocktake.documents.pictures import chart_from_dict
from stocktake.governance.selectors import reportable_updates
from stocktake.indicators.analysis.suppression import MARK as SUPPRESSED_MARK
from stocktake.indicators.analysis.suppression import SuppressionRule, masks
from stocktake.indicators.charts import ChartData
from stocktake.indicators.presenters import STATUS, chart_data, fmt
from stocktake.indicators.selectors import Loaded
from stocktake.plans.choices import DeliveryStatus, Rag
from stocktake.plans.models import Action, Plan, Update

__all__ = ["chart_from_dict"]  # kept here for builders that import it from common

RAG_WORDS: dict[str, str] = {
    Rag.RED: "Red",
    Rag.AMBER: "Amber",
    Rag.GREEN: "Green",
    Rag.BLUE: "Blue (complete)",
    "": "Not rated",
}
# The colour a RAG or delivery status gives a table row (`Table.row_marks`).
RAG_MARKS: dict[str, str] = {
    Rag.RED: "red",
    Rag.AMBER: "amber",
    Rag.GREEN: "green",
    Rag.BLUE: "green",
}
STATUS_MARKS: dict[str, str] = {
    DeliveryStatus.BLOCKED: "red",
    DeliveryStatus.OFF_TRACK: "red",
    DeliveryStatus.AT_RISK: "amber",
    DeliveryStatus.ON_TRACK: "green",
    DeliveryStatus.COMPLETE: "green",
    DeliveryStatus.NOT_STARTED: "grey",
}
STATUS_WORDS: dict[str, str] = dict(DeliveryStatus.choices)


def day(value: dt.date | None, empty: str = "") -> str:
    """ "7 January 2019"."""
    return f"{value:%-d %B %Y}" if value else empty


def short_day(value: dt.date | None, empty: str = "") -> str:
    """ "7 Jan 2019", for narrow table columns."""
    return f"{value:%-d %b %Y}" if value else empty


def month(value: dt.date) -> str:
    """ "June 2019"."""
    return f"{value:%B %Y}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 action", "3 actions"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def percent(part: int, whole: int) -> str:
    """ "55%" (rounded half up), or "" when there is no denominator."""
    if whole <= 0:
        return ""
    return f"{math.floor(part * 100 / whole + 0.5)}%"


def of_total(part: int, whole: int, noun: str = "actions", singular: str | None = None) -> str:
    """ "12 of 22 actions (55%)"; "none of 22 actions"; "0 actions" when there are none.

    `noun` follows the denominator ("1 of 1 action" uses `singular`, by default `noun`
    without its final s)."""
    one = singular or (noun[:-1] if noun.endswith("s") else noun)
    word = one if whole == 1 else noun
    if whole <= 0:
        return f"0 {noun}"
    if part == 0:
        return f"none of {whole:,} {word}"
    return f"{part:,} of {whole:,} {word} ({percent(part, whole)})"


def capitalised(sentence: str) -> str:
    """The sentence with its first letter a capital ("none of 4…" → "None of 4…")."""
    return sentence[:1].upper() + sentence[1:]


def rag_label(rag: str) -> str:
    return RAG_WORDS.get(rag, rag.title() if rag else "Not rated")


def rag_mark(rag: str) -> str:
    return RAG_MARKS.get(rag, "")


def status_label(status: str) -> str:
    return STATUS_WORDS.get(status, status.replace("_", " ").capitalize())


def status_mark(status: str) -> str:
    return STATUS_MARKS.get(status, "")


def shorten(text: str, limit: int = 90) -> str:
    """The first line of `text`, cut at a word boundary with an ellipsis beyond `limit`."""
    first = " ".join(text.split())
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.–-")
    return cut + "…"


def action_label(action: Action, limit: int = 90) -> str:
    """ "LA3: Ensure all referrals…" — never a code without its words."""
    text = shorten(action.text, limit)
    if not action.reference:
        return text
    return f"{action.reference}: {text}"


def theme_label(action: Action) -> str:
    return action.theme.name if action.theme_id and action.theme else "No theme"


def owner_names(action: Action) -> str:
    """ "Olive Owner – Head of Service; Pat Partner" (prefetch `owners__person`)."""
    names = [owner.person.label for owner in action.owners.all()]
    return "; ".join(dict.fromkeys(names)) or "No owner named"


def due_label(action: Action) -> str:
    if action.due_date:
        return day(action.due_date)
    return action.deadline_text or "No date"


def latest_reportable_updates(
    plan: Plan, *, include_unreviewed: bool = False, on_or_before: dt.date | None = None
) -> dict[int, Update]:
    """The newest update of each action a report may quote (imported, or accepted; with
    `include_unreviewed` also still awaiting review), dated on or before `on_or_before`."""
    updates = reportable_updates(plan, include_unreviewed=include_unreviewed)
    if on_or_before is not None:
        updates = updates.filter(date__lte=on_or_before)
    latest: dict[int, Update] = {}
    for update in updates.order_by("action_id", "-date", "-id"):
        latest.setdefault(update.action_id, update)
    return latest


def update_line(update: Update | None, limit: int = 240) -> str:
    """ "12 June 2019: The audit found…", or "No update reported"."""
    if update is None:
        return "No update reported"
    return f"{day(update.date)}: {shorten(update.text, limit)}"


def counts_sentence(counts: Iterable[tuple[str, int]]) -> str:
    """ "3 red, 5 amber and 12 green" from (word, count) pairs, leaving out zeros."""
    parts = [f"{count:,} {word}" for word, count in counts if count]
    if not parts:
        return "none"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def chart_to_dict(data: ChartData) -> dict[str, Any]:
    """A chart's data as JSON (NaN and infinities become None; numpy numbers plain)."""
    raw = dataclasses.asdict(data)
    result: dict[str, Any] = _finite(_plain(raw))
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # a numpy scalar
    return value


# Indicators, as a published report shows them ---------------------------------------------


def suppression_rule() -> SuppressionRule:
    """The rule the indicators app publishes by (the INDICATOR_SUPPRESSION setting)."""
    from stocktake.indicators.exports import default_rule

    return default_rule()


def suppression_rule_for(kind: str) -> SuppressionRule:
    """The rule a kind of paper publishes by: STOCKTAKE_REPORT_SUPPRESSION[kind] ("1-5" or
    "none"), or INDICATOR_SUPPRESSION for a kind the setting does not name."""
    from django.conf import settings

    chosen = getattr(settings, "STOCKTAKE_REPORT_SUPPRESSION", {}).get(kind)
    return suppression_rule() if chosen is None else SuppressionRule.parse(str(chosen))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(loaded: Loaded, rule: SuppressionRule, points: int = 12) -> str:
    """The last `points` figures as a text sparkline ("▃▄▅▇"), a suppressed figure as a gap."""
    hidden = hidden_values(loaded, rule)[-points:]
    values = loaded.values[-points:]
    shown = [v for v, h in zip(values, hidden, strict=True) if not h and math.isfinite(v)]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    marks = []
    for value, hide in zip(values, hidden, strict=True):
        if hide or not math.isfinite(value):
            marks.append(" ")
        elif high == low:
            marks.append(SPARKS[3])
        else:
            marks.append(SPARKS[round((value - low) / (high - low) * (len(SPARKS) - 1))])
    return "".join(marks)


def hidden_values(loaded: Loaded, rule: SuppressionRule) -> list[bool]:
    """Which of an indicator's values a report must show as "c"."""
    hide, _, _ = masks(
        loaded.values,
        [math.nan if v is None else v for v in loaded.numerators],
        [math.nan if v is None else v for v in loaded.denominators],
        loaded.indicator.unit,
        rule,
    )
    return [bool(h) for h in hide]


def indicator_value(loaded: Loaded, rule: SuppressionRule) -> str:
    """The latest value as printed ("62.5%"), "c" when suppressed, "No figures" if none."""
    if not loaded.values:
        return "No figures"
    if hidden_values(loaded, rule)[-1]:
        return SUPPRESSED_MARK
    return fmt(loaded.indicator, loaded.latest_value)


def indicator_chart(loaded: Loaded, rule: SuppressionRule) -> dict[str, Any]:
    """The indicator's SPC chart as frozen data, suppressed values left out of the line."""
    data = chart_data(loaded)
    hidden = hidden_values(loaded, rule)
    if any(hidden):
        data.values = [math.nan if h else v for v, h in zip(data.values, hidden, strict=True)]
        for name in ("improving", "concerning", "neither"):
            mask = getattr(data, name)
            if mask:
                setattr(data, name, [m and not h for m, h in zip(mask, hidden, strict=True)])
        data.description += " Small numbers are not shown."
    return chart_to_dict(data)


def indicator_status(loaded: Loaded) -> str:
    return STATUS[loaded.analysis.status][0]


STATUS_ROW_MARKS = {"met": "green", "within_tolerance": "amber", "missed": "red"}


def indicator_mark(loaded: Loaded) -> str:
    return STATUS_ROW_MARKS.get(loaded.analysis.status, "grey")


def indicator_target(loaded: Loaded) -> str:
    target = loaded.compared_target or loaded.next_target
    if target is None:
        return "No target"
    return f"{fmt(loaded.indicator, target.value)} ({target.label}, {day(target.due_date)})"
