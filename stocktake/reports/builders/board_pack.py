"""The Improvement Board pack, as a chair reads it.

One page first: what moved in the period, the decisions the board is asked to take and the
exceptions that need unblocking. Then a scorecard of indicators (latest figure, target, trend
and status), delivery by theme as a chart with its counts, and the appendices: every action
once (on landscape pages), status changes, indicator charts, case audits, the findings
traceability matrix and the owners with their job titles.

Everything is as the record stood at the end of the pack’s day (ADR 18): actions from the
history, and only updates, reviews, figures, targets, benchmarks, commentary, findings and
sources recorded by then. Small numbers are shown or suppressed as the setting for board
packs says (STOCKTAKE_REPORT_SUPPRESSION).
"""

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
from stocktake.findings.choices import FindingKind
from stocktake.findings.impact import LINK_RELATED, indicators_of, read
from stocktake.findings.models import ImpactLink
from stocktake.findings.traceability import (
    FLAG_LABELS,
    ROW_FLAGS,
    FindingRef,
    MatrixAction,
    MatrixRow,
    flag_rows,
)
from stocktake.governance.exception_list import Reason
from stocktake.indicators.analysis.suppression import SuppressionRule
from stocktake.indicators.selectors import Loaded, dashboard, failing_targets, load
from stocktake.plans.choices import DeliveryStatus, Rag
from stocktake.plans.history import as_of_moment, local_date, phase_narrative_as_of
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
    rag_label,
    rag_mark,
    short_day,
    shorten,
    sparkline,
    status_label,
    status_mark,
    suppression_rule_for,
    update_line,
)
from stocktake.reports.builders.record import (
    ReportAction,
    changes_between,
    classification,
    known_findings,
    updates_between,
)
from stocktake.reports.builders.sections import (
    PlanState,
    change_rows,
    completed_between,
    exception_label,
    plan_state,
)
from stocktake.reports.context import NoData, ReportContext

TITLE = "Improvement Board pack"
KIND = "board-pack"
RAG_ORDER = [
    (Rag.RED, "Red"),
    (Rag.AMBER, "Amber"),
    (Rag.GREEN, "Green"),
    (Rag.BLUE, "Blue (complete)"),
    ("", "Not rated"),
]
# Delivery statuses in reading order, with the colour of their bar (GOV.UK colours).
DELIVERY_ORDER = [
    (DeliveryStatus.COMPLETE, "#1d70b8"),
    (DeliveryStatus.ON_TRACK, "#00703c"),
    (DeliveryStatus.AT_RISK, "#ffdd00"),
    (DeliveryStatus.OFF_TRACK, "#d4351c"),
    (DeliveryStatus.BLOCKED, "#942514"),
    (DeliveryStatus.NOT_STARTED, "#b1b4b6"),
]


CASE_AUDITS = "Appendix D: quality assurance (case audits)"


