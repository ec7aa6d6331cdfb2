"""Importing a plan: read, understand, then apply everything in one transaction.

A preview runs exactly the same code as the real import inside a transaction that is rolled
back, so what the preview says will be created, updated and skipped is what confirm does.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.findings.services import AnsweredBy, AppendixRow, findings_from_plan
from stocktake.imports.document import ReadError
from stocktake.imports.interpret import interpret
from stocktake.imports.layouts import column_corrections, layout_save
from stocktake.imports.models import ImportRun
from stocktake.imports.overrides import Overrides
from stocktake.imports.parsed import ParsedAction, ParsedPlan, Problem
from stocktake.imports.people_matching import PeopleMatcher
from stocktake.imports.readers import read_document
from stocktake.plans.choices import PlanKind
from stocktake.plans.models import Action, Measure, Plan, Theme, Update
from stocktake.plans.services import (
    ActionFields,
    ImportedUpdate,
    OwnerSpec,
    action_differs,
    action_link_cross_references,
    action_update,
    plan_create,
    theme_create,
    updates_import,
)
from stocktake.plans.services.bulk import ActionInvalid, NewAction, actions_create_many
from stocktake.plans.weeks import monday_of

logger = logging.getLogger(__name__)
_WEEKS = re.compile(r"^\s*(wk|weeks?)\b", re.I)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` say what and where. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems


@dataclass
class ImportOutcome:
    plan: str
    plan_created: bool = False
    themes_created: list[str] = field(default_factory=list)
    actions_created: list[str] = field(default_factory=list)
    actions_updated: list[str] = field(default_factory=list)
    actions_unchanged: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)
    people_matched: list[str] = field(default_factory=list)
    updates_added: int = 0
    updates_already_there: int = 0
    measures_added: int = 0
    findings_added: int = 0
    findings_updated: int = 0
    cross_references_unresolved: list[str] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    # Each action already in the plan that the file changes: its reference, what it was and
    # what it becomes (text, owners, deadline, RAG, theme), and whether its text changes.
    changes: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _ref_key(reference: str) -> str:
    return reference.replace(" ", "").upper()


def understand(
    *,
    authority: Authority,
    filename: str,
    data: bytes,
    plan_name: str,
    week1: dt.date | None,
    overrides: Overrides | None = None,
) -> tuple[ParsedPlan, dt.date | None]:
    """Read and interpret a file without writing anything. Raises ImportRefused."""
    try:
        document = read_document(filename, data)
    except ReadError as error:
        raise ImportRefused([Problem(filename, str(error))]) from None
    plan = Plan.objects.in_authority(authority).filter(name__iexact=plan_name).first()
    week1 = week1 or (plan.week1_date if plan else None)
    known = [p.name for p in authority.people.all()]
    try:
        parsed = interpret(document, week1=week1, known_people=known, overrides=overrides)
    except Exception:  # a file must be refused in words, never with a stack trace
        logger.exception("Could not interpret %s", filename)
        raise ImportRefused(
            [
                Problem(
                    filename,
                    "Stocktake could not make sense of this file's layout. Nothing was "
                    "imported. Save the plan's table as a CSV file and upload that, or send "
                    "the file to the Stocktake team",
                )
            ]
        ) from None
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    week1 = week1 or parsed.week1  # the document may say when its week 1 starts
    if week1 is None and any(_WEEKS.match(a.deadline_text) for a in parsed.actions):
        raise ImportRefused(
            [
                Problem(
                    filename,
                    "The plan's deadlines are written as weeks "
                    "(“Week 24”). Give the date week 1 starts so they can "
                    "be turned into dates",
                    field="week1_date",
                )
            ]
        )
    return parsed, week1


def plan_import(
    *,
    authority: Authority,
    actor: User | None,
    filename: str,
    data: bytes,
    plan_name: str,
    kind: str = PlanKind.IMPROVEMENT,
    week1: dt.date | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    overrides: Overrides | None = None,
    text_confirmed: Collection[str] | None = None,
) -> tuple[ParsedPlan, ImportOutcome]:
    """Import (or, with dry_run, rehearse importing) a plan file, all or nothing.

    `overrides` are the lead's corrections to how the file was read. `text_confirmed` names
    the actions already in the plan whose text the file may change; the others keep their
    text. None (the command line) lets the file change every action's text."""
    parsed, week1 = understand(
        authority=authority,
        filename=filename,
        data=data,
        plan_name=plan_name,
        week1=week1,
        overrides=overrides,
    )
    today = today or timezone.localdate()
    with transaction.atomic():
        applier = _Applier(authority, actor, parsed, today)
        applier.text_confirmed = None if text_confirmed is None else set(text_confirmed)
        outcome = applier.apply(plan_name, kind, week1)
        if dry_run:
            transaction.set_rollback(True)
    return parsed, outcome


