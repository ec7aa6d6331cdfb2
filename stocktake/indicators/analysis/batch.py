"""The full analysis of many indicators at once.

Series of the same length are stacked into a matrix (one row per indicator) and every step –
status against the target in force, the XmR chart and its rules, direction of travel,
projection, bands – runs over the whole matrix in one pass, so the cost is a few dozen numpy
calls per group rather than per indicator. The results are the same as `series.analyse`
gives one indicator at a time (the tests hold them to it).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from stocktake.indicators.analysis import spc, targets, trend
from stocktake.indicators.analysis.series import NOT_DUE, Analysis, Series, _assurance, analyse
from stocktake.indicators.analysis.spc import Floats
from stocktake.indicators.analysis.targets import Ints, Targets

SIGN = {"higher": 1.0, "lower": -1.0, "neutral": 0.0}


def _padded(items: list[tuple[Series, Targets]], name: str, fill: float) -> Floats:
    width = max(1, max(t.size for _, t in items))
    out = np.full((len(items), width), fill, np.float64)
    for row, (_, tg) in enumerate(items):
        out[row, : tg.size] = getattr(tg, name)
    return out


def _latest_streak(flags: np.ndarray) -> Ints:
    """For each row, how many of its last values in a row are True."""
    return np.cumprod(flags[:, ::-1], axis=1).sum(axis=1)


def _status(short: Floats, tol: Floats, sign: Floats) -> Ints:
    met = short <= np.where(sign[:, None] == 0, tol, 0.0)
    codes = np.where(met, targets.MET, np.where(short <= tol, targets.WITHIN, targets.MISSED))
    return np.where(np.isnan(short), targets.NO_TARGET, codes).astype(np.int64)


def _shortfall(gap: Floats, sign: Floats) -> Floats:
    return np.where(sign[:, None] == 0, np.abs(gap), -sign[:, None] * gap)


def _slope(x: Floats, y: Floats) -> Floats:
    dx = x - x.mean(axis=1, keepdims=True)
    den = (dx * dx).sum(axis=1)
    num = (dx * (y - y.mean(axis=1, keepdims=True))).sum(axis=1)
    return np.divide(num, den, out=np.zeros_like(num), where=den != 0)


def _bands(x: Floats, limits: list[Floats], sign: Floats) -> Ints:
    result = np.full(x.shape, targets.INADEQUATE, np.int64)
    codes = (targets.REQUIRES_IMPROVEMENT, targets.GOOD, targets.OUTSTANDING)
    for code, limit in zip(codes, limits, strict=True):
        result = np.where(sign[:, None] * (x - limit) >= 0, code, result)
    unset = np.isnan(limits[0]) & np.isnan(limits[1]) & np.isnan(limits[2])
    return np.where(unset | (sign[:, None] == 0), targets.NO_BAND, result)


def _group(items: list[tuple[Series, Targets]]) -> list[Analysis]:
    """Analyse series of one length (two or more points) together."""
    x = np.stack([s.values for s, _ in items])
    months = np.stack([s.months for s, _ in items]).astype(np.float64)
    ends = np.stack([s.ends for s, _ in items])
    sign = np.array([SIGN[s.polarity] for s, _ in items])
    counts = np.array([t.size for _, t in items])
    due = _padded(items, "due", np.inf)
    index = (due[:, None, :] <= ends[:, :, None]).sum(axis=2) - 1
    safe = np.clip(index, 0, None)

    def pick(name: str, in_force_only: bool = True) -> Floats:
        values = np.take_along_axis(_padded(items, name, np.nan), safe, axis=1)
        return np.where(index >= 0, values, np.nan) if in_force_only else values

    statuses = _status(_shortfall(x - pick("values"), sign), pick("tolerance"), sign)
    charts = spc.xmr_rows(x)
    bands = _bands(
        x, [pick(n, False) for n in ("requires_improvement", "good", "outstanding")], sign
    )
    missing = _latest_streak(statuses == targets.MISSED)
    good = _latest_streak((bands == targets.GOOD) | (bands == targets.OUTSTANDING))
    # Direction over the last 6 periods, projection over the last 12.
    dx, dy = months[:, -trend.DIRECTION_PERIODS :], x[:, -trend.DIRECTION_PERIODS :]
    change = _slope(dx, dy) * (dx[:, -1] - dx[:, 0])
    px, py = months[:, -trend.PROJECTION_PERIODS :], x[:, -trend.PROJECTION_PERIODS :]
    per_month = _slope(px, py)
    following = (due <= ends[:, -1:]).sum(axis=1)
    results = []
    for row, (series, tg) in enumerate(items):
        results.append(
            _assemble(
                series,
                tg,
                charts[row],
                statuses[row],
                index[row],
                bands[row],
                int(missing[row]),
                int(good[row]),
                float(change[row]),
                int(following[row]) if following[row] < counts[row] else None,
                float(per_month[row]),
                px[row],
                py[row],
            )
        )
    return results


def _assemble(
    series: Series,
    tg: Targets,
    chart: spc.XmR,
    statuses: Ints,
    index: Ints,
    bands: Ints,
    missing: int,
    good: int,
    change: float,
    following: int | None,
    per_month: float,
    px: Floats,
    py: Floats,
) -> Analysis:
    """One indicator's Analysis from its row of the batch (scalars only from here)."""
    polarity, n = series.polarity, series.size
    current = int(index[-1])
    compared = (current if current >= 0 else 0) if tg.size else None
    gap = None
    status = targets.STATUS_NAMES[targets.NO_TARGET]
    if compared is not None:
        gap = float(targets.shortfall(series.values[-1:], tg.values[compared : compared + 1],
                                      polarity)[0])  # fmt: skip
        status = NOT_DUE if current < 0 else targets.STATUS_NAMES[int(statuses[-1])]
    lcl, ucl = trend.clip_limits(series.unit, chart.lcl, chart.ucl)
    assurance, assurance_from = _assurance(
        chart, float(tg.values[compared]) if compared is not None else None, polarity
    )
    noise = 0.5 * chart.sigma
    periods = min(n, trend.DIRECTION_PERIODS)
    if periods < trend.MIN_POINTS:
        direction = trend.Direction(trend.TOO_FEW, 0.0, periods)
    elif abs(change) <= noise:
        direction = trend.Direction(trend.NO_CHANGE, change, periods)
    elif polarity == "neutral":
        direction = trend.Direction(trend.RISING if change > 0 else trend.FALLING, change, periods)
    else:
        better = (change > 0) == (polarity == "higher")
        direction = trend.Direction(trend.IMPROVING if better else trend.WORSENING, change, periods)
    projection, projected_status = None, ""
    if following is not None and py.size >= trend.MIN_POINTS:
        at = int(tg.due_month[following])
        value = float(py.mean() + per_month * (at - px.mean()))
        floor, ceiling = trend.series_floor_ceiling(series.unit)
        value = max(value, floor) if floor is not None else value
        value = min(value, ceiling) if ceiling is not None else value
        projection = trend.Projection(value, at, int(py.size), per_month)
        code = targets.status([value], tg.values[following : following + 1],
                              tg.tolerance[following : following + 1], polarity)  # fmt: skip
        projected_status = targets.STATUS_NAMES[int(code[0])]
    return Analysis(
        statuses=statuses,
        target_index=index if tg.size else np.full(n, -1),
        status=status,
        compared_with=compared,
        shortfall=gap,
        missing_for=missing,
        chart=chart,
        lcl=lcl,
        ucl=ucl,
        variation=spc.variation(chart, polarity),
        assurance=assurance,
        assurance_from=assurance_from,
        direction=direction,
        next_target=following,
        projection=projection,
        projected_status=projected_status,
        bands=bands if tg.size else np.zeros(n, np.int64),
        good_for=good if tg.size else 0,
    )


def analyse_batch(items: list[tuple[Series, Targets]]) -> list[Analysis]:
    """`[analyse(s, t) for s, t in items]`, a group of equal-length series at a time."""
    groups: dict[int, list[int]] = defaultdict(list)
    for position, (series, _) in enumerate(items):
        groups[series.size].append(position)
    results: list[Analysis | None] = [None] * len(items)
    for size, positions in groups.items():
        if size < 2 or len(positions) == 1:
            for p in positions:
                results[p] = analyse(*items[p])
            continue
        for p, result in zip(positions, _group([items[p] for p in positions]), strict=True):
            results[p] = result
    return [r for r in results if r is not None]
