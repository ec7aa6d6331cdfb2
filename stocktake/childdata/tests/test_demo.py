"""The child-level data demo: a synthetic extract for 30 June 2019, labelled synthetic and
applied, and an analyst who sees record level."""

from __future__ import annotations

import datetime as dt

from stocktake.accounts.roles import Capability
from stocktake.childdata.models import Extract
from stocktake.demo.childdata import load_childdata_demo
from stocktake.indicators.models import Observation


def test_demo_extract_is_synthetic_applied_and_has_an_analyst(world, indicator_catalogue):
    extract = load_childdata_demo(world.authority)
    assert extract.synthetic and extract.status == Extract.Status.APPLIED
    assert extract.extract_date == dt.date(2019, 6, 30) and "synthetic" in str(extract)
    assert 10_000 < extract.rows_read < 15_000
    figures = Observation.objects.filter(indicator__authority=world.authority,
                                         indicator__code__startswith="AA_")  # fmt: skip
    assert figures.count() >= 19
    assert all(o.indicator.illustrative and o.provenance["synthetic"] for o in figures)
    analyst = world.authority.memberships.get(user__username="analyst")
    assert analyst.can(Capability.VIEW_CHILD_RECORDS)
