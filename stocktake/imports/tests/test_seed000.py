"""Seed 000, Blackpool's Phase 2 12-week plan (a text export of a Word table), end to end."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from stocktake.imports.document import Table
from stocktake.imports.readers import read_document
from stocktake.imports.tests.builders import (
    HTML_TAG,
    SEED,
    SEED_WEEK1,
    all_text,
    by_ref,
    understand,
)
from stocktake.plans.models import Update

PARSED = understand(SEED.name, SEED.read_bytes(), SEED_WEEK1)
ACTIONS = by_ref(PARSED)
# The spec: the 22 actions of the plan, as its "ID" column names them, under four themes.
THEMES = {
    "Leadership and Engagement": ["LA1", "LA2", "LA12"] + [f"LA{n}" for n in range(26, 38)],
    "Workforce development": ["LA25/S3"],
    "Help and Protection – Front Door, Access to Preventative Support & Child Exploitation, "
    "Safeguarding": ["FD16", "FD19", "FD20", "FD21"],
    "Children in Care and Care Leavers": ["CCL1", "CCL10"],
}
PAGE_HEADER = "12 Week Plan – Post OFSTED Inspection – Phase 2"
TABLE_HEADERS = [
    "Anticipated Impact on the Quality of Practice",
    "Outcome for Children and Families",
    "Accountable Person",
    "Summary update",
    "OFSTED Area for Improvement",
    "Planned response summary",
    "Progress to date",
]
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june"], 1)}


def test_twenty_two_actions_in_order_under_their_four_themes():
    assert len(PARSED.actions) == 22
    assert [a.reference for a in PARSED.actions] == [r for refs in THEMES.values() for r in refs]
    assert PARSED.themes == list(THEMES)
    for theme, refs in THEMES.items():
        assert [a.reference for a in PARSED.actions if a.theme == theme] == refs
    assert PARSED.errors == []


def test_la1_has_two_parts_each_with_its_own_owner():
    owners = [(o.name, o.part) for o in ACTIONS["LA1"].owners]
    assert owners == [("Kara Haskayne", "pt1"), ("Kate Aldridge", "pt2")]
    assert "(pt1) Develop a programme of work" in ACTIONS["LA1"].text
    assert "(pt2) Ensure there is oversight" in ACTIONS["LA1"].text


def test_reference_with_cross_references_keeps_them():
    assert ACTIONS["LA32"].cross_references == ["FD5", "S10"]
    assert ACTIONS["LA25/S3"].cross_references == ["S3"]  # written "LA25/S3"
    assert ACTIONS["LA12"].cross_references == []


def _calendar() -> dict[int, dt.date]:
    """The seed's own week calendar ("Week 13 | 1 th April | Week 14 | 8 th April …")."""
    document = read_document(SEED.name, SEED.read_bytes())
    weeks: dict[int, dt.date] = {}
    for block in document.blocks:
        if not isinstance(block, Table):
            continue
        for row in block.rows:
            for label, day in zip(row[::2], row[1::2], strict=False):
                week = re.fullmatch(r"Week (\d+)", label.strip())
                when = re.fullmatch(r"(\d+) ?\w* (\w+)", day.strip())
                if week and when and when.group(2).lower() in MONTHS:
                    month = MONTHS[when.group(2).lower()]
                    weeks[int(week.group(1))] = dt.date(2019, month, int(when.group(1)))
    return weeks


def test_every_dated_update_falls_on_its_week_in_the_plans_own_calendar():
    calendar = _calendar()
    assert sorted(calendar) == list(range(13, 25))
    dated = [u for a in PARSED.actions for u in a.updates if u.week is not None]
    assert len(dated) >= 10
    for update in dated:
        assert update.date == calendar[update.week], update.text[:60]
    week20 = [u for u in dated if u.week == 20]
    assert week20 and all(u.date == dt.date(2019, 5, 20) for u in week20)
    assert any(
        u.week == 19 and u.part == "pt2" and u.text.startswith("a schedule has been developed")
        for u in ACTIONS["LA1"].updates
    )


def test_week_deadlines_resolve_through_the_same_calendar():
    calendar = _calendar()
    for action in PARSED.actions:
        weeks = [int(n) for n in re.findall(r"\d+", action.deadline_text)]
        assert weeks, action.reference
        assert action.due_date == calendar[weeks[-1]] + dt.timedelta(days=6)
        if len(weeks) == 2:
            assert action.due_start == calendar[weeks[0]]
    assert ACTIONS["LA12"].deadline_text == "Week 13 – 24"


def test_empty_week_marker_is_no_update_but_one_continued_on_the_next_page_is():
    assert ACTIONS["LA2"].updates == []
    [update] = ACTIONS["LA30"].updates
    assert update.week == 24
    assert update.text.startswith("Audit programme being reviewed")
    assert update.text.endswith("completed by end of July '19.")
    for action in PARSED.actions:
        for update in action.updates:
            assert update.text.strip(" -–—:"), action.reference


