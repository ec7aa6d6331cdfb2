from django.apps import AppConfig


class ChairConfig(AppConfig):
    name = "stocktake.chair"
    label = "chair"
    verbose_name = "The chair's progress report"
