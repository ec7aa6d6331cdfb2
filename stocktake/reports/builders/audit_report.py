"""The monthly audit report for the management team: case-file audits completed in the
month and over the six months to it, grades by domain, moderation (both grades where one
was changed), overdue audit actions, open safeguarding concerns and the learning. Its
content comes from the quality app (`stocktake.quality.report_section`)."""

from __future__ import annotations

from stocktake.quality.report_section import audit_report_blocks, period_for
from stocktake.reports.blocks import ReportDocument
from stocktake.reports.builders.common import day
from stocktake.reports.context import NoData, ReportContext

TITLE = "Monthly audit report"


def build(ctx: ReportContext) -> ReportDocument:
    period = period_for(ctx)
    if not period.audited and not period.due and not period.overdue:
        raise NoData(
            f"There is nothing to report for {ctx.period_label}: {ctx.authority.name} had no "
            f"case audits recorded by {day(ctx.as_of)}."
        )
    return ReportDocument(
        title=TITLE + (" (illustrative)" if period.illustrative else ""),
        authority=ctx.authority.name,
        subtitle=f"Case-file audits, {ctx.period_label}",
        period_label=ctx.period_label,
        prepared_on=day(ctx.as_of),
        blocks=audit_report_blocks(ctx, period),
    )
