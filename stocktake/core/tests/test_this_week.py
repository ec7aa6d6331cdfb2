"""The "This week" figures: each role's figures, each a link to the list it counts, read in a fixed
number of queries; the navigation's figure; the last visit per member."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stocktake.accounts.models import Membership, Visit
from stocktake.accounts.services import NEW_VISIT_AFTER, visit_record
from stocktake.core.this_week import nav_count, this_week
from stocktake.demo import factories
from stocktake.governance.services.reviews import unblock_raise, update_review
from stocktake.plans.models import Action, StatusChange
from stocktake.plans.services.updates import update_submit
from stocktake.plans.tests.test_query_counts import grow

TODAY = dt.date.today()


def member(world, role: str) -> Membership:
    return Membership.objects.select_related("authority", "user").get(
        user=world.users[role], authority=world.authority
    )


def due(action: Action, day: dt.date) -> None:
    Action.objects.filter(pk=action.pk).update(due_date=day)


def post(world, action: Action, role: str = "owner"):
    return update_submit(
        action=action,
        membership=member(world, role),
        actor=world.users[role],
        text="Progress",
        date=TODAY,
    )


def figures(html: str) -> dict[str, tuple[int, str]]:
    """Each figure on the page: its label → (number, link)."""
    found = {}
    pattern = (
        r'<a class="govuk-link" href="([^"]+)"><span class="st-count__number">(\d+)</span> '
        r'<span class="st-count__label">([^<]+)'
    )
    for url, number, label in re.findall(pattern, html):
        found[label.strip()] = (int(number), url.replace("&amp;", "&"))
    return found


def test_a_lead_sees_what_awaits_review_and_the_asks_each_linking_to_its_list(world, client_for):
    post(world, world.action)
    unblock_raise(action=world.partner_action, actor=world.users["lead"], ask="Fund two posts")
    client = client_for(world.users["lead"])

    page = client.get(reverse("core:this_week", args=[world.authority.slug])).content.decode()
    found = figures(page)

    number, url = found["updates awaiting review"]
    assert number == 1
    assert url == reverse("governance:review_queue", args=[world.authority.slug, world.plan.pk])
    assert "LA1" in client.get(url).content.decode()
    number, url = found["actions with an unblock ask open"]
    assert number == 1
    listed = client.get(url).content.decode()
    assert "Showing the 1 exception marked “Needs corporate unblock”" in listed
    assert "LA2" in listed and ">LA1</a>" not in listed
    assert found["exceptions"][0] >= 1
    assert "meetings this week" in found
    assert "owners not yet updated in this window" in found


def test_an_owner_sees_their_actions_due_overdue_and_returned(world, client_for):
    mine = [
        world.action,
        *(
            factories.make_action(world.plan, f"M{n}", owners=[world.owner_person])
            for n in range(3)
        ),
    ]
    due(mine[0], TODAY + dt.timedelta(days=2))
    due(mine[1], TODAY - dt.timedelta(days=3))
    due(mine[2], TODAY + dt.timedelta(days=30))
    returned = post(world, mine[3])
    update_review(update=returned, actor=world.users["lead"], decision="returned", comment="More")
    due(world.partner_action, TODAY)  # someone else's: never counted
    client = client_for(world.users["owner"])

    found = figures(client.get(reverse("core:home")).content.decode())

    expected = {
        "of my actions due this week": (1, "LA1"),
        "of my actions overdue": (1, "M0"),
        "updates returned to me": (1, "M2"),
    }
    for label, (number, reference) in expected.items():
        assert found[label][0] == number, label
        listed = client.get(found[label][1]).content.decode()
        shown = re.findall(r'href="/a/testshire/plans/\d+/actions/\d+/">([^<]+)</a>', listed)
        assert shown == [reference], label
    assert nav_count(member(world, "owner")) == 2  # due this week or overdue


def test_answering_a_returned_update_takes_it_off_the_list(world):
    returned = post(world, world.action)
    update_review(update=returned, actor=world.users["lead"], decision="returned", comment="More")
    assert this_week(member(world, "owner"), timezone.now()).mine[2].number == 1
    post(world, world.action)
    assert this_week(member(world, "owner"), timezone.now()).mine[2].number == 0


def test_a_viewer_sees_what_changed_since_their_last_visit(world, client_for):
    client = client_for(world.users["viewer"])
    url = reverse("core:this_week", args=[world.authority.slug])
    first = client.get(url).content.decode()
    assert "This is your first visit" in first
    visit = Visit.objects.get(membership=member(world, "viewer"))
    Visit.objects.filter(pk=visit.pk).update(last_at=timezone.now() - dt.timedelta(days=3))
    Action.objects.filter(plan=world.plan).update(
        recorded_at=timezone.now() - dt.timedelta(days=10)
    )
    StatusChange.objects.create(
        action=world.partner_action, field="rag", old_value="", new_value="red"
    )

    page = client.get(url).content.decode()

    since = (timezone.localdate() - dt.timedelta(days=3)).strftime("%-d %B %Y")
    assert f"Changed since your last visit on {since}" in page
    number, link = figures(page)[f"actions changed in {world.plan.name}"]
    assert number == 1
    listed = client.get(link).content.decode()
    assert "1 action matches the filters" in listed and ">LA2</a>" in listed
    assert nav_count(member(world, "viewer")) == 1


def test_a_visit_moves_to_previous_only_when_a_new_visit_starts(world):
    membership = member(world, "viewer")
    start = timezone.now()
    first = visit_record(membership=membership, now=start)
    assert first.previous_at is None
    same = visit_record(membership=membership, now=start + dt.timedelta(minutes=5))
    assert same.previous_at is None
    later = start + dt.timedelta(minutes=5) + NEW_VISIT_AFTER
    assert visit_record(membership=membership, now=later).previous_at == same.last_at


@pytest.mark.parametrize("role", ["lead", "owner", "partner", "viewer"])
def test_this_week_reads_a_fixed_number_of_queries_however_big_the_plan(world, role):
    membership = member(world, role)
    visit_record(membership=membership, now=timezone.now() - dt.timedelta(days=2))
    visit = visit_record(membership=membership, now=timezone.now())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            this_week(membership, timezone.now(), visit=visit)
        return len(queries)

    grow(world, actions=3, updates_each=1)
    small = count()
    grow(world, actions=60, updates_each=3)
    assert count() == small
