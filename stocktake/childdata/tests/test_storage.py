"""An extract's Parquet files (its lists and its working-day calendar) leave the media
storage with it: deleted from its page or by command, with every extract of an authority,
or with the authority itself when the demo is reset. No file is left behind."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from stocktake.accounts.models import Authority
from stocktake.childdata.models import Extract
from stocktake.childdata.services import extract_delete, extract_load
from stocktake.childdata.tests.helpers import d, write_lists
from stocktake.demo.childdata import load_childdata_demo
from stocktake.demo.purge import demo_authorities_purge

LISTS = {
    3: [["1", d("2019-03-01"), "Yes", 0, "Duty", "Ann"]],
    4: [["1", d("2019-03-04"), "Yes", d("2019-03-05"), "Duty", "Ann"]],
    6: [["1", 3, d("2019-01-01"), None, "Duty", "Ann"]],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media storage of this test's own, so files other tests leave do not count."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def files_under(settings, folder: str) -> list[str]:
    root = Path(settings.MEDIA_ROOT) / folder
    found = root.rglob("*") if root.exists() else []
    return sorted(str(p.relative_to(root)) for p in found if p.is_file())


def load(authority: Authority, tmp_path: Path, day: str = "2019-06-30") -> Extract:
    folder = write_lists(tmp_path / f"extract-{authority.pk}-{day}", LISTS)
    return extract_load(authority=authority, actor=None, path=folder,
                        extract_date=d(day), filename="x.csv")  # fmt: skip


def test_deleting_an_extract_removes_its_files(world, tmp_path, settings,
                                                django_capture_on_commit_callbacks):  # fmt: skip
    extract, kept = load(world.authority, tmp_path), load(world.authority, tmp_path, "2019-05-31")
    assert files_under(settings, extract.folder) == [
        "calendar.parquet", "list3.parquet", "list4.parquet", "list6.parquet"]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        extract_delete(extract=extract, actor=None)
    assert files_under(settings, extract.folder) == []
    assert not (Path(settings.MEDIA_ROOT) / extract.folder).exists()
    assert len(files_under(settings, kept.folder)) == 4  # another extract is untouched


def test_the_delete_command_removes_an_authoritys_extracts_and_their_files(
    world, tmp_path, settings, django_capture_on_commit_callbacks
):
    mine = [load(world.authority, tmp_path), load(world.authority, tmp_path, "2019-05-31")]
    theirs = load(world.other, tmp_path)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("childdata", "delete", "--authority", "Testshire", "--extract-date",
                     "2019-05-31", stdout=out)  # fmt: skip
    assert out.getvalue().strip() == "Deleted 1 extract of Testshire"
    assert files_under(settings, mine[1].folder) == [] and files_under(settings, mine[0].folder)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("childdata", "delete", "--authority", "Testshire", "--all", stdout=out)
    assert not Extract.objects.filter(authority=world.authority).exists()
    assert files_under(settings, f"childdata/{world.authority.pk}") == []
    assert len(files_under(settings, theirs.folder)) == 4  # another authority's: untouched


def test_resetting_the_demo_leaves_no_file_of_its_extract(
    world, settings, indicator_catalogue, django_capture_on_commit_callbacks
):
    demo = Authority.objects.create(name="Demoshire", slug="demoshire")
    extract = load_childdata_demo(demo)
    assert len(files_under(settings, extract.folder)) >= 8
    (Path(settings.MEDIA_ROOT) / f"childdata/{demo.pk}/waiting/incoming").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / f"childdata/{demo.pk}/waiting/incoming/upload.csv").write_text(
        "an upload its job never read"
    )
    with django_capture_on_commit_callbacks(execute=True):
        demo_authorities_purge(Authority.objects.filter(pk=demo.pk))  # what load_demo --reset does
    assert files_under(settings, f"childdata/{demo.pk}") == []
    assert not (Path(settings.MEDIA_ROOT) / extract.folder).exists()


def test_a_rolled_back_deletion_keeps_the_files(world, tmp_path, settings,
                                                django_capture_on_commit_callbacks):  # fmt: skip
    extract = load(world.authority, tmp_path)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Extract.objects.filter(pk=extract.pk).delete()
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert Extract.objects.filter(pk=extract.pk).exists()
    assert len(files_under(settings, extract.folder)) == 4


def test_the_delete_service_inside_a_transaction_that_rolls_back_keeps_the_files(
    world, tmp_path, settings, django_capture_on_commit_callbacks
):
    extract = load(world.authority, tmp_path)
    pk, folder = extract.pk, extract.folder
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        extract_delete(extract=extract, actor=None)
        raise RuntimeError("the request failed after the deletion")
    assert callbacks == []
    assert Extract.objects.filter(pk=pk).exists()
    assert len(files_under(settings, folder)) == 4
