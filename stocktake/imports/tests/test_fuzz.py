"""Random, truncated and damaged input: a reader either reads a file or raises ReadError, and
the interpreter never raises at all."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stocktake.imports.document import Document, Paragraph, ReadError, Table, Where
from stocktake.imports.interpret import interpret
from stocktake.imports.readers import read_document
from stocktake.imports.tests.builders import (
    SEED,
    csv_bytes,
    docx_bytes,
    pipe_table,
    xlsx_bytes,
)

FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROWS = [
    ["No", "ID", "Action", "Accountable person", "Deadline", "Summary update", "Notes"],
    [
        *["1", "LA1 FD5/S10", "<p>(pt1) Do it</p><ul><li>a</li></ul>"],
        *["(pt1) Jane Smith – Head of X", "Week 13 – 24", "Week 20 – done. Week 21 – more", "n"],
    ],
    [
        *["2", "LA2", "Review “front door” – thresholds", "Tom Jones / Heads of Service"],
        *["31 Sept 2017", "11.06.19 update – ok", ""],
    ],
]
VALID = {
    "plan.docx": docx_bytes([("h1", "Leadership"), ROWS, ("p", "Measures of success")]),
    "plan.xlsx": xlsx_bytes([["Title"], [], *ROWS], merges=["G4:G5"]),
    "plan.csv": csv_bytes(ROWS, delimiter=";", encoding="cp1252"),
    "plan.txt": ("Leadership\n\n" + pipe_table(ROWS)).encode() + SEED.read_bytes()[:20_000],
}
NAMES = [*sorted(VALID), "plan.tsv", "plan.md"]


def read_or_refuse(name: str, data: bytes) -> None:
    """The property: a Document (which interpret takes without raising), or a ReadError."""
    try:
        document = read_document(name, data)
    except ReadError as error:
        assert str(error)
        return
    assert isinstance(document, Document)
    interpret(document, week1=dt.date(2019, 1, 7))


def test_the_valid_files_read():
    for name, data in VALID.items():
        parsed = interpret(read_document(name, data), week1=dt.date(2019, 1, 7))
        assert [a.reference for a in parsed.actions][:2] == ["LA1", "LA2"], name


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=4096))
def test_random_bytes(name, data):
    read_or_refuse(name, data)


@FUZZ
@given(name=st.sampled_from(sorted(VALID)), cut=st.floats(min_value=0, max_value=1))
def test_truncated_files(name, cut):
    data = VALID[name]
    read_or_refuse(name, data[: int(len(data) * cut)])


@FUZZ
@given(
    name=st.sampled_from(sorted(VALID)),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_damaged_bytes(name, flips):
    data = bytearray(VALID[name])
    for where, value in flips:
        data[min(int(len(data) * where), len(data) - 1)] = value
    read_or_refuse(name, bytes(data))


@FUZZ
@given(name=st.sampled_from(["plan.csv", "plan.txt"]), text=st.text(max_size=2000))
def test_random_text(name, text):
    for encoding in ("utf-8", "utf-16", "cp1252"):
        read_or_refuse(name, text.encode(encoding, errors="replace"))


# The interpreter, fed documents no reader would make ------------------------------------
WORDS = [
    "No",
    "ID",
    "Ref",
    "Action",
    "Actions",
    "Lead",
    "Who?",
    "Deadline",
    "By When",
    "Workstream",
    "Sub-workstream",
    "Progress",
    "R/A/G",
    "Ofsted Para No",
    "Area for improvement",
    "Planned response summary",
    "Measures of success",
    "Week 24 –",
    "Week 999 – x",
    "Wk 0",
    "Week 13 – 24",
    "Week 24 – 13",
    "31 Sept 2017",
    "29/02/2019",
    "1 August 2017, 9 May 2099",
    "September 0001",
    "Ongoing",
    "LA1",
    "LA 1",
    "LA1/S3",
    "LA32 FD5/ S10",
    "²",
    "12345678901234567890",
    "(pt1) Jane Smith – Head of X (pt2) Tom Jones – Y",
    "(Joint delivery)",
    "Jane Smith and Tom Jones (Independent Chairs)",
    "Supt. Ian Whitehead – Lancashire Constabulary",
    "<p>a</p><ul><li>b</li></ul><br>",
    "11.06.19 update – x",
    "(pt2)",
    "G",
    "purple",
    "__formula__ A1",
    "",
    " ",
    "\n\n",
    "•",
]
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=40))
where = st.just(Where("fuzz.txt", "table 1"))
paragraph = st.builds(
    Paragraph,
    text=cell.filter(str.strip).map(str.strip),
    where=where,
    heading_level=st.integers(0, 3),
    bullet=st.booleans(),
)
table = st.integers(1, 9).flatmap(
    lambda width: st.builds(
        Table,
        rows=st.lists(
            st.lists(cell, min_size=width, max_size=width) | st.lists(cell, max_size=width + 2),
            max_size=8,
        ),
        where=where,
    )
)
header_table = st.builds(
    Table,
    rows=st.lists(st.lists(cell, min_size=5, max_size=5), max_size=6).map(
        lambda rows: [["ID", "Action", "Lead", "Deadline", "Progress"], *rows]
    ),
    where=where,
)


@FUZZ
@given(
    blocks=st.lists(st.one_of(paragraph, table, header_table), max_size=10),
    week1=st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    known=st.lists(st.sampled_from(["Jane Smith", "Tom Jones", "", "X"]), max_size=3),
)
@example(  # found by this test: "²" is a digit to str.isdigit but not to int()
    blocks=[Table([["No", "Action"], ["²", "x"], ["9" * 5000, "y"]], Where("fuzz.txt"))],
    week1=None,
    known=[],
)
def test_interpret_never_raises(blocks, week1, known):
    parsed = interpret(Document("fuzz.txt", blocks), week1=week1, known_people=known)
    references = [a.reference.upper() for a in parsed.actions]
    assert all(references) and len(set(references)) == len(references)
    # A file gives actions, findings or measures of success, or says why it gives none.
    assert parsed.actions or parsed.findings or parsed.measures or parsed.errors
    for action in parsed.actions:
        if action.due_start and action.due_date:
            assert action.due_start <= action.due_date
