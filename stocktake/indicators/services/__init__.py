"""Every write to indicators, targets, observations, benchmarks and commentary."""

from stocktake.indicators.services.benchmarks import BenchmarksRefused, benchmarks_load
from stocktake.indicators.services.commentary import commentary_save
from stocktake.indicators.services.indicators import (
    IndicatorFields,
    catalogue_suggest,
    indicator_adopt,
    indicator_create,
    indicator_link,
    indicator_update,
    measure_convert,
)
from stocktake.indicators.services.observations import observation_record, observations_apply
from stocktake.indicators.services.targets import (
    TargetFields,
    target_create,
    target_delete,
    target_update,
    targets_from_notice,
)
from stocktake.indicators.services.uploads import (
    UploadRefused,
    observation_upload_apply,
    observation_upload_create,
    observations_import,
)

__all__ = [
    "BenchmarksRefused",
    "IndicatorFields",
    "TargetFields",
    "UploadRefused",
    "benchmarks_load",
    "catalogue_suggest",
    "commentary_save",
    "indicator_adopt",
    "indicator_create",
    "indicator_link",
    "indicator_update",
    "measure_convert",
    "observation_record",
    "observation_upload_apply",
    "observation_upload_create",
    "observations_apply",
    "observations_import",
    "target_create",
    "target_delete",
    "target_update",
    "targets_from_notice",
]
