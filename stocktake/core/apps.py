from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stocktake.core"
    label = "core"

    def ready(self) -> None:
        from stocktake.core import checks  # noqa: F401 - registers the start-up checks