def test_text_split_by_a_page_break_is_joined():
    impact = ACTIONS["LA2"].impact
    assert impact.startswith("Staff will be supported by competent and confident managers")
    assert impact.endswith("good quality supervision.")
    assert "Increase in % of audits evidencing 'good' quality management oversight." in impact
    # A cell broken mid-sentence ("…develop the" | "audit programme…") joins with a space.
    assert "develop the audit programme ensuring" in ACTIONS["LA30"].text
    assert ACTIONS["LA30"].owners[0].title == "Head of Safeguarding, Quality Assurance and PSW"


def test_appendix_1_gives_the_twelve_areas_for_improvement():
    findings = PARSED.findings
    assert [f.reference for f in findings] == [str(n) for n in range(1, 13)]
    first, second, fourth, last = findings[0], findings[1], findings[3], findings[11]
    assert "long-standing concerns of chronic neglect" in first.text
    assert "revise the Neglect Strategy" in first.planned_response
    assert "decisions in relation to contacts, thresholds and issues of consent" in second.text
    assert "Skylakes" in second.progress
    assert "fully recognised and lead to responsive intervention" in fourth.text
    assert last.text == "The quality and impact of audit and performance management."
    assert "Establish a baseline of current practice quality" in last.planned_response
    assert "Practice standards remain too variable" in last.progress
    for finding in findings:
        assert finding.text and finding.planned_response and finding.progress
        assert not re.match(r"\d+\s*[–-]", finding.text)  # the number is the reference


def test_no_page_header_table_header_or_html_in_any_field():
    texts = [t for a in PARSED.actions for t in all_text(a)]
    texts += [t for f in PARSED.findings for t in (f.text, f.planned_response, f.progress)]
    for text in texts:
        assert PAGE_HEADER not in text
        assert not HTML_TAG.search(text), text[:80]
        for header in TABLE_HEADERS:
            assert header.lower() not in text.lower(), (header, text[:80])
    assert not any(m.text == PAGE_HEADER for m in PARSED.measures)


@pytest.mark.django_db
def test_import_writes_22_actions_with_owners_and_dated_updates(seed_import):
    plan, outcome = seed_import.plan, seed_import.outcome
    actions = {a.reference: a for a in plan.actions.select_related("theme")}
    assert sorted(actions) == sorted(r for refs in THEMES.values() for r in refs)
    assert {a.theme.name for a in actions.values()} == set(THEMES)
    la1 = {(o.person.name, o.part) for o in actions["LA1"].owners.select_related("person")}
    assert la1 == {("Kara Haskayne", "pt1"), ("Kate Aldridge", "pt2")}
    week20 = Update.objects.filter(action__plan=plan, week=20)
    assert week20.exists() and {u.date for u in week20} == {dt.date(2019, 5, 20)}
    for update in Update.objects.filter(action__plan=plan, week__isnull=False):
        assert update.date == SEED_WEEK1 + dt.timedelta(weeks=update.week - 1)
    assert not actions["LA2"].updates.exists()
    assert actions["LA30"].updates.get().week == 24
    assert actions["LA32"].cross_references == "FD5 S10"
    assert not actions["LA32"].related.exists()
    assert set(outcome.cross_references_unresolved) >= {"LA32 → FD5", "LA32 → S10"}


@pytest.mark.django_db
def test_each_person_is_in_the_register_once(seed_import):
    people = list(seed_import.authority.people.all())
    assert len(people) == 18
    assert len({p.name.casefold() for p in people}) == 18
    titles = {o.title for a in PARSED.actions for o in a.owners if o.name == "Kara Haskayne"}
    assert len(titles) >= 3  # "…and PSW", "…& PSW", "QA & PSW": still one person
    kara = seed_import.authority.people.get(name="Kara Haskayne")
    owned = {o.action.reference for o in kara.ownerships.select_related("action")}
    assert {"LA1", "LA2", "LA30", "LA32", "LA25/S3", "CCL10"} <= owned
    for person in people:
        assert "–" not in person.name and not person.name.startswith(("Head", "(")), person
        assert len(person.name.split()) in (2, 3), person.name


@pytest.mark.django_db
def test_partner_owner_keeps_rank_and_organisation(seed_import):
    person = seed_import.authority.people.get(name="Supt. Ian Whitehead")
    assert person.organisation == "Lancashire Constabulary"
    assert person.job_title == ""
    action = seed_import.plan.actions.get(reference="LA26")
    assert [o.person for o in action.owners.all()] == [person]


@pytest.mark.django_db
def test_appendix_findings_are_stored_with_the_plan(seed_import):
    findings = list(seed_import.plan.findings.all())
    assert [f.reference for f in findings] == [str(n) for n in range(1, 13)]
    assert "Neglect Strategy" in findings[0].planned_response
    assert "Skylakes" in findings[1].progress
    assert seed_import.outcome.findings_added == 12
