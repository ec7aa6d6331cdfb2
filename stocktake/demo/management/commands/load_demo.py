"""Load the demo authorities: Blackpool's real Phase 2 12-week plan, and a small neighbour."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.accounts.roles import Role
from stocktake.accounts.services import authority_create
from stocktake.demo import findings_data
from stocktake.demo.chair import load_chair_demo
from stocktake.demo.childdata import load_childdata_demo
from stocktake.demo.factories import DEMO_PASSWORD, make_user
from stocktake.demo.labels import label_illustrative_indicators
from stocktake.demo.notice_links import link_notice
from stocktake.demo.phase_one import link_phase_one, load_phase_one
from stocktake.demo.purge import demo_authorities_purge
from stocktake.demo.recorded_times import record_plan_in_its_time
from stocktake.governance.demo import load_governance_demo
from stocktake.imports.services import plan_import
from stocktake.indicators.demo import load_indicator_demo
from stocktake.people.services import person_create, person_update
from stocktake.plans.choices import PlanKind
from stocktake.plans.services import (
    ActionFields,
    OwnerSpec,
    action_create,
    plan_create,
    theme_create,
)
from stocktake.quality.demo import load_quality_demo
from stocktake.reports.demo import issue_demo_reports

SEED = Path(__file__).resolve().parents[2] / "data" / "blackpool_12_week_plan_phase_2.txt"
WEEK_1 = dt.date(2019, 1, 7)  # the plan: "Week 13 – 1 April"
PLAN_NAME = "12 Week Plan – Phase 2"
BLACKPOOL = "Blackpool (demo)"
NORTHSHIRE = "Northshire (demo)"
# username → (role, authority, the person in the register they sign in as)
DEMO_USERS: dict[str, tuple[Role, str, str]] = {
    "admin": (Role.ADMIN, BLACKPOOL, ""),
    "lead": (Role.LEAD, BLACKPOOL, "Jeanette Richards"),
    "owner": (Role.OWNER, BLACKPOOL, "Kara Haskayne"),
    "partner": (Role.PARTNER, BLACKPOOL, "Supt. Ian Whitehead"),
    "viewer": (Role.VIEWER, BLACKPOOL, ""),
    "qa_lead": (Role.QA_LEAD, BLACKPOOL, ""),  # the quality demo makes their people
    "auditor": (Role.AUDITOR, BLACKPOOL, ""),
    "analyst": (Role.ANALYST, BLACKPOOL, ""),  # sees child-level records (the synthetic extract)
    "outsider": (Role.LEAD, NORTHSHIRE, ""),
}


class Command(BaseCommand):
    help = "Load the demo authorities, plan and users (does nothing if they exist)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo authorities and load them again"
        )
        parser.add_argument(
            "--no-reports",
            action="store_true",
            help="Skip issuing the demo's board papers (they take about half a minute)",
        )

    def handle(
        self, *args: Any, reset: bool = False, no_reports: bool = False, **options: Any
    ) -> None:
        if reset:
            demo_authorities_purge(Authority.objects.filter(name__in=[BLACKPOOL, NORTHSHIRE]))
            from stocktake.accounts.models import User

            User.objects.filter(username__in=DEMO_USERS, is_demo=True).delete()
        if Authority.objects.filter(name=BLACKPOOL).exists():
            self.stdout.write("Demo data already loaded.")
        else:
            load_demo()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            if not no_reports:
                self.stdout.write("Issuing the demo's 2019 board papers (Word, PDF, Excel)…")
                blackpool = Authority.objects.get(name=BLACKPOOL)
                for report in issue_demo_reports(blackpool, blackpool.plans.get(name=PLAN_NAME)):
                    self.stdout.write(f"  {report.title}: {report.get_status_display().lower()}")
        self.stdout.write(f"Demo sign-ins (password “{DEMO_PASSWORD}”): {', '.join(DEMO_USERS)}")


@transaction.atomic
def load_demo() -> None:
    """Record the findings register (seeds 001, 002, 004); record Phase 1 (illustrative) and
    close it into Phase 2; import seed 000 into Phase 2 with the real importer (its Appendix 1
    is recognised as the January 2019 areas for improvement) and date its history as it
    happened in 2019; link them to the plan's actions; then add the demo users and a
    neighbour."""
    blackpool = authority_create(name=BLACKPOOL, la_code="890")
    northshire = authority_create(name=NORTHSHIRE)
    findings_data.load_sources(blackpool)
    load_phase_one(blackpool, SEED, PLAN_NAME, WEEK_1)
    loaded_at = timezone.now()
    plan_import(
        authority=blackpool,
        actor=None,
        filename=SEED.name,
        data=SEED.read_bytes(),
        plan_name=PLAN_NAME,
        kind=PlanKind.TWELVE_WEEK,
        week1=WEEK_1,
    )
    plan = blackpool.plans.get(name=PLAN_NAME)
    record_plan_in_its_time(plan, loaded_at)
    findings_data.link_plan(blackpool, plan)
    link_notice(blackpool, plan)
    link_phase_one(plan)
    people = {p.name: p for p in blackpool.people.all()}
    for username, (role, authority_name, person_name) in DEMO_USERS.items():
        authority = blackpool if authority_name == BLACKPOOL else northshire
        user = make_user(authority, role, username=username, is_demo=True)
        user.first_name = username.capitalize()
        user.last_name = "(demo)"
        user.save(update_fields=["first_name", "last_name"])
        if person_name:
            person = people[person_name]
            person_update(
                person=person,
                actor=None,
                expected_version=None,
                name=person.name,
                job_title=person.job_title,
                organisation=person.organisation,
                email=person.email,
                user=user,
            )
    _load_northshire(northshire)
    load_indicator_demo(blackpool, plan=plan)
    load_governance_demo(blackpool, plan)
    load_quality_demo(blackpool, plan)
    load_childdata_demo(blackpool)
    label_illustrative_indicators(blackpool)
    load_chair_demo(blackpool, plan)


def _load_northshire(authority: Authority) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 28)
    person = person_create(
        authority=authority,
        actor=None,
        name="Sam Patel",
        job_title="Head of Children's Social Care",
        organisation="Northshire County Council",
    )
    plan = plan_create(
        authority=authority,
        actor=None,
        name="Northshire Improvement Plan",
        start_date=start,
        end_date=start + dt.timedelta(weeks=12, days=-1),
        week1_date=start,
    )
    theme = theme_create(plan=plan, actor=None, name="Front door")
    for ref, text, week in (
        ("NS1", "Review MASH thresholds with partners", "Week 5"),
        ("NS2", "Audit 20 contacts a month for the quality of threshold decisions", "Week 8"),
        ("NS3", "Publish a revised continuum of need", "Week 12"),
    ):
        action_create(
            plan=plan,
            actor=None,
            fields=ActionFields(
                reference=ref,
                text=text,
                theme=theme,
                deadline_text=week,
                owners=[OwnerSpec(person)],
            ),
        )
