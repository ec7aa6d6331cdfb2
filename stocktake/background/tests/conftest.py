"""The reports' board data (`rw`): the worker tests build real reports from it."""

from stocktake.reports.tests.conftest import rw  # noqa: F401 - a fixture, shared