class Pack:
    """What the pack's sections share, read once."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx
        self.state: PlanState = plan_state(ctx)
        self.changes = changes_between(ctx, ctx.period_start, ctx.period_end)
        self.updates = updates_between(ctx, ctx.period_start, ctx.period_end)
        self.completed = completed_between(self.state, self.changes)
        self.rule: SuppressionRule = suppression_rule_for(KIND)
        # Figures about the period, for periods that had ended and recorded by the pack's day.
        self.tiles: list[Loaded] = dashboard(
            ctx.authority, until=ctx.period_end, known_on=ctx.as_of
        ).tiles
        self.overdue = self.state.overdue(ctx.as_of)
        self.due = self.state.due_between(ctx.period_start, ctx.period_end)

    @property
    def actions(self) -> list[ReportAction]:
        return self.state.actions


# Page one ---------------------------------------------------------------------------------


def _rag_sentence(counts: Counter[str]) -> str:
    return counts_sentence([(word.lower(), counts.get(code, 0)) for code, word in RAG_ORDER])


def _refs(actions: list[ReportAction]) -> str:
    refs = [a.reference or shorten(a.text, 40) for a in actions]
    if len(refs) <= 1:
        return "".join(refs)
    return ", ".join(refs[:-1]) + " and " + refs[-1]


def _are(count: int) -> str:
    """ "1 of 4 actions is…", "2 of 4 actions are…"."""
    return "is" if count == 1 else "are"


def what_moved(pack: Pack) -> list[str]:
    ctx, state = pack.ctx, pack.state
    total = len(pack.actions)
    complete = len(state.complete)
    period = ctx.period_label
    moved = [
        f"{capitalised(of_total(complete, total))} {_are(complete)} complete on {day(ctx.as_of)}"
        + (
            f"; {_refs(pack.completed)} {'was' if len(pack.completed) == 1 else 'were'} "
            f"completed in {period}."
            if pack.completed
            else f"; none of them was completed in {period}."
        ),
        f"{plural(len(pack.changes), 'change')} of delivery status and "
        f"{plural(len(pack.updates), 'update')} "
        f"{'accepted or imported' if not ctx.include_unreviewed else 'reported'} in {period}.",
        f"Ratings on {day(ctx.as_of)}: {_rag_sentence(state.rag_counts())} "
        f"({plural(total, 'action')}).",
    ]
    if pack.due:
        done = sum(a.is_complete for a in pack.due)
        moved.append(
            f"{plural(len(pack.due), 'action')} fell due in {period}; "
            f"{of_total(done, len(pack.due))} {_are(done)} complete."
        )
    if state.open:
        moved.append(
            f"{capitalised(of_total(len(pack.overdue), len(state.open), 'open actions'))} "
            f"{_are(len(pack.overdue))} past their due date on {day(ctx.as_of)}."
        )
    statuses = Counter(t.analysis.status for t in pack.tiles)
    with_target = sum(statuses.get(s, 0) for s in ("met", "within_tolerance", "missed"))
    if with_target:
        moved.append(
            f"Of the {plural(with_target, 'indicator')} with a target in force, "
            f"{statuses.get('met', 0)} meet it, {statuses.get('within_tolerance', 0)} are "
            f"within tolerance and {statuses.get('missed', 0)} miss it."
        )
    return moved


def decisions(pack: Pack) -> list[str]:
    ctx = pack.ctx
    asks = [item for item in pack.state.exceptions if item.ask]
    items = [f"Note the progress of {ctx.plan.name} in {ctx.period_label}."]
    for item in asks:
        source = item.state or item.action
        items.append(f"Agree how to unblock {source.reference or 'an action'}: {item.ask}")
    missing = sum(t.analysis.status == "missed" for t in pack.tiles)
    if missing:
        items.append(
            f"Consider the {plural(missing, 'indicator')} missing "
            f"{'its' if missing == 1 else 'their'} target (see the scorecard) and what will "
            f"bring {'it' if missing == 1 else 'them'} back on course."
        )
    narrative = phase_narrative_as_of(ctx.plan, ctx.as_of)
    if narrative is not None:
        priorities = [p for p in narrative.priorities if p.strip()]
        if priorities:
            items.append(
                "Agree the priorities for the next phase: "
                + "; ".join(f"({n}) {shorten(p, 160)}" for n, p in enumerate(priorities, 1))
                + "."
            )
    return items


def unblocking(pack: Pack) -> list[Block]:
    """The exceptions that need the board: red, blocked, asking for corporate help or returned
    twice. Those only past their due date are counted here and marked in appendix A."""
    state, as_of = pack.state, pack.ctx.as_of
    blocks: list[Block] = [Heading("Exceptions that need unblocking", 2)]
    items = state.exceptions
    if not items:
        return [*blocks, Paragraph(f"There are no exceptions on {day(as_of)}.")]
    reasons = Counter(reason for item in items for reason in item.reasons)
    summary = ", ".join(f"{reason.lower()} {count}" for reason, count in reasons.most_common())
    needing = [item for item in items if set(item.reasons) - {Reason.OVERDUE}]
    overdue_only = len(items) - len(needing)
    blocks.append(
        Paragraph(
            f"{plural(len(items), 'action')} "
            f"{'is an exception' if len(items) == 1 else 'are exceptions'} on {day(as_of)} "
            f"({summary})."
            + (
                f" {capitalised(plural(overdue_only, 'action'))} "
                + ("is only past its " if overdue_only == 1 else "are only past their ")
                + "due date: appendix A marks each “Overdue” with its latest update."
                if overdue_only
                else ""
            )
        )
    )
    if not needing:
        return blocks
    actions = state.by_id
    rows: list[list[str | int | float | None]] = []
    for item in needing:
        found = actions.get(item.action.pk)
        rows.append(
            [
                exception_label(item),
                "; ".join(item.reasons),
                f"{short_day(item.since)} ({plural(item.days, 'day')})",
                found.owner_names if found else "No owner named",
                item.ask or "No ask raised",
            ]
        )
    blocks.append(
        Table(
            title="Exceptions for the board, longest-standing first",
            columns=["Action", "Status", "Since", "Owner", "Ask of the board"],
            rows=rows,
            sheet="Exceptions",
            widths=[3.4, 1.6, 1.6, 1.8, 3],
            row_marks=["red"] * len(needing),
        )
    )
    return blocks


def first_page(pack: Pack) -> list[Block]:
    ctx = pack.ctx
    themes = len({a.theme_id for a in pack.actions})
    blocks: list[Block] = [Heading("Summary for the board")]
    if ctx.include_unreviewed:
        blocks.append(
            Paragraph(
                "This pack quotes updates a lead has not yet reviewed: their statuses are "
                "provisional.",
                "warning",
            )
        )
    blocks += [
        Paragraph(
            f"Progress on {ctx.plan.name} in {ctx.period_label}, as the record stood on "
            f"{day(ctx.as_of)}: {plural(len(pack.actions), 'action')} in "
            f"{plural(themes, 'theme')}.",
            style="lead",
        ),
        Heading("What moved", 2),
        Bullets(what_moved(pack)),
        Heading("Decisions for the board", 2),
        Paragraph("The board is asked to:"),
        Bullets(decisions(pack)),
        *unblocking(pack),
        Paragraph(
            "Statuses are those a lead had accepted by the pack's date (and those imported "
            "with the plan)."
            if not ctx.include_unreviewed
            else "Statuses include updates still waiting for a lead's review.",
            style="small",
        ),
    ]
    return blocks


# Scorecard and delivery --------------------------------------------------------------------


def suppression_note(rule: SuppressionRule) -> str:
    if not rule.enabled:
        return "Small numbers are shown as they are: this paper is for the board, not published."
    return (
        f"Counts from {rule.low:g} to {rule.high:g} are shown as “c” so that no child can be "
        "identified."
    )


def scorecard(pack: Pack) -> list[Block]:
    ctx, rule, tiles = pack.ctx, pack.rule, pack.tiles
    blocks: list[Block] = [PageBreak(), Heading("Scorecard")]
    if not tiles:
        return [*blocks, Paragraph(f"No indicators were recorded by {day(ctx.as_of)}.")]
    blocks += [
        Paragraph(
            f"{plural(len(tiles), 'indicator')}: the latest figure Stocktake held on "
            f"{day(ctx.as_of)} for a period ending by then, the target it is compared with, "
            f"the trend over the last twelve figures and its status. {suppression_note(rule)}"
        ),
        Table(
            "Indicator scorecard",
            ["Indicator", "Latest", "Target", "Trend", "Status"],
            [
                [
                    t.indicator.name,
                    f"{indicator_value(t, rule)} ({t.facts().latest_label})"
                    if t.values
                    else "No figures",
                    indicator_target(t),
                    sparkline(t, rule) or "–",
                    indicator_status(t),
                ]
                for t in tiles
            ],
            sheet="Scorecard",
            widths=[3.6, 1.8, 2.6, 1.5, 1.5],
            row_marks=[indicator_mark(t) for t in tiles],
        ),
    ]
    return blocks


def _delivery_counts(actions: list[ReportAction]) -> Counter[str]:
    return Counter(a.delivery_status for a in actions)


def delivery_by_theme(pack: Pack) -> list[Block]:
    themes: dict[str, list[ReportAction]] = {}
    for action in pack.actions:
        themes.setdefault(action.theme_name, []).append(action)
    overdue = {a.pk for a in pack.overdue}
    names = list(themes)
    series = [
        {
            "label": status_label(code),
            "values": [_delivery_counts(themes[n]).get(code, 0) for n in names],
            "colour": colour,
        }
        for code, colour in DELIVERY_ORDER
    ]
    series = [s for s in series if any(s["values"])]
    status_words = "; ".join(
        f"{name}: "
        + counts_sentence(
            [
                (status_label(c).lower(), _delivery_counts(themes[name]).get(c, 0))
                for c, _ in DELIVERY_ORDER
            ]
        )
        for name in names
    )
    shown = [
        code for code, _ in DELIVERY_ORDER if any(a.delivery_status == code for a in pack.actions)
    ]
    delivery_rows: list[list[str | int | float | None]] = []
    rag_rows: list[list[str | int | float | None]] = []
    for name, own in [*themes.items(), ("All themes", pack.actions)]:
        counts = _delivery_counts(own)
        delivery_rows.append(
            [
                name,
                len(own),
                *[counts.get(c, 0) for c in shown],
                sum(a.pk in overdue for a in own),
            ]
        )
        rags = Counter(a.rag or "" for a in own)
        rag_rows.append([name, len(own), *[rags.get(code, 0) for code, _ in RAG_ORDER]])
    return [
        Heading("Delivery by theme"),
        Paragraph(
            f"Each theme's actions by delivery status on {day(pack.ctx.as_of)}. A status counts "
            "once a lead has accepted it. Overdue actions are past their due date and not "
            "complete."
        ),
        Chart(
            title="Delivery by theme",
            data={
                "chart": "bars",
                "description": f"Actions by delivery status in each theme. {status_words}.",
                "x_label": "Actions",
                "categories": names,
                "series": series,
            },
            caption=f"Actions by delivery status in each theme. {status_words}.",
        ),
        Table(
            "Delivery status by theme",
            ["Theme", "Actions", *[status_label(c) for c in shown], "Overdue"],
            delivery_rows,
            sheet="Delivery by theme",
            widths=[3.2, 1.1, *([1.1] * len(shown)), 1.1],
        ),
        Table(
            "Ratings by theme",
            ["Theme", "Actions", *[word for _, word in RAG_ORDER]],
            rag_rows,
            sheet="Delivery by theme",
            widths=[3.2, 1.1, 1, 1, 1, 1.3, 1.1],
        ),
        Paragraph(
            "Blue means complete and is counted apart from green. A row's statuses and ratings "
            "each add up to its actions.",
            style="small",
        ),
    ]


def phase_narrative(pack: Pack) -> list[Block]:
    """The phase's own account (seed 000's template), as written by the pack's day."""
    narrative = phase_narrative_as_of(pack.ctx.plan, pack.ctx.as_of)
    if narrative is None:
        return []
    blocks: list[Block] = [
        Heading("The phase in its own words"),
        Paragraph(f"As written on {day(local_date(narrative.recorded_at))}.", style="small"),
    ]
    for title, text in (
        ("What has gone well", narrative.gone_well),
        ("What we have learned", narrative.learned),
        ("What needs further attention", narrative.needs_attention),
    ):
        blocks += [Heading(title, 2), Paragraph(text)]
    blocks.append(
        Paragraph("The priorities for the next phase are among the decisions on page one.")
    )
    return blocks


