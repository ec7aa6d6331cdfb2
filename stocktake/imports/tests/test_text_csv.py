"""Plans as text: `|` tables, tab-separated Word exports, and CSV in the encodings Excel writes."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.demo import factories
from stocktake.imports.services import plan_import
from stocktake.imports.tests.builders import by_ref, csv_bytes, pipe_table, understand

ROWS = [
    ["Ref", "Action", "Lead", "Deadline", "Progress"],
    [
        *["A1", "Agree the “front door” protocol – with police", "Jane Smith – Head of MASH"],
        *["1 August 2017", "Drafted – consultation open"],
    ],
    ["A2", "Launch the neglect toolkit", "Tom Jones / Amy Brown", "31/10/2017", ""],
]


def test_pipe_tables_in_a_text_file_with_headings_as_themes():
    text = "\n\n".join(
        [
            "Improvement plan – 2017",
            "Front door",
            pipe_table(ROWS[:2]),
            "Neglect",
            pipe_table([ROWS[0], ROWS[2]]),
        ]
    )
    parsed = understand("plan.txt", text.encode())
    assert [(a.reference, a.theme) for a in parsed.actions] == [
        ("A1", "Front door"),
        ("A2", "Neglect"),
    ]
    first = by_ref(parsed)["A1"]
    assert first.text == ROWS[1][1]
    assert [(o.name, o.title) for o in first.owners] == [("Jane Smith", "Head of MASH")]
    assert first.due_date == dt.date(2017, 8, 1)
    assert [u.text for u in first.updates] == ["Drafted – consultation open"]
    assert [o.name for o in by_ref(parsed)["A2"].owners] == ["Tom Jones", "Amy Brown"]
    assert not any(set(a.text) <= set("-|: ") for a in parsed.actions)  # no "---" rows


def test_windows_1252_csv_with_semicolons_curly_quotes_and_en_dashes():
    data = csv_bytes(ROWS, delimiter=";", encoding="cp1252")
    assert b"\x93" in data and b"\x96" in data  # really Windows-1252, not UTF-8
    parsed = understand("plan.csv", data)
    first, second = parsed.actions
    assert first.text == "Agree the “front door” protocol – with police"
    assert first.owners[0].title == "Head of MASH"
    assert [u.text for u in first.updates] == ["Drafted – consultation open"]
    assert second.due_date == dt.date(2017, 10, 31)
    assert first.where == "plan.csv, row 2"


@pytest.mark.parametrize(
    ("name", "delimiter", "encoding"),
    [
        ("bom.csv", ",", "utf-8-sig"),
        ("plain.csv", ",", "utf-8"),
        ("tabs.tsv", "\t", "utf-8"),
        ("wide.csv", ",", "utf-16"),
    ],
)
def test_csv_in_other_encodings_and_delimiters(name, delimiter, encoding):
    parsed = understand(name, csv_bytes(ROWS, delimiter=delimiter, encoding=encoding))
    assert [a.text for a in parsed.actions] == [ROWS[1][1], ROWS[2][1]]
    assert parsed.actions[0].owners[0].name == "Jane Smith"


def test_csv_with_continuation_rows_and_several_owners_on_lines():
    rows = [
        ["Workstream", "Action", "By When", "Lead", "Board notes"],
        ["Front door", "Review thresholds", "1 August 2017", "Jane Smith\nTom Jones", "on track"],
        ["", "Train staff", "Monthly", "Amy Brown", ""],
        ["Workforce", "Recruit", "September 2017", "Heads of Service", ""],
    ]
    parsed = understand("ws.csv", csv_bytes(rows))
    assert [(a.theme, a.text) for a in parsed.actions] == [
        ("Front door", "Review thresholds"),
        ("Front door", "Train staff"),
        ("Workforce", "Recruit"),
    ]
    assert [o.name for o in parsed.actions[0].owners] == ["Jane Smith", "Tom Jones"]
    assert parsed.actions[0].extra == {"Board notes": "on track"}
    assert parsed.actions[2].owners[0].is_role
    assert any(w.where == "ws.csv, row 4, column “Accountable person”" for w in parsed.warnings)


def test_word_text_export_with_repeated_page_headers_and_table_headers():
    header = "No\tID\tAction\tAccountable Person\tDeadline\tSummary update"
    page = "Phase 3 Plan – Northshire"
    lines = [page, "", "Leadership", "", header]
    lines += ["1\tNS1\tAgree the new model of practice and\tJane Smith – Head of\tWeek 5\tWeek 4 –"]
    lines += ["", page, "", header]
    lines += ["\t\tlaunch it with staff.\tSafeguarding\t\tworkshops held with all teams."]
    lines += ["2\tNS2\tRecruit team managers\tTom Jones – Head of HR\tWeek 6\tWeek 4 -"]
    lines += ["", page, "", "Front door", "", header]
    lines += ["3\tNS3\tReview thresholds\tAmy Brown – Head of MASH\tWeek 2 – 6\t"]
    parsed = understand("export.txt", "\n".join(lines).encode(), week1=dt.date(2019, 9, 2))
    ns1, ns2, ns3 = parsed.actions
    assert (ns1.theme, ns3.theme) == ("Leadership", "Front door")
    assert ns1.text == "Agree the new model of practice and launch it with staff."
    assert [(o.name, o.title) for o in ns1.owners] == [("Jane Smith", "Head of Safeguarding")]
    [update] = ns1.updates
    assert (update.week, update.date) == (4, dt.date(2019, 9, 23))
    assert update.text == "workshops held with all teams."
    assert ns2.updates == []
    assert (ns3.due_start, ns3.due_date) == (dt.date(2019, 9, 9), dt.date(2019, 10, 13))
    every = [ns1.text, ns2.text, ns3.text, *parsed.themes, *(m.text for m in parsed.measures)]
    assert not any(page in t or "Accountable Person" in t for t in every)


@pytest.mark.django_db
def test_csv_import_stores_the_text_exactly():
    authority = factories.make_authority()
    data = csv_bytes(ROWS, delimiter=";", encoding="cp1252")
    plan_import(authority=authority, actor=None, filename="p.csv", data=data, plan_name="P")
    action = authority.plans.get().actions.get(reference="A1")
    assert action.text == "Agree the “front door” protocol – with police"
    assert action.updates.get().text == "Drafted – consultation open"
    assert set(authority.people.values_list("name", flat=True)) == {
        "Jane Smith",
        "Tom Jones",
        "Amy Brown",
    }
