"""Papers without anachronism (issue 11 item 4): a paper for a period issued as of a day holds
nothing recorded after that day, so issuing it again after later data of every kind has been
recorded gives the same document, and `stocktake report --format json` writes that document.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from stocktake.demo import factories
from stocktake.findings.models import Finding, ImpactLink, Judgement, Source
from stocktake.governance.services import unblock_raise
from stocktake.indicators.models import Benchmark, Commentary, Indicator
from stocktake.indicators.services import TargetFields, target_create
from stocktake.plans.models import Update
from stocktake.plans.services.actions import ActionFields, OwnerSpec, action_update
from stocktake.plans.services.updates import EvidenceSpec
from stocktake.reports.builders import board_pack, scrutiny, weekly_highlight
from stocktake.reports.context import ReportContext
from stocktake.reports.tests.conftest import AS_OF, UNREVIEWED, post, record_figure, review

KINDS = ["board-pack", "weekly-highlight"]


def issue_json(world: Any, tmp_path: Path, kind: str, name: str, *extra: str) -> dict[str, Any]:
    path = tmp_path / name
    call_command(
        "report",
        kind,
        "--authority",
        world.authority.name,
        "--plan",
        "Board plan",
        "--period",
        "2019-06",
        "--as-of",
        AS_OF.isoformat(),
        "--format",
        "json",
        "--output",
        str(path),
        *extra,
        stdout=StringIO(),
    )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def graded_inspection(world: Any, rw: Any, when: dt.date, title: str) -> Source:
    """An inspection with a judgement and an area for improvement answered by LA1."""
    source = Source.objects.create(
        authority=world.authority, kind="ilacs_standard", title=title, body="Ofsted",
        fieldwork_start=when, fieldwork_end=when, published_on=when,
    )  # fmt: skip
    Judgement.objects.create(source=source, area="overall", grade="inadequate")
    finding = Finding.objects.create(
        source=source, reference=f"{title[:3]}1", kind="afi",
        text=f"Screening of contacts ({title})", planned_response="Screen within 24 hours",
    )  # fmt: skip
    finding.actions.add(rw.la1)
    ImpactLink.objects.create(finding=finding, indicator=rw.reref)
    return source


def later_data_of_every_kind(world: Any, rw: Any) -> None:
    """Everything recorded after 30 June 2019, some of it about June or earlier."""
    july = dt.date(2019, 7, 8)
    # Updates and status changes: LA1 completed in July; an update dated in June but only
    # posted in July; CC1's June update (awaiting review on 30 June) accepted in July.
    done = post(
        rw.la1, "Screening within 24 hours now in place", july, rag="blue",
        delivery_status="complete",
        evidence=EvidenceSpec(link="https://example.org/screening", title="Audit"),
    )  # fmt: skip
    review(done, "accepted", july)
    late = post(rw.cc2, "Care plans reviewed by the end of June", july, rag="green")
    Update.objects.filter(pk=late.pk).update(date=dt.date(2019, 6, 28))
    review(late, "accepted", july)
    pending = Update.objects.get(text=UNREVIEWED)
    review(pending, "accepted", dt.date(2019, 7, 2))
    # Owners and deadlines changed later.
    la2 = rw.la2
    action_update(
        action=la2, actor=None, expected_version=None,
        fields=ActionFields(
            reference="LA2", text="Deliver the leadership programme to every manager",
            theme=la2.theme, due_date=dt.date(2019, 9, 30),
            owners=[OwnerSpec(person=world.partner_person)],
        ),
    )  # fmt: skip
    unblock_raise(
        action=rw.cc2, actor=None, ask="Agree funding for agency staff",
        at=timezone.make_aware(dt.datetime(2019, 7, 8, 12)),
    )  # fmt: skip
    # A new action, recorded later.
    factories.make_action(rw.plan, "CC9", theme=rw.la1.theme, due=dt.date(2019, 6, 15))
    # Figures for earlier and later months, recorded later; a new target and indicator.
    record_figure(rw.reref, dt.date(2018, 6, 1), 28.0, entered=july)  # an earlier month
    record_figure(rw.reref, dt.date(2019, 7, 1), 19.5, entered=july)  # a later month
    record_figure(rw.missing, dt.date(2019, 6, 1), 2.0, entered=july)  # June, entered in July
    target_create(
        indicator=rw.missing, actor=None,
        fields=TargetFields("Year end", dt.date(2020, 3, 31), 2.0, tolerance=0),
    )  # fmt: skip
    late_indicator = Indicator.objects.create(
        authority=world.authority, code="LATE", name="Adopted in July", unit="count",
        polarity="lower", frequency="monthly", decimals=0,
    )  # fmt: skip
    record_figure(late_indicator, dt.date(2019, 5, 1), 40.0, entered=july)
    # Commentary and benchmarks.
    Commentary.objects.create(
        indicator=rw.reref, as_of=dt.date(2019, 5, 1), text="Written in July about May",
        generated="",
    )  # fmt: skip
    Benchmark.objects.create(
        indicator=rw.reref, period_end=dt.date(2019, 3, 31), period_label="2018-19",
        england=22.6,
    )  # fmt: skip
    # Sources with findings: one about May recorded later, one dated December 2019.
    graded_inspection(world, rw, dt.date(2019, 5, 20), "May visit recorded late")
    graded_inspection(world, rw, dt.date(2019, 12, 10), "December monitoring visit")


def test_a_paper_issued_again_after_later_data_of_every_kind_is_the_same(world, rw, tmp_path):
    graded_inspection(world, rw, dt.date(2019, 1, 20), "January inspection")
    Source.objects.update(created_at=timezone.make_aware(dt.datetime(2019, 2, 1, 9)))
    Finding.objects.update(created_at=timezone.make_aware(dt.datetime(2019, 2, 1, 9)))
    Judgement.objects.update(created_at=timezone.make_aware(dt.datetime(2019, 2, 1, 9)))
    first = {kind: issue_json(world, tmp_path, kind, f"{kind}-1.json") for kind in KINDS}
    first["scrutiny"] = issue_json(world, tmp_path, "scrutiny", "scrutiny-1.json")

    later_data_of_every_kind(world, rw)
    second = {kind: issue_json(world, tmp_path, kind, f"{kind}-2.json") for kind in KINDS}
    second["scrutiny"] = issue_json(world, tmp_path, "scrutiny", "scrutiny-2.json")

    for kind, document in first.items():
        assert second[kind] == document, kind
    assert first["board-pack"]["prepared_on"] == "30 June 2019"
    # The later data is there to be seen by a paper dated after it.
    ctx = rw.ctx(world, as_of=dt.date(2019, 7, 10))
    later = json.dumps(board_pack.build(ctx).to_json(), ensure_ascii=False)
    assert "Agree funding for agency staff" in later
    assert "Screening within 24 hours now in place" in later  # known on its day
    assert "26.7% (Jun 2019)" in later


@pytest.mark.parametrize("include_unreviewed", [False, True])
def test_every_builder_reads_the_history_not_the_live_action(world, rw, include_unreviewed):
    ctx = rw.ctx(world, include_unreviewed=include_unreviewed)
    graded_inspection(world, rw, dt.date(2019, 1, 20), "January inspection")
    Source.objects.update(created_at=timezone.make_aware(dt.datetime(2019, 2, 1, 9)))
    Finding.objects.update(created_at=timezone.make_aware(dt.datetime(2019, 2, 1, 9)))
    Judgement.objects.update(created_at=timezone.make_aware(dt.datetime(2019, 2, 1, 9)))
    builders = (board_pack.build, weekly_highlight.build, scrutiny.build)
    before = [b(ctx).to_json() for b in builders]

    later_data_of_every_kind(world, rw)

    assert [b(ctx).to_json() for b in builders] == before


def test_json_of_an_issued_report_can_be_written_again(world, rw, tmp_path):
    document = issue_json(world, tmp_path, "board-pack", "pack.json")
    from stocktake.reports.models import Report

    report = Report.objects.issued().latest("pk")
    again = tmp_path / "again.json"
    call_command(
        "report", "--reissue", str(report.pk), "--format", "json", "--output", str(again),
        stdout=StringIO(),
    )  # fmt: skip
    assert json.loads(again.read_text(encoding="utf-8")) == document == report.snapshot


def test_a_paper_before_its_actions_were_recorded_has_nothing_to_report(world, rw):
    from stocktake.reports.context import NoData

    ctx = ReportContext(
        world.authority, rw.plan, dt.date(2019, 3, 1), dt.date(2019, 3, 31), dt.date(2019, 3, 31)
    )
    with pytest.raises(NoData):
        board_pack.build(ctx)
