"""The fuzz test's "did anything change?" look sees every write but a record of reading."""

from __future__ import annotations

from stocktake.audit.services import audit_record
from stocktake.core.tests import fuzzing
from stocktake.plans.models import Action


def test_a_changed_row_an_added_row_and_a_deleted_row_change_the_fingerprint(world):
    tables = fuzzing.stocktake_tables()
    before = fuzzing.db_fingerprint(tables)
    assert fuzzing.db_fingerprint(tables) == before

    Action.objects.filter(pk=world.action.pk).update(text="Changed")
    changed = fuzzing.db_fingerprint(tables)
    assert changed != before

    world.theme.pk = None
    world.theme.name = "Another theme"
    world.theme.save()
    added = fuzzing.db_fingerprint(tables)
    assert added != changed

    world.theme.delete()
    assert fuzzing.db_fingerprint(tables) == changed


def test_a_record_of_reading_is_not_a_change_but_any_other_log_entry_is(world):
    tables = fuzzing.stocktake_tables()
    before = fuzzing.db_fingerprint(tables)

    verb = sorted(fuzzing.READ_VERBS)[0]
    audit_record(authority=world.authority, actor=None, verb=verb, obj=world.action)
    assert fuzzing.db_fingerprint(tables) == before

    audit_record(authority=world.authority, actor=None, verb="updated", obj=world.action)
    assert fuzzing.db_fingerprint(tables) != before