class _Applier:
    def __init__(
        self, authority: Authority, actor: User | None, parsed: ParsedPlan, today: dt.date
    ) -> None:
        self.authority, self.actor, self.parsed, self.today = authority, actor, parsed, today
        self.people = PeopleMatcher(authority, actor)
        self.text_confirmed: set[str] | None = None

    def apply(self, plan_name: str, kind: str, week1: dt.date | None) -> ImportOutcome:
        plan = Plan.objects.in_authority(self.authority).filter(name__iexact=plan_name).first()
        outcome = ImportOutcome(plan=plan.name if plan else " ".join(plan_name.split()))
        if plan is None:
            plan = self._create_plan(plan_name, kind, week1)
            outcome.plan_created = True
        themes = self._themes(plan, outcome)
        self.existing = {
            _ref_key(a.reference): a
            for a in Action.objects.filter(plan=plan)
            .select_related("plan__authority", "theme")
            .prefetch_related("owners__person")
        }
        # The texts of the updates already there, to add only new ones (20,000 on a big
        # plan: plain values, not instances).
        self.have: dict[int, set[str]] = {}
        for action_id, text in Update.objects.filter(action__plan=plan).values_list(
            "action_id", "text"
        ):
            self.have.setdefault(action_id, set()).add(_norm(text))
        self.new: list[NewAction] = []
        self.new_where: list[str] = []
        for item in self.parsed.actions:
            try:
                self._action(plan, themes, item, outcome)
            except ValidationError as error:
                raise ImportRefused([Problem(item.where, m) for m in error.messages]) from None
        self._create_new(plan, outcome)
        linking = Action.objects.filter(plan=plan).exclude(cross_references="")
        for action in linking.select_related("plan"):
            action_link_cross_references(action)
        self._unresolved(plan, outcome)
        self._measures(plan, themes, outcome)
        self._findings(plan, outcome)
        outcome.people_created = list(self.people.created)
        outcome.people_matched = sorted(self.people.matched)
        outcome.warnings = [asdict(w) for w in self.parsed.warnings]
        audit_record(
            authority=self.authority,
            actor=self.actor,
            verb="imported",
            obj=plan,
            changes={
                "actions created": len(outcome.actions_created),
                "actions updated": len(outcome.actions_updated),
                "updates added": outcome.updates_added,
            },
        )
        return outcome

    def _create_plan(self, name: str, kind: str, week1: dt.date | None) -> Plan:
        days = [d for a in self.parsed.actions for d in (a.due_start, a.due_date) if d]
        days += [u.date for a in self.parsed.actions for u in a.updates if u.date]
        start = min(days, default=self.today)
        end = max(days, default=start)
        return plan_create(
            authority=self.authority,
            actor=self.actor,
            name=name,
            kind=kind,
            start_date=start,
            end_date=end,
            week1_date=week1 or monday_of(start),
        )

    def _themes(self, plan: Plan, outcome: ImportOutcome) -> dict[str, Theme]:
        existing = {_norm(t.name): t for t in plan.themes.all()}
        names = list(self.parsed.themes) + [m.theme for m in self.parsed.measures if m.theme]
        for name in names:
            if _norm(name) not in existing:
                existing[_norm(name)] = theme_create(plan=plan, actor=self.actor, name=name)
                outcome.themes_created.append(name)
        return existing

    def _fields(self, item: ParsedAction, themes: dict[str, Theme]) -> ActionFields:
        owners = [OwnerSpec(self.people.person_for(o), o.part) for o in item.owners]
        return ActionFields(
            reference=item.reference,
            text=item.text or "(no action text in the file)",
            theme=themes.get(_norm(item.theme)),
            number=item.number,
            impact=item.impact,
            outcome=item.outcome,
            deadline_text=item.deadline_text,
            due_date=item.due_date if not item.deadline_text else None,
            joint_delivery=item.joint_delivery,
            cross_references=" ".join(item.cross_references),
            keep_unreadable_deadline=True,
            owners=owners,
        )

    def _action(
        self, plan: Plan, themes: dict[str, Theme], item: ParsedAction, outcome: ImportOutcome
    ) -> None:
        fields = self._fields(item, themes)
        existing = self.existing.get(_ref_key(item.reference))
        if existing is not None:
            self._note_change(existing, fields, item, outcome)
            if self.text_confirmed is not None and existing.reference not in self.text_confirmed:
                fields.text = existing.text  # asked, and not confirmed: the text stays
        if existing is None:  # created in one batch once every row is read
            self.new.append(
                NewAction(
                    fields, self._new_updates(item, set(), outcome), item.rag, dict(item.extra)
                )
            )
            self.new_where.append(item.where)
            return
        if action_differs(existing, fields):
            action = action_update(
                action=existing,
                actor=self.actor,
                expected_version=existing.version,
                fields=fields,
                link_references=False,
            )
            outcome.actions_updated.append(action.reference)
        else:
            action = existing
            outcome.actions_unchanged.append(action.reference)
        if item.extra and action.extra != {**action.extra, **item.extra}:
            action.extra = {**action.extra, **item.extra}
            action.save(update_fields=["extra"])
        have = self.have.get(action.pk, set())
        outcome.updates_added += updates_import(
            action=action,
            actor=self.actor,
            updates=self._new_updates(item, have, outcome),
            rag=item.rag,
            today=self.today,
        )

    def _note_change(
        self, existing: Action, fields: ActionFields, item: ParsedAction, outcome: ImportOutcome
    ) -> None:
        """What the file would change on an action already in the plan, before and after."""
        before = {
            "text": existing.text,
            "owners": ", ".join(o.person.name for o in existing.owners.all()),
            "deadline": existing.deadline_text
            or (existing.due_date.isoformat() if existing.due_date else ""),
            "rag": existing.rag,
            "theme": existing.theme.name if existing.theme else "",
        }
        after = {
            "text": fields.text.strip(),
            "owners": ", ".join(o.person.name for o in fields.owners),
            "deadline": fields.deadline_text
            or (fields.due_date.isoformat() if fields.due_date else ""),
            "rag": item.rag or existing.rag,
            "theme": fields.theme.name if fields.theme else "",
        }
        if before != after:
            outcome.changes.append(
                {
                    "ref": existing.reference,
                    "before": before,
                    "after": after,
                    "text_changes": before["text"] != after["text"],
                }
            )

    def _create_new(self, plan: Plan, outcome: ImportOutcome) -> None:
        try:
            created = actions_create_many(
                plan=plan, actor=self.actor, items=self.new, today=self.today
            )
        except ActionInvalid as error:
            where = self.new_where[error.index]
            raise ImportRefused([Problem(where, m) for m in error.messages]) from None
        outcome.actions_created += [a.reference for a in created]
        outcome.updates_added += sum(len(n.updates) for n in self.new)

    def _new_updates(
        self, item: ParsedAction, have: set[str], outcome: ImportOutcome
    ) -> list[ImportedUpdate]:
        """The file's updates not already on the action. One whose source gives no date is
        kept undated (shown as "undated, imported on …"), never dated today, and the
        preview says so."""
        new = [u for u in item.updates if _norm(u.text) not in have]
        outcome.updates_already_there += len(item.updates) - len(new)
        batch = []
        for update in new:
            day = update.date
            if day is None:
                self.parsed.warn(
                    item.where,
                    f"An update on {item.reference or 'this action'} gives no date, so it is "
                    "recorded as undated (imported on the day of the import), not dated today: "
                    f"“{update.text[:60]}{'…' if len(update.text) > 60 else ''}”",
                )
            elif day > self.today:
                self.parsed.warn(
                    item.where,
                    f"An update for week {update.week} would be dated "
                    f"{day:%-d %B %Y}, after today, so it was not imported",
                )
                continue
            batch.append(
                ImportedUpdate(text=update.text, date=day, week=update.week, part=update.part)
            )
        return batch

    def _unresolved(self, plan: Plan, outcome: ImportOutcome) -> None:
        known = {
            _ref_key(r)
            for r in Action.objects.filter(plan__authority=self.authority).values_list(
                "reference", flat=True
            )
        }
        for item in self.parsed.actions:
            for ref in item.cross_references:
                if _ref_key(ref) not in known:
                    outcome.cross_references_unresolved.append(f"{item.reference} → {ref}")

    def _measures(self, plan: Plan, themes: dict[str, Theme], outcome: ImportOutcome) -> None:
        have = {_norm(m.text) for m in plan.measures.all()}
        for position, measure in enumerate(self.parsed.measures, start=len(have) + 1):
            if _norm(measure.text) in have:
                continue
            Measure.objects.create(
                plan=plan,
                theme=themes.get(_norm(measure.theme)),
                text=measure.text,
                position=position,
            )
            have.add(_norm(measure.text))
            outcome.measures_added += 1

    def _findings(self, plan: Plan, outcome: ImportOutcome) -> None:
        """The appendix's findings, and those action rows name, become findings in the
        register, listed with the plan; action rows are linked to the findings they name."""
        actions = {_ref_key(a.reference): a for a in Action.objects.filter(plan=plan)}
        answered_by = [
            AnsweredBy(
                action=actions[_ref_key(item.reference)],
                text=item.extra.get("Area for improvement") or item.finding,
                reference=item.finding_ref,
            )
            for item in self.parsed.actions
            if (item.extra.get("Area for improvement") or item.finding)
            and _ref_key(item.reference) in actions
        ]
        outcome.findings_added, outcome.findings_updated = findings_from_plan(
            plan=plan,
            actor=self.actor,
            rows=[
                AppendixRow(f.reference, f.text, f.planned_response, f.progress)
                for f in self.parsed.findings
            ],
            answered_by=answered_by,
        )


