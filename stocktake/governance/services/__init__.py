"""Every write in the governance cycle goes through these functions."""

from stocktake.governance.services.meetings import (
    BoardFields,
    MeetingFields,
    action_arising_record,
    board_create,
    board_update,
    cadence_dates,
    decision_record,
    meeting_create,
    meeting_update,
    meetings_schedule,
    member_add,
    member_remove,
    window_set,
)
from stocktake.governance.services.reminders import RunReport, send_reminders
from stocktake.governance.services.reviews import (
    AlreadyReviewed,
    unblock_raise,
    unblock_resolve,
    update_review,
    updates_accept,
)

__all__ = [
    "AlreadyReviewed",
    "BoardFields",
    "MeetingFields",
    "RunReport",
    "action_arising_record",
    "board_create",
    "board_update",
    "cadence_dates",
    "decision_record",
    "meeting_create",
    "meeting_update",
    "meetings_schedule",
    "member_add",
    "member_remove",
    "send_reminders",
    "unblock_raise",
    "unblock_resolve",
    "update_review",
    "updates_accept",
    "window_set",
]
