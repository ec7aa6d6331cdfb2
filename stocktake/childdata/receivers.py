"""An extract's Parquet files go with its record, however the record is deleted: by
`extract_delete`, with its authority (the demo loader's reset), or by any other cascade.
The files are removed once the deletion is committed (never for a rolled-back one)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from stocktake.accounts.models import Authority
from stocktake.childdata import storage
from stocktake.childdata.models import Extract


@receiver(post_delete, sender=Extract, dispatch_uid="childdata-extract-files")
def extract_files_removed(sender: type[Extract], instance: Extract, **kwargs: Any) -> None:
    if instance.folder:
        transaction.on_commit(partial(storage.remove, instance.folder))


@receiver(post_delete, sender=Authority, dispatch_uid="childdata-authority-files")
def authority_files_removed(sender: type[Authority], instance: Authority, **kwargs: Any) -> None:
    """Any upload of the authority's still waiting for its job (its extracts' files go with
    each extract, above)."""
    transaction.on_commit(partial(storage.remove_uploads, storage.authority_folder(instance.pk)))
