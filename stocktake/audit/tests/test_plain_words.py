"""The audit log speaks plain English: every verb a service writes has words ("Report
issued", not "report.issued"), each record says what kind it is, and a changed choice reads
as its label ("Held", not "held")."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from stocktake.audit.presenters import VERBS, verb_label
from stocktake.audit.services import audit_record
from stocktake.core.tests.helpers import visible_text
from stocktake.governance import services as governance
from stocktake.governance.tests.conftest import gw  # noqa: F401 - fixture looked up by name

PACKAGE = Path(__file__).resolve().parents[2]


def written_verbs() -> set[str]:
    """Every literal verb a module of the package passes to `audit_record`."""
    verbs: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        verbs.update(re.findall(r'verb="([^"]+)"', path.read_text()))
    return verbs


def test_every_verb_written_has_plain_words():
    found = written_verbs()
    assert {"report.issued", "updated", "update_posted"} <= found
    missing = sorted(found - set(VERBS))
    assert not missing, f"No plain words for the audit verbs {missing}"
    for verb in found:
        label = verb_label(verb)
        assert not re.search(r"[._]", label), label
        assert label[0].isupper(), label


def test_the_log_names_the_kind_of_record_and_choice_labels(request, world, client_for):
    governed = request.getfixturevalue("gw")
    governance.meeting_update(
        meeting=governed.meeting,
        actor=world.users["lead"],
        expected_version=governed.meeting.version,
        fields=governance.MeetingFields(date=governed.meeting.date, status="held"),
    )
    audit_record(
        authority=world.authority, actor=None, verb="report.issued", obj=world.plan, changes={}
    )

    page = visible_text(
        client_for(world.users["admin"]).get(
            reverse("audit:authority_log", args=[world.authority.slug])
        )
    )

    assert "report.issued" not in page.lower()
    assert "Report issued" in page
    assert f"Plan: {world.plan.name}" in page
    assert "Meeting: " in page
    assert re.search(r"Status Before: Scheduled\s*→?\s*\. After: Held", page), page


def test_unknown_verbs_are_still_words():
    assert verb_label("report.withdrawn") == "Report withdrawn"
    assert verb_label("thing_done") == "Thing done"
