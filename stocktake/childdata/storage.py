"""An extract's Parquet files in the media storage (private: never served from MEDIA_URL):
`list<n>.parquet` per list and `calendar.parquet`, its working-day calendar."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from stocktake.childdata.lists import CALENDAR

ROOT = "childdata"


def filename(number: int) -> str:
    return "calendar.parquet" if number == CALENDAR else f"list{number}.parquet"


def new_folder(authority_id: int) -> str:
    return f"{ROOT}/{authority_id}/{uuid.uuid4().hex}"


def authority_folder(authority_id: int) -> str:
    return f"{ROOT}/{authority_id}"


def save(folder: str, files: dict[int, Path]) -> None:
    for number, path in files.items():
        with path.open("rb") as handle:
            default_storage.save(f"{folder}/{filename(number)}", File(handle))


def remove(folder: str) -> None:
    """Delete every file under `folder` (its lists, calendar, any upload waiting) and, on a
    file system storage, the emptied folders."""
    try:
        subfolders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    for sub in subfolders:
        remove(f"{folder}/{sub}")
    # Not a file system storage, or not empty: the files are gone either way.
    with suppress(NotImplementedError, OSError):
        Path(default_storage.path(folder)).rmdir()


def remove_uploads(folder: str) -> None:
    """Delete every upload still waiting (`<folder>/<random>/incoming/`) under an authority's
    folder; its extracts' folders are removed one by one, each with its record."""
    try:
        subfolders, _ = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for sub in subfolders:
        if "incoming" in default_storage.listdir(f"{folder}/{sub}")[0]:
            remove(f"{folder}/{sub}")


@contextmanager
def local_files(folder: str) -> Iterator[dict[int, Path]]:
    """The extract's files as local paths DuckDB can read: in place on a file system storage,
    or copied to a temporary folder (removed afterwards) from any other storage."""
    names = {n: f"{folder}/{filename(n)}" for n in range(0, 12)}
    present = {n: name for n, name in names.items() if default_storage.exists(name)}
    try:
        in_place = {n: Path(default_storage.path(name)) for n, name in present.items()}
    except NotImplementedError:
        in_place = None
    if in_place is not None:
        yield in_place
        return
    work = Path(tempfile.mkdtemp(prefix="stocktake-extract-"))
    try:
        copies = {}
        for number, name in present.items():
            copies[number] = work / filename(number)
            with default_storage.open(name, "rb") as source, copies[number].open("wb") as out:
                shutil.copyfileobj(source, out)
        yield copies
    finally:
        shutil.rmtree(work, ignore_errors=True)
