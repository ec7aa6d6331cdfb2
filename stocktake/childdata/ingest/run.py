"""An ingest from start to end: read what was uploaded, check every list, write Parquet."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from stocktake.childdata.ingest.sources import read_any
from stocktake.childdata.ingest.validate import Checked, check_list, connect, rejections
from stocktake.childdata.lists import CHILD_KEY


@dataclass
class Validation:
    """What an ingest found: each list read, with its rejections, and whole-file problems."""

    con: duckdb.DuckDBPyConnection
    checked: list[Checked] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def rejected(self, number: int) -> list[dict[str, Any]]:
        return rejections(self.con, number)

    def report(self, *, with_subjects: bool = False) -> dict[str, Any]:
        """Rows read, rejected and kept per list, and every rejection's place and reason.
        The pseudonymised ID of a rejected row is included only `with_subjects`."""
        lists = []
        for c in self.checked:
            found = self.rejected(c.spec.number)
            lists.append(
                {
                    "list": c.spec.number,
                    "title": c.spec.title,
                    "sheet": c.sheet,
                    "read": c.read,
                    "rejected": c.rejected_rows,
                    "stored": c.stored,
                    "missing_columns": c.missing,
                    "rejections": [
                        {
                            "sheet": c.sheet,
                            "row": r["row"],
                            "column": r["column"],
                            "reason": r["reason"],
                            **({"subject": r["subject"]} if with_subjects else {}),
                        }
                        for r in found
                    ],
                }
            )
        return {
            "lists": lists,
            "rows_read": sum(c.read for c in self.checked),
            "rows_rejected": sum(c.rejected_rows for c in self.checked),
            "problems": self.problems,
            "ignored": self.ignored,
        }

    def write_parquet(self, folder: Path) -> dict[int, Path]:
        """Each list's accepted rows as `list<n>.parquet` in `folder`."""
        written = {}
        for c in self.checked:
            path = folder / f"list{c.spec.number}.parquet"
            key = f", {CHILD_KEY} AS child_key" if "child_id" in c.spec.names else ""
            self.con.execute(
                f"COPY (SELECT *{key} FROM typed_{c.spec.number}) TO '{path}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            written[c.spec.number] = path
        return written


@contextmanager
def validated(path: Path, secret: bytes) -> Iterator[Validation]:
    """Read and check `path` (a workbook, CSV file, folder or zip) in a temporary folder that
    is removed afterwards, with the connection open for the caller to report and store."""
    with tempfile.TemporaryDirectory(prefix="stocktake-childdata-") as work:
        workdir = Path(work)
        found = read_any(path, workdir)
        con = connect(secret)
        try:
            con.execute(f"SET temp_directory = '{workdir / 'duckdb'}'")
            result = Validation(con, problems=found.problems, ignored=found.ignored)
            for source in found.sources:
                result.checked.append(check_list(con, source))
            result.checked.sort(key=lambda c: c.spec.number)
            yield result
        finally:
            con.close()


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)
