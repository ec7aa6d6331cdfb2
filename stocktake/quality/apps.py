from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "stocktake.quality"
    verbose_name = "Quality assurance"
