from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "stocktake.reports"
    label = "reports"
    verbose_name = "Board reports"

    def ready(self) -> None:
        from stocktake.reports import tasks  # noqa: F401 - the build task and its receiver
