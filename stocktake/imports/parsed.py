"""What the importer understood from a file, before anything touches the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Problem:
    where: str
    message: str
    field: str = ""  # the form field a person should change, when there is one


@dataclass
class ParsedOwner:
    name: str
    title: str = ""
    organisation: str = ""
    part: str = ""
    is_role: bool = False  # "Heads of Service": a role, not a named person


@dataclass
class ParsedUpdate:
    text: str
    week: int | None = None
    date: dt.date | None = None
    part: str = ""
    # How precisely the date was written: "day", "week", "month", "quarter"; a month or a
    # quarter is dated by its last day, never by an invented day within it.
    precision: str = ""
    dated_by: str = ""  # where the date came from: "text", "heading “Update May 2024”"


@dataclass
class ParsedAction:
    reference: str
    theme: str
    text: str
    where: str
    number: int | None = None
    impact: str = ""
    outcome: str = ""
    owners: list[ParsedOwner] = field(default_factory=list)
    joint_delivery: bool = False
    deadline_text: str = ""
    due_start: dt.date | None = None
    due_date: dt.date | None = None
    cross_references: list[str] = field(default_factory=list)
    updates: list[ParsedUpdate] = field(default_factory=list)
    rag: str = ""
    finding_ref: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    # The hierarchy: a sub-action names its action; an action names the finding or
    # recommendation it answers (ADR 0021).
    kind: str = "action"  # "action" or "sub_action"
    parent: str = ""
    finding: str = ""
    deadline_precision: str = ""


@dataclass
class ParsedMeasure:
    theme: str
    text: str
    where: str
    action: str = ""  # the reference of the action whose row gives it, if any


@dataclass
class ParsedFinding:
    reference: str
    text: str
    planned_response: str
    progress: str
    where: str


@dataclass
class ParsedPlan:
    themes: list[str] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)
    measures: list[ParsedMeasure] = field(default_factory=list)
    findings: list[ParsedFinding] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    # The column mapping used for each table: where, and each column's heading and role.
    layouts: list[dict[str, Any]] = field(default_factory=list)
    week1: dt.date | None = None  # the date the document says its week 1 starts, if it does
    # Each row of an actions table: its table and index, and what it was taken to be
    # ("section", "finding", "action", "sub_action", "continuation", "ignored").
    rows: list[dict[str, Any]] = field(default_factory=list)

    def warn(self, where: object, message: str) -> None:
        self.warnings.append(Problem(str(where), message))

    def fail(self, where: object, message: str) -> None:
        self.errors.append(Problem(str(where), message))

    def hierarchy(self) -> list[dict[str, Any]]:
        """Themes → findings → actions → sub-actions, by reference."""
        tree: list[dict[str, Any]] = []
        themes: dict[str, dict[str, Any]] = {}
        nodes: dict[str, dict[str, Any]] = {}
        for action in self.actions:
            node: dict[str, Any] = {"ref": action.reference, "sub_actions": []}
            nodes[action.reference] = node
            if action.kind == "sub_action" and action.parent in nodes:
                nodes[action.parent]["sub_actions"].append(node)
                continue
            theme = themes.get(action.theme)
            if theme is None:
                theme = {"theme": action.theme, "findings": [], "actions": []}
                themes[action.theme] = theme
                tree.append(theme)
            if action.finding:
                found = [f for f in theme["findings"] if f["finding"] == action.finding]
                if not found:
                    found = [{"finding": action.finding, "ref": action.finding_ref, "actions": []}]
                    theme["findings"].append(found[0])
                found[0]["actions"].append(node)
            else:
                theme["actions"].append(node)
        return tree

    def as_json(self) -> dict[str, Any]:
        """The shape `stocktake import-plan --dry-run --format json` prints."""

        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "themes": list(self.themes),
            "actions": [
                {
                    "ref": a.reference,
                    "theme": a.theme,
                    "text": a.text,
                    "impact": a.impact,
                    "outcome": a.outcome,
                    "owners": [
                        {
                            "name": o.name,
                            "title": o.title,
                            "organisation": o.organisation,
                            "part": o.part,
                        }
                        for o in a.owners
                    ],
                    "joint_delivery": a.joint_delivery,
                    "due_text": a.deadline_text,
                    "due_date": day(a.due_start or a.due_date),
                    "due_end": day(a.due_date),
                    "due_precision": a.deadline_precision,
                    "rag": a.rag,
                    "kind": a.kind,
                    "parent": a.parent,
                    "finding": a.finding,
                    "finding_ref": a.finding_ref,
                    "updates": [
                        {
                            "date": day(u.date),
                            "precision": u.precision if u.date else "",
                            "dated_by": u.dated_by if u.date else "",
                            "week": u.week,
                            "part": u.part,
                            "text": u.text,
                        }
                        for u in a.updates
                    ],
                    "cross_refs": list(a.cross_references),
                    "extra": dict(a.extra),
                    "where": a.where,
                }
                for a in self.actions
            ],
            "measures": [asdict(m) for m in self.measures],
            "findings": [asdict(f) for f in self.findings],
            "hierarchy": self.hierarchy(),
            "columns": list(self.layouts),
            "rows": list(self.rows),
            "warnings": [asdict(w) for w in self.warnings],
            "errors": [asdict(e) for e in self.errors],
        }
