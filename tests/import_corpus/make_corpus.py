"""Write the import corpus: plan files laid out as councils lay them out, and what they say.

    .venv/bin/python tests/import_corpus/make_corpus.py          # (re)write plans/ and expected/
    .venv/bin/python tests/import_corpus/make_corpus.py --check  # the committed files are current

Each layout function draws invented content (seeded, so the output is the same every run),
writes it in its own way, and records beside every piece of wording what a careful reader
takes from it: the deadline "Q3 2024/25" is written down with the date 2024-12-31, an update
under the heading "Update May 2024" with the month 2024-05, an owner written "Head of Service
(SO)" with the person the document's key of initials names. Those readings are written by
hand in this file (see the lists of wordings below); nothing is read back from the importer.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import sys
import textwrap
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import openpyxl
from openpyxl.styles import Font

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_content as C

HERE = Path(__file__).resolve().parent
PLANS = HERE / "plans"
EXPECTED = HERE / "expected"
FIXED_TIME = dt.datetime(2024, 5, 1, 9, 0, 0)

# ---------------------------------------------------------------------------------------
# What a plan says (the expected reading) — built as each layout writes its file.


@dataclass
class Owner:
    name: str = ""
    title: str = ""
    organisation: str = ""

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "title": self.title, "organisation": self.organisation}


@dataclass
class Update:
    text: str
    date: str | None  # "2024-06-12", a month "2024-06", a span "2024-04-29/2024-05-05", None


@dataclass
class Act:
    ref: str
    text: str
    theme: str = ""
    owners: list[Owner] = field(default_factory=list)
    deadline_text: str = ""
    deadline: str | None = None
    rag: str | None = None
    updates: list[Update] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    parent: str | None = None
    finding: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "text": self.text,
            "theme": self.theme,
            "parent": self.parent,
            "finding": self.finding,
            "owners": [o.as_json() for o in self.owners],
            "deadline_text": self.deadline_text,
            "deadline": self.deadline,
            "rag": self.rag.lower() if self.rag else None,
            "updates": [{"date": u.date, "text": u.text} for u in self.updates],
            "measures": list(self.measures),
        }


@dataclass
class Layout:
    name: str
    filename: str
    council: str
    description: str
    week1: str | None = None  # the plan's week 1 date, as a lead gives it to the importer
    actions: list[Act] = field(default_factory=list)
    findings: list[dict[str, str]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)  # tables of measures

    def as_json(self) -> dict[str, Any]:
        themes: list[str] = []
        for act in self.actions:
            if act.theme and act.theme not in themes:
                themes.append(act.theme)
        return {
            "layout": self.name,
            "file": f"plans/{self.filename}",
            "council": self.council,
            "description": self.description,
            "week1": self.week1,
            "themes": themes,
            "findings": self.findings,
            "actions": [a.as_json() for a in self.actions],
            "measures": self.measures,
        }


# ---------------------------------------------------------------------------------------
# Wordings and their readings, written by hand. Plans run April 2024 to March 2025
# unless a layout says otherwise; a deadline that names a period is due at its end.

FULL_DATES = [
    ("30 September 2024", "2024-09-30"),
    ("31 July 2024", "2024-07-31"),
    ("31 October 2024", "2024-10-31"),
    ("13 December 2024", "2024-12-13"),
    ("31 January 2025", "2025-01-31"),
    ("28 February 2025", "2025-02-28"),
    ("31 March 2025", "2025-03-31"),
    ("15 November 2024", "2024-11-15"),
]
SLASH_DATES = [
    ("30/09/2024", "2024-09-30"),
    ("31/10/2024", "2024-10-31"),
    ("29/11/2024", "2024-11-29"),
    ("31/01/2025", "2025-01-31"),
    ("31/03/2025", "2025-03-31"),
    ("31/07/2024", "2024-07-31"),
]
TWO_DIGIT = [
    ("30/09/24", "2024-09-30"),
    ("31/12/24", "2024-12-31"),
    ("31/01/25", "2025-01-31"),
    ("Mar-25", "2025-03-31"),
    ("Sept 24", "2024-09-30"),
    ("28/02/25", "2025-02-28"),
    ("Nov-24", "2024-11-30"),
]
QUARTERS = [
    ("Q1 2024/25", "2024-06-30"),
    ("Q2 2024/25", "2024-09-30"),
    ("Q3 2024/25", "2024-12-31"),
    ("Q4 2024/25", "2025-03-31"),
    ("Q1 2025/26", "2025-06-30"),
    ("2024/25", "2025-03-31"),
]
MONTHS = [
    ("September 2024", "2024-09-30"),
    ("Sept 2024", "2024-09-30"),
    ("December 2024", "2024-12-31"),
    ("March 2025", "2025-03-31"),
    ("June 2024", "2024-06-30"),
    ("Jan 2025", "2025-01-31"),
]
END_OF = [  # in a plan for 2024/25 "end of March" is March 2025
    ("end of March", "2025-03-31"),
    ("end of June", "2024-06-30"),
    ("End of September", "2024-09-30"),
    ("end of December 2024", "2024-12-31"),
    ("By end of October", "2024-10-31"),
]
OPEN = [("Ongoing", None), ("Monthly", None), ("TBC", None)]
# Week 1 is Monday 8 April 2024. A deadline of a week is that week: any day in it counts
# (written as a span); "Week 3-5" is due in week 5.
WEEKS = [
    ("by week 6", "2024-05-13/2024-05-19"),
    ("Week 3-5", "2024-05-06/2024-05-12"),
    ("w/c 13 May", "2024-05-13/2024-05-19"),
    ("Week 12", "2024-06-24/2024-06-30"),
    ("by week 8", "2024-05-27/2024-06-02"),
    ("w/c 3 June", "2024-06-03/2024-06-09"),
    ("Week 10", "2024-06-10/2024-06-16"),
]
WC_DATES = [  # week commencing with no year, in a 2024/25 plan
    ("w/c 3 June", "2024-06-03/2024-06-09"),
    ("w/c 2 September", "2024-09-02/2024-09-08"),
    ("w/c 4 November", "2024-11-04/2024-11-10"),
    ("end of July", "2024-07-31"),
    ("30.11.2024", "2024-11-30"),
    ("w/c 6 January", "2025-01-06/2025-01-12"),
]

# Update dates: (wording, reading) for dates written at the start of an update.
DAY_PREFIX = [
    ("12/06/2024", "2024-06-12"),
    ("03/07/2024", "2024-07-03"),
    ("14/08/2024", "2024-08-14"),
    ("02/09/2024", "2024-09-02"),
    ("21/10/2024", "2024-10-21"),
    ("18/11/2024", "2024-11-18"),
]
MONTH_PREFIX = [  # a month at the start of the text, in a plan for 2024/25
    ("May", "2024-05"),
    ("June", "2024-06"),
    ("July", "2024-07"),
    ("September", "2024-09"),
    ("October", "2024-10"),
    ("January", "2025-01"),
]


# ---------------------------------------------------------------------------------------
# Drawing content.


class Draw:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.measures_used: set[str] = set()

    def themes(self, n: int, *, with_subs: bool = False) -> list[str]:
        names = sorted(C.ACTIONS)
        if with_subs:
            return self.rng.sample(names, n)
        return self.rng.sample(names, n)

    def actions(self, theme: str, n: int) -> list[str]:
        pool = C.ACTIONS[theme]
        return self.rng.sample(pool, min(n, len(pool)))

    def person(self, theme: str = "") -> Owner:
        """Someone who plausibly leads work on the theme (anyone, for no theme)."""
        people = [p for p in C.PEOPLE if p[0] in C.LEADS.get(theme, [p[0]])]
        name, title = self.rng.choice(people)
        return Owner(name=name, title=title)

    def people(self, n: int) -> list[Owner]:
        return [Owner(name=p[0], title=p[1]) for p in self.rng.sample(C.PEOPLE, n)]

    def partner(self) -> Owner:
        name, title, org = self.rng.choice(C.PARTNERS)
        return Owner(name=name, title=title, organisation=org)

    def pick(self, options: list[Any]) -> Any:
        return self.rng.choice(options)

    def updates(self, theme: str, n: int) -> list[str]:
        """n pieces of progress: the theme's own first, then general ones."""
        own = self.rng.sample(C.THEME_UPDATES[theme], min(n, 2, len(C.THEME_UPDATES[theme])))
        pool = [u for u in C.THEME_UPDATES[theme] + C.UPDATES if u not in own]
        picked = own + self.rng.sample(pool, n - len(own))
        self.rng.shuffle(picked)
        return picked

    def measure_for(self, theme: str) -> str:
        """One measure for an action's row, not one an earlier row of the plan has."""
        pool = C.THEME_MEASURES[theme] + C.GENERAL_MEASURES
        pick = str(self.rng.choice([m for m in pool if m not in self.measures_used] or pool))
        self.measures_used.add(pick)
        return pick

    def measures(self, theme: str, n: int) -> list[str]:
        """n measures of success: the theme's own, then general ones."""
        pool = C.THEME_MEASURES[theme]
        own = self.rng.sample(pool, min(n, len(pool)))
        rest = [m for m in C.GENERAL_MEASURES if m not in own]
        return own + self.rng.sample(rest, n - len(own))

    def rag(self) -> str:
        return str(self.rng.choice(C.RAG_WORDS))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def name_title(o: Owner) -> str:
    return f"{o.name}, {o.title}"


