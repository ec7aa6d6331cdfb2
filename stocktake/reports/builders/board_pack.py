"""The Improvement Board pack: summary in plain English with numbers and their denominators,
exceptions first, delivery by theme with RAG counts, the actions completed, due and overdue
in the period, the indicator dashboard with a chart per indicator and the failing-targets
analysis, and the findings traceability appendix."""

from __future__ import annotations

from collections import Counter

from stocktake.documents.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    Table,
)
from stocktake.findings.traceability import FLAG_LABELS, traceability_matrix
from stocktake.indicators.selectors import dashboard, failing_targets
from stocktake.plans.choices import Rag
from stocktake.plans.models import Action
from stocktake.quality.report_section import qa_section
from stocktake.reports.builders.common import (
    capitalised,
    counts_sentence,
    day,
    indicator_chart,
    indicator_mark,
    indicator_status,
    indicator_target,
    indicator_value,
    of_total,
    plural,
    short_day,
    shorten,
    suppression_rule,
)
from stocktake.reports.builders.sections import (
    PlanState,
    actions_table,
    change_rows,
    changes_between,
    completed_between,
    exceptions_blocks,
    plan_state,
    updates_between,
)
from stocktake.reports.context import NoData, ReportContext

TITLE = "Improvement Board pack"
RAG_ORDER = [(Rag.RED, "red"), (Rag.AMBER, "amber"), (Rag.GREEN, "green"), (Rag.BLUE, "blue")]


def _rag_sentence(counts: Counter[str]) -> str:
    words = [(word, counts.get(code, 0)) for code, word in RAG_ORDER]
    words.append(("not rated", counts.get("", 0)))
    return counts_sentence(words)


def summary(
    ctx: ReportContext, state: PlanState, completed: list[Action], updates: int
) -> list[Block]:
    total = len(state.actions)
    due = state.due_between(ctx.period_start, ctx.period_end)
    due_done = [a for a in due if a.is_complete]
    overdue = state.overdue(ctx.as_of)
    quoted = "accepted or imported" if not ctx.include_unreviewed else "reported"
    points = [
        f"{of_total(len(state.complete), total)} are complete.",
        f"{plural(len(due), 'action')} fell due in {ctx.period_label}; "
        f"{of_total(len(due_done), len(due), 'actions')} are complete."
        if due
        else f"No actions fell due in {ctx.period_label}.",
        f"{of_total(len(completed), total)} were completed in the period."
        if completed
        else "No actions were marked complete in the period.",
        f"{of_total(len(overdue), len(state.open), 'open actions')} are overdue on "
        f"{day(ctx.as_of)}."
        if state.open
        else "Every action is complete.",
        f"Ratings: {_rag_sentence(state.rag_counts())}.",
        f"{plural(len(state.exceptions), 'exception')} for the chief executive's meeting.",
        f"{plural(updates, 'update')} {quoted} in the period.",
    ]
    note = (
        "This pack quotes only updates a lead has accepted (and those imported with the plan)."
        if not ctx.include_unreviewed
        else "This pack also quotes updates still waiting for a lead's review."
    )
    return [
        Heading("Summary"),
        Paragraph(
            f"This pack reports progress on {ctx.plan.name} for {ctx.period_label}, as at "
            f"{day(ctx.as_of)}. It covers {plural(total, 'action')} in "
            f"{plural(len({a.theme_id for a in state.actions}), 'theme')}.",
            style="lead",
        ),
        Bullets([capitalised(point) for point in points]),
        Paragraph(note, style="small"),
    ]