# Appendices --------------------------------------------------------------------------------


def _in_period(pack: Pack, action: ReportAction) -> str:
    notes = []
    if action in pack.completed:
        notes.append(f"Completed in {pack.ctx.period_label}")
    if action in pack.due:
        notes.append(f"Due in {pack.ctx.period_label}")
    if action.overdue_on(pack.ctx.as_of):
        notes.append("Overdue")
    if any(item.action.pk == action.pk for item in pack.state.exceptions):
        notes.append("Exception")
    return "; ".join(notes)


def all_actions(pack: Pack) -> list[Block]:
    blocks: list[Block] = [
        PageBreak(orientation="landscape"),
        Heading("Appendix A: every action"),
        Paragraph(
            f"Each of the {plural(len(pack.actions), 'action')} once, by theme, as it stood on "
            f"{day(pack.ctx.as_of)}, with its latest update a lead had accepted (or imported "
            "with the plan). Owners are named; their job titles are in appendix F."
        ),
    ]
    themes: dict[str, list[ReportAction]] = {}
    for action in pack.actions:
        themes.setdefault(action.theme_name, []).append(action)
    for name, actions in themes.items():
        blocks.append(Heading(name, 2))
        blocks.append(
            Table(
                f"{name}: actions",
                [
                    "Action",
                    "Owner",
                    "Due",
                    "Delivery status",
                    "RAG",
                    "This period",
                    "Latest update",
                ],
                [
                    [
                        a.label,
                        a.owner_names,
                        a.due,
                        status_label(a.delivery_status),
                        rag_label(a.rag),
                        _in_period(pack, a),
                        update_line(a.latest, 300),
                    ]
                    for a in actions
                ],
                sheet="Actions",
                widths=[3.4, 1.8, 1.3, 1.3, 1.1, 1.6, 5],
                row_marks=[rag_mark(a.rag) or status_mark(a.delivery_status) for a in actions],
            )
        )
    return blocks


