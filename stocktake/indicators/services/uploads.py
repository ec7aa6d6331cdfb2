"""Uploading observations: check the whole file, preview it, then apply it whole."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.imports.parsed import Problem
from stocktake.indicators.models import Indicator, ObservationUpload
from stocktake.indicators.services.observations import Applied, observations_apply
from stocktake.indicators.uploads import ParsedFile, parse_observations


class UploadRefused(Exception):
    """The file cannot be applied; `problems` say what and where. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems


def _indicators(authority: Authority) -> dict[str, Indicator]:
    return {i.code.upper(): i for i in Indicator.objects.in_authority(authority)}


def observations_check(*, authority: Authority, filename: str, data: bytes) -> ParsedFile:
    """Read and check a file against the authority's indicators. Raises UploadRefused."""
    parsed = parse_observations(filename, data, _indicators(authority))
    if parsed.problems:
        raise UploadRefused(parsed.problems)
    return parsed


def observations_import(
    *,
    authority: Authority,
    actor: User | None,
    filename: str,
    data: bytes,
    dry_run: bool = False,
) -> tuple[ParsedFile, Applied]:
    """Import (or, with dry_run, rehearse importing) a file of observations, all or nothing."""
    parsed = observations_check(authority=authority, filename=filename, data=data)
    with transaction.atomic():
        applied = observations_apply(
            authority=authority, actor=actor, figures=parsed.figures, filename=filename
        )
        if dry_run:
            transaction.set_rollback(True)
    return parsed, applied


def observation_upload_create(
    *, authority: Authority, actor: User | None, filename: str, data: bytes
) -> ObservationUpload:
    """Rehearse the import, and keep the file and what it would do for confirmation."""
    parsed, applied = observations_import(
        authority=authority, actor=actor, filename=filename, data=data, dry_run=True
    )
    return ObservationUpload.objects.create(
        authority=authority,
        created_by=actor,
        filename=filename[:200],
        content=data,
        preview=parsed.preview(),
        outcome=asdict(applied),
    )


@transaction.atomic
def observation_upload_apply(*, upload: ObservationUpload, actor: User | None) -> ObservationUpload:
    """Apply a previewed upload whole. Raises UploadRefused if it can no longer be applied
    (already applied, or the indicators have changed so that a row no longer fits)."""
    upload = ObservationUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != ObservationUpload.Status.PREVIEWED:
        raise UploadRefused([Problem(upload.filename, "This upload has already been applied")])
    _, applied = observations_import(
        authority=upload.authority,
        actor=actor,
        filename=upload.filename,
        data=bytes(upload.content),
    )
    upload.status = ObservationUpload.Status.APPLIED
    upload.outcome = asdict(applied)
    upload.applied_at = timezone.now()
    upload.save(update_fields=["status", "outcome", "applied_at"])
    return upload