def delivery_by_theme(state: PlanState, ctx: ReportContext) -> list[Block]:
    themes: dict[str, list[Action]] = {}
    for action in state.actions:
        themes.setdefault(action.theme.name if action.theme else "No theme", []).append(action)
    overdue = {a.pk for a in state.overdue(ctx.as_of)}
    rows: list[list[str | int | float | None]] = []
    for name, actions in themes.items():
        rags = state.rag_counts(actions)
        rows.append(
            [
                name,
                len(actions),
                sum(a.is_complete for a in actions),
                rags.get(Rag.RED, 0),
                rags.get(Rag.AMBER, 0),
                rags.get(Rag.GREEN, 0) + rags.get(Rag.BLUE, 0),
                rags.get("", 0),
                sum(a.pk in overdue for a in actions),
            ]
        )
    blocks: list[Block] = [
        Heading("Delivery by theme"),
        Table(
            title="Actions by theme, with their ratings",
            columns=[
                "Theme",
                "Actions",
                "Complete",
                "Red",
                "Amber",
                "Green",
                "Not rated",
                "Overdue",
            ],
            rows=rows,
            sheet="Delivery by theme",
            widths=[3.2, 1.1, 1.2, 0.8, 1, 1, 1, 1.1],
        ),
    ]
    for name, actions in themes.items():
        blocks.append(Heading(name, 2))
        done = sum(a.is_complete for a in actions)
        blocks.append(
            Paragraph(
                capitalised(f"{of_total(done, len(actions))} complete. ")
                + f"Ratings: {_rag_sentence(state.rag_counts(actions))}."
            )
        )
        blocks.append(actions_table(f"{name}: actions", actions, state, sheet="Actions"))
    return blocks


def period_actions(ctx: ReportContext, state: PlanState, completed: list[Action]) -> list[Block]:
    due = state.due_between(ctx.period_start, ctx.period_end)
    overdue = state.overdue(ctx.as_of)
    blocks: list[Block] = [Heading(f"Actions in {ctx.period_label}")]
    for title, actions, empty in (
        ("Completed in the period", completed, "No actions were marked complete in the period."),
        ("Due in the period", due, "No actions fell due in the period."),
        (f"Overdue on {day(ctx.as_of)}", overdue, "No open action is past its due date."),
    ):
        blocks.append(Heading(title, 2))
        if actions:
            blocks.append(actions_table(title, actions, state, sheet=title, with_update=False))
        else:
            blocks.append(Paragraph(empty))
    changes = changes_between(ctx, ctx.period_start, ctx.period_end)
    if changes:
        blocks.append(Heading("Status changes in the period", 2))
        blocks.append(
            Table(
                "Status changes in the period",
                ["Action", "Change", "When", "Reason"],
                change_rows(changes),
                sheet="Status changes",
                widths=[3.5, 2.2, 1.3, 3.5],
            )
        )
    return blocks


def indicators(ctx: ReportContext) -> list[Block]:
    rule = suppression_rule()
    tiles = dashboard(ctx.authority, until=ctx.period_end).tiles
    if not tiles:
        return [Heading("Indicators"), Paragraph("No indicators are recorded yet.")]
    statuses = Counter(t.analysis.status for t in tiles)
    with_target = sum(statuses.get(s, 0) for s in ("met", "within_tolerance", "missed"))
    blocks: list[Block] = [
        PageBreak(),
        Heading("Indicators"),
        Paragraph(
            f"{plural(len(tiles), 'indicator')}, with the latest figures held by "
            f"{day(ctx.period_end)}. Of the "
            f"{plural(with_target, 'indicator')} with a target in force, "
            f"{statuses.get('met', 0)} meet it, {statuses.get('within_tolerance', 0)} are "
            f"within tolerance and {statuses.get('missed', 0)} miss it. Counts from 1 to 5 "
            "are shown as “c” so that no child can be identified."
        ),
        Table(
            "Indicator dashboard",
            ["Indicator", "Latest", "Period", "Target", "Status"],
            [
                [
                    t.indicator.name,
                    indicator_value(t, rule),
                    t.facts().latest_label or "None",
                    indicator_target(t),
                    indicator_status(t),
                ]
                for t in tiles
            ],
            sheet="Indicators",
            widths=[4, 1.3, 1.3, 2.6, 1.6],
            row_marks=[indicator_mark(t) for t in tiles],
        ),
    ]
    failing = failing_targets(ctx.authority, until=ctx.period_end)
    blocks.append(Heading("Indicators missing their target", 2))
    if failing:
        for item in failing:
            current = item.commentary.text if item.current and item.commentary else ""
            blocks.append(Heading(item.loaded.indicator.name, 3))
            blocks.append(Paragraph(current or item.generated))
    else:
        blocks.append(Paragraph("Every indicator with a target in force meets it."))
    blocks.append(Heading("Charts", 2))
    for tile in tiles:
        if not tile.values:
            continue
        blocks.append(
            Chart(
                title=tile.indicator.name,
                data=indicator_chart(tile, rule),
                caption=f"{tile.indicator.name}: latest {indicator_value(tile, rule)}"
                f" ({tile.facts().latest_label}); {indicator_status(tile).lower()}.",
            )
        )
    return blocks


