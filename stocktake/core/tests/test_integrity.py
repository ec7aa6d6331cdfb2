"""Integrity kept by the database itself, whatever writes the row (ADR 0017):

- every choice field of every model holds one of its choices (a CHECK constraint);
- a link stays inside its plan, source, action or authority (a composite foreign key, on
  PostgreSQL);
- the audit log and issued papers outlive what they describe (PROTECT).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.audit.models import AuditEvent
from stocktake.background.models import Job
from stocktake.chair.tests.builders import build_chair
from stocktake.childdata.models import Extract
from stocktake.core.tests.helpers import add_evidence
from stocktake.demo import factories
from stocktake.demo.purge import demo_authorities_purge
from stocktake.findings.tests.conftest import fw, make_finding, make_source  # noqa: F401
from stocktake.governance import services as governance
from stocktake.governance.models import Reminder, UpdateReview
from stocktake.governance.tests.conftest import gw  # noqa: F401
from stocktake.imports.models import ImportRun
from stocktake.imports.services import import_run_create
from stocktake.imports.tests.builders import csv_bytes
from stocktake.indicators.tests.conftest import iw  # noqa: F401
from stocktake.plans.models import Action, Evidence, Measure, Plan, StatusChange
from stocktake.plans.services.acceptance import update_apply
from stocktake.plans.services.updates import update_submit
from stocktake.quality.services.moderation import DomainDecision, moderation_record
from stocktake.quality.services.uploads import audit_upload_create
from stocktake.quality.tests.conftest import build_qa, complete
from stocktake.quality.tests.test_import import GOOD
from stocktake.reports.models import Report, ReportFile
from stocktake.reports.tests.test_permissions import make_report

NOT_A_CHOICE = {models.CharField: "x", models.PositiveSmallIntegerField: 99}


def choice_fields() -> list[tuple[type[models.Model], models.Field]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("stocktake."):
            continue
        for model in config.get_models():
            found += [
                (model, f)
                for f in model._meta.concrete_fields
                if f.choices and not model._meta.abstract
            ]
    return found


@pytest.fixture
def everything(world, fw, iw, gw) -> None:  # noqa: F811
    """At least one row of every model that has a choice field."""
    started = update_submit(
        action=world.action,
        membership=None,
        actor=None,
        text="Started",
        delivery_status="on_track",
    )
    governance.update_review(update=started, actor=None, decision="accepted")  # a status change
    make_report(world.authority, world.plan)
    import_run_create(
        authority=world.authority,
        actor=None,
        filename="p.csv",
        data=b"Ref,Action\nN1,New thing\n",
        plan_name="New plan",
        kind="improvement",
        week1=None,
    )
    governance.decision_record(meeting=gw.meeting, actor=None, text="Agreed")
    Reminder.objects.create(
        plan=world.plan,
        person=world.owner_person,
        window_closes_at=dt.datetime(2019, 6, 25, 16, tzinfo=dt.UTC),
        email="olive@testshire.example",
        status="sent",
    )
    UpdateReview.objects.create(update=gw.update, decision="returned", comment="More, please")
    _case_audits(world)
    build_chair(world)  # a chair's report with a section written (its part and state)
    Job.objects.create(authority=world.authority, title="Importing", task_name="x.y")
    Extract.objects.create(
        authority=world.authority, extract_date=dt.date(2019, 6, 30), filename="a.xlsx", folder="x"
    )


def _case_audits(world) -> None:
    """A completed audit, moderated with a changed grade, and a previewed upload."""
    qa = build_qa(world)
    audit = complete(qa.audits[0], "inadequate", ["inadequate", "inadequate"], dt.date(2019, 6, 3))
    domains = list(qa.round.version.domains.all())
    moderation_record(
        audit=audit,
        actor=qa.qa_lead,
        moderated_on=dt.date(2019, 6, 10),
        overall_grade="requires_improvement",
        reason="Risk was recognised, if late.",
        decisions=[DomainDecision(d.pk, "requires_improvement", "Seen.") for d in domains],
        today=dt.date(2019, 12, 31),
    )
    audit_upload_create(
        authority=world.authority, actor=None, filename="audits.csv", data=csv_bytes(GOOD)
    )


def checks_on(model: type[models.Model], field: models.Field) -> set[str]:
    """The names of the model's CHECK constraints about `field`."""

    def mentions(node: Any) -> bool:
        if isinstance(node, tuple):
            return node[0].split("__")[0] == field.name
        return any(mentions(child) for child in getattr(node, "children", []))

    return {
        c.name
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint) and mentions(c.condition)
    }


def set_raw(model: type[models.Model], pk: Any, field: models.Field, value: Any) -> str:
    """Write straight to the row, past forms and `full_clean`, as a bulk insert would; the
    database's refusal, if any."""
    try:
        with transaction.atomic():
            model._default_manager.filter(pk=pk).update(**{field.attname: value})
            transaction.set_rollback(True)
    except IntegrityError as error:
        return str(error)
    return ""