def initials(o: Owner) -> str:
    return "".join(part[0] for part in o.name.split())


def partner_text(o: Owner) -> str:
    return ", ".join(p for p in (o.name, o.title, o.organisation) if p)


# ---------------------------------------------------------------------------------------
# Writing files.


def normalise_zip(data: bytes) -> bytes:
    """Same bytes every run: fixed member times and fixed document dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    r"\g<1>2024-05-01T09:00:00Z\3",
                    text,
                )
                body = text.encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 1, 9, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, body)
    return out.getvalue()


def new_docx() -> Any:
    document = docx.Document()
    props = document.core_properties
    props.author = "Programme office"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_modified_by = "Programme office"
    props.revision = 1
    return document


def docx_bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def set_cell(cell: Any, value: str | list[str]) -> None:
    paragraphs = value if isinstance(value, list) else [value]
    cell.text = paragraphs[0] if paragraphs else ""
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def docx_table(document: Any, header: list[str], rows: list[list[str | list[str]]]) -> Any:
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for i, text in enumerate(header):
        set_cell(table.rows[0].cells[i], text)
        for run in table.rows[0].cells[i].paragraphs[0].runs:
            run.bold = True
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            set_cell(table.rows[r].cells[i], value)
    return table


def new_xlsx() -> Any:
    workbook = openpyxl.Workbook()
    workbook.properties.creator = "Programme office"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def xlsx_bytes(workbook: Any) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return normalise_zip(out.getvalue())


def xlsx_rows(ws: Any, rows: list[list[Any]], start: int = 1, bold: bool = False) -> int:
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if bold:
                cell.font = Font(bold=True)
    return start + len(rows)


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def iso_day(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def lines(value: list[str]) -> str:
    return "\n".join(value)


# ---------------------------------------------------------------------------------------
# The layouts. Each returns its Layout and the file's bytes.

LayoutFn = Callable[[Draw], tuple[Layout, bytes]]
LAYOUTS: dict[str, LayoutFn] = {}


def layout(fn: LayoutFn) -> LayoutFn:
    LAYOUTS[fn.__name__] = fn
    return fn


@layout
def docx_rec_action_sub(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_rec_action_sub",
        "docx_rec_action_sub.docx",
        "Hartwell Borough Council",
        "Word: recommendation → action → sub-action numbered 1, 1.1, 1.1.a in one table per "
        "priority heading; a version line and an owner line before the first table; leads "
        "'Name, Title'; progress paragraphs starting with a date.",
    )
    doc = new_docx()
    doc.add_heading("Hartwell Borough Council – Children's Services Improvement Plan 2024–25", 0)
    doc.add_paragraph("Version 3.2 – 14 May 2024")
    doc.add_paragraph("Plan owner: Helen Marsh, Director of Children's Services")
    subs = list(C.SUB_ACTIONS)
    groups = [
        (
            "Front door and MASH",
            0,
            [
                subs[0],
                "Record the rationale for every no further action decision on the child's file",
            ],
        ),
        ("Quality assurance and performance", 5, [subs[1], subs[6]]),
        (
            "Workforce",
            6,
            [subs[2], "Deliver a supervision training programme to every first-line manager"],
        ),
    ]
    for p, (theme, rec_index, actions) in enumerate(groups, start=1):
        doc.add_heading(f"Priority {p}: {theme}", 1)
        rec = C.RECOMMENDATIONS[rec_index]
        lay.findings.append({"ref": str(p), "text": rec})
        rows: list[list[str | list[str]]] = [[str(p), rec, "", "", "", ""]]
        for a, text in enumerate(actions, start=1):
            ref = f"{p}.{a}"
            owner = d.person(theme)
            deadline = d.pick(FULL_DATES)
            rag = d.rag()
            dates = sorted(d.rng.sample(DAY_PREFIX, 2), key=lambda x: x[1])
            ups = [Update(t, day) for (_, day), t in zip(dates, d.updates(theme, 2), strict=True)]
            act = Act(ref, text, theme, [owner], deadline[0], deadline[1], rag, ups, finding=str(p))
            lay.actions.append(act)
            rows.append(
                [
                    ref,
                    text,
                    name_title(owner),
                    deadline[0],
                    rag,
                    [f"{w} – {u.text}" for (w, _), u in zip(dates, ups, strict=True)],
                ]
            )
            for s, sub in enumerate(C.SUB_ACTIONS.get(text, [])):
                sref = f"{ref}.{'abc'[s]}"
                sowner = d.person(theme)
                sdead = d.pick(FULL_DATES)
                srag = d.rag()
                sup_date = d.pick(DAY_PREFIX)
                sup = Update(d.updates(theme, 1)[0], sup_date[1])
                lay.actions.append(
                    Act(sref, sub, theme, [sowner], sdead[0], sdead[1], srag, [sup], parent=ref)
                )
                rows.append(
                    [sref, sub, name_title(sowner), sdead[0], srag, f"{sup_date[0]} – {sup.text}"]
                )
        docx_table(
            doc, ["Ref", "Recommendation / action", "Lead", "Target date", "RAG", "Progress"], rows
        )
    doc.add_paragraph(
        "RAG key: Red – off track; Amber – at risk; Green – on track; Blue – complete."
    )
    return lay, docx_bytes(doc)


@layout
def docx_recommendation_column(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_recommendation_column",
        "docx_recommendation_column.docx",
        "Easton Vale Council",
        "Word: a Recommendation column left of the Action column, merged down over the actions "
        "that answer it; deadlines under 'Completion'; two progress columns dated by their "
        "headings (May and July 2024); RAG last; no themes.",
    )
    doc = new_docx()
    doc.add_heading("Easton Vale Council", 0)
    doc.add_paragraph("Response to the inspection of local authority children's services")
    doc.add_paragraph("Updated July 2024")
    header = [
        "Recommendation",
        "Ref",
        "Action",
        "Responsible officer",
        "Completion",
        "Update May 2024",
        "Update July 2024",
        "RAG",
    ]
    rows: list[list[str | list[str]]] = []
    spans: list[tuple[int, int]] = []
    used: set[str] = set()
    ref = 0
    for r, rec_index in enumerate([1, 3, 2, 7], start=1):
        rec = C.RECOMMENDATIONS[rec_index]
        lay.findings.append({"ref": f"R{r}", "text": rec})
        theme = [
            "Assessment and planning",
            "Children in care",
            "Workforce",
            "Exploitation and missing children",
        ][r - 1]
        texts = [t for t in d.actions(theme, 3) if t not in used]
        first = len(rows)
        for text in texts:
            used.add(text)
            ref += 1
            owner = d.person(theme)
            dl = d.pick(SLASH_DATES)
            rag = d.rag()
            u1, u2 = d.updates(theme, 2)
            ups = [Update(u1, "2024-05"), Update(u2, "2024-07")]
            if d.chance(0.25):
                ups = [Update(u2, "2024-07")]
            lay.actions.append(
                Act(str(ref), text, "", [owner], dl[0], dl[1], rag, ups, finding=f"R{r}")
            )
            by_month = {u.date: u.text for u in ups}
            rows.append(
                [
                    f"R{r}. {rec}" if len(rows) == first else "",
                    str(ref),
                    text,
                    name_title(owner),
                    dl[0],
                    by_month.get("2024-05", ""),
                    by_month.get("2024-07", ""),
                    rag,
                ]
            )
        spans.append((first + 1, len(rows)))
    table = docx_table(doc, header, rows)
    for top, bottom in spans:
        if bottom > top:
            merged = table.cell(top, 0).merge(table.cell(bottom, 0))
            set_cell(merged, rows[top - 1][0])
    return lay, docx_bytes(doc)


@layout
def docx_paragraphs_in_cell(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_paragraphs_in_cell",
        "docx_paragraphs_in_cell.docx",
        "Brackley Moor Council",
        "Word: one row per area; the area number and name given once; the area's actions are "
        "lettered paragraphs a), b), c) in one cell, lined up with paragraphs in the lead, "
        "timescale and progress cells; timescales as quarters of 2024/25; progress paragraphs "
        "starting with a month.",
    )
    doc = new_docx()
    doc.add_heading("Brackley Moor Children's Services Improvement Plan 2024/25", 0)
    doc.add_paragraph("Agreed by the Improvement Board on 22 April 2024.")
    header = ["Area", "Actions", "Lead", "Timescale", "Progress"]
    rows: list[list[str | list[str]]] = []
    for n, theme in enumerate(d.themes(4), start=1):
        texts = d.actions(theme, 3)
        cells: list[list[str]] = [[], [], [], []]
        for i, text in enumerate(texts):
            letter = "abc"[i]
            owner = d.person(theme)
            q = d.pick(QUARTERS[:5])
            rag = None
            month = d.pick(MONTH_PREFIX)
            up = Update(d.updates(theme, 1)[0], month[1])
            lay.actions.append(Act(f"{n}{letter}", text, theme, [owner], q[0], q[1], rag, [up]))
            cells[0].append(f"{letter}) {text}")
            cells[1].append(name_title(owner))
            cells[2].append(q[0])
            cells[3].append(f"{month[0]}: {up.text}")
        rows.append([[str(n), theme], *cells])
    docx_table(doc, header, rows)
    return lay, docx_bytes(doc)


@layout
def docx_initials_key(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_initials_key",
        "docx_initials_key.docx",
        "Kingsmere City Council",
        "Word: themes as headings 'Theme N – name'; leads written 'Title (initials)' with a key "
        "of initials in a table at the end of the document; deadlines 'end of March', "
        "quarters, months, 'Ongoing'; several updates in one cell, each starting with a month.",
    )
    doc = new_docx()
    doc.add_heading("Kingsmere City Council", 0)
    doc.add_paragraph("Children's Improvement Plan 2024/25 (April 2024 to March 2025)")
    people = d.people(8)
    ref = 0
    for n, theme in enumerate(d.themes(3), start=1):
        doc.add_heading(f"Theme {n} – {theme}", 2)
        rows: list[list[str | list[str]]] = []
        for text in d.actions(theme, 4):
            ref += 1
            owner = d.pick(people)
            dl = d.pick(END_OF + QUARTERS[:4] + MONTHS[:3] + OPEN[:1])
            rag = d.rag()
            months = sorted(d.rng.sample(MONTH_PREFIX, 2), key=lambda m: m[1])
            ups = [Update(t, m[1]) for m, t in zip(months, d.updates(theme, 2), strict=True)]
            lay.actions.append(Act(str(ref), text, theme, [owner], dl[0], dl[1], rag, ups))
            short_title = owner.title.split(",")[0]
            rows.append(
                [
                    str(ref),
                    text,
                    f"{short_title} ({initials(owner)})",
                    dl[0],
                    rag,
                    [f"{m[0]} – {u.text}" for m, u in zip(months, ups, strict=True)],
                ]
            )
        docx_table(doc, ["No.", "What we will do", "Who", "When", "RAG", "Update"], rows)
    doc.add_heading("Key to initials", 2)
    docx_table(doc, ["Initials", "Name", "Role"], [[initials(p), p.name, p.title] for p in people])
    return lay, docx_bytes(doc)


@layout
def docx_measures_tables(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_measures_tables",
        "docx_measures_tables.docx",
        "Thornbury Council",
        "Word: per theme an actions table then a 'How will we know we have made a difference?' "
        "table of measures with baseline and target and no action column; deadlines 'By when' "
        "as months; progress 'As at <date>:'.",
    )
    doc = new_docx()
    doc.add_heading("Thornbury Council – Improving Children's Services 2024 to 2025", 0)
    ref = 0
    for n, theme in enumerate(d.themes(3), start=1):
        doc.add_heading(f"Theme {n}: {theme}", 1)
        rows: list[list[str | list[str]]] = []
        for text in d.actions(theme, 4):
            ref += 1
            owner = d.person(theme)
            dl = d.pick(MONTHS)
            rag = d.pick(["On track", "At risk", "Off track", "Complete"])
            at = d.pick([("30 June 2024", "2024-06-30"), ("31 July 2024", "2024-07-31")])
            up = Update(d.updates(theme, 1)[0], at[1])
            rag_read = {
                "On track": "green",
                "At risk": "amber",
                "Off track": "red",
                "Complete": "blue",
            }[rag]
            lay.actions.append(
                Act(f"{n}.{ref}", text, theme, [owner], dl[0], dl[1], rag_read, [up])
            )
            rows.append(
                [f"{n}.{ref}", text, name_title(owner), dl[0], rag, f"As at {at[0]}: {up.text}"]
            )
        docx_table(
            doc, ["Ref", "Action", "Lead officer", "By when", "Status", "Progress to date"], rows
        )
        doc.add_paragraph("How will we know we have made a difference?")
        mrows: list[list[str | list[str]]] = []
        for m in d.measures(theme, 3):
            lay.measures.append({"text": m, "theme": theme, "action": None})
            mrows.append([m, f"{d.rng.randint(30, 70)}%", f"{d.rng.randint(75, 95)}%"])
        docx_table(doc, ["Measure", "Baseline (March 2024)", "Target (March 2025)"], mrows)
    return lay, docx_bytes(doc)


@layout
def docx_week_plan(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_week_plan",
        "docx_week_plan.docx",
        "Wexcombe District Council",
        "Word: a 12-week plan (week 1 begins Monday 8 April 2024) with a theme column merged "
        "down; deadlines 'by week 6', 'Week 3-5', 'w/c 13 May'; joint owners with partner "
        "agencies; updates starting 'Week N –'.",
        week1="2024-04-08",
    )
    doc = new_docx()
    doc.add_heading("Wexcombe 12-week improvement plan", 0)
    doc.add_paragraph("Week 1 begins Monday 8 April 2024. Reviewed weekly at the CSMT.")
    rows: list[list[str | list[str]]] = []
    spans: list[tuple[int, int]] = []
    for n, theme in enumerate(d.themes(3), start=1):
        first = len(rows)
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{n}.{a}"
            owners = [d.person(theme)]
            if d.chance(0.4):
                owners.append(d.partner())
            dl = d.pick(WEEKS)
            week = d.rng.randint(2, 9)
            start = dt.date(2024, 4, 8) + dt.timedelta(weeks=week - 1)
            span = f"{start.isoformat()}/{(start + dt.timedelta(days=6)).isoformat()}"
            up = Update(d.updates(theme, 1)[0], span)
            lay.actions.append(Act(ref, text, theme, owners, dl[0], dl[1], d.rag(), [up]))
            written = " and ".join(
                partner_text(o) if o.organisation else name_title(o) for o in owners
            )
            rows.append(
                [
                    theme if len(rows) == first else "",
                    ref,
                    text,
                    written,
                    dl[0],
                    lay.actions[-1].rag or "",
                    f"Week {week} – {up.text}",
                ]
            )
        spans.append((first + 1, len(rows)))
    table = docx_table(doc, ["Theme", "Ref", "Action", "Owner(s)", "By", "RAG", "Update"], rows)
    for top, bottom in spans:
        merged = table.cell(top, 0).merge(table.cell(bottom, 0))
        set_cell(merged, rows[top - 1][0])
    return lay, docx_bytes(doc)


@layout
def docx_blank_deadline_heading(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_blank_deadline_heading",
        "docx_blank_deadline_heading.docx",
        "Ashcombe Council",
        "Word: the date column's heading is blank; dates with two-digit years and 'Mar-25'; "
        "sections as merged single-cell rows inside the table; comments starting 'Oct 24 –'.",
    )
    doc = new_docx()
    doc.add_heading("Ashcombe Children's Services Action Plan", 0)
    doc.add_paragraph("Position at November 2024")
    rows: list[list[str | list[str]]] = []
    sections: list[int] = []
    n = 0
    for s, theme in enumerate(d.themes(3), start=1):
        sections.append(len(rows) + 1)
        rows.append([f"Section {s} – {theme}", "", "", "", "", ""])
        for text in d.actions(theme, 4):
            n += 1
            owner = d.person(theme)
            dl = d.pick(TWO_DIGIT)
            rag = d.rag()
            month = d.pick([("Sep 24", "2024-09"), ("Oct 24", "2024-10"), ("Nov 24", "2024-11")])
            up = Update(d.updates(theme, 1)[0], month[1])
            lay.actions.append(Act(str(n), text, theme, [owner], dl[0], dl[1], rag, [up]))
            rows.append([str(n), text, name_title(owner), dl[0], rag, f"{month[0]} – {up.text}"])
    table = docx_table(doc, ["No.", "Action", "Responsible", "", "Status", "Comments"], rows)
    for r in sections:
        merged = table.cell(r, 0).merge(table.cell(r, 5))
        set_cell(merged, rows[r - 1][0])
    return lay, docx_bytes(doc)


@layout
def docx_start_review_end(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_start_review_end",
        "docx_start_review_end.docx",
        "Millbrook Metropolitan Borough Council",
        "Word: references W1a, W2b; separate Start, Review and End date columns (the deadline "
        "is End); two RAG columns dated June and September (the latest is the action's RAG); "
        "commentary starting 'Update dd/mm/yy:'.",
    )
    doc = new_docx()
    doc.add_heading("Millbrook MBC – Children's Social Care Improvement Plan", 0)
    doc.add_paragraph("Financial year 2024/25 – version 5")
    for w, theme in enumerate(d.themes(3), start=1):
        doc.add_heading(f"Workstream {w}: {theme}", 1)
        rows: list[list[str | list[str]]] = []
        for a, text in enumerate(d.actions(theme, 4)):
            ref = f"W{w}{'abcd'[a]}"
            owner = d.person(theme)
            start = d.pick(["01/04/24", "01/05/24", "03/06/24"])
            review = d.pick(["31/07/24", "30/09/24"])
            end = d.pick([*TWO_DIGIT[:3], ("31/03/25", "2025-03-31")])
            rag_june, rag_sept = d.rag(), d.rag()
            when = d.pick([("02/09/24", "2024-09-02"), ("16/09/24", "2024-09-16")])
            up = Update(d.updates(theme, 1)[0], when[1])
            lay.actions.append(Act(ref, text, theme, [owner], end[0], end[1], rag_sept, [up]))
            rows.append(
                [
                    ref,
                    text,
                    name_title(owner),
                    start,
                    review,
                    end[0],
                    rag_june,
                    rag_sept,
                    f"Update {when[0]}: {up.text}",
                ]
            )
        docx_table(
            doc,
            [
                "Ref",
                "Action",
                "Lead",
                "Start",
                "Review",
                "End",
                "RAG (June)",
                "RAG (Sept)",
                "Commentary",
            ],
            rows,
        )
    return lay, docx_bytes(doc)


@layout
def docx_measures_outcomes_column(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_measures_outcomes_column",
        "docx_measures_outcomes_column.docx",
        "Colbourne County Council",
        "Word: no reference column; an 'Outcomes' column of measures for each action; after each "
        "theme's table an 'Impact measures' paragraph and a bulleted list of measures; "
        "deadlines 'By December 2024'.",
    )
    doc = new_docx()
    doc.add_heading("Colbourne County Council: Children's Services Improvement Plan", 0)
    doc.add_paragraph("Plan period: April 2024 – March 2025")
    used: set[str] = set()
    for theme in d.themes(3):
        doc.add_heading(theme, 2)
        rows: list[list[str | list[str]]] = []
        for text in d.actions(theme, 3):
            owner = d.person(theme)
            dl = d.pick(
                [
                    ("By December 2024", "2024-12-31"),
                    ("By March 2025", "2025-03-31"),
                    ("By September 2024", "2024-09-30"),
                    ("Ongoing", None),
                ]
            )
            m = d.pick([x for x in d.measures(theme, 5) if x not in used])
            used.add(m)
            lay.actions.append(Act("", text, theme, [owner], dl[0], dl[1], None, [], [m]))
            rows.append([text, name_title(owner), dl[0], m])
        docx_table(doc, ["Action", "Lead", "When", "Outcomes"], rows)
        para = doc.add_paragraph()
        para.add_run("Impact measures").bold = True
        for m in [x for x in d.measures(theme, 4) if x not in used][:2]:
            used.add(m)
            lay.measures.append({"text": m, "theme": theme, "action": None})
            doc.add_paragraph(m, style="List Bullet")
    return lay, docx_bytes(doc)


# Sheet names are at most 31 characters: long themes are shortened as people shorten them.
SHEET_NAMES = {
    "Exploitation and missing children": "Exploitation & missing",
    "Quality assurance and performance": "QA & performance",
    "Leadership and governance": "Leadership",
}


@layout
def xlsx_sheet_per_theme(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_sheet_per_theme",
        "xlsx_sheet_per_theme.xlsx",
        "Fenwick Council",
        "Excel: a cover sheet and a key sheet, then one sheet per theme named after it (long "
        "names shortened) with a merged title row giving the theme in full; target dates "
        "as real dates; two update columns dated by heading "
        "(Apr and Jun 2024).",
    )
    wb = new_xlsx()
    cover = wb.active
    cover.title = "Cover"
    xlsx_rows(
        cover,
        [
            ["Fenwick Council"],
            ["Children's Services Improvement Plan 2024/25"],
            ["Version 2.1"],
            ["Last updated: 28 June 2024"],
            ["Contents: one sheet per theme; RAG key on the Key sheet"],
        ],
    )
    key = wb.create_sheet("Key")
    xlsx_rows(
        key,
        [
            ["RAG", "Meaning"],
            ["Red", "Off track, needs escalation"],
            ["Amber", "Some slippage"],
            ["Green", "On track"],
            ["Blue", "Complete"],
        ],
    )
    for n, theme in enumerate(d.themes(4), start=1):
        ws = wb.create_sheet(SHEET_NAMES.get(theme, theme))
        ws["A1"] = f"Improvement Plan 2024/25 – {theme}"
        ws["A1"].font = Font(bold=True, size=14)
        ws.merge_cells("A1:G1")
        xlsx_rows(
            ws,
            [["Ref", "Action", "Lead", "Target date", "RAG", "Update Apr 2024", "Update Jun 2024"]],
            start=3,
            bold=True,
        )
        row = 4
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(SLASH_DATES)
            rag = d.rag()
            u1, u2 = d.updates(theme, 2)
            ups = [Update(u1, "2024-04"), Update(u2, "2024-06")]
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            xlsx_rows(ws, [[ref, text, name_title(owner), iso_day(dl[1]), rag, u1, u2]], start=row)
            ws.cell(row=row, column=4).number_format = "DD/MM/YYYY"
            row += 1
    return lay, xlsx_bytes(wb)


@layout
def xlsx_merged_sections(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_merged_sections",
        "xlsx_merged_sections.xlsx",
        "Oakridge Borough Council",
        "Excel: one sheet; section rows merged across the table; references 4(i), 4(ii); "
        "timescales as quarters and two-digit dates; a 'Success measures' column; progress "
        "starting 'dd/mm/yy -'.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Plan"
    ws["A1"] = "Oakridge Borough Council – Children's Services Improvement Plan 2024-25"
    ws.merge_cells("A1:G1")
    xlsx_rows(
        ws,
        [["Ref", "Action", "Responsible", "Timescale", "Success measures", "Progress", "RAG"]],
        start=3,
        bold=True,
    )
    row = 4
    romans = ["i", "ii", "iii", "iv"]
    for n, theme in enumerate(d.themes(4), start=1):
        ws.cell(row=row, column=1, value=f"Theme {n} – {theme}").font = Font(bold=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        row += 1
        for a, text in enumerate(d.actions(theme, 3)):
            ref = f"{n}({romans[a]})"
            owner = d.person(theme)
            dl = d.pick(QUARTERS[:4] + TWO_DIGIT[:5])
            m = d.measure_for(theme)
            rag = d.rag()
            when = d.pick([("10/07/24", "2024-07-10"), ("22/08/24", "2024-08-22")])
            up = Update(d.updates(theme, 1)[0], when[1])
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, [up], [m]))
            xlsx_rows(
                ws,
                [[ref, text, name_title(owner), dl[0], m, f"{when[0]} - {up.text}", rag]],
                start=row,
            )
            row += 1
    return lay, xlsx_bytes(wb)


@layout
def xlsx_subaction_column(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_subaction_column",
        "xlsx_subaction_column.xlsx",
        "Greystone Council",
        "Excel: sub-actions in a column of their own; the theme and the action merged down "
        "over their sub-action rows; leads, dates, RAG and updates on the sub-action rows; an "
        "update column dated by its heading (Sept 2024).",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Improvement plan"
    xlsx_rows(
        ws,
        [
            ["Greystone Council improvement plan 2024/25"],
            [],
            ["Theme", "Ref", "Action", "Sub-action", "Lead", "Due", "RAG", "Update (Sept 2024)"],
        ],
        bold=False,
    )
    row = 4
    subs = list(C.SUB_ACTIONS)
    plan = [
        ("Front door and MASH", [subs[0], C.ACTIONS["Front door and MASH"][2]]),
        ("Children in care", [subs[3], C.ACTIONS["Children in care"][0]]),
        ("Care leavers", [subs[4]]),
        ("Quality assurance and performance", [subs[6], subs[1]]),
    ]
    ref = 0
    for theme, texts in plan:
        theme_top = row
        for text in texts:
            ref += 1
            parts = C.SUB_ACTIONS.get(text, [])
            lay.actions.append(Act(str(ref), text, theme))
            top = row
            if not parts:
                owner = d.person(theme)
                dl = d.pick(SLASH_DATES)
                rag = d.rag()
                up = Update(d.updates(theme, 1)[0], "2024-09")
                act = lay.actions[-1]
                act.owners, act.deadline_text, act.deadline = [owner], dl[0], dl[1]
                act.rag, act.updates = rag, [up]
                xlsx_rows(
                    ws,
                    [[theme, str(ref), text, "", name_title(owner), dl[0], rag, up.text]],
                    start=row,
                )
                row += 1
                continue
            for s, sub in enumerate(parts):
                owner = d.person(theme)
                dl = d.pick(SLASH_DATES)
                rag = d.rag()
                up = Update(d.updates(theme, 1)[0], "2024-09")
                sref = f"{ref}{'abc'[s]}"
                lay.actions.append(
                    Act(sref, sub, theme, [owner], dl[0], dl[1], rag, [up], parent=str(ref))
                )
                xlsx_rows(
                    ws,
                    [
                        [
                            theme,
                            str(ref),
                            text,
                            f"{'abc'[s]}) {sub}",
                            name_title(owner),
                            dl[0],
                            rag,
                            up.text,
                        ]
                    ],
                    start=row,
                )
                if s:
                    for col in (1, 2, 3):
                        ws.cell(row=row, column=col).value = None
                row += 1
            if row - 1 > top:
                for col in (2, 3):
                    ws.merge_cells(start_row=top, start_column=col, end_row=row - 1, end_column=col)
        for r in range(theme_top + 1, row):
            ws.cell(row=r, column=1).value = None
        if row - 1 > theme_top:
            ws.merge_cells(start_row=theme_top, start_column=1, end_row=row - 1, end_column=1)
    return lay, xlsx_bytes(wb)


@layout
def xlsx_multi_progress(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_multi_progress",
        "xlsx_multi_progress.xlsx",
        "Lowfield Council",
        "Excel: a theme column; three RAG columns and three progress columns dated by their "
        "headings (quarter ends 2024); deadlines as quarters and financial years.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Tracker"
    heads = [
        ("RAG Q1", "Progress at 30 June 2024", "2024-06-30"),
        ("RAG Q2", "Progress at 30 September 2024", "2024-09-30"),
        ("RAG Q3", "Progress at 31 December 2024", "2024-12-31"),
    ]
    header = ["Ref", "Theme", "Action", "Lead", "Deadline"]
    for rag_h, prog_h, _ in heads:
        header += [rag_h, prog_h]
    xlsx_rows(ws, [header], bold=True)
    row = 2
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(QUARTERS)
            filled = d.rng.randint(1, 3)
            values: list[Any] = [ref, theme, text, name_title(owner), dl[0]]
            ups: list[Update] = []
            rag = ""
            for q, (_, _, day) in enumerate(heads):
                if q < filled:
                    rag = d.rag()
                    up = Update(d.updates(theme, 1)[0], day)
                    ups.append(up)
                    values += [rag, up.text]
                else:
                    values += ["", ""]
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            xlsx_rows(ws, [values], start=row)
            row += 1
    return lay, xlsx_bytes(wb)


@layout
def xlsx_recommendation_hierarchy(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_recommendation_hierarchy",
        "xlsx_recommendation_hierarchy.xlsx",
        "Castlebridge Council",
        "Excel: recommendations merged down a first column over the actions answering them; "
        "owners with '/' inside a job title and '/' between two people; deadlines "
        "'w/c 3 June' and 'end of July' with no year; latest update starting 'dd Mon:'.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Action plan 2024-25"
    xlsx_rows(
        ws,
        [
            ["Castlebridge Council – ILACS action plan 2024/25"],
            ["Recommendation", "Ref", "Action", "Owner", "Deadline", "RAG", "Latest update"],
        ],
    )
    row = 3
    ref = 0
    slash_titles = [
        Owner("Priya Nair", "Principal Social Worker/Head of Practice"),
        Owner("Tom Hargreaves", "Head of Quality Assurance/Safeguarding"),
    ]
    for r, rec_index in enumerate([0, 4, 5, 6], start=1):
        rec = C.RECOMMENDATIONS[rec_index]
        lay.findings.append({"ref": f"R{r}", "text": rec})
        theme = [
            "Front door and MASH",
            "Care leavers",
            "Quality assurance and performance",
            "Workforce",
        ][r - 1]
        top = row
        for text in d.actions(theme, 3):
            ref += 1
            kind = d.rng.randint(0, 2)
            if kind == 0:
                owners = [d.pick(slash_titles)]
                written = name_title(owners[0])
            elif kind == 1:
                owners = d.people(2)
                written = f"{owners[0].name} / {owners[1].name}"
            else:
                owners = [d.person(theme)]
                written = name_title(owners[0])
            if kind == 1:
                owners = [Owner(name=o.name) for o in owners]
            dl = d.pick(WC_DATES)
            rag = d.rag()
            when = d.pick(
                [("14 Oct", "2024-10-14"), ("2 Sept", "2024-09-02"), ("19 Nov", "2024-11-19")]
            )
            up = Update(d.updates(theme, 1)[0], when[1])
            lay.actions.append(
                Act(f"{r}.{ref}", text, theme, owners, dl[0], dl[1], rag, [up], finding=f"R{r}")
            )
            xlsx_rows(
                ws,
                [
                    [
                        f"R{r} {rec}" if row == top else "",
                        f"{r}.{ref}",
                        text,
                        written,
                        dl[0],
                        rag,
                        f"{when[0]}: {up.text}",
                    ]
                ],
                start=row,
            )
            row += 1
        ws.merge_cells(start_row=top, start_column=1, end_row=row - 1, end_column=1)
        # A recommendation is not a theme here: no theme is written in the file.
    for act in lay.actions:
        act.theme = ""
    return lay, xlsx_bytes(wb)


@layout
def xlsx_measures_sheet(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_measures_sheet",
        "xlsx_measures_sheet.xlsx",
        "Redhill Council",
        "Excel: an 'Action plan' sheet with a workstream column and several dated updates in "
        "one cell, one per line; an 'Impact measures' sheet of measures by workstream with no "
        "action column; target completion as real dates.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Action plan"
    xlsx_rows(
        ws,
        [["Ref", "Workstream", "Action", "Lead", "Target completion", "RAG", "Progress update"]],
        bold=True,
    )
    mws = wb.create_sheet("Impact measures")
    xlsx_rows(mws, [["Workstream", "Impact measure", "Baseline", "Target", "Source"]], bold=True)
    row, mrow = 2, 2
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 3), start=1):
            ref = f"WS{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(FULL_DATES)
            rag = d.rag()
            dates = sorted(d.rng.sample(DAY_PREFIX, d.rng.randint(1, 3)), key=lambda x: x[1])
            ups = [
                Update(t, day)
                for (_, day), t in zip(dates, d.updates(theme, len(dates)), strict=True)
            ]
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            written = lines([f"{w} {u.text}" for (w, _), u in zip(dates, ups, strict=True)])
            xlsx_rows(
                ws, [[ref, theme, text, name_title(owner), iso_day(dl[1]), rag, written]], start=row
            )
            ws.cell(row=row, column=5).number_format = "DD/MM/YYYY"
            row += 1
        for m in d.measures(theme, 2):
            lay.measures.append({"text": m, "theme": theme, "action": None})
            xlsx_rows(
                mws, [[theme, m, "2023/24 outturn", "See scorecard", "Liquidlogic"]], start=mrow
            )
            mrow += 1
    return lay, xlsx_bytes(wb)


@layout
def xlsx_two_digit_partner(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_two_digit_partner",
        "xlsx_two_digit_partner.xlsx",
        "Hollins Vale Council",
        "Excel: dates typed as text ('Mar-25', '30/09/24') beside real dates; joint owners "
        "separated by ';' including partner agencies; RAG written 'G', 'A', 'R'; an 'Areas' "
        "column giving the theme.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Sheet1"
    xlsx_rows(
        ws,
        [
            ["Hollins Vale Safeguarding Improvement Plan"],
            ["Owner: Improvement Board. Period: 2024-25"],
            [],
            [
                "Areas",
                "Action ref",
                "Key action",
                "Accountable",
                "Target date",
                "R/A/G",
                "Progress (Oct 2024)",
            ],
        ],
    )
    row = 5
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 3), start=1):
            owners = [d.person(theme)]
            if d.chance(0.5):
                owners.append(d.partner())
            written = "; ".join(
                partner_text(o) if o.organisation else name_title(o) for o in owners
            )
            dl = d.pick(TWO_DIGIT + FULL_DATES[:3])
            value: Any = dl[0]
            if dl in FULL_DATES:
                value = iso_day(dl[1])
            rag = d.pick(["R", "A", "G"])
            up = Update(d.updates(theme, 1)[0], "2024-10")
            lay.actions.append(
                Act(
                    f"{n}.{a}",
                    text,
                    theme,
                    owners,
                    dl[0],
                    dl[1],
                    {"R": "red", "A": "amber", "G": "green"}[rag],
                    [up],
                )
            )
            xlsx_rows(
                ws,
                [[theme if a == 1 else "", f"{n}.{a}", text, written, value, rag, up.text]],
                start=row,
            )
            if isinstance(value, dt.datetime):
                ws.cell(row=row, column=5).number_format = "DD/MM/YYYY"
            row += 1
    return lay, xlsx_bytes(wb)


@layout
def csv_section_rows(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "csv_section_rows",
        "csv_section_rows.csv",
        "Wyvern Dale Council",
        "CSV (comma): workstreams as section rows with only the first cell filled; references "
        "3.2; timescales 'end of March 2025', 'Jan-25'; several dated updates in one quoted "
        "cell, one per line.",
    )
    rows: list[list[str]] = [
        ["Ref", "Action", "Lead officer", "Timescale", "Status", "Latest update"]
    ]
    for n, theme in enumerate(d.themes(4), start=1):
        rows.append([f"Workstream {n}: {theme}", "", "", "", "", ""])
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(
                [
                    ("end of March 2025", "2025-03-31"),
                    ("Jan-25", "2025-01-31"),
                    ("Sept 2024", "2024-09-30"),
                    ("31/10/2024", "2024-10-31"),
                    ("Ongoing", None),
                ]
            )
            rag = d.rag()
            dates = sorted(d.rng.sample(DAY_PREFIX, d.rng.randint(1, 2)), key=lambda x: x[1])
            ups = [
                Update(t, day)
                for (_, day), t in zip(dates, d.updates(theme, len(dates)), strict=True)
            ]
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            rows.append(
                [
                    ref,
                    text,
                    name_title(owner),
                    dl[0],
                    rag,
                    lines([f"{w} – {u.text}" for (w, _), u in zip(dates, ups, strict=True)]),
                ]
            )
    return lay, csv_text(rows).encode("utf-8")


@layout
def csv_semicolon_cp1252(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "csv_semicolon_cp1252",
        "csv_semicolon_cp1252.csv",
        "Bramford Borough Council",
        "CSV saved by Excel in Windows-1252 with ';' between fields: curly quotes, en dashes, "
        "an accented name; two update columns dated by heading (June, Sept 2024); two-digit "
        "year dates.",
    )
    zoe = Owner("Zoë Clarke", "Head of Service – Children’s Social Care")
    rows: list[list[str]] = [
        ["Ref", "Theme", "Action", "Owner", "Target", "RAG", "Update June 2024", "Update Sept 2024"]
    ]
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 3), start=1):
            ref = f"{n}.{a}"
            owner = zoe if d.chance(0.3) else d.person(theme)
            dl = d.pick([*TWO_DIGIT[:3], ("31/03/25", "2025-03-31")])
            rag = d.rag()
            u1, u2 = d.updates(theme, 2)
            ups = [Update(u1, "2024-06"), Update(u2, "2024-09")]
            if a == 1 and n == 1:
                text = "Refresh the “Signs of Safety” practice model with every team – in person"
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            rows.append([ref, theme, text, name_title(owner), dl[0], rag, u1, u2])
    return lay, csv_text(rows, ";").encode("cp1252")


@layout
def csv_bom_outcomes(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "csv_bom_outcomes",
        "csv_bom_outcomes.csv",
        "Elmstead Council",
        "CSV (UTF-8 with a byte-order mark): a recommendation column filled only on the first "
        "row of its group; partner owners 'Name, Title, Organisation'; progress starting with "
        "a month and year; an 'Outcomes' column of measures.",
    )
    rows: list[list[str]] = [
        [
            "Recommendation",
            "Action no.",
            "Action",
            "Lead",
            "Completion date",
            "Progress",
            "Outcomes",
        ]
    ]
    n = 0
    for r, rec_index in enumerate([0, 7, 3], start=1):
        rec = C.RECOMMENDATIONS[rec_index]
        lay.findings.append({"ref": str(r), "text": rec})
        theme = ["Front door and MASH", "Exploitation and missing children", "Children in care"][
            r - 1
        ]
        for i, text in enumerate(d.actions(theme, 3)):
            n += 1
            owner = d.partner() if d.chance(0.4) else d.person(theme)
            dl = d.pick(FULL_DATES)
            month = d.pick(
                [("May 2024", "2024-05"), ("August 2024", "2024-08"), ("October 2024", "2024-10")]
            )
            up = Update(d.updates(theme, 1)[0], month[1])
            m = d.measure_for(theme)
            lay.actions.append(
                Act(f"{r}.{n}", text, "", [owner], dl[0], dl[1], None, [up], [m], finding=str(r))
            )
            rows.append(
                [
                    f"{r}. {rec}" if i == 0 else "",
                    f"{r}.{n}",
                    text,
                    partner_text(owner) if owner.organisation else name_title(owner),
                    dl[0],
                    f"{month[0]} – {up.text}",
                    m,
                ]
            )
    return lay, ("\ufeff" + csv_text(rows)).encode("utf-8")


@layout
def csv_area_once(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "csv_area_once",
        "csv_area_once.csv",
        "Stourton Council",
        "CSV (comma): the area number and name given once over its actions; actions lettered "
        "a, b, c; owners written as job titles only (roles); updates starting 'Aug 24:'.",
    )
    rows: list[list[str]] = [["Area", "No.", "Action", "Owner", "Deadline", "RAG", "Update"]]
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 3)):
            letter = "abc"[a]
            title = d.person(theme).title
            owner = Owner(title=title)
            dl = d.pick(TWO_DIGIT)
            rag = d.rag()
            month = d.pick([("Jul 24", "2024-07"), ("Aug 24", "2024-08"), ("Sep 24", "2024-09")])
            up = Update(d.updates(theme, 1)[0], month[1])
            lay.actions.append(Act(f"{n}{letter}", text, theme, [owner], dl[0], dl[1], rag, [up]))
            rows.append(
                [
                    f"{n}. {theme}" if a == 0 else "",
                    letter,
                    text,
                    title,
                    dl[0],
                    rag,
                    f"{month[0]}: {up.text}",
                ]
            )
    return lay, csv_text(rows).encode("utf-8")


@layout
def txt_tab_table(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "txt_tab_table",
        "txt_tab_table.txt",
        "Whitmore Council",
        "Text: title lines, then a tab-separated table with theme rows of one cell; "
        "timescales as months, quarters and 'Ongoing'; updates starting 'Sept 2024 –'.",
    )
    out = [
        "Whitmore Council",
        "Children's Services Improvement Plan 2024/25",
        "Updated 30 September 2024",
        "",
        "\t".join(["Ref", "Action", "Lead", "Timescale", "RAG", "Update"]),
    ]
    for n, theme in enumerate(d.themes(3), start=1):
        out.append(f"Theme {n} – {theme}")
        for a, text in enumerate(d.actions(theme, 4), start=1):
            owner = d.person(theme)
            dl = d.pick(MONTHS + QUARTERS[:4] + OPEN[:1])
            rag = d.rag()
            month = d.pick([("Aug 2024", "2024-08"), ("Sept 2024", "2024-09")])
            up = Update(d.updates(theme, 1)[0], month[1])
            lay.actions.append(Act(f"{n}.{a}", text, theme, [owner], dl[0], dl[1], rag, [up]))
            out.append(
                "\t".join(
                    [f"{n}.{a}", text, name_title(owner), dl[0], rag, f"{month[0]} – {up.text}"]
                )
            )
    return lay, ("\n".join(out) + "\n").encode("utf-8")


@layout
def txt_pipe_table(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "txt_pipe_table",
        "txt_pipe_table.txt",
        "Pendle Cross Council",
        "Text: a pipe table with a separator line; references 4(ii); a theme column; two RAG "
        "columns (July, October 2024; the latest counts); a progress column dated by its "
        "heading (October 2024).",
    )
    out = [
        "# Pendle Cross – improvement plan tracker",
        "",
        "Financial year 2024/25",
        "",
        "| Ref | Theme | Action | Lead | Due | RAG Jul | RAG Oct | Progress (October 2024) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    romans = ["i", "ii", "iii", "iv"]
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 3)):
            ref = f"{n}({romans[a]})"
            owner = d.person(theme)
            dl = d.pick(SLASH_DATES + MONTHS[:2])
            r1, r2 = d.rag(), d.rag()
            up = Update(d.updates(theme, 1)[0], "2024-10")
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], r2, [up]))
            out.append(
                f"| {ref} | {theme} | {text} | {name_title(owner)} | {dl[0]} | {r1} | "
                f"{r2} | {up.text} |"
            )
    return lay, ("\n".join(out) + "\n").encode("utf-8")


@layout
def txt_labelled_blocks(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "txt_labelled_blocks",
        "txt_labelled_blocks.txt",
        "Ravensworth Council",
        "Text: a plan written as labelled blocks, one label and value per line (Theme, Ref, "
        "Action, Lead, Due, RAG, Update (date), Success measure), blocks apart by blank lines.",
    )
    out = ["RAVENSWORTH COUNCIL – CHILDREN'S SERVICES IMPROVEMENT PLAN 2024/25", ""]
    for n, theme in enumerate(d.themes(4), start=1):
        out += [f"Theme: {theme}", ""]
        for a, text in enumerate(d.actions(theme, 3), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(FULL_DATES)
            rag = d.rag()
            dates = sorted(
                d.rng.sample(
                    [
                        ("12 June 2024", "2024-06-12"),
                        ("4 September 2024", "2024-09-04"),
                        ("6 November 2024", "2024-11-06"),
                    ],
                    2,
                ),
                key=lambda x: x[1],
            )
            ups = [Update(t, day) for (_, day), t in zip(dates, d.updates(theme, 2), strict=True)]
            m = d.measure_for(theme)
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups, [m]))
            out += [
                f"Ref: {ref}",
                f"Action: {text}",
                f"Lead: {name_title(owner)}",
                f"Due: {dl[0]}",
                f"RAG: {rag}",
            ]
            out += [f"Update ({w}): {u.text}" for (w, _), u in zip(dates, ups, strict=True)]
            out += [f"Success measure: {m}", ""]
    return lay, ("\n".join(out) + "\n").encode("utf-8")


def _page_header(out: list[str], page: int, pages: int, title: str) -> None:
    out += ["", f"{title}{' ' * 8}Page {page} of {pages}", ""]


@layout
def txt_pdf_wrapped(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "txt_pdf_wrapped",
        "txt_pdf_wrapped.txt",
        "Sandbury Council",
        "Text copied out of a PDF: lines wrapped at about 62 characters mid-sentence, a running "
        "header and page numbers between pages, numbered theme headings, actions numbered 2.1 "
        "with labelled lead, target date, RAG and dated progress lines that also wrap.",
    )
    title = "Sandbury Council – Children's Services Improvement Plan 2024/25"
    out: list[str] = [title, "", "Contents", "1 Introduction", "2 The plan", ""]
    themes = d.themes(4)
    for n, theme in enumerate(themes, start=1):
        _page_header(out, n, len(themes), title)
        out.append(f"{n}. {theme}")
        out.append("")
        for a, text in enumerate(d.actions(theme, 3), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(FULL_DATES)
            rag = d.rag()
            when = d.pick([("July 2024", "2024-07"), ("September 2024", "2024-09")])
            up = Update(d.updates(theme, 1)[0], when[1])
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, [up]))
            out += textwrap.wrap(f"{ref} {text}", 62)
            out += textwrap.wrap(f"Lead: {name_title(owner)}", 40)
            out += [f"Target date: {dl[0]}", f"RAG: {rag}"]
            out += textwrap.wrap(f"Progress ({when[0]}): {up.text}", 62)
            out.append("")
    return lay, ("\n".join(out) + "\n").encode("utf-8")


def _layout_columns(cells: list[str], widths: list[int]) -> list[str]:
    """One table row as pdftotext -layout prints it: wrapped cells side by side."""
    wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    out = []
    for i in range(height):
        parts = [
            (w[i] if i < len(w) else "").ljust(width + 3)
            for w, width in zip(wrapped, widths, strict=True)
        ]
        out.append("".join(parts).rstrip())
    return out


@layout
def txt_pdf_layout_table(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "txt_pdf_layout_table",
        "txt_pdf_layout_table.txt",
        "Dunmore Council",
        "Text from a PDF table kept in columns by spaces (as 'pdftotext -layout' gives): cells "
        "wrapped over several lines side by side, the heading row repeated on each page, page "
        "footers; themes as lines of their own; updates starting 'Jul 24:'.",
    )
    widths = [5, 38, 24, 14, 6, 34]
    head = _layout_columns(["Ref", "Action", "Lead", "Due", "RAG", "Update"], widths)
    out = ["Dunmore Council", "Children's Services Improvement Plan 2024-25", ""]
    themes = d.themes(3)
    for n, theme in enumerate(themes, start=1):
        out += [*head, "", f"{n}. {theme}", ""]
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(FULL_DATES + SLASH_DATES[:3])
            rag = d.rag()
            month = d.pick([("Jul 24", "2024-07"), ("Aug 24", "2024-08")])
            up = Update(d.updates(theme, 1)[0], month[1])
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, [up]))
            out += _layout_columns(
                [ref, text, name_title(owner), dl[0], rag, f"{month[0]}: {up.text}"], widths
            )
            out.append("")
        out += [f"{' ' * 50}Page {n} of {len(themes)}", "\f"]
    return lay, ("\n".join(out) + "\n").encode("utf-8")


@layout
def docx_document_control(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_document_control",
        "docx_document_control.docx",
        "Ashdown Vale Council",
        "Word: a document control table and a RAG key table before the plan; one table per "
        "priority heading; owners 'Name (Title)'; deadlines written with a phase label beside "
        "a month ('Phase 2 – Sept 2024'); an evidence column; progress paragraphs starting "
        "'Q1 –', 'Q2 –' (quarters of 2024/25).",
    )
    doc = new_docx()
    doc.add_heading("Ashdown Vale Council: Children's Services Improvement Plan", 0)
    doc.add_paragraph("Document control")
    docx_table(
        doc,
        ["Version", "Date", "Author", "Summary of changes"],
        [
            ["0.1", "04/03/2024", "Programme office", "First draft for CSMT"],
            ["1.0", "22/04/2024", "Programme office", "Agreed by the Improvement Board"],
            ["1.3", "15/07/2024", "Programme office", "Quarter 1 progress added"],
        ],
    )
    doc.add_paragraph("RAG key")
    docx_table(
        doc,
        ["Colour", "Meaning"],
        [
            ["Red", "Will not be delivered on time without help"],
            ["Amber", "At risk of slipping"],
            ["Green", "On track"],
            ["Blue", "Complete and evidenced"],
        ],
    )
    phases = [
        ("Phase 1 – May 2024", "2024-05-31"),
        ("Phase 2 – Sept 2024", "2024-09-30"),
        ("Phase 2 (Dec 2024)", "2024-12-31"),
        ("Phase 3: March 2025", "2025-03-31"),
    ]
    quarters = [("Q1", "2024-04-01/2024-06-30"), ("Q2", "2024-07-01/2024-09-30")]
    evidence = [
        "Board minutes",
        "Audit report",
        "Training register",
        "Performance scorecard",
        "Signed protocol",
    ]
    for p, theme in enumerate(d.themes(3), start=1):
        doc.add_heading(f"Priority {p} – {theme}", 1)
        rows: list[list[str | list[str]]] = []
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"P{p}.{a}"
            owner = d.person(theme)
            dl = d.pick(phases)
            rag = d.rag()
            n = d.rng.randint(1, 2)
            ups = [Update(t, q[1]) for q, t in zip(quarters[:n], d.updates(theme, n), strict=True)]
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            rows.append(
                [
                    ref,
                    text,
                    f"{owner.name} ({owner.title})",
                    dl[0],
                    rag,
                    d.pick(evidence),
                    [f"{q[0]} – {u.text}" for q, u in zip(quarters, ups, strict=False)],
                ]
            )
        docx_table(
            doc,
            ["Ref", "Action", "Owner", "Phase / deadline", "RAG", "Evidence", "Progress"],
            rows,
        )
    return lay, docx_bytes(doc)


@layout
def xlsx_afi_findings(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_afi_findings",
        "xlsx_afi_findings.xlsx",
        "Medwin Council",
        "Excel: an inspection response laid out by area for improvement (AFI) with the report "
        "paragraph, merged down over the actions that answer it; 'What we will do', 'By "
        "when' (real dates and quarters), a 'Measure of success' column, a 'Progress (RAG)' "
        "column and commentary starting 'Sept 24:'.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "ILACS response"
    xlsx_rows(
        ws,
        [
            ["Medwin Council – response to the ILACS inspection, January 2024"],
            ["Plan period April 2024 to March 2025"],
            [],
            [
                "Area for improvement",
                "Ofsted para",
                "No.",
                "What we will do",
                "Lead",
                "By when",
                "Measure of success",
                "Progress (RAG)",
                "Commentary",
            ],
        ],
    )
    row, n = 5, 0
    areas = [
        (2, "Front door and MASH", "P14"),
        (1, "Assessment and planning", "P22"),
        (4, "Children in care", "P31"),
        (6, "Workforce", "P40"),
    ]
    for rec_index, theme, para in areas:
        afi = C.RECOMMENDATIONS[rec_index].replace("Leaders should ", "").capitalize()
        lay.findings.append({"ref": para, "text": afi})
        top = row
        for text in d.actions(theme, 3):
            n += 1
            owner = d.person(theme)
            dl = d.pick(FULL_DATES[:5] + QUARTERS[1:4])
            value: Any = dl[0]
            if dl in FULL_DATES:
                value = iso_day(dl[1])
            m = d.measure_for(theme)
            rag = d.rag()
            up = Update(d.updates(theme, 1)[0], "2024-09")
            lay.actions.append(
                Act(str(n), text, "", [owner], dl[0], dl[1], rag, [up], [m], finding=para)
            )
            values = [afi if row == top else "", para if row == top else "", str(n), text]
            values += [name_title(owner), value, m, rag, f"Sept 24: {up.text}"]
            xlsx_rows(ws, [values], start=row)
            if isinstance(value, dt.datetime):
                ws.cell(row=row, column=6).number_format = "DD/MM/YYYY"
            row += 1
        for col in (1, 2):
            ws.merge_cells(start_row=top, start_column=col, end_row=row - 1, end_column=col)
    return lay, xlsx_bytes(wb)


@layout
def csv_tracker_export(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "csv_tracker_export",
        "csv_tracker_export.csv",
        "Kestrel Bay Council",
        "CSV exported from a task tracker: buckets as themes, several people in 'Assigned to' "
        "separated by ';', ISO start and due dates, a progress status that is not a RAG, and "
        "notes dated by a separate 'Last updated' column.",
    )
    rows: list[list[str]] = [
        [
            "Task ID",
            "Bucket",
            "Task name",
            "Assigned to",
            "Start date",
            "Due date",
            "Progress",
            "Priority",
            "Last updated",
            "Notes",
        ]
    ]
    n = 100
    for theme in d.themes(4):
        for text in d.actions(theme, 3):
            n += d.rng.randint(1, 7)
            owners = [d.person(theme)]
            if d.chance(0.4):
                other = d.person()
                if other.name != owners[0].name:
                    owners.append(other)
            due = d.pick(
                ["2024-07-31", "2024-09-30", "2024-10-31", "2024-12-20", "2025-01-31", "2025-03-28"]
            )
            status = d.pick(["Not started", "In progress", "In progress", "Completed"])
            ups: list[Update] = []
            note, updated = "", ""
            if status != "Not started":
                updated = d.pick(["2024-08-14", "2024-09-12", "2024-10-03"])
                ups = [Update(d.updates(theme, 1)[0], updated)]
                note = ups[0].text
            lay.actions.append(
                Act(f"T{n}", text, theme, [Owner(name=o.name) for o in owners], due, due, None, ups)
            )
            rows.append(
                [
                    f"T{n}",
                    theme,
                    text,
                    ";".join(o.name for o in owners),
                    "2024-04-01",
                    due,
                    status,
                    d.pick(["Important", "Medium", "Urgent"]),
                    updated,
                    note,
                ]
            )
    return lay, csv_text(rows).encode("utf-8")


@layout
def txt_board_paper_list(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "txt_board_paper_list",
        "txt_board_paper_list.txt",
        "Harbury Council",
        "Text from a board paper: numbered actions as sentences with the lead, deadline and "
        "status inline ('Lead: Name (Title). By: 31 October 2024. Status: Amber.'), indented "
        "update lines starting 'Update dd/mm/yyyy:' and priorities as headings.",
    )
    out = [
        "HARBURY COUNCIL",
        "Improvement Board – 18 November 2024",
        "Item 5: Children's Services Improvement Plan – progress report",
        "",
        "1. Purpose",
        "To update the Board on the delivery of the improvement plan for 2024/25.",
        "",
        "2. The plan",
        "",
    ]
    for p, theme in enumerate(d.themes(3), start=1):
        out += [f"Priority {p}: {theme}", ""]
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{p}.{a}"
            owner = d.person(theme)
            dl = d.pick(FULL_DATES)
            rag = d.rag()
            dates = sorted(d.rng.sample(DAY_PREFIX, d.rng.randint(1, 2)), key=lambda x: x[1])
            ups = [
                Update(t, day)
                for (_, day), t in zip(dates, d.updates(theme, len(dates)), strict=True)
            ]
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            out.append(
                f"{ref} {text}. Lead: {owner.name} ({owner.title}). By: {dl[0]}. Status: {rag}."
            )
            out += [f"    Update {w}: {u.text}" for (w, _), u in zip(dates, ups, strict=True)]
            out.append("")
    out += ["3. Recommendation", "The Board is asked to note progress.", ""]
    return lay, ("\n".join(out) + "\n").encode("utf-8")


@layout
def xlsx_monthly_columns(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_monthly_columns",
        "xlsx_monthly_columns.xlsx",
        "Fernleigh Council",
        "Excel: a monthly tracker whose update columns are headed by real dates shown as "
        "'Jun-24', 'Jul-24' …, some months left blank; a 'Current RAG' column; joint leads "
        "'Name and Name'; a frozen header under a two-row title.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Monthly tracker"
    months = [dt.datetime(2024, m, 1) for m in (6, 7, 8, 9, 10)]
    ws["A1"] = "Fernleigh Council – Children's Improvement Plan monthly tracker"
    ws["A2"] = "Updates are due by the last Friday of each month"
    header: list[Any] = ["Ref", "Theme", "Action", "Lead(s)", "Deadline", "Current RAG"]
    xlsx_rows(ws, [[*header, *months]], start=4, bold=True)
    for c in range(len(header) + 1, len(header) + len(months) + 1):
        ws.cell(row=4, column=c).number_format = "mmm-yy"
    ws.freeze_panes = "A5"
    row = 5
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 3), start=1):
            ref = f"{n}.{a}"
            owners = [d.person(theme)]
            if d.chance(0.3):
                other = d.person()
                if other.name != owners[0].name:
                    owners.append(other)
            dl = d.pick(MONTHS + SLASH_DATES[:3])
            rag = d.rag()
            ups: list[Update] = []
            cells: list[Any] = []
            for month in months:
                if d.chance(0.55):
                    up = Update(d.updates(theme, 1)[0], month.strftime("%Y-%m"))
                    ups.append(up)
                    cells.append(up.text)
                else:
                    cells.append("")
            lay.actions.append(
                Act(ref, text, theme, [Owner(name=o.name) for o in owners], dl[0], dl[1], rag, ups)
            )
            leads = " and ".join(o.name for o in owners)
            xlsx_rows(ws, [[ref, theme, text, leads, dl[0], rag, *cells]], start=row)
            row += 1
    return lay, xlsx_bytes(wb)


@layout
def docx_repeated_header_rows(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "docx_repeated_header_rows",
        "docx_repeated_header_rows.docx",
        "Langstone Council",
        "Word: one long table pasted page by page, so its heading row appears again every few "
        "rows; two actions whose text runs on into a second row with every other cell empty; "
        "progress starting with a date; no themes.",
    )
    doc = new_docx()
    doc.add_heading("Langstone Council – Children's Services Improvement Plan 2024/25", 0)
    header = ["No", "Action", "Lead", "Target date", "RAG", "Progress"]
    rows: list[list[str | list[str]]] = []
    texts = [t for theme in d.themes(4) for t in d.actions(theme, 4)][:14]
    split = {3, 9}
    for n, text in enumerate(texts, start=1):
        if n > 1 and (n - 1) % 5 == 0:
            rows.append(list(header))
        theme = next(t for t, pool in C.ACTIONS.items() if text in pool)
        owner = d.person(theme)
        dl = d.pick(FULL_DATES + SLASH_DATES)
        rag = d.rag()
        when = d.pick(DAY_PREFIX)
        up = Update(d.updates(theme, 1)[0], when[1])
        lay.actions.append(Act(str(n), text, "", [owner], dl[0], dl[1], rag, [up]))
        cells: list[str | list[str]] = [
            str(n),
            text,
            name_title(owner),
            dl[0],
            rag,
            f"{when[0]} – {up.text}",
        ]
        if n in split:
            words = text.split()
            cut = len(words) // 2
            cells[1] = " ".join(words[:cut])
            rows.append(cells)
            rows.append(["", " ".join(words[cut:]), "", "", "", ""])
        else:
            rows.append(cells)
    docx_table(doc, header, rows)
    return lay, docx_bytes(doc)


@layout
def xlsx_summary_rows(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "xlsx_summary_rows",
        "xlsx_summary_rows.xlsx",
        "Thistlewood Council",
        "Excel: a hidden lookup column, a theme column, real target dates, an update column "
        "dated by its heading (Aug 2024), and below the plan a RAG summary with counts, a "
        "total row and a note, none of which are actions.",
    )
    wb = new_xlsx()
    ws = wb.active
    ws.title = "Plan"
    xlsx_rows(
        ws,
        [
            ["Thistlewood Council Improvement Plan 2024-25"],
            [],
            [
                *["Ref", "Lookup", "Theme", "Action", "Responsible", "Target date", "RAG"],
                "Comments (Aug 2024)",
            ],
        ],
    )
    ws.column_dimensions["B"].hidden = True
    row = 4
    tally: dict[str, int] = {}
    for n, theme in enumerate(d.themes(4), start=1):
        for a, text in enumerate(d.actions(theme, 3), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(FULL_DATES)
            rag = d.pick(["Red", "Amber", "Green"])
            tally[rag] = tally.get(rag, 0) + 1
            up = Update(d.updates(theme, 1)[0], "2024-08")
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, [up]))
            values = [ref, f"{theme[:3].upper()}{a:02d}", theme, text, name_title(owner)]
            xlsx_rows(ws, [[*values, iso_day(dl[1]), rag, up.text]], start=row)
            ws.cell(row=row, column=6).number_format = "DD MMM YYYY"
            row += 1
    row += 1
    summary = [["Summary"], *[[k, tally.get(k, 0)] for k in ("Red", "Amber", "Green")]]
    summary += [["Total", sum(tally.values())], []]
    summary += [["Note: RAG ratings are reviewed monthly by the Improvement Board."]]
    xlsx_rows(ws, summary, start=row)
    return lay, xlsx_bytes(wb)


@layout
def csv_sharepoint_html(d: Draw) -> tuple[Layout, bytes]:
    lay = Layout(
        "csv_sharepoint_html",
        "csv_sharepoint_html.csv",
        "Wealdbrook Council",
        "CSV exported from a SharePoint list: the action under 'Title', an 'ID' column, leads "
        "as display names, ISO date-times, rich-text updates as HTML fragments, and a 'Last "
        "Update Date' column dating the update.",
    )
    rows: list[list[str]] = [
        [
            "ID",
            "Title",
            "Workstream",
            "Action Lead",
            "Target Date",
            "RAG Status",
            "Latest Update",
            "Last Update Date",
            "Item Type",
            "Path",
        ]
    ]
    n = 0
    for theme in d.themes(4):
        for text in d.actions(theme, 3):
            n += 1
            owner = d.person(theme)
            dl = d.pick(FULL_DATES + SLASH_DATES)
            rag = d.rag()
            when = d.pick(["2024-09-16", "2024-10-03", "2024-10-28"])
            up = Update(d.updates(theme, 1)[0], when)
            lay.actions.append(
                Act(
                    str(n), text, theme, [Owner(owner.name)], f"{dl[1]}T00:00:00Z", dl[1], rag, [up]
                )
            )
            rows.append(
                [
                    str(n),
                    text,
                    theme,
                    owner.name,
                    f"{dl[1]}T00:00:00Z",
                    rag,
                    f'<div class="ExternalClass"><p>{up.text}</p></div>',
                    f"{when}T00:00:00Z",
                    "Item",
                    "sites/ChildrensImprovement/Lists/Improvement Plan",
                ]
            )
    return lay, csv_text(rows).encode("utf-8")


# ---------------------------------------------------------------------------------------


def build() -> dict[str, tuple[Layout, bytes]]:
    built = {}
    for name, fn in sorted(LAYOUTS.items()):
        # Seeded by its name: adding a layout leaves every other layout as it was.
        lay, data = fn(Draw(zlib.crc32(name.encode("utf-8"))))
        assert lay.name == name, name
        built[name] = (lay, data)
    return built


def same_content(a: bytes, b: bytes) -> bool:
    """Equal files; for Word and Excel files, equal members (compressors differ by zlib)."""
    if a == b:
        return True
    if not (a.startswith(b"PK") and b.startswith(b"PK")):
        return False
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    if za.namelist() != zb.namelist():
        return False
    return all(za.read(name) == zb.read(name) for name in za.namelist())


def expected_text(lay: Layout) -> str:
    return json.dumps(lay.as_json(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a committed file differs")
    args = parser.parse_args()
    PLANS.mkdir(exist_ok=True)
    EXPECTED.mkdir(exist_ok=True)
    stale = []
    for name, (lay, data) in build().items():
        plan, expected = PLANS / lay.filename, EXPECTED / f"{name}.json"
        body = expected_text(lay).encode("utf-8")
        for path, content in ((plan, data), (expected, body)):
            if args.check:
                if not path.exists() or not same_content(path.read_bytes(), content):
                    stale.append(str(path.relative_to(HERE)))
            else:
                path.write_bytes(content)
    if stale:
        print("Out of date (run make_corpus.py):", *stale, sep="\n  ")
        return 1
    print(f"{len(LAYOUTS)} layouts {'checked' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