def traceability(ctx: ReportContext) -> list[Block]:
    matrix = traceability_matrix(ctx.authority)
    blocks: list[Block] = [PageBreak(), Heading("Appendix: findings traceability")]
    if not matrix.rows:
        return [*blocks, Paragraph("No inspection findings are recorded.")]
    counts = "; ".join(f"{label.lower()}: {matrix.summary.get(key, 0)}"
                       for key, label in FLAG_LABELS.items() if key in matrix.summary)  # fmt: skip
    blocks.append(
        Paragraph(
            f"Each of the {plural(matrix.total, 'finding')} and what answers it "
            f"({counts}). Only this plan's actions and their status are shown."
        )
    )
    rows: list[list[str | int | float | None]] = []
    for row in matrix.rows:
        own = [a for a in row.actions if a.plan_id == ctx.plan.pk]
        others = len(row.actions) - len(own)
        actions = [
            f"{a.reference}: {shorten(a.text, 60)} – {a.status_label}"
            + (f", due {short_day(a.due_date)}" if a.due_date else "")
            for a in own
        ]
        if others:
            actions.append(f"and {plural(others, 'action')} in other plans")
        finding = f"{row.reference}: {shorten(row.text, 160)}" if row.reference else row.text
        rows.append(
            [
                finding,
                row.source_title,
                "\n".join(actions) or "None",
                "\n".join(
                    f"{shorten(i.label, 80)} – {i.reading_label}"
                    + (f": {i.latest}" if i.latest else "")
                    for i in row.impacts
                )
                or "None",
                "; ".join(row.flag_labels) or "None",
            ]
        )
    blocks.append(
        Table(
            "Findings traceability",
            ["Finding", "Source", "Actions in this plan", "Impact measures", "Flags"],
            rows,
            sheet="Traceability",
            widths=[3.5, 1.8, 3.2, 2.5, 1.6],
        )
    )
    return blocks


def build(ctx: ReportContext) -> ReportDocument:
    state = plan_state(ctx)
    if not state.actions:
        raise NoData(f"There is nothing to report: {ctx.plan.name} has no actions.")
    if ctx.period_end < ctx.plan.start_date:
        raise NoData(
            f"There is nothing to report for {ctx.period_label}: {ctx.plan.name} starts on "
            f"{day(ctx.plan.start_date)}."
        )
    changes = changes_between(ctx, ctx.period_start, ctx.period_end)
    updates = updates_between(ctx, ctx.period_start, ctx.period_end)
    if ctx.period_start > ctx.plan.end_date and not changes and not updates:
        raise NoData(
            f"There is nothing to report for {ctx.period_label}: {ctx.plan.name} ended on "
            f"{day(ctx.plan.end_date)} and nothing was updated in the period."
        )
    completed = completed_between(state, changes)
    blocks: list[Block] = [
        *summary(ctx, state, completed, len(updates)),
        *exceptions_blocks(state, ctx.as_of),
        *delivery_by_theme(state, ctx),
        *period_actions(ctx, state, completed),
        *indicators(ctx),
        *qa_section(ctx),  # case audits (stocktake.quality), nothing without any
        *traceability(ctx),
    ]
    return ReportDocument(
        title=TITLE,
        authority=ctx.authority.name,
        subtitle=f"{ctx.plan.name}: progress for {ctx.period_label}",
        period_label=ctx.period_label,
        prepared_on=day(ctx.as_of),
        blocks=blocks,
    )
