"""Indicator cards: the latest figure as at its period's end, its move against polarity, the
target, and a sparkline whose figures are also given as a table."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from stocktake.indicators.cards import card
from stocktake.indicators.selectors import load

pytestmark = pytest.mark.django_db


def test_a_lower_is_better_indicator_falling_is_better(iw):
    (loaded,) = load([iw.reref])

    got = card(loaded)

    assert (got.latest, got.period, got.as_at) == ("22.7%", "Dec 2024", dt.date(2024, 12, 31))
    assert got.change == "Down 0.4 percentage points on Nov 2024"
    assert (got.verdict, got.polarity) == ("better", "lower is better")
    assert got.target == "22% (12 months, due 31 Dec 2024)"
    assert [p.period for p in got.points][:2] == ["Jan 2024", "Feb 2024"]
    assert len(got.points) == 12 and got.points[-1].value == "22.7%"
    # The box runs from the target, 22 (y 36), to the first figure, 27 (y 4): 22.7 is at
    # 4 + 32 × 4.3 / 5 = 31.52.
    assert got.line is not None
    assert got.line.points.startswith("4,4 ") and (got.line.last_y, got.line.target_y) == (
        31.52,
        36,
    )
    assert got.line_label == (
        "Sparkline of Re-referrals within 12 months: 12 figures, from 27% in Jan 2024 to "
        "22.7% in Dec 2024; the dashed line is the target, 22% (12 months, due 31 Dec 2024)"
    )


def test_a_higher_is_better_indicator_falling_is_worse(iw):
    (loaded,) = load([iw.eet])

    got = card(loaded)

    assert got.change == "Down 1 percentage point on Nov 2024"
    assert (got.verdict, got.polarity) == ("worse", "higher is better")


def test_a_neutral_indicator_moves_without_a_verdict_and_one_figure_has_no_move(iw):
    iw.reref.polarity = "neutral"
    (loaded,) = load([iw.reref])
    assert (card(loaded).change, card(loaded).verdict) == (
        "Down 0.4 percentage points on Nov 2024",
        "",
    )
    (other,) = load([iw.other], until=dt.date(2024, 1, 31))
    one = card(other)
    assert (one.latest, one.change, one.verdict, one.line) == ("27%", "", "", None)


def test_illustrative_figures_are_labelled_once(iw):
    iw.reref.illustrative = True
    (loaded,) = load([iw.reref])
    assert card(loaded).name == "Re-referrals within 12 months (illustrative)"
    iw.reref.name = "Re-referrals (illustrative)"
    assert card(loaded).name == "Re-referrals (illustrative)"


def test_the_dashboard_cards_draw_the_sparkline_and_give_its_figures(world, iw, client):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("indicators:dashboard", args=[world.authority.slug])).content.decode()

    svg = re.search(r'<svg class="st-spark"[^>]*aria-label="Sparkline of Re-referrals[^"]*"', html)
    assert svg and 'role="img"' in svg[0]
    assert re.search(r"22\.7%</span> <span[^>]*>as at 31 December 2024 \(Dec 2024\)", html)
    assert "Down 0.4 percentage points on Nov 2024: <strong>better</strong>" in html
    table = html[html.index("<caption class=\"govuk-table__caption govuk-table__caption--s\">"
                            "Figures for Re-referrals within 12 months"):]  # fmt: skip
    table = table[: table.index("</table>")]
    assert re.findall(r"numeric\">([\d.]+%)</td>", table) == [f"{v:g}%" for v in [
        27.0, 26.5, 26.8, 26.0, 25.5, 25.9, 25.0, 24.6, 24.0, 23.8, 23.1, 22.7]]  # fmt: skip


def test_the_dashboard_gives_every_card_as_one_table(world, iw, client):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("indicators:dashboard", args=[world.authority.slug])).content.decode()

    table = html[html.index("Each indicator's latest figure, its move and its target") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr class=\"govuk-table__row\"><th scope=\"row\"(.*?)</tr>", table, re.S)
    assert len(rows) == 2  # Testshire's two indicators, not Otherborough's
    reref = next(r for r in rows if "Re-referrals" in r)
    cells = re.findall(r"<td class=\"govuk-table__cell[^\"]*\">(.*?)</td>", reref)
    assert cells == [
        "22.7%",
        "31 Dec 2024",
        "Down 0.4 percentage points on Nov 2024: better (lower is better)",
        "22% (12 months, due 31 Dec 2024)",
        "Within tolerance",
    ]


def test_the_arrow_shows_the_way_the_figure_moved_and_the_words_say_whether_that_is_better(
    world, iw, client
):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("indicators:dashboard", args=[world.authority.slug])).content.decode()

    # Re-referrals fell (better, lower is better); care leavers in EET fell (worse).
    assert '<span aria-hidden="true">▼ </span>Down 0.4 percentage points on Nov 2024: ' in html
    assert '<span aria-hidden="true">▼ </span>Down 1 percentage point on Nov 2024: ' in html
    assert "▲" not in html
