"""Importing completed audits from a file: checked whole, previewed as the real import rolled
back, then applied whole (or not at all) through the same services as the pages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.imports.parsed import Problem
from stocktake.people.models import Person
from stocktake.quality.choices import Origin, RoundKind
from stocktake.quality.importer import AuditRowIn, Context, ParsedAudits, parse_audits
from stocktake.quality.models import AuditRound, AuditUpload, CaseAudit, Framework
from stocktake.quality.services.indicators import qa_indicators_compute
from stocktake.quality.services.moderation import DomainDecision, moderation_record
from stocktake.quality.services.programme import RoundFields, round_create
from stocktake.quality.services.recording import AuditFields, audit_save


class UploadRefused(Exception):
    """The file cannot be applied; `problems` say what and where. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems


@dataclass
class Imported:
    audits: int = 0
    moderated: int = 0
    rounds: list[str] = field(default_factory=list)


def import_context(authority: Authority, today: dt.date) -> Context:
    frameworks = list(Framework.objects.in_authority(authority))
    return Context(
        frameworks={f.name.casefold(): f for f in frameworks},
        domains={f.pk: list(f.current.domains.all()) for f in frameworks},
        people={
            " ".join(p.name.split()).casefold(): p for p in Person.objects.in_authority(authority)
        },
        today=today,
    )


def _round(
    authority: Authority,
    actor: User | None,
    title: str,
    rows: list[AuditRowIn],
    problems: list[Problem],
) -> AuditRound | None:
    version = rows[0].framework.current
    existing = AuditRound.objects.in_authority(authority).filter(title__iexact=title).first()
    if existing is None:
        return round_create(
            authority=authority,
            actor=actor,
            fields=RoundFields(
                title=title,
                version=version,
                kind=RoundKind.IMPORTED,
                due_date=max(r.completed_on for r in rows),
                moderation_share=0,
            ),
            references=[r.case for r in rows],
            auditors=[],
        )
    if existing.version_id != version.pk:
        problems.append(
            Problem(
                rows[0].where,
                f"The round “{title}” already exists and uses {existing.version}, not {version}",
            )
        )
        return None
    for r in rows:
        if existing.audits.filter(case_reference__iexact=r.case).exists():
            problems.append(Problem(r.where, f"Case {r.case} is already audited in {title}"))
        else:
            CaseAudit.objects.create(round=existing, case_reference=r.case, due_date=r.completed_on)
    return existing


def _apply_row(audit: CaseAudit, row: AuditRowIn, actor: User | None, today: dt.date) -> bool:
    audit.auditor, audit.practitioner, audit.origin = row.auditor, row.practitioner, Origin.IMPORTED
    audit.save(update_fields=["auditor", "practitioner", "origin"])
    fields = AuditFields(
        grades=row.grades,
        overall_grade=row.overall,
        strengths=row.strengths,
        development=row.development,
        child_voice=row.child_voice,
        completed_on=row.completed_on,
    )
    audit_save(
        audit=audit,
        actor=actor,
        fields=fields,
        complete=True,
        today=today,
        compute=False,
        narrative_required=False,
    )
    if not row.moderated_grade:
        return False
    moderation_record(
        audit=audit,
        actor=actor,
        moderated_on=row.moderated_on,
        overall_grade=row.moderated_grade,
        reason=row.moderation_reason,
        decisions=[DomainDecision(d, g) for d, g in row.grades.items()],
        today=today,
        compute=False,
        moderator_known=False,
    )
    return True


def _apply(
    authority: Authority, actor: User | None, parsed: ParsedAudits, today: dt.date
) -> Imported:
    imported, problems = Imported(), []
    by_round: dict[str, list[AuditRowIn]] = defaultdict(list)
    for row in parsed.rows:
        by_round[row.round].append(row)
    for title, rows in by_round.items():
        if len({r.framework.pk for r in rows}) > 1:
            problems.append(
                Problem(
                    rows[0].where,
                    f"The round “{title}” mixes frameworks: "
                    "give each framework's audits a round of their own",
                )
            )
            continue
        audit_round = _round(authority, actor, title, rows, problems)
        if audit_round is None:
            continue
        imported.rounds.append(audit_round.title)
        audits = {a.case_reference.casefold(): a for a in audit_round.audits.all()}
        for row in rows:
            try:
                imported.moderated += _apply_row(audits[row.case.casefold()], row, actor, today)
            except (ValidationError, KeyError) as error:
                message = "; ".join(getattr(error, "messages", [str(error)]))
                problems.append(Problem(row.where, message))
            else:
                imported.audits += 1
    if problems:
        raise UploadRefused(problems)
    qa_indicators_compute(authority=authority, actor=actor, today=today)
    return imported


def audits_import(
    *,
    authority: Authority,
    actor: User | None,
    filename: str,
    data: bytes,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> tuple[ParsedAudits, Imported]:
    """Import (or, with dry_run, rehearse importing) a file of audits, all or nothing."""
    today = today or timezone.localdate()
    parsed = parse_audits(filename, data, import_context(authority, today))
    if parsed.problems:
        raise UploadRefused(parsed.problems)
    with transaction.atomic():
        imported = _apply(authority, actor, parsed, today)
        if dry_run:
            transaction.set_rollback(True)
    return parsed, imported


def audit_upload_create(
    *, authority: Authority, actor: User | None, filename: str, data: bytes
) -> AuditUpload:
    parsed, imported = audits_import(
        authority=authority, actor=actor, filename=filename, data=data, dry_run=True
    )
    preview = {
        **parsed.preview(),
        "audits": imported.audits,
        "moderated": imported.moderated,
        "rounds": imported.rounds,
    }
    return AuditUpload.objects.create(
        authority=authority,
        created_by=actor,
        filename=filename[:200],
        content=data,
        preview=preview,
    )


@transaction.atomic
def audit_upload_apply(*, upload: AuditUpload, actor: User | None) -> AuditUpload:
    upload = AuditUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != AuditUpload.Status.PREVIEWED:
        raise UploadRefused([Problem(upload.filename, "This file has already been applied")])
    audits_import(
        authority=upload.authority,
        actor=actor,
        filename=upload.filename,
        data=bytes(upload.content),
    )
    upload.status, upload.applied_at = AuditUpload.Status.APPLIED, timezone.now()
    upload.save()
    return upload
