from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "stocktake.imports"
    label = "imports"
    verbose_name = "Plan imports"