def status_changes(pack: Pack) -> list[Block]:
    blocks: list[Block] = [Heading(f"Appendix B: status changes in {pack.ctx.period_label}")]
    if not pack.changes:
        return [*blocks, Paragraph(f"No delivery status changed in {pack.ctx.period_label}.")]
    return [
        *blocks,
        Table(
            "Status changes in the period",
            ["Action", "Change", "When", "Reason"],
            change_rows(pack.changes, pack.state.by_id),
            sheet="Status changes",
            widths=[4, 2.4, 1.3, 5],
        ),
    ]


def indicator_charts(pack: Pack) -> list[Block]:
    ctx, rule = pack.ctx, pack.rule
    blocks: list[Block] = [
        PageBreak(orientation="portrait"),
        Heading("Appendix C: indicators in detail"),
    ]
    if not pack.tiles:
        return [*blocks, Paragraph(f"No indicators were recorded by {day(ctx.as_of)}.")]
    failing = failing_targets(ctx.authority, until=ctx.period_end, known_on=ctx.as_of)
    blocks.append(Heading("Indicators missing their target", 2))
    if failing:
        for item in failing:
            current = item.commentary.text if item.current and item.commentary else ""
            blocks.append(Heading(item.loaded.indicator.name, 3))
            blocks.append(Paragraph(current or item.generated))
    else:
        blocks.append(Paragraph("Every indicator with a target in force meets it."))
    blocks.append(Heading("Charts", 2))
    for tile in pack.tiles:
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


