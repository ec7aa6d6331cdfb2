"""An extract's Parquet files in the media storage (private: never served from MEDIA_URL)."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

ROOT = "childdata"


def new_folder(authority_id: int) -> str:
    return f"{ROOT}/{authority_id}/{uuid.uuid4().hex}"


def save(folder: str, files: dict[int, Path]) -> None:
    for number, path in files.items():
        with path.open("rb") as handle:
            default_storage.save(f"{folder}/list{number}.parquet", File(handle))


def remove(folder: str) -> None:
    for number in range(1, 12):
        name = f"{folder}/list{number}.parquet"
        if default_storage.exists(name):
            default_storage.delete(name)


@contextmanager
def local_files(folder: str) -> Iterator[dict[int, Path]]:
    """The extract's files as local paths DuckDB can read: in place on a file system storage,
    or copied to a temporary folder (removed afterwards) from any other storage."""
    names = {n: f"{folder}/list{n}.parquet" for n in range(1, 12)}
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
            copies[number] = work / f"list{number}.parquet"
            with default_storage.open(name, "rb") as source, copies[number].open("wb") as out:
                shutil.copyfileobj(source, out)
        yield copies
    finally:
        shutil.rmtree(work, ignore_errors=True)
