from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "stocktake.background"
    label = "background"
    verbose_name = "Background work"

    def ready(self) -> None:
        from stocktake.background import receivers  # noqa: F401 - connects the signal receivers
