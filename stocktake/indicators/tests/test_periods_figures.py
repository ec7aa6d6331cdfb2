"""Reading periods and checking figures: the rules every entry route shares."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.indicators.figures import NotANumber, check_figures, read_number
from stocktake.indicators.periods import (
    PeriodError,
    add_months,
    label,
    parse_period,
    period_end,
    read_period,
)

MAY = dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    "text", ["2024-05", "2024/05", "05/2024", "May 2024", "may-2024", "May 24", "2024-05-01",
             "31/05/2024", "2024-05-31", "2024-05-01 00:00:00"],
)  # fmt: skip
def test_a_month_written_many_ways(text):
    assert parse_period(text, "monthly") == MAY


@pytest.mark.parametrize(
    ("text", "frequency", "start"),
    [
        ("2024 Q2", "quarterly", dt.date(2024, 4, 1)),
        ("Q2 2024", "quarterly", dt.date(2024, 4, 1)),
        ("2024-04", "quarterly", dt.date(2024, 4, 1)),
        ("2024-06-30", "quarterly", dt.date(2024, 4, 1)),
        ("2024-25", "annual", dt.date(2024, 4, 1)),
        ("2024/2025", "annual", dt.date(2024, 4, 1)),
        ("2025-03-31", "annual", dt.date(2024, 4, 1)),
    ],
)
def test_quarters_and_financial_years(text, frequency, start):
    assert parse_period(text, frequency) == start


@pytest.mark.parametrize(
    ("text", "frequency", "message"),
    [
        ("2024 Q2", "monthly", "Apr–Jun 2024 is a quarter, but Re-referrals is reported monthly"),
        ("2024-05-15", "monthly", "15 May 2024 is a single day, not the start or end of a month"),
        ("2024-05", "quarterly", "May 2024 is a month, but Re-referrals is reported quarterly"),
        ("2024-05", "annual", "May 2024 is a month, but Re-referrals is reported annual"),
        ("2024-26", "annual", "is not a financial year"),
        ("13/2024", "monthly", "is not a real date or month"),
        ("soon", "monthly", "“soon” is not a period"),
        ("", "monthly", "Enter the period"),
    ],
)
def test_periods_that_do_not_fit_say_why(text, frequency, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text, frequency, "Re-referrals")


def test_2011_12_is_a_year_for_annual_indicators_and_a_month_otherwise():
    assert parse_period("2011-12", "annual") == dt.date(2011, 4, 1)
    assert parse_period("2011-12", "monthly") == dt.date(2011, 12, 1)
    assert read_period("2024-25") == ("year", dt.date(2024, 4, 1))


def test_labels_and_ends():
    assert label(MAY, "monthly") == "May 2024"
    assert label(dt.date(2024, 4, 1), "quarterly") == "Apr–Jun 2024"
    assert label(dt.date(2024, 4, 1), "annual") == "2024–25"
    assert period_end(dt.date(2024, 2, 1), "monthly") == dt.date(2024, 2, 29)
    assert period_end(dt.date(2024, 10, 1), "quarterly") == dt.date(2024, 12, 31)
    assert period_end(dt.date(2024, 4, 1), "annual") == dt.date(2025, 3, 31)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert read_period("2024 Q4") == ("quarter", dt.date(2024, 10, 1))


@pytest.mark.parametrize(
    ("text", "number"),
    [("12.5", 12.5), ("12.5%", 12.5), ("1,234", 1234.0), (" 7 ", 7.0), ("", None), ("-3", -3.0)],
)
def test_numbers_as_exported(text, number):
    assert read_number(text) == number


@pytest.mark.parametrize("text", ["twelve", "12..5", "n/a", "nan", "inf", "c"])
def test_text_is_not_a_number(text):
    with pytest.raises(NotANumber):
        read_number(text)


def test_a_percentage_is_worked_out_from_its_numerator_and_denominator():
    assert check_figures("percent", None, 25, 200).value == pytest.approx(12.5)
    assert check_figures("rate_10k", None, 300, 40_000).value == pytest.approx(75.0)
    assert check_figures("ratio", None, 321, 21.0).value == pytest.approx(15.2857, abs=1e-3)
    assert check_figures("count", None, 12, None).value == 12
    assert check_figures("percent", 12.5, 25, 200).value == 12.5


@pytest.mark.parametrize(
    ("unit", "figures", "field", "message"),
    [
        ("percent", (None, 30, 20), "numerator", "larger than the denominator"),
        ("percent", (101.0, None, None), "value", "cannot be over 100"),
        ("percent", (None, 5, 0), "denominator", "cannot be 0"),
        ("percent", (-1.0, None, None), "value", "cannot be negative"),
        ("percent", (None, 5, None), "denominator", "Give the denominator as well"),
        ("percent", (40.0, 25, 200), "value", "does not match"),
        ("percent", (None, None, None), "value", "Enter the value"),
    ],
)
def test_figures_that_cannot_be_right(unit, figures, field, message):
    checked = check_figures(unit, *figures)
    assert checked.value is None
    assert message in checked.errors[field]


def test_a_ratio_numerator_may_exceed_its_denominator():
    # Caseload: 321 cases for 21 workers is fine; only a percentage's part must be smaller.
    assert not check_figures("ratio", None, 321, 21).errors
