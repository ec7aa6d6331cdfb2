"""`exceptions` and `reportable_updates`: each reason and its since date, returned-twice reset
by an acceptance, resolved unblocks and complete actions dropping out, a fixed query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stocktake.demo import factories
from stocktake.governance import selectors
from stocktake.governance.selectors import Reason
from stocktake.governance.services import (
    AlreadyReviewed,
    unblock_raise,
    unblock_resolve,
    update_review,
)
from stocktake.governance.tests.conftest import at, moment, post
from stocktake.plans.models import Action, ActionRevision, StatusChange, Update
from stocktake.plans.services.updates import EvidenceSpec

TODAY = dt.date(2019, 6, 20)


@pytest.fixture
def plan(db):
    with at("2019-03-01 09:00"):
        authority = factories.make_authority("Exceptionshire")
        person = factories.make_person(authority, "Jo Bloggs", "Head of Service")
        plan = factories.make_plan(authority, "Plan", start=dt.date(2019, 1, 7), weeks=30)
        for ref in ("R1", "O1", "B1", "T1", "U1", "F1", "C1"):
            factories.make_action(plan, ref, owners=[person], due=dt.date(2019, 12, 1))
    return plan


def act(plan, ref):
    return plan.actions.get(reference=ref)


def by_ref(items):
    return {item.action.reference: item for item in items}


def set_due(plan, ref, due):
    """The action has been due on `due` since it was recorded (its row and its revision)."""
    Action.objects.filter(plan=plan, reference=ref).update(due_date=due)
    ActionRevision.objects.filter(action__plan=plan, action__reference=ref).update(due_date=due)


def accepted(update):
    return update_review(update=update, actor=None, decision="accepted")


def returned(update, comment="Add the numbers", expected=None):
    return update_review(
        update=update, actor=None, decision="returned", comment=comment, expected=expected
    )


def test_each_reason_with_its_since_date_owner_and_last_said(plan):
    with at("2019-05-01 10:00"):
        accepted(post(act(plan, "R1"), "Going well", rag="green", date=dt.date(2019, 5, 1)))
    with at("2019-05-06 10:00"):
        red = post(
            act(plan, "R1"), "Slipping", rag="red", reason="No staff", date=dt.date(2019, 5, 6)
        )
        accepted(red)
    with at("2019-05-13 10:00"):
        still = post(
            act(plan, "R1"),
            "Still slipping",
            rag="red",
            reason="No staff",
            date=dt.date(2019, 5, 13),
        )
        accepted(still)
    set_due(plan, "O1", dt.date(2019, 5, 31))
    with at("2019-06-03 10:00"):
        blocked = post(
            act(plan, "B1"),
            "Waiting on IT",
            delivery_status="blocked",
            reason="No laptops",
            date=dt.date(2019, 6, 3),
        )
    with at("2019-06-03 15:00"):
        accepted(blocked)
    with at("2019-06-04 10:00"):
        first = post(act(plan, "T1"), "Done some", date=dt.date(2019, 6, 4))
        returned(first)
    with at("2019-06-11 10:00"):
        second = post(act(plan, "T1"), "Done more", date=dt.date(2019, 6, 11))
        returned(second, "Still no numbers")
    with at("2019-06-12 10:00"):
        unblock_raise(action=act(plan, "U1"), actor=None, ask="Release the agency budget")

    items = by_ref(selectors.exceptions(plan, TODAY))

    assert set(items) == {"R1", "O1", "B1", "T1", "U1"}
    assert items["R1"].reasons == [Reason.RED] and items["R1"].since == dt.date(2019, 5, 6)
    assert items["R1"].days == 45
    assert items["R1"].last_said.startswith("Still slipping")
    assert items["R1"].last_said_on == dt.date(2019, 5, 13)
    assert items["R1"].owners == ["Jo Bloggs – Head of Service"]
    assert items["O1"].reasons == [Reason.OVERDUE] and items["O1"].since == dt.date(2019, 6, 1)
    assert items["O1"].last_said == "" and items["O1"].last_said_on is None
    assert items["B1"].reasons == [Reason.BLOCKED] and items["B1"].since == dt.date(2019, 6, 3)
    assert items["T1"].reasons == [Reason.RETURNED] and items["T1"].since == dt.date(2019, 6, 11)
    assert items["U1"].reasons == [Reason.UNBLOCK] and items["U1"].since == dt.date(2019, 6, 12)
    assert items["U1"].ask == "Release the agency budget"
    assert items["R1"].detail == {Reason.RED: "since 6 May 2019"}
    # Longest-standing first.
    assert [i.action.reference for i in selectors.exceptions(plan, TODAY)] == [
        "R1",
        "O1",
        "B1",
        "T1",
        "U1",
    ]


def test_several_reasons_take_the_earliest_since(plan):
    set_due(plan, "R1", dt.date(2019, 4, 30))
    with at("2019-05-06 10:00"):
        accepted(
            post(
                act(plan, "R1"), "Slipping", rag="red", reason="No staff", date=dt.date(2019, 5, 6)
            )
        )
    item = by_ref(selectors.exceptions(plan, TODAY))["R1"]
    assert item.reasons == [Reason.RED, Reason.OVERDUE]
    assert item.since == dt.date(2019, 5, 1)


def test_an_acceptance_between_returns_resets_returned_twice(plan):
    with at("2019-06-04 10:00"):
        returned(post(act(plan, "T1"), "One"))
    with at("2019-06-05 10:00"):
        update_review(update=post(act(plan, "T1"), "Two"), actor=None, decision="accepted")
    with at("2019-06-06 10:00"):
        returned(post(act(plan, "T1"), "Three"))
    assert "T1" not in by_ref(selectors.exceptions(plan, TODAY))
    with at("2019-06-07 10:00"):
        returned(post(act(plan, "T1"), "Four"))
    assert by_ref(selectors.exceptions(plan, TODAY))["T1"].since == dt.date(2019, 6, 7)


def test_resolved_unblocks_and_complete_actions_drop_out(plan):
    with at("2019-06-10 10:00"):
        request = unblock_raise(action=act(plan, "U1"), actor=None, ask="Sign off the budget")
        accepted(post(act(plan, "C1"), "Stuck", rag="red", reason="No budget"))
    set_due(plan, "C1", dt.date(2019, 1, 1))
    assert set(by_ref(selectors.exceptions(plan, TODAY))) == {"U1", "C1"}
    with at("2019-06-12 10:00"):
        unblock_resolve(request=request, actor=None, resolution="Signed off")
        done = post(
            act(plan, "C1"),
            "Done",
            delivery_status="complete",
            evidence=EvidenceSpec(link="https://example.org/done", title="Sign-off"),
        )
        # Awaiting review, it is still an exception; accepted, it drops out.
        assert set(by_ref(selectors.exceptions(plan, TODAY))) == {"C1"}
        accepted(done)
    assert selectors.exceptions(plan, TODAY) == []
    # As of the day before the resolution and the completion, both were still exceptions.
    assert set(by_ref(selectors.exceptions(plan, dt.date(2019, 6, 11)))) == {"U1", "C1"}


def test_query_count_does_not_grow_with_the_number_of_exceptions(plan):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.exceptions(plan, TODAY)
        return len(ctx.captured_queries)

    def worsen(ref):
        set_due(plan, ref, dt.date(2019, 5, 1))
        for field, old, new in (("rag", "", "red"), ("delivery", "not_started", "blocked")):
            StatusChange.objects.create(
                action=act(plan, ref),
                field=field,
                old_value=old,
                new_value=new,
                recorded_at=moment("2019-05-02 10:00"),
            )
        with at("2019-05-02 10:00"):
            unblock_raise(action=act(plan, ref), actor=None, ask="Help")

    worsen("O1")
    few = count()
    for ref in ("R1", "B1", "T1", "U1", "F1"):
        worsen(ref)
    assert count() == few
    items = selectors.exceptions(plan, TODAY)
    assert len(items) == 6
    assert all(len(item.reasons) == 4 for item in items)


def test_reportable_updates_are_imported_or_accepted(plan):
    action = act(plan, "R1")
    imported = Update.objects.create(
        action=action, date=dt.date(2019, 2, 1), text="As written", origin=Update.Origin.IMPORTED
    )
    waiting = post(action, "Waiting")
    accepted = post(action, "Accepted")
    update_review(update=accepted, actor=None, decision="accepted")
    sent_back = post(action, "Returned")
    returned(sent_back)
    final = post(action, "Accepted, then someone tries to return it")
    first = update_review(update=final, actor=None, decision="accepted")
    with pytest.raises(AlreadyReviewed):
        returned(final, expected=first.pk)

    assert set(selectors.reportable_updates(plan)) == {imported, accepted, final}
    assert set(selectors.reportable_updates(plan, include_unreviewed=True)) == {
        imported,
        accepted,
        final,
        waiting,
    }


def test_reportable_updates_as_of_a_date_are_those_recorded_and_accepted_by_then(plan):
    action = act(plan, "R1")
    with at("2019-06-03 10:00"):
        early = post(action, "Early")
    with at("2019-06-04 10:00"):
        accepted(early)
        late = post(action, "Accepted after the date")
    with at("2019-06-20 10:00"):
        returned_later = post(action, "Returned after the date")
    with at("2019-07-01 10:00"):
        accepted(late)
        returned(returned_later)
        post(action, "Posted after the date")

    june = selectors.reportable_updates(plan, as_of=dt.date(2019, 6, 30))
    assert set(june) == {early}
    with_unreviewed = selectors.reportable_updates(
        plan, as_of=dt.date(2019, 6, 30), include_unreviewed=True
    )
    assert set(with_unreviewed) == {early, late, returned_later}


def test_a_report_quotes_only_what_it_may_while_the_page_shows_the_newest(plan):
    action = act(plan, "O1")
    set_due(plan, "O1", dt.date(2019, 5, 31))
    with at("2019-05-20 10:00"):
        accepted = post(action, "Recruited two agency workers", date=dt.date(2019, 5, 20))
        update_review(update=accepted, actor=None, decision="accepted", comment="")
    with at("2019-06-10 10:00"):
        back = post(action, "Nothing to add", date=dt.date(2019, 6, 10))
        returned(back, "Say what happened to the recruitment")
    with at("2019-06-17 10:00"):
        post(action, "Interviews next week", date=dt.date(2019, 6, 17))
    with at("2019-06-25 10:00"):
        post(action, "Written after the report's date", date=dt.date(2019, 6, 25))

    live = by_ref(selectors.exceptions(plan, TODAY))["O1"]
    report = by_ref(selectors.exceptions(plan, TODAY, reportable_only=True))["O1"]
    draft = by_ref(
        selectors.exceptions(plan, TODAY, reportable_only=True, include_unreviewed=True)
    )["O1"]

    assert (live.last_said, live.last_said_on) == ("Interviews next week", dt.date(2019, 6, 17))
    assert (report.last_said, report.last_said_on) == (
        "Recruited two agency workers",
        dt.date(2019, 5, 20),
    )
    assert draft.last_said == "Interviews next week"
