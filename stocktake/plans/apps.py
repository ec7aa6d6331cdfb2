from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "stocktake.plans"
    label = "plans"
