from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "stocktake.reports"
    label = "reports"
    verbose_name = "Board reports"
