from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "stocktake.audit"
    label = "audit"
