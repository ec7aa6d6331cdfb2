from __future__ import annotations

from dataclasses import dataclass

import pytest

from stocktake.accounts.models import Authority
from stocktake.demo import factories
from stocktake.imports.parsed import ParsedPlan
from stocktake.imports.services import ImportOutcome, plan_import
from stocktake.imports.tests.builders import SEED, SEED_WEEK1
from stocktake.plans.models import Plan


@dataclass
class SeedImport:
    authority: Authority
    plan: Plan
    parsed: ParsedPlan
    outcome: ImportOutcome


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seed_import(db, seed_bytes) -> SeedImport:
    """Seed 000 imported into a new authority by the real importer."""
    authority = factories.make_authority("Blackpool")
    parsed, outcome = plan_import(
        authority=authority,
        actor=None,
        filename=SEED.name,
        data=seed_bytes,
        plan_name="12 Week Plan – Phase 2",
        kind="twelve_week",
        week1=SEED_WEEK1,
    )
    plan = Plan.objects.in_authority(authority).get(name="12 Week Plan – Phase 2")
    return SeedImport(authority, plan, parsed, outcome)
