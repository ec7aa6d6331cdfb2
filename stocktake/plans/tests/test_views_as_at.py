"""The dashboard and the action list "as at" a date: the position at the end of that day from
the history; an ended plan shown at its end ("ended 23 June 2019", never "plan week 413" or
"388 weeks overdue"); updates awaiting review shown plainly beside the accepted state."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stocktake.core.tests.helpers import date_fields, visible_text
from stocktake.demo import factories
from stocktake.governance.services import update_review
from stocktake.plans.services.updates import EvidenceSpec, update_submit


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def post(action, moment: str, **values):
    return update_submit(
        action=action,
        membership=None,
        actor=None,
        text=values.pop("text", "Progress"),
        date=at(moment).date(),
        today=at(moment).date(),
        recorded_at=at(moment),
        **values,
    )


@pytest.fixture
def ended(world):
    """A plan of 1 April to 23 June 2019 (12 weeks from week 1), long ended. LA1 (due week 8,
    26 May) was accepted complete on 5 June; LA2 (due week 6, 12 May) never was; LA3 was
    added on 1 June; LA4's completion posted on 20 June still awaits review."""
    plan = factories.make_plan(world.authority, "Spring plan", start=dt.date(2019, 4, 1))
    opened = at("2019-04-01 09:00")
    la1 = factories.make_action(plan, "LA1", deadline="Week 8", recorded_at=opened)
    factories.make_action(plan, "LA2", deadline="Week 6", recorded_at=opened)
    factories.make_action(plan, "LA3", deadline="Week 12", recorded_at=at("2019-06-01 09:00"))
    la4 = factories.make_action(plan, "LA4", deadline="Week 12", recorded_at=opened)
    evidence = EvidenceSpec(link="https://example.org/done", title="Done")
    done = post(la1, "2019-06-04 16:00", delivery_status="complete", evidence=evidence)
    update_review(update=done, actor=None, decision="accepted", at=at("2019-06-05 10:00"))
    post(la4, "2019-06-20 16:00", delivery_status="complete", evidence=evidence)
    return plan


def page(client, name, plan, **query):
    url = reverse(name, args=[plan.authority.slug, plan.pk])
    return client.get(url, query)


def status_counts(text: str) -> dict[str, int]:
    table = text[text.index("Delivery status Status Actions") : text.index("RAG rating")]
    return {label: int(n) for label, n in re.findall(r"([A-Z][a-z ]+?) (\d+)", table)}


def test_an_ended_plan_is_shown_at_its_end_and_says_so(world, ended, client_for):
    text = visible_text(page(client_for(world.users["viewer"]), "plans:dashboard", ended))

    assert "ended 23 June 2019" in text
    # 23 June 2019 is a Sunday, the last day of the plan's week 12.
    assert "Position at the end of Sunday 23 June 2019 (plan week 12): 4 actions." in text
    assert not re.search(r"plan week \d{3}", text)
    assert status_counts(text)["Complete"] == 1
    assert "1 has an update awaiting review" in text


def test_the_action_list_of_an_ended_plan_counts_lateness_to_its_end(world, ended, client_for):
    response = page(client_for(world.users["viewer"]), "plans:action_list", ended)
    text = visible_text(response)

    # LA2 was due 12 May 2019: 42 days (6 weeks) overdue when the plan ended on 23 June.
    assert "Week 6 6 weeks overdue" in text
    assert "4 actions, as at the end of 23 June 2019." in text
    assert not re.search(r"\d{3} weeks overdue", text)


def test_the_dashboard_as_at_a_date_reads_the_history_then(world, ended, client_for):
    client = client_for(world.users["viewer"])

    june_4 = visible_text(
        page(client, "plans:dashboard", ended, **date_fields("as_at", dt.date(2019, 6, 4)))
    )
    june_5 = visible_text(
        page(client, "plans:dashboard", ended, **date_fields("as_at", dt.date(2019, 6, 5)))
    )
    may = visible_text(
        page(client, "plans:dashboard", ended, **date_fields("as_at", dt.date(2019, 5, 31)))
    )

    assert "Position at the end of Tuesday 4 June 2019 (plan week 10): 4 actions." in june_4
    assert status_counts(june_4)["Complete"] == 0  # posted on 4 June, accepted on 5 June
    assert "1 has an update awaiting review" in june_4
    assert status_counts(june_5)["Complete"] == 1
    assert "Position at the end of Friday 31 May 2019 (plan week 9): 3 actions." in may  # no LA3


def test_the_action_list_as_at_a_date_and_provisional_state(world, ended, client_for):
    client = client_for(world.users["viewer"])
    query = date_fields("as_at", dt.date(2019, 6, 21))

    text = visible_text(page(client, "plans:action_list", ended, **query))

    assert "4 actions, as at the end of 21 June 2019." in text
    la4 = text[text.index("LA4") :]
    assert la4.startswith("LA4 Do the thing well")
    assert "Not started Complete – awaiting review" in la4
    # Filtering keeps the date: complete then means LA1 only.
    complete = visible_text(page(client, "plans:action_list", ended, status="complete", **query))
    assert re.findall(r"\bLA\d\b", complete[complete.index("Reference Action") :]) == ["LA1"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2019, 6, 24), "The plan ended on 23 June 2019. Enter a date on or before then"),
        (dt.date.today() + dt.timedelta(days=1), "The as at date must be today or in the past"),
    ],
)
def test_an_as_at_date_outside_the_record_is_refused_plainly(
    world, ended, client_for, day, message
):
    response = page(
        client_for(world.users["viewer"]), "plans:dashboard", ended, **date_fields("as_at", day)
    )
    text = visible_text(response)

    assert response.status_code == 200
    assert f"There is a problem {message}" in text
    assert "Position at the end of Sunday 23 June 2019" in text  # the default is shown instead


def test_a_live_plan_is_shown_as_at_today_with_its_week(world, client_for):
    text = visible_text(page(client_for(world.users["viewer"]), "plans:dashboard", world.plan))
    today = dt.date.today()

    assert f"Position at the end of {today:%A %-d %B %Y} (plan week 5)" in text
    assert "ended" not in text.split("Position")[0]


def test_the_action_page_shows_what_awaits_review_beside_the_accepted_state(
    world, ended, client_for
):
    la4 = ended.actions.get(reference="LA4")
    url = reverse("plans:action_detail", args=[world.authority.slug, ended.pk, la4.pk])

    text = visible_text(client_for(world.users["viewer"]).get(url))

    assert "Not started" in text
    assert "Complete – awaiting review" in text
