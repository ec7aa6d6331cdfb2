"""The child-level data demo: a synthetic Annex A extract for Blackpool (demo) at 30 June
2019, labelled synthetic, checked, stored and applied like any upload, so its KPIs sit
beside the illustrative indicators; and an `analyst` demo user who may see record level."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from stocktake.accounts.models import Authority, User
from stocktake.accounts.roles import Role
from stocktake.accounts.services import membership_grant
from stocktake.childdata.models import Extract
from stocktake.childdata.services import extract_apply, extract_load
from stocktake.childdata.synthetic import generate
from stocktake.demo.factories import make_user

EXTRACT_DATE = dt.date(2019, 6, 30)
CHILDREN = 1500  # about 12,000 rows


def load_childdata_demo(authority: Authority) -> Extract:
    analyst = User.objects.filter(username="analyst", is_demo=True).first()
    if analyst is None:
        analyst = make_user(authority, Role.ANALYST, username="analyst", is_demo=True)
        analyst.first_name, analyst.last_name = "Analyst", "(demo)"
        analyst.save(update_fields=["first_name", "last_name"])
    membership_grant(user=analyst, authority=authority, role=Role.ANALYST)
    with tempfile.TemporaryDirectory(prefix="stocktake-demo-extract-") as work:
        folder = Path(work) / "extract"
        generate(folder, children=CHILDREN, extract_date=EXTRACT_DATE, seed=0.2019)
        extract = extract_load(
            authority=authority,
            actor=None,
            path=folder,
            extract_date=EXTRACT_DATE,
            filename="Synthetic Annex A extract, 30 June 2019",
            synthetic=True,
        )
    extract_apply(extract=extract, actor=None)
    extract.refresh_from_db()
    return extract