def run_import(
    run: ImportRun,
    overrides: Overrides,
    *,
    actor: User | None = None,
    dry_run: bool = False,
    text_confirmed: Collection[str] | None = None,
) -> tuple[ParsedPlan, ImportOutcome]:
    """`plan_import` of the file and choices a run keeps, read with `overrides`."""
    return plan_import(
        authority=run.authority,
        actor=actor,
        filename=run.filename,
        data=bytes(run.content),
        plan_name=run.plan_name,
        kind=run.plan_kind,
        week1=run.week1_date,
        dry_run=dry_run,
        overrides=overrides,
        text_confirmed=text_confirmed,
    )


def import_run_create(
    *,
    authority: Authority,
    actor: User | None,
    filename: str,
    data: bytes,
    plan_name: str,
    kind: str,
    week1: dt.date | None,
) -> ImportRun:
    """Rehearse the import and keep the file and what was understood for confirmation."""
    parsed, outcome = plan_import(
        authority=authority,
        actor=actor,
        filename=filename,
        data=data,
        plan_name=plan_name,
        kind=kind,
        week1=week1,
        dry_run=True,
    )
    return ImportRun.objects.create(
        authority=authority,
        created_by=actor,
        filename=filename[:200],
        content=data,
        plan_name=outcome.plan,
        plan_kind=kind,
        week1_date=week1,
        understood=parsed.as_json(),
        outcome=outcome.as_json(),
    )


