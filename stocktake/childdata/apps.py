from django.apps import AppConfig


class ChilddataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stocktake.childdata"
    verbose_name = "Child-level data"

    def ready(self) -> None:
        from stocktake.childdata import receivers  # noqa: F401 - files go with their extract
