"""The baseline: the same Annex A KPIs in vectorised pandas and NumPy, straight from the CSV
folder (read, validate dates, normalise codes, count working days with NumPy), as a
competent analyst would write them. Prints JSON: the KPIs, the seconds spent reading and
checking, and the seconds computing.

    python benchmarks/childdata/pandas_kpis.py FOLDER YYYY-MM-DD
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import holidays
import numpy as np
import pandas as pd

BLANK = {"", "#n/a", "n/a", "#na", "na", "null", "-"}
EET = {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"}


def per_value(s: pd.Series, clean: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`clean` applied once to each distinct value of `s`, then spread back over its rows
    (a column of a million cells holds a few hundred distinct codes, teams or dates)."""
    codes, uniques = pd.factorize(s)
    cleaned = clean(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)
    return pd.Series(np.append(cleaned, None)[codes], index=s.index, dtype=object)


def _text(s: pd.Series) -> pd.Series:
    s = s.fillna("").str.replace(r"[\s\u00a0]+", " ", regex=True).str.strip()
    return s.mask(s.str.lower().isin(BLANK))


def _code(s: pd.Series) -> pd.Series:
    return _text(s).str.replace(r"^[A-Za-z]{1,2}[0-9]?\)\s*", "", regex=True).str.lower()


def text(s: pd.Series) -> pd.Series:
    """Spaces collapsed and trimmed; blanks and "#N/A" missing."""
    return per_value(s, _text)


def code(s: pd.Series) -> pd.Series:
    """A coded value without its "a)" prefix, in lower case."""
    return per_value(s, _code)


def yes(s: pd.Series) -> pd.Series:
    return code(s).isin({"yes", "y", "true"})


