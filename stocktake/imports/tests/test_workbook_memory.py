"""A big workbook is read in bounded memory: streamed row by row (openpyxl read-only, the
sheet's XML parsed incrementally for merges and formulas), never held whole as cell
objects. benchmarks/import_memory.py measures a 20 MB workbook; this test holds the reader
to the same shape on a smaller one, so a change that loads workbooks whole fails here."""

from __future__ import annotations

import io
import random
import tracemalloc
from collections.abc import Callable

import pytest
from openpyxl import Workbook, load_workbook

from stocktake.imports.readers import read_document

WORDS = [
    "review",
    "audit",
    "plan",
    "children",
    "families",
    "partners",
    "supervision",
    "placement",
    "training",
]


def _workbook(rows: int) -> bytes:
    rng = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append(["Ref", "Action", "Lead", "Deadline", "RAG", "Progress"])
    for n in range(rows):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
        sheet.append(
            [f"{n}.1", words, f"Person {n % 300}", "31/03/2025", "Green", f"01/06/2024 – {words}"]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow  # writes and reads a workbook of thousands of rows
def test_a_big_workbook_is_streamed_not_held_whole():
    data = _workbook(4000)
    held: list[object] = []
    streamed = _peak(lambda: held.append(read_document("big.xlsx", data)))
    document = held[0]
    text = sum(
        len(c) for block in document.blocks for row in getattr(block, "rows", []) for c in row
    )
    whole = _peak(lambda: load_workbook(io.BytesIO(data), data_only=True))
    # The rows' text (as Python strings) is what must be held; streaming keeps the peak
    # within a small multiple of it, where loading the workbook whole holds every cell as
    # an object.
    assert streamed < 6 * (text + len(data)), (streamed, text, len(data))
    assert streamed * 2 < whole, (streamed, whole)
