"""The test snapshot the demo fixtures use: it writes back exactly what the set-up wrote, and
refuses a database that is not as it was."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from stocktake.accounts.models import Authority
from stocktake.core.tests.snapshot import Snapshot, Stale, _state
from stocktake.demo import factories
from stocktake.indicators.models import CatalogueEntry

pytestmark = pytest.mark.django_db


def load() -> None:
    authority = factories.make_authority("Snapshotshire")
    person = factories.make_person(authority, "Zoë O’Neil", "Head of Service; deputy")
    plan = factories.make_plan(authority, "Plan", start=dt.date(2019, 1, 7))
    factories.make_action(plan, "LA1", owners=[person], deadline="Week 8")
    media = Path(settings.MEDIA_ROOT) / "snapshot-test" / "a.bin"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(b"\x00\xff" * 10)


def test_a_restore_writes_back_every_row_and_file_the_set_up_wrote(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    expected = {}

    def load_and_look() -> None:
        load()
        expected.update(_state())

    snapshot = Snapshot.take(load_and_look)
    assert not Authority.objects.filter(name="Snapshotshire").exists()
    (tmp_path / "snapshot-test" / "a.bin").unlink()

    snapshot.restore()

    assert _state() == expected
    assert (tmp_path / "snapshot-test" / "a.bin").read_bytes() == b"\x00\xff" * 10
    person = Authority.objects.get(name="Snapshotshire").people.get()
    assert person.name == "Zoë O’Neil" and person.job_title == "Head of Service; deputy"


def test_values_of_every_kind_come_back_as_they_were():
    entry = CatalogueEntry.objects.first()
    assert entry is not None
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE snapshot_probe (n bigint, x double precision, d text, b bool)")
    try:

        def write() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO snapshot_probe VALUES (%s, %s, %s, %s)",
                    [2**62, 0.1 + 0.2, str(Decimal("12.345")), True],
                )

        snapshot = Snapshot.take(write)
        snapshot.restore()
        with connection.cursor() as cursor:
            cursor.execute("SELECT n, x, d, b FROM snapshot_probe")
            assert cursor.fetchall() == [(2**62, 0.1 + 0.2, "12.345", True)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE snapshot_probe")


def test_a_restore_into_changed_tables_is_refused():
    snapshot = Snapshot.take(load)
    factories.make_authority("Elsewhere")

    with pytest.raises(Stale):
        snapshot.restore()


def test_a_set_up_that_changes_an_existing_row_cannot_be_kept():
    entry = CatalogueEntry.objects.first()
    assert entry is not None

    def change() -> None:
        CatalogueEntry.objects.filter(pk=entry.pk).update(name="Renamed")

    with pytest.raises(ValueError, match="changed or removed 1 row"):
        Snapshot.take(change)


def test_put_back_gives_the_first_rows_their_ids_again():
    first = Snapshot.everything()
    ids = sorted(ContentType.objects.values_list("pk", flat=True))
    entries = sorted(CatalogueEntry.objects.values_list("pk", "code"))
    CatalogueEntry.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_model(Authority)  # made again, with a new id

    first.put_back()
    ContentType.objects.clear_cache()

    assert sorted(ContentType.objects.values_list("pk", flat=True)) == ids
    assert sorted(CatalogueEntry.objects.values_list("pk", "code")) == entries
