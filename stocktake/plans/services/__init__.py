"""Every write to plans, themes, actions and updates goes through these functions."""

from stocktake.plans.services.actions import ActionFields, OwnerSpec, action_create, action_update
from stocktake.plans.services.plans import plan_create, plan_update, theme_create, theme_update
from stocktake.plans.services.updates import update_submit

__all__ = [
    "ActionFields",
    "OwnerSpec",
    "action_create",
    "action_update",
    "plan_create",
    "plan_update",
    "theme_create",
    "theme_update",
    "update_submit",
]