STALE = (
    "This preview has changed since you opened it (it was corrected, perhaps in another "
    "tab). Nothing was changed. Check the preview below and try again"
)


@transaction.atomic
def import_run_apply(
    *,
    run: ImportRun,
    actor: User | None,
    expected_version: int | None = None,
    text_confirmed: Collection[str] = (),
) -> ImportRun:
    """Apply a previewed import, whole, as corrected. Of the actions already in the plan,
    only those named in `text_confirmed` take the file's text. Raises ImportRefused if it
    can no longer be applied, or if the preview it was confirmed from is not the latest."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.PREVIEWED:
        raise ImportRefused([Problem(run.filename, "This import has already been dealt with")])
    if expected_version is not None and expected_version != run.version:
        raise ImportRefused([Problem(run.filename, STALE)])
    _, outcome = run_import(
        run, Overrides.from_json(run.corrections), actor=actor, text_confirmed=text_confirmed
    )
    run.status = ImportRun.Status.APPLIED
    run.outcome = outcome.as_json()
    run.applied_at = timezone.now()
    run.plan = Plan.objects.in_authority(run.authority).get(name=outcome.plan)
    run.save(update_fields=["status", "outcome", "applied_at", "plan"])
    if column_corrections(run):  # the lead corrected the columns: kept for the next file
        layout_save(run=run, actor=actor, only_corrected=True)
    return run