def _matrix(pack: Pack) -> list[MatrixRow]:
    """The findings recorded by the pack's day, with this plan's actions as they stood then
    and impact measures read from the figures held then."""
    ctx = pack.ctx
    moment = as_of_moment(ctx.as_of)
    findings = list(
        known_findings(ctx)
        .select_related("source", "parent")
        .prefetch_related("actions", "repeated_by")
        .order_by("source__fieldwork_start", "source__published_on", "source_id", "position", "id")
    )
    known = {f.pk for f in findings}
    links: dict[int, list[ImpactLink]] = {}
    for link in ImpactLink.objects.filter(finding_id__in=known).select_related(*LINK_RELATED):
        links.setdefault(link.finding_id, []).append(link)
    indicators = [
        i for i in indicators_of(x for ls in links.values() for x in ls) if i.created_at <= moment
    ]
    loaded = {t.indicator.pk: t for t in load(indicators, until=ctx.period_end, known_on=ctx.as_of)}
    actions = pack.state.by_id
    rows = []
    for finding in findings:
        usable = [
            link
            for link in links.get(finding.pk, [])
            if (link.evidence is not None and link.evidence.pk in loaded)
            or (link.evidence is None and link.updated_at <= moment)
        ]
        rows.append(
            MatrixRow(
                id=finding.pk,
                reference=finding.reference,
                text=finding.text,
                kind=finding.kind,
                kind_label=finding.get_kind_display(),
                addressee=finding.addressee,
                source_id=finding.source_id,
                source_title=finding.source.title,
                parent_reference=finding.parent.reference if finding.parent else "",
                depth=0,
                planned_response=finding.planned_response,
                progress="",
                actions=[
                    _matrix_action(actions[a.pk]) for a in finding.actions.all() if a.pk in actions
                ],
                impacts=[read(link, loaded, pack.rule) for link in usable],
                repeated_by=[
                    FindingRef(r.pk, r.reference, r.text, "", None)
                    for r in finding.repeated_by.all()
                    if r.pk in known
                ],
            )
        )
    children: dict[int, list[int]] = {}
    for finding in findings:
        if finding.parent_id and finding.parent_id in known:
            children.setdefault(finding.parent_id, []).append(finding.pk)
    flag_rows(rows, children)
    return rows


def _matrix_action(action: ReportAction) -> MatrixAction:
    return MatrixAction(
        id=action.pk,
        plan_id=0,
        plan_name="",
        reference=action.reference,
        text=action.text,
        status=action.delivery_status,
        status_label=status_label(action.delivery_status),
        due_date=action.due_date,
        deadline_text=action.deadline_text,
        last_update_on=action.latest.date if action.latest else None,
        last_update_text=action.latest.text if action.latest else "",
    )


