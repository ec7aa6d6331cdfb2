"""Reading an Annex A extract: a workbook, or a folder or zip of CSV files, one per list.

`sources` finds each list's sheet or file and its header row and gives DuckDB a CSV to read
(a workbook's sheets are streamed to temporary CSV files first); `validate` checks and
pseudonymises every row in DuckDB SQL and reports each rejection; `store` writes the rows
that passed as Parquet files.
"""
