"""Every write to plans, themes, actions and updates goes through these functions."""

from stocktake.plans.services.actions import (
    ActionFields,
    OwnerSpec,
    action_create,
    action_differs,
    action_link_cross_references,
    action_update,
)
from stocktake.plans.services.plans import plan_create, plan_update, theme_create, theme_update
from stocktake.plans.services.updates import (
    AlreadyPosted,
    ImportedUpdate,
    update_submit,
    updates_import,
)

__all__ = [
    "ActionFields",
    "AlreadyPosted",
    "ImportedUpdate",
    "OwnerSpec",
    "action_create",
    "action_differs",
    "action_link_cross_references",
    "action_update",
    "plan_create",
    "plan_update",
    "theme_create",
    "theme_update",
    "update_submit",
    "updates_import",
]
