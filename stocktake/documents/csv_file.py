"""One `Table` as a CSV file: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), the
header row first, every text cell neutralised, None as an empty cell."""

from __future__ import annotations

import csv
import io

from stocktake.documents.blocks import Table
from stocktake.documents.common import neutralise


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(name) for name in table.columns])
    for row in table.rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
