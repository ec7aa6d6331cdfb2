"""Every write to case audits. Each service is atomic, checks its input and writes the log."""

from stocktake.quality.services.actions import audit_action_complete, audit_action_create
from stocktake.quality.services.frameworks import DomainSpec, framework_create, framework_revise
from stocktake.quality.services.indicators import qa_indicators_compute
from stocktake.quality.services.learning import (
    learning_theme_create,
    learning_theme_link,
    theme_tag,
)
from stocktake.quality.services.moderation import DomainDecision, moderation_record
from stocktake.quality.services.programme import RoundFields, audit_assign, round_create
from stocktake.quality.services.recording import (
    AuditFields,
    audit_save,
    audit_viewed,
    concern_close,
    concern_raise,
)

__all__ = [
    "AuditFields",
    "DomainDecision",
    "DomainSpec",
    "RoundFields",
    "audit_action_complete",
    "audit_action_create",
    "audit_assign",
    "audit_save",
    "audit_viewed",
    "concern_close",
    "concern_raise",
    "framework_create",
    "framework_revise",
    "learning_theme_create",
    "learning_theme_link",
    "moderation_record",
    "qa_indicators_compute",
    "round_create",
    "theme_tag",
]
