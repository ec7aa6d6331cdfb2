"""The `stocktake` console command.

Every subcommand is a Django management command; `stocktake import-plan` runs the
`import_plan` command, so later capabilities add a command module and nothing here.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocktake.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["stocktake", *args])