def dates(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(dates, invalid): a cell with text that is no date is invalid."""
    raw = text(s)
    parsed = pd.to_datetime(raw, format="%d/%m/%Y", errors="coerce")
    return parsed, raw.notna() & parsed.isna()


def months_before(day: dt.date, months: int) -> pd.Timestamp:
    after = pd.Timestamp(day) + pd.Timedelta(days=1)
    return after - pd.DateOffset(months=months) - pd.Timedelta(days=1)


def read(folder: Path, number: int, date_cols: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    path = folder / f"List {number}.csv"
    if not path.exists():
        return pd.DataFrame(), pd.Series(dtype=bool)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = pd.Series(False, index=frame.index)
    for column in date_cols:
        frame[column], invalid = dates(frame[column])
        bad |= invalid
    return frame, bad


def wd(a: pd.Series, b: pd.Series | pd.Timestamp, days: np.ndarray) -> np.ndarray:
    """Working days in (a, b]: NumPy's business days from a + 1 to b + 1."""
    start = (a + pd.Timedelta(days=1)).to_numpy(dtype="datetime64[D]")
    end_series = b if isinstance(b, pd.Series) else pd.Series(b, index=a.index)
    end = (end_series + pd.Timedelta(days=1)).to_numpy(dtype="datetime64[D]")
    return np.busday_count(start, end, holidays=days)


def pct(n: int, d: int) -> dict[str, Any]:
    return {"numerator": n, "denominator": d, "value": 100 * n / d if d else None}


def main(folder: Path, e: dt.date) -> dict[str, Any]:
    began = time.perf_counter()
    lists = {
        3: read(folder, 3, ["Date of referral"]),
        4: read(folder, 4, ["Continuous Assessment Start Date",
                            "Continuous Assessment Date of Authorisation"]),
        5: read(folder, 5, ["Strategy discussion initiating Section 47 Enquiry Start Date",
                            "Date of Initial Child Protection Conference"]),
        6: read(folder, 6, ["CIN Start Date", "CIN Closure Date"]),
        7: read(folder, 7, ["Child Protection Plan Start Date", "Date of the Last Statutory Visit",
                            "Date of latest review conference", "Child Protection Plan End Date"]),
        8: read(folder, 8, ["Date Started to be Looked After", "Date of Latest Statutory Review",
                            "Date of Last Social Work Visit", "Date Ceased to be Looked After"]),
        9: read(folder, 9, []),
    }  # fmt: skip
    read_done = time.perf_counter()
    E = pd.Timestamp(e)
    W = months_before(e, 6)
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(e.year - 10, e.year + 2))
    days = np.array(sorted(bank), dtype="datetime64[D]")
    out: dict[str, Any] = {}

    def in_w(s: pd.Series) -> pd.Series:
        return (s > W) & (s <= E)

    r, bad = lists[3]
    r = r[~bad]
    w = r[in_w(r["Date of referral"])]
    out["AA_REFERRALS"] = {"numerator": len(w), "denominator": None, "value": len(w)}
    out["AA_REFERRAL_NFA"] = pct(int(yes(w["Referral NFA?"]).sum()), len(w))
    n12 = pd.to_numeric(w["Number of Referrals in Last 12 Months"], errors="coerce")
    out["AA_REREFERRAL_12M"] = pct(
        w.loc[n12 > 0, "Child Unique ID"].nunique(), w["Child Unique ID"].nunique()
    )

    a, bad = lists[4]
    s, au = "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"
    a = a[~bad & ~(a[au] < a[s])]
    done = a[in_w(a[au])]
    out["AA_ASSESS_45WD"] = pct(int((wd(done[s], done[au], days) <= 45).sum()), len(done))
    out["AA_ASSESS_SEEN"] = pct(
        int(yes(done["Child Seen During Continuous Assessment"]).sum()), len(done)
    )
    still = a[(a[s] <= E) & (a[au].isna() | (a[au] > E))]
    count = int((wd(still[s], E, days) > 45).sum())
    out["AA_ASSESS_OPEN_OVER_45WD"] = {"numerator": count, "denominator": None, "value": count}

    c, bad = lists[5]
    st, ic = (
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Date of Initial Child Protection Conference",
    )
    c = c[~bad & ~(c[ic] < c[st])]
    held = c[in_w(c[ic])]
    out["AA_ICPC_15WD"] = pct(int((wd(held[st], held[ic], days) <= 15).sum()), len(held))

    p, bad = lists[7]
    ps, pe = "Child Protection Plan Start Date", "Child Protection Plan End Date"
    p = p[~bad & ~(p[pe] < p[ps])]
    prev = pd.to_numeric(p["Number of Previous Child Protection Plans"], errors="coerce")
    starting = in_w(p[ps])
    out["AA_CPP_REPEAT"] = pct(int((starting & (prev > 0)).sum()), int(starting.sum()))
    ending = p[in_w(p[pe])]
    out["AA_CPP_ENDED_2Y"] = pct(
        int((ending[pe] >= ending[ps] + pd.DateOffset(years=2)).sum()), len(ending)
    )
    opened = p[(p[ps] <= E) & (p[pe].isna() | (p[pe] > E))]
    old = int((opened[ps] <= months_before(e, 18)).sum())
    out["AA_CPP_OPEN_18M"] = {"numerator": old, "denominator": None, "value": old}
    v = opened["Date of the Last Statutory Visit"]
    ok = v.notna() & (v <= E)
    visited = np.zeros(len(opened), dtype=bool)
    visited[ok.to_numpy()] = wd(v[ok], E, days) <= 10
    out["AA_CP_VISIT_10WD"] = pct(int(visited.sum()), len(opened))
    out["AA_CP_SEEN_ALONE"] = pct(int(yes(opened["Was the Child Seen Alone?"]).sum()), len(opened))

    k, bad = lists[8]
    ks, ke = "Date Started to be Looked After", "Date Ceased to be Looked After"
    k = k[~bad & ~(k[ke] < k[ks])]
    cla = k[(k[ks] <= E) & (k[ke].isna() | (k[ke] > E))]
    places = pd.to_numeric(cla["Number of Placements in the Last 12 months"], errors="coerce")
    out["AA_CLA_3_PLACEMENTS"] = pct(int((places >= 3).sum()), len(cla))
    sv = cla["Date of Last Social Work Visit"]
    out["AA_CLA_VISIT_6WK"] = pct(int(((sv <= E) & ((E - sv).dt.days <= 42)).sum()), len(cla))
    rv = cla["Date of Latest Statutory Review"]
    out["AA_CLA_REVIEW_6M"] = pct(int(((rv <= E) & ((E - rv).dt.days <= 183)).sum()), len(cla))
    missing = pd.to_numeric(
        cla["Number of Episodes the Child has been Missing from their Placement in the last 12 "
            "months"], errors="coerce") > 0  # fmt: skip
    offered = yes(cla["Was the child offered a Return Interview after their last missing "
                      "episode (Y/N)?"])  # fmt: skip
    out["AA_RHI_OFFERED"] = pct(int((missing & offered).sum()), int(missing.sum()))

    leavers, _ = lists[9]
    touch = code(leavers["LA in Touch"])
    alive = leavers[touch.fillna("") != "died"]
    out["AA_CL_IN_TOUCH"] = pct(int(yes(alive["LA in Touch"]).sum()), len(alive))
    out["AA_CL_SUITABLE"] = pct(
        int((code(alive["Suitability of Accommodation"]) == "suitable").sum()), len(alive)
    )
    activity = text(alive["Activity Status"]).str[:2].str.upper()
    out["AA_CL_EET"] = pct(int(activity.isin(EET).sum()), len(alive))

    n, bad = lists[6]
    ns, ne = "CIN Start Date", "CIN Closure Date"
    n = n[~bad & ~(n[ne] < n[ns])]
    cin = n[(n[ns].isna() | (n[ns] <= E)) & (n[ne].isna() | (n[ne] > E))].copy()
    cin["worker"] = text(cin["Allocated Worker"]).str.lower()
    blank = cin["worker"].isna()
    out["AA_UNALLOCATED"] = pct(
        cin.loc[blank, "Child Unique ID"].nunique(), cin["Child Unique ID"].nunique()
    )
    allocated = cin[~blank]
    children, workers = allocated["Child Unique ID"].nunique(), allocated["worker"].nunique()
    out["AA_CASELOAD"] = {
        "numerator": children, "denominator": workers,
        "value": children / workers if workers else None,
    }  # fmt: skip
    teams = cin.assign(team=text(cin["Allocated Team"]).fillna("Not recorded"))
    team_children = teams.groupby("team")["Child Unique ID"].nunique()
    held = (
        teams[~blank]
        .groupby("team")
        .agg(children=("Child Unique ID", "nunique"), workers=("worker", "nunique"))
    )
    unheld = teams[blank].groupby("team")["Child Unique ID"].nunique()
    caseload = (held["children"] / held["workers"]).reindex(team_children.index)
    unallocated = 100 * unheld.reindex(team_children.index, fill_value=0) / team_children
    by_team = {
        str(team): {
            "AA_CASELOAD": None if pd.isna(caseload[team]) else float(caseload[team]),
            "AA_UNALLOCATED": float(unallocated[team]),
        }
        for team in team_children.index.sort_values()
    }
    finished = time.perf_counter()
    return {
        "extract_date": e.isoformat(),
        "kpis": [{"code": code_, **figure} for code_, figure in out.items()],
        "by_team": by_team,
        "read_seconds": read_done - began,
        "compute_seconds": finished - read_done,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))))
