"""Write the held-out set: six plan layouts the importer was NOT tuned on (issue 12).

    .venv/bin/python tests/import_corpus/make_heldout.py          # (re)write heldout/
    .venv/bin/python tests/import_corpus/make_heldout.py --check  # the committed files are current
    .venv/bin/python tests/import_corpus/score.py --heldout       # score them

They were written before any change to the importer for issue 12 and scored as they stood
(docs/import-accuracy.md keeps that first score). Their wordings differ from the corpus's on
purpose: quarters as "Qtr 2 24/25" and "Quarter 3 (Oct–Dec 2024)", a progress column per month,
labelled blocks with other labels, a PDF table split across pages, a measures table with no
action column, "Title (initials)" with the key on another sheet, numbering 1 / 1.1 / 1.1.a in
Excel. Each wording is written beside its reading by hand, as in make_corpus.py; nothing is read
back from the importer.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_content as C
import make_corpus as M
from make_corpus import Act, Draw, Layout, Update

HERE = Path(__file__).resolve().parent
ROOT = HERE / "heldout"
PLANS = ROOT / "plans"
EXPECTED = ROOT / "expected"

LAYOUTS: dict[str, M.LayoutFn] = {}


def layout(fn: M.LayoutFn) -> M.LayoutFn:
    LAYOUTS[fn.__name__] = fn
    return fn


def _lay(name: str, ext: str, council: str, description: str) -> Layout:
    return Layout(name, f"{name}.{ext}", council, description)


# Wordings not used by the corpus, with their readings (a 2024/25 plan).
FY_QUARTERS = [
    ("Qtr 2 24/25", "2024-09-30"),
    ("Q4 24/25", "2025-03-31"),
    ("FY 2024-25", "2025-03-31"),
    ("Quarter 3 (Oct-Dec 2024)", "2024-12-31"),
    ("Q1 25/26", "2025-06-30"),
    ("Qtr 3 2024-25", "2024-12-31"),
]
DOTTED = [
    ("31.10.24", "2024-10-31"),
    ("30.09.2024", "2024-09-30"),
    ("Sep 2024", "2024-09-30"),
    ("31st January 2025", "2025-01-31"),
    ("end Q3", "2024-12-31"),
    ("Feb 2025", "2025-02-28"),
]
DAY_MONTH = [  # a day and month with no year at the start of progress, in a 2024/25 plan
    ("15 July", "2024-07-15"),
    ("2 August", "2024-08-02"),
    ("19 Sept", "2024-09-19"),
    ("4 November", "2024-11-04"),
    ("9 January", "2025-01-09"),
]
POSITION_AT = [
    ("Position at 30 Sept 2024:", "2024-09-30"),
    ("Position at 31 Dec 2024:", "2024-12-31"),
    ("Position at 30 June 2024:", "2024-06-30"),
]
STATUS_WORDS = [
    ("On track", "green"),
    ("At risk", "amber"),
    ("Off track", "red"),
    ("Complete", "blue"),
]


@layout
def xlsx_month_progress_key(d: Draw) -> tuple[Layout, bytes]:
    lay = _lay(
        "xlsx_month_progress_key",
        "xlsx",
        "Ashby Marsh Council",
        "Excel: a 'Plan' sheet with a workstream column, 'Complete by' as real dates, a "
        "'Responsible' column written 'Title (initials)', a 'Status' of words and one progress "
        "column per month headed 'Apr 2024 progress' … 'Jul 2024 progress' (some blank); the key "
        "of initials is on a separate 'Who's who' sheet.",
    )
    wb = M.new_xlsx()
    ws = wb.active
    ws.title = "Plan"
    months = [("Apr 2024", "2024-04"), ("May 2024", "2024-05"), ("Jun 2024", "2024-06")]
    months.append(("Jul 2024", "2024-07"))
    header = ["Ref", "Workstream", "Action", "Responsible", "Complete by", "Status"]
    header += [f"{m} progress" for m, _ in months]
    M.xlsx_rows(ws, [header], bold=True)
    people = d.people(7)
    row = 2
    for n, theme in enumerate(d.themes(3), start=1):
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{n}.{a}"
            owner = d.pick(people)
            dl = d.pick(M.FULL_DATES)
            status, rag = d.pick(STATUS_WORDS)
            filled = [m for m in months if d.chance(0.6)] or [months[-1]]
            ups = [
                Update(t, m[1]) for m, t in zip(filled, d.updates(theme, len(filled)), strict=True)
            ]
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, ups))
            short_title = owner.title.split(",")[0]
            cells: list[object] = [
                ref,
                theme,
                text,
                f"{short_title} ({M.initials(owner)})",
                M.iso_day(dl[1]),
                status,
            ]
            by_month = {m[1]: u.text for m, u in zip(filled, ups, strict=True)}
            cells += [by_month.get(m[1], "") for m in months]
            M.xlsx_rows(ws, [cells], start=row)
            ws.cell(row=row, column=5).number_format = "DD/MM/YYYY"
            row += 1
    key = wb.create_sheet("Who's who")
    M.xlsx_rows(key, [["Initials", "Full name", "Job title"]], bold=True)
    M.xlsx_rows(key, [[M.initials(p), p.name, p.title] for p in people], start=2)
    return lay, M.xlsx_bytes(wb)


@layout
def csv_fy_quarters(d: Draw) -> tuple[Layout, bytes]:
    lay = _lay(
        "csv_fy_quarters",
        "csv",
        "Copperfield Council",
        "CSV (comma): 'Action ID' like CP-03, a 'Priority area' column, the action under "
        "'Activity', officers 'Name (Title)', due dates as quarters and financial years written "
        "'Qtr 2 24/25', 'FY 2024-25', 'Quarter 3 (Oct-Dec 2024)'; status words; a 'Latest "
        "position' starting 'Position at 30 Sept 2024:'.",
    )
    rows = [["Action ID", "Priority area", "Activity", "Officer", "Quarter due", "Status"]]
    rows[0].append("Latest position")
    for theme in d.themes(4):
        code = "".join(w[0] for w in theme.split()).upper()[:3]
        for a, text in enumerate(d.actions(theme, 3), start=1):
            ref = f"{code}-{a:02d}"
            owner = d.person(theme)
            dl = d.pick(FY_QUARTERS)
            status, rag = d.pick(STATUS_WORDS)
            at = d.pick(POSITION_AT)
            up = Update(d.updates(theme, 1)[0], at[1])
            lay.actions.append(Act(ref, text, theme, [owner], dl[0], dl[1], rag, [up]))
            rows.append(
                [
                    ref,
                    theme,
                    text,
                    f"{owner.name} ({owner.title})",
                    dl[0],
                    status,
                    f"{at[0]} {up.text}",
                ]
            )
    return lay, M.csv_text(rows).encode("utf-8")


@layout
def txt_blocks_other_labels(d: Draw) -> tuple[Layout, bytes]:
    lay = _lay(
        "txt_blocks_other_labels",
        "txt",
        "Marlow Heath Council",
        "Text: labelled blocks with labels the corpus does not use (Action no., What, Who, "
        "When, Status, Progress at <date>, Evidence of impact) under objective headings in "
        "capitals ('OBJECTIVE 2: CHILD PROTECTION'), blocks apart by a line of dashes.",
    )
    out = ["MARLOW HEATH COUNCIL", "Children's services improvement plan – April 2024", ""]
    for n, theme in enumerate(d.themes(3), start=1):
        out += [f"OBJECTIVE {n}: {theme.upper()}", ""]
        for a, text in enumerate(d.actions(theme, 4), start=1):
            ref = f"{n}.{a}"
            owner = d.person(theme)
            dl = d.pick(M.FULL_DATES + M.MONTHS)
            status, rag = d.pick(STATUS_WORDS)
            at = d.pick(M.DAY_PREFIX)
            up = Update(d.updates(theme, 1)[0], at[1])
            measure = d.measure_for(theme)
            lay.actions.append(
                Act(ref, text, theme, [owner], dl[0], dl[1], rag, [up], measures=[measure])
            )
            out += [
                f"Action no.: {ref}",
                f"What: {text}",
                f"Who: {M.name_title(owner)}",
                f"When: {dl[0]}",
                f"Status: {status}",
                f"Progress at {at[0]}: {up.text}",
                f"Evidence of impact: {measure}",
                "-" * 40,
            ]
        out.append("")
    return lay, ("\n".join(out) + "\n").encode("utf-8")


@layout
def txt_pdf_page_split(d: Draw) -> tuple[Layout, bytes]:
    lay = _lay(
        "txt_pdf_page_split",
        "txt",
        "Eskdale Council",
        "Text from a PDF table kept in columns by spaces: the heading row wrapped over two lines "
        "('Lead' / 'officer', 'Target' / 'date'), themes as rows across the table, no reference "
        "column, deadlines '31.10.24' and 'Sep 2024', progress starting with a day and month "
        "and no year ('15 July –'); page footers and a form feed between pages.",
    )
    widths = [40, 26, 11, 8, 36]
    head = M._layout_columns(["Action", "Lead", "Target", "RAG", "Progress"], widths)
    head += M._layout_columns(["", "officer", "date", "", ""], widths)
    out = ["Eskdale Council", "Improving outcomes for children – action plan 2024/25", ""]
    page = 1
    for theme in d.themes(3):
        out += [*head, "", theme, ""]
        for text in d.actions(theme, 4):
            owner = d.person(theme)
            dl = d.pick(DOTTED[:4] + DOTTED[5:])
            rag = d.rag()
            when = d.pick(DAY_MONTH)
            up = Update(d.updates(theme, 1)[0], when[1])
            lay.actions.append(Act("", text, theme, [owner], dl[0], dl[1], rag, [up]))
            out += M._layout_columns(
                [text, M.name_title(owner), dl[0], rag, f"{when[0]} – {up.text}"], widths
            )
            out.append("")
        out += [f"{' ' * 60}{page}", "\f"]
        page += 1
    return lay, ("\n".join(out) + "\n").encode("utf-8")


@layout
def docx_measures_no_action(d: Draw) -> tuple[Layout, bytes]:
    lay = _lay(
        "docx_measures_no_action",
        "docx",
        "Pelham Bridge Council",
        "Word: per priority a heading, a short narrative paragraph and a table 'Key activity | "
        "Lead | Milestone | Progress' with no reference column; milestones '31.10.24', 'Sep "
        "2024', 'end Q3', '31st January 2025'; progress paragraphs starting with a day and month "
        "and no year; at the end a 'Measuring success' table 'Priority | Indicator | Baseline | "
        "Target' with no action column.",
    )
    doc = M.new_docx()
    doc.add_heading("Pelham Bridge Council – Children's Services Improvement Plan", 0)
    doc.add_paragraph("This plan covers April 2024 to March 2025.")
    themes = d.themes(3)
    for n, theme in enumerate(themes, start=1):
        doc.add_heading(f"Priority {n} – {theme}", 1)
        doc.add_paragraph(
            f"Why this matters: inspectors found that {theme.lower()} needs to improve."
        )
        rows: list[list[str | list[str]]] = []
        for text in d.actions(theme, 4):
            owner = d.person(theme)
            dl = d.pick(DOTTED)
            whens = sorted(d.rng.sample(DAY_MONTH, 2), key=lambda w: w[1])
            ups = [Update(t, w[1]) for w, t in zip(whens, d.updates(theme, 2), strict=True)]
            lay.actions.append(Act("", text, theme, [owner], dl[0], dl[1], None, ups))
            rows.append(
                [
                    text,
                    M.name_title(owner),
                    dl[0],
                    [f"{w[0]}: {u.text}" for w, u in zip(whens, ups, strict=True)],
                ]
            )
        M.docx_table(doc, ["Key activity", "Lead", "Milestone", "Progress"], rows)
    doc.add_heading("Measuring success", 1)
    mrows: list[list[str | list[str]]] = []
    for theme in themes:
        for m in d.measures(theme, 2):
            lay.measures.append({"text": m, "theme": theme, "action": None})
            mrows.append([theme, m, f"{d.rng.randint(30, 70)}%", f"{d.rng.randint(75, 95)}%"])
    M.docx_table(doc, ["Priority", "Indicator", "Baseline", "Target"], mrows)
    return lay, M.docx_bytes(doc)


@layout
def xlsx_numbered_hierarchy(d: Draw) -> tuple[Layout, bytes]:
    lay = _lay(
        "xlsx_numbered_hierarchy",
        "xlsx",
        "Rushmere Council",
        "Excel: recommendation → action → sub-action numbered 1 / 1.1 / 1.1.a in a '#' column "
        "with the text of all three in one column; owners 'Name (Title)'; 'Start' and 'Finish' "
        "typed as text 'Apr-24' / 'Dec-24' (the deadline is Finish); 'BRAG' as B, R, A, G; one "
        "'Commentary (Oct 2024)' column dated by its heading.",
    )
    wb = M.new_xlsx()
    ws = wb.active
    ws.title = "Improvement plan"
    header = ["#", "Recommendation / action / sub-action", "Owner", "Start", "Finish", "BRAG"]
    header.append("Commentary (Oct 2024)")
    M.xlsx_rows(ws, [["Rushmere Council – response to the ILACS inspection"]], bold=True)
    M.xlsx_rows(ws, [header], start=3, bold=True)
    finish = [
        ("Sep-24", "2024-09-30"),
        ("Dec-24", "2024-12-31"),
        ("Jan-25", "2025-01-31"),
        ("Mar-25", "2025-03-31"),
        ("Jun-25", "2025-06-30"),
    ]
    letters = {"B": "blue", "R": "red", "A": "amber", "G": "green"}
    subs = list(C.SUB_ACTIONS)
    row = 4
    for r, rec_index in enumerate([0, 2, 6], start=1):
        rec = C.RECOMMENDATIONS[rec_index]
        lay.findings.append({"ref": str(r), "text": rec})
        M.xlsx_rows(ws, [[str(r), rec]], start=row)
        row += 1
        texts = [subs[(r * 2) % len(subs)], subs[(r * 2 + 1) % len(subs)]]
        for a, text in enumerate(texts, start=1):
            ref = f"{r}.{a}"
            for level, (lref, ltext, parent) in enumerate(
                [(ref, text, None)]
                + [(f"{ref}.{'abc'[s]}", st, ref) for s, st in enumerate(C.SUB_ACTIONS[text])]
            ):
                owner = d.person()
                dl = d.pick(finish)
                letter = d.pick(list(letters))
                up = Update(d.updates(d.pick(sorted(C.THEME_UPDATES)), 1)[0], "2024-10")
                act = Act(lref, ltext, "", [owner], dl[0], dl[1], letters[letter], [up])
                act.parent = parent
                act.finding = str(r) if level == 0 else None
                lay.actions.append(act)
                M.xlsx_rows(
                    ws,
                    [
                        [
                            lref,
                            ltext,
                            f"{owner.name} ({owner.title})",
                            d.pick(["Apr-24", "May-24", "Jun-24"]),
                            dl[0],
                            letter,
                            up.text,
                        ]
                    ],
                    start=row,
                )
                row += 1
    return lay, M.xlsx_bytes(wb)


def build() -> dict[str, tuple[Layout, bytes]]:
    built = {}
    for name, fn in sorted(LAYOUTS.items()):
        lay, data = fn(Draw(zlib.crc32(("heldout:" + name).encode("utf-8"))))
        assert lay.name == name, name
        built[name] = (lay, data)
    return built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a committed file differs")
    args = parser.parse_args()
    PLANS.mkdir(parents=True, exist_ok=True)
    EXPECTED.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, (lay, data) in build().items():
        body = dict(lay.as_json())
        body["file"] = f"heldout/plans/{lay.filename}"
        text = M.json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        plan, expected = PLANS / lay.filename, EXPECTED / f"{name}.json"
        for path, content in ((plan, data), (expected, text.encode("utf-8"))):
            if args.check:
                if not path.exists() or not M.same_content(path.read_bytes(), content):
                    stale.append(str(path.relative_to(HERE)))
            else:
                path.write_bytes(content)
    if stale:
        print("Out of date (run make_heldout.py):", *stale, sep="\n  ")
        return 1
    print(f"{len(LAYOUTS)} held-out layouts {'checked' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
