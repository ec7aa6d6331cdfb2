from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "stocktake.indicators"
    verbose_name = "Indicators"