def traceability(pack: Pack) -> list[Block]:
    blocks: list[Block] = [
        PageBreak(orientation="landscape"),
        Heading("Appendix E: findings traceability"),
    ]
    rows = _matrix(pack)
    if not rows:
        return [
            *blocks,
            Paragraph(f"No inspection findings were recorded by {day(pack.ctx.as_of)}."),
        ]
    summary = {key: sum(key in row.flags for row in rows) for key in ROW_FLAGS}
    counts = "; ".join(f"{FLAG_LABELS[key].lower()}: {count}" for key, count in summary.items())
    blocks.append(
        Paragraph(
            f"Each of the {plural(len(rows), 'finding')} recorded by {day(pack.ctx.as_of)} and "
            f"what in this plan answers it ({counts}). Strengths need no answer."
        )
    )
    table_rows: list[list[str | int | float | None]] = []
    for row in rows:
        finding = f"{row.reference}: {shorten(row.text, 160)}" if row.reference else row.text
        table_rows.append(
            [
                finding,
                row.source_title,
                "\n".join(
                    f"{a.reference}: {shorten(a.text, 60)} – {a.status_label}"
                    + (f", due {short_day(a.due_date)}" if a.due_date else "")
                    for a in row.actions
                )
                or ("Not needed" if row.kind == FindingKind.STRENGTH else "None"),
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
            table_rows,
            sheet="Traceability",
            widths=[3.5, 1.8, 3.2, 2.5, 1.6],
        )
    )
    return blocks


def owners(pack: Pack) -> list[Block]:
    people: dict[str, str] = {}
    for action in pack.actions:
        for owner in action.owners:
            people.setdefault(owner.name, owner.job_title)
    blocks: list[Block] = [
        PageBreak(orientation="portrait"),
        Heading("Appendix F: owners and their job titles"),
    ]
    if not people:
        return [*blocks, Paragraph("No action has a named owner.")]
    counts = Counter(o.name for a in pack.actions for o in dict.fromkeys(a.owners))
    return [
        *blocks,
        Table(
            "Owners",
            ["Owner", "Job title", "Actions owned"],
            [[name, people[name] or "Not recorded", counts[name]] for name in sorted(people)],
            sheet="Owners",
            widths=[3, 4, 1.4],
        ),
    ]


def case_audits(ctx: ReportContext) -> list[Block]:
    blocks = qa_section(ctx)
    if not blocks:
        return []
    if isinstance(blocks[0], Heading):  # the quality app's "Quality assurance: case audits"
        blocks[0] = Heading(CASE_AUDITS, blocks[0].level)
    return blocks


def _check(ctx: ReportContext, pack: Pack) -> None:
    if ctx.period_end < ctx.plan.start_date:
        raise NoData(
            f"There is nothing to report for {ctx.period_label}: {ctx.plan.name} starts on "
            f"{day(ctx.plan.start_date)}."
        )
    if not pack.actions:
        raise NoData(
            f"There is nothing to report: {ctx.plan.name} had no actions recorded by "
            f"{day(ctx.as_of)}."
        )
    if ctx.period_start > ctx.plan.end_date and not pack.changes and not pack.updates:
        raise NoData(
            f"There is nothing to report for {ctx.period_label}: {ctx.plan.name} ended on "
            f"{day(ctx.plan.end_date)} and nothing was updated in the period."
        )


def build(ctx: ReportContext) -> ReportDocument:
    pack = Pack(ctx)
    _check(ctx, pack)
    blocks: list[Block] = [
        *first_page(pack),
        *scorecard(pack),
        *delivery_by_theme(pack),
        *phase_narrative(pack),
        *all_actions(pack),
        *status_changes(pack),
        *indicator_charts(pack),
        *case_audits(ctx),
        *traceability(pack),
        *owners(pack),
    ]
    return ReportDocument(
        title=TITLE,
        authority=ctx.authority.name,
        subtitle=f"{ctx.plan.name}: progress for {ctx.period_label}",
        period_label=ctx.period_label,
        prepared_on=day(ctx.as_of),
        classification=classification(ctx),
        blocks=blocks,
    )
