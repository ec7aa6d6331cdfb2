"""One builder per kind of report. Each module has `build(ctx: ReportContext) -> ReportDocument`."""

from __future__ import annotations

from importlib import import_module

from stocktake.reports.context import Builder

KINDS: dict[str, str] = {
    "weekly-highlight": "Weekly highlight report",
    "board-pack": "Improvement Board pack",
    "chair-report": "Chair's progress report",
    "scrutiny": "Scrutiny committee report",
    "audit-report": "Monthly audit report",
}
MODULES = {
    "weekly-highlight": "weekly_highlight",
    "board-pack": "board_pack",
    "chair-report": "chair_report",
    "scrutiny": "scrutiny",
    "audit-report": "audit_report",
}


def builder_for(kind: str) -> Builder:
    if kind not in MODULES:
        raise KeyError(f"There is no report called “{kind}”. Choose one of: {', '.join(KINDS)}")
    module = import_module(f"stocktake.reports.builders.{MODULES[kind]}")
    build: Builder = module.build
    return build
