"""Writes to sources and their judgements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.locking import version_claim
from stocktake.findings.choices import (
    FRAMEWORKS,
    Area,
    FrameworkVersion,
    Grade,
    SourceKind,
    framework_areas,
)
from stocktake.findings.models import Judgement, Source
from stocktake.plans.evidence import evidence_file_problem

SOURCE_FIELDS = [
    "kind",
    "title",
    "body",
    "framework",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "link",
    "summary",
    "original_name",
]
MAX_TEXT = 20_000
GRADE_WORDS = "Outstanding, Good, Requires improvement to be good or Inadequate"


@dataclass
class SourceFields:
    kind: str
    title: str
    body: str = ""
    framework: str = FrameworkVersion.NONE
    fieldwork_start: dt.date | None = None
    fieldwork_end: dt.date | None = None
    published_on: dt.date | None = None
    link: str = ""
    summary: str = ""
    file: UploadedFile | None = None


def _validate_source(fields: SourceFields, source: Source | None) -> None:
    errors: dict[str, str] = {}
    if fields.kind not in SourceKind.values:
        errors["kind"] = "Select what kind of source this is"
    if not fields.title.strip():
        errors["title"] = "Enter a title, for example “Inspection of children's services, 2019”"
    elif len(fields.title.strip()) > 300:
        errors["title"] = "The title must be 300 characters or fewer"
    if fields.framework not in FrameworkVersion.values:
        errors["framework"] = "Select a judgement framework from the list"
    start, end = fields.fieldwork_start, fields.fieldwork_end
    if start and end and end < start:
        errors["fieldwork_end"] = "The last day of fieldwork must be on or after the first"
    if start and fields.published_on and fields.published_on < start:
        errors["published_on"] = "The publication date must be on or after the fieldwork began"
    if fields.link.strip():
        try:
            URLValidator(schemes=["http", "https"])(fields.link.strip())
        except ValidationError:
            errors["link"] = "Enter a link in the correct format, like https://…"
        if len(fields.link.strip()) > 500:
            errors["link"] = "The link must be 500 characters or fewer"
    if len(fields.summary) > MAX_TEXT:
        errors["summary"] = f"The summary must be {MAX_TEXT:,} characters or fewer"
    if fields.file is not None:
        problem = evidence_file_problem(fields.file)
        if problem:
            errors["file"] = problem
    if source is not None and "framework" not in errors:
        allowed = framework_areas(fields.framework)
        stray = [j for j in source.judgements.all() if j.area not in allowed]
        if stray:
            names = ", ".join(Area(j.area).label.lower() for j in stray)
            errors["framework"] = (
                f"This source has judgements the {FRAMEWORKS[fields.framework].label} framework "
                f"does not have ({names}). Change or remove them first"
            )
    if errors:
        raise ValidationError(errors)


def _apply(source: Source, fields: SourceFields) -> None:
    source.kind, source.title = fields.kind, " ".join(fields.title.split())
    source.body = " ".join(fields.body.split())
    source.framework = fields.framework
    source.fieldwork_start, source.fieldwork_end = fields.fieldwork_start, fields.fieldwork_end
    source.published_on, source.link = fields.published_on, fields.link.strip()
    source.summary = fields.summary.strip()
    if fields.file is not None:
        source.file = fields.file
        source.original_name = (fields.file.name or "")[:200]


@transaction.atomic
def source_create(*, authority: Authority, actor: User | None, fields: SourceFields) -> Source:
    _validate_source(fields, None)
    source = Source(authority=authority)
    _apply(source, fields)
    source.save()
    audit_record(
        authority=authority,
        actor=actor,
        verb="created",
        obj=source,
        changes=diff({}, snapshot(source, SOURCE_FIELDS)),
    )
    return source


@transaction.atomic
def source_update(
    *, source: Source, actor: User | None, expected_version: int | None, fields: SourceFields
) -> Source:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    _validate_source(fields, source)
    version_claim(source, expected_version)
    before = snapshot(source, SOURCE_FIELDS)
    _apply(source, fields)
    source.save(update_fields=[*SOURCE_FIELDS, "file"])
    changes = diff(before, snapshot(source, SOURCE_FIELDS))
    if changes:
        audit_record(
            authority=source.authority, actor=actor, verb="updated", obj=source, changes=changes
        )
    return source


def _validate_judgement(
    source: Source, area: str, grade: str, self_assessed: str, exclude: int | None
) -> None:
    errors: dict[str, str] = {}
    allowed = framework_areas(source.framework)
    if not allowed:
        errors["area"] = (
            "This source has no graded judgements. Choose its judgement framework on the "
            "source's details first"
        )
    elif area not in allowed:
        names = "; ".join(a.label.lower() for a in allowed)
        errors["area"] = (
            f"Choose a judgement of the {FRAMEWORKS[source.framework].label} framework: {names}"
        )
    elif source.judgements.filter(area=area).exclude(pk=exclude or 0).exists():
        errors["area"] = f"This source already has a judgement of {Area(area).label.lower()}"
    if grade not in Grade.values:
        errors["grade"] = f"Select a grade: {GRADE_WORDS}"
    if self_assessed and self_assessed not in Grade.values:
        errors["self_assessed_grade"] = f"Select a self-assessed grade: {GRADE_WORDS}, or none"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def judgement_create(
    *, source: Source, actor: User | None, area: str, grade: str, self_assessed_grade: str = ""
) -> Judgement:
    _validate_judgement(source, area, grade, self_assessed_grade, exclude=None)
    judgement = Judgement.objects.create(
        source=source, area=area, grade=grade, self_assessed_grade=self_assessed_grade
    )
    audit_record(
        authority=source.authority,
        actor=actor,
        verb="created",
        obj=judgement,
        changes=diff({}, snapshot(judgement, ["area", "grade", "self_assessed_grade"])),
    )
    return judgement


@transaction.atomic
def judgement_update(
    *,
    judgement: Judgement,
    actor: User | None,
    expected_version: int | None,
    area: str,
    grade: str,
    self_assessed_grade: str = "",
) -> Judgement:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    source = judgement.source
    _validate_judgement(source, area, grade, self_assessed_grade, exclude=judgement.pk)
    version_claim(judgement, expected_version)
    fields = ["area", "grade", "self_assessed_grade"]
    before = snapshot(judgement, fields)
    judgement.area, judgement.grade = area, grade
    judgement.self_assessed_grade = self_assessed_grade
    judgement.save(update_fields=fields)
    changes = diff(before, snapshot(judgement, fields))
    if changes:
        audit_record(
            authority=source.authority, actor=actor, verb="updated", obj=judgement, changes=changes
        )
    return judgement
