from django.apps import AppConfig


class ChilddataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stocktake.childdata"
    verbose_name = "Child-level data"