def test_the_database_keeps_every_choice_field_to_its_choices(everything):
    fields = choice_fields()
    assert len(fields) >= 40  # the count when this was written; more is welcome
    for model, field in fields:
        where = f"{model.__name__}.{field.name}"
        names = checks_on(model, field)
        assert names, f"{where} has no CHECK constraint"
        row = model._default_manager.first()
        assert row is not None, f"add a {model.__name__} to the `everything` fixture"
        # Every choice is accepted (a clash with a unique constraint is not a refusal of
        # the value) …
        for value in [v for v, _label in field.flatchoices] + ([None] if field.null else []):
            refusal = set_raw(model, row.pk, field, value)
            assert not any(name in refusal for name in names), f"{where}={value!r}: {refusal}"
        # … and anything else is refused by the field's own constraint.
        refusal = set_raw(model, row.pk, field, NOT_A_CHOICE[type(field)])
        assert any(name in refusal for name in names), f"{where}: {refusal or 'accepted'}"


# Composite foreign keys ---------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite cannot add a composite foreign key to a table (ADR 0017); the services "
    "refuse these links there",
)


def refused_at_commit(write: Callable[[], object]) -> None:
    """`write` is refused when the deferred constraints are checked (as at commit)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
        connection.check_constraints()


@postgresql_only
def test_an_action_or_measure_cannot_take_another_plans_theme(world):
    elsewhere = factories.make_theme(factories.make_plan(world.authority, "Phase 3"), "Workforce")
    measure = Measure.objects.create(plan=world.plan, theme=world.theme, text="Fewer re-referrals")

    refused_at_commit(lambda: Action.objects.filter(pk=world.action.pk).update(theme=elsewhere))
    refused_at_commit(lambda: Measure.objects.filter(pk=measure.pk).update(theme=elsewhere))
    Action.objects.filter(pk=world.action.pk).update(theme=None)  # no theme is fine
    connection.check_constraints()


@postgresql_only
def test_a_plan_report_or_import_cannot_name_another_authoritys_plan(world):
    report = make_report(world.authority, world.plan)
    run = ImportRun.objects.create(
        authority=world.authority, filename="p.csv", content=b"", plan_name="P", plan=world.plan
    )
    theirs = world.other_plan

    refused_at_commit(lambda: Plan.objects.filter(pk=world.plan.pk).update(parent=theirs))
    refused_at_commit(lambda: Report.objects.filter(pk=report.pk).update(plan=theirs))
    refused_at_commit(lambda: ImportRun.objects.filter(pk=run.pk).update(plan=theirs))


@postgresql_only
def test_a_finding_sits_under_a_finding_of_its_own_source(world):
    first, second = make_source(world.authority, "One"), make_source(world.authority, "Two")
    parent, child = make_finding(first, "1"), make_finding(second, "1")

    refused_at_commit(lambda: type(child).objects.filter(pk=child.pk).update(parent=parent))


@postgresql_only
def test_evidence_and_status_changes_belong_to_their_updates_action(world):
    evidence = add_evidence(world.action)
    proposed = update_submit(
        action=world.action, membership=None, actor=None, text="Go", delivery_status="on_track"
    )
    # A posted update only proposes; accepting it writes the status change (ADR 18).
    (change,) = update_apply(update=proposed, actor=None, at=timezone.now())
    other = update_submit(action=world.partner_action, membership=None, actor=None, text="x")

    refused_at_commit(lambda: Evidence.objects.filter(pk=evidence.pk).update(update=other))
    refused_at_commit(lambda: StatusChange.objects.filter(pk=change.pk).update(update=other))


# What outlives what it describes -----------------------------------------------------------


def test_deleting_a_plan_with_papers_is_refused_and_the_papers_stay(world):
    report = make_report(world.authority, world.plan)

    with pytest.raises(ProtectedError), transaction.atomic():
        Plan.objects.filter(pk=world.plan.pk).delete()

    assert Report.objects.filter(pk=report.pk, status="issued").exists()
    assert ReportFile.objects.filter(report=report).count() == 3


def test_deleting_an_authority_keeps_its_audit_log_and_papers(world):
    events = AuditEvent.objects.filter(authority=world.authority).count()
    make_report(world.authority, world.plan)
    assert events > 0

    with pytest.raises(ProtectedError), transaction.atomic():
        Authority.objects.filter(pk=world.authority.pk).delete()

    assert AuditEvent.objects.filter(authority=world.authority).count() == events
    assert Report.objects.filter(authority=world.authority).count() == 1


def test_only_demo_data_is_purged_on_purpose_with_its_papers_and_log(world):
    make_report(world.other, world.other_plan)
    assert AuditEvent.objects.filter(authority=world.other).exists()

    demo_authorities_purge(Authority.objects.filter(pk=world.other.pk))

    assert not Authority.objects.filter(pk=world.other.pk).exists()
    assert not Report.objects.filter(authority_id=world.other.pk).exists()
    assert not AuditEvent.objects.filter(authority_id=world.other.pk).exists()
    assert Authority.objects.filter(pk=world.authority.pk).exists()  # nobody else's
