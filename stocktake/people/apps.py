from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "stocktake.people"
    label = "people"
