from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "stocktake.findings"
    label = "findings"
    verbose_name = "Findings register"
