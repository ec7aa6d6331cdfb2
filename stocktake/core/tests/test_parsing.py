"""Numbers, ids and dates as people type them: read in one place, never a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from stocktake.core import parsing
from stocktake.core.forms import DateField, IntegerField

BIG = "9" * 20  # past 64 bits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("-3", -3),
        ("+4", 4),
        ("0", 0),
        ("²", None),  # "²".isdigit() is True; int("²") fails
        ("١٢", None),  # Arabic-Indic digits: int() reads them, but nobody types them
        ("1.5", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("2147483647", 2147483647),
        ("2147483648", None),  # past a 32-bit column
        (BIG, None),
        ("1" * 400, None),
        (True, None),
    ],
)
def test_parse_int(text, expected):
    assert parsing.parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        ("0", None),
        ("-7", None),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("²", None),
    ],
)
def test_parse_id_takes_only_what_a_64_bit_id_column_holds(text, expected):
    assert parsing.parse_id(text) == expected


def test_parse_ids_drops_what_is_not_an_id_and_repeats():
    assert parsing.parse_ids(["3", "²", "3", BIG, "x", "1"]) == [3, 1]


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (2019, 6, 27, dt.date(2019, 6, 27)),
        (2019, 2, 29, None),
        (999, 1, 1, None),
        (10_000, 1, 1, None),
        (10**20, 1, 1, None),  # OverflowError from datetime, not ValueError
        (2019, 10**20, 1, None),
        (2019, 1, 2**31, None),
    ],
)
def test_make_date(year, month, day, expected):
    assert parsing.make_date(year, month, day) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2019-06-27", dt.date(2019, 6, 27)), ("2019-02-30", None), ("99999-01-01", None), ("", None)],
)
def test_parse_iso_date(text, expected):
    assert parsing.parse_iso_date(text) == expected


def test_query_text_drops_nul_characters_and_is_bounded():
    assert parsing.query_text("Front\x00 door") == "Front door"
    assert parsing.query_text(None) == ""
    assert len(parsing.query_text("x" * 1000, max_length=50)) == 50


class DateForm(forms.Form):
    due = DateField(label_noun="due date")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "1", BIG, "The due date must be a real date"),
        ("1", "1", "2147483648", "The due date must be a real date"),
        ("1", BIG, "2019", "The due date must be a real date"),
        (BIG, "1", "2019", "The due date must be a real date"),
        ("²", "1", "2019", "The due date must be a real date"),
        ("1", "1", "99999", "The due date must be a real date"),
        ("1", "1", "19", "Year must include 4 numbers"),
        ("31", "9", "2019", "The due date must be a real date"),
    ],
)
def test_the_date_field_says_what_is_wrong_with_any_date(day, month, year, message):
    form = DateForm({"due_0": day, "due_1": month, "due_2": year})

    assert not form.is_valid()
    assert form.errors["due"] == [message]


class CountForm(forms.Form):
    count = IntegerField(noun="count", min_value=0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (BIG, "The count must be 2,147,483,647 or less"),
        ("2147483648", "The count must be 2,147,483,647 or less"),
        ("-1", "The count must be 0 or more"),
        ("²", "The count must be a whole number"),
        ("", "Enter the count"),
    ],
)
def test_whole_numbers_are_bounded_to_what_the_database_stores(value, message):
    form = CountForm({"count": value})

    assert not form.is_valid()
    assert form.errors["count"] == [message]
