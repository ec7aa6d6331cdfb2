"""`stocktake import-plan FILE --authority NAME --plan NAME [--week1 DATE] [--dry-run]
[--corrections FILE.json] [--use-saved-layouts]`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from stocktake.accounts.models import Authority
from stocktake.accounts.services import authority_create
from stocktake.imports.layouts import matching, with_layout
from stocktake.imports.overrides import Overrides
from stocktake.imports.services import ImportRefused, plan_import, understand
from stocktake.plans.choices import PlanKind


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--week1 must be a date like 2019-01-07, not {value!r}") from None


class Command(BaseCommand):
    help = "Import a plan from a Word, Excel, CSV or text file (all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--authority", required=True)
        parser.add_argument("--plan", required=True, help="The plan's name")
        parser.add_argument("--week1", type=_date, help="Date week 1 starts (YYYY-MM-DD)")
        parser.add_argument("--kind", choices=PlanKind.values, default=PlanKind.IMPROVEMENT)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; write nothing"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--corrections",
            help="A JSON file of corrections to how the file is read, as the preview keeps "
            'them: {"columns": {"1": {"3": "deadline"}}, "rows": {"1": {"14": "section"}}}',
        )
        parser.add_argument(
            "--use-saved-layouts",
            action="store_true",
            help="Read tables whose headings match one of the authority's saved layouts "
            "with its column roles",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file")
        if isinstance(opts["week1"], str):  # call_command(week1=…) skips the parser
            opts["week1"] = _date(opts["week1"])
        data = path.read_bytes()
        opts["corrections"] = self._corrections(opts.get("corrections"))
        try:
            # One transaction: a refused import must not leave a new authority behind.
            with transaction.atomic():
                authority, notices = self._authority(opts)
                if opts.get("use_saved_layouts") and authority.pk is not None:
                    self._layouts(authority, path.name, data, opts)
                parsed, outcome = self._run(authority, path.name, data, opts)
        except ImportRefused as refused:
            lines = [f"{p.where}: {p.message}" for p in refused.problems]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines)) from None
        if outcome.plan_created:
            notices.append(
                f"{'Would create' if opts['dry_run'] else 'Created'} plan “{outcome.plan}”"
            )
        if opts["format"] == "json":
            body = parsed.as_json() if opts["dry_run"] else {}
            # The column mapping used is body["columns"]; these say what changed it.
            body["corrections"] = opts["corrections"]
            body["layouts_applied"] = [
                {"table": table, **used}
                for table, used in (opts["corrections"].get("layouts") or {}).items()
            ]
            body["outcome"] = outcome.as_json()
            body["notices"] = notices
            self.stdout.write(json.dumps(body, indent=2, ensure_ascii=False))
            return
        for notice in notices:
            self.stdout.write(notice)
        self._summary(outcome, opts["dry_run"])

    def _corrections(self, name: str | None) -> dict[str, Any]:
        if not name:
            return {}
        try:
            found = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"--corrections: {name} is not a JSON file ({error})") from None
        if not isinstance(found, dict):
            raise CommandError("--corrections: the file must hold a JSON object")
        kept = Overrides.from_json(found)
        columns: dict[str, dict[str, str]] = {}
        rows: dict[str, dict[str, str]] = {}
        for (table, index), role in kept.columns.items():
            columns.setdefault(table, {})[str(index)] = role
        for (table, index), kind in kept.rows.items():
            rows.setdefault(table, {})[str(index)] = kind
        return {"columns": columns, "rows": rows}

    def _layouts(self, authority: Authority, name: str, data: bytes, opts: dict[str, Any]) -> None:
        """The corrections with the saved layouts whose headings match the file's tables."""
        parsed, _ = understand(
            authority=authority,
            filename=name,
            data=data,
            plan_name=opts["plan"],
            week1=opts["week1"],
            overrides=Overrides.from_json(opts["corrections"]),
        )
        tables = {str(t.get("table", "")): t for t in parsed.layouts}
        for offer in matching(authority, parsed.layouts):
            opts["corrections"] = with_layout(
                opts["corrections"], tables[offer.table], offer.layout
            )

    def _authority(self, opts: dict[str, Any]) -> tuple[Authority, list[str]]:
        authority = Authority.objects.filter(name=opts["authority"]).first()
        if authority is not None:
            return authority, []
        if opts["dry_run"]:
            notice = f"Authority “{opts['authority']}” does not exist; it would be created"
            return Authority(name=opts["authority"], slug="dry-run"), [notice]
        authority = authority_create(name=opts["authority"])
        return authority, [f"Created authority “{authority.name}”"]

    def _run(self, authority: Authority, name: str, data: bytes, opts: dict[str, Any]) -> Any:
        if authority.pk is None:  # dry run for an authority that does not exist yet
            with transaction.atomic():
                authority = authority_create(name=opts["authority"])
                result = plan_import(
                    authority=authority,
                    actor=None,
                    filename=name,
                    data=data,
                    plan_name=opts["plan"],
                    kind=opts["kind"],
                    week1=opts["week1"],
                    dry_run=True,
                    overrides=Overrides.from_json(opts["corrections"]),
                )
                transaction.set_rollback(True)
            return result
        return plan_import(
            authority=authority,
            actor=None,
            filename=name,
            data=data,
            plan_name=opts["plan"],
            kind=opts["kind"],
            week1=opts["week1"],
            dry_run=opts["dry_run"],
            overrides=Overrides.from_json(opts["corrections"]),
        )

    def _summary(self, outcome: Any, dry_run: bool) -> None:
        verb = "Would" if dry_run else "Did"
        self.stdout.write(
            f"{verb} create {len(outcome.actions_created)} actions, update "
            f"{len(outcome.actions_updated)}, leave {len(outcome.actions_unchanged)} unchanged; "
            f"add {outcome.updates_added} updates ({outcome.updates_already_there} already "
            f"there); create {len(outcome.people_created)} people, match "
            f"{len(outcome.people_matched)}; add {outcome.measures_added} measures and "
            f"{outcome.findings_added} findings ({outcome.findings_updated} updated)."
        )
        for ref in outcome.cross_references_unresolved:
            self.stdout.write(f"Cross-reference not found in this authority: {ref}")
        for warning in outcome.warnings:
            self.stdout.write(f"Warning – {warning['where']}: {warning['message']}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
