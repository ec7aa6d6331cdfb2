"""An update whose source gives no date is recorded as undated, imported on the day of the
import — never as if written that day — and the preview says so (issue 11, honest dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from stocktake.demo import factories
from stocktake.imports.services import plan_import
from stocktake.plans.models import Update

TODAY = dt.date(2026, 12, 3)
PLAN = (
    "Ref,Action,Lead,Deadline,Progress\n"
    "1,Relaunch the thresholds document,Jo Bloggs,30/06/2019,"
    "Thresholds drafted and shared with partners\n"
    "2,Audit twenty case files,Jo Bloggs,31/07/2019,12.06.19 update – ten audits done\n"
)


def run(authority, dry_run: bool = False):
    return plan_import(
        authority=authority,
        actor=None,
        filename="plan.csv",
        data=PLAN.encode(),
        plan_name="Plan",
        week1=dt.date(2019, 4, 1),
        today=TODAY,
        dry_run=dry_run,
    )


@pytest.mark.django_db
def test_an_undated_update_is_kept_undated_and_a_dated_one_keeps_its_date():
    authority = factories.make_authority("Testshire")
    run(authority)
    updates = {u.action.reference: u for u in Update.objects.select_related("action")}
    assert updates["1"].date is None
    assert updates["1"].origin == Update.Origin.IMPORTED
    assert updates["2"].date == dt.date(2019, 6, 12)


@pytest.mark.django_db
def test_the_preview_warns_about_each_undated_update_and_saves_nothing():
    authority = factories.make_authority("Testshire")
    parsed, _outcome = run(authority, dry_run=True)
    undated = [w for w in parsed.warnings if "gives no date" in str(w)]
    assert len(undated) == 1 and "Thresholds drafted" in str(undated[0])
    assert not Update.objects.exists()


@pytest.mark.django_db
def test_the_action_page_says_undated_imported_on_not_a_date(client):
    authority = factories.make_authority("Testshire")
    run(authority)
    update = Update.objects.get(action__reference="1")
    lead = factories.make_user(authority, "lead", username="lead")
    client.force_login(lead)
    action = update.action
    page = client.get(
        reverse("plans:action_detail", args=[authority.slug, action.plan_id, action.pk])
    )
    html = page.content.decode()
    on = update.recorded_at.date()
    assert f"Undated, imported on {on.day} {on:%B %Y}" in html
