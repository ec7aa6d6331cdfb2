"""Errors services raise for views to turn into GOV.UK messages."""

from __future__ import annotations

from typing import Any


class ConflictError(Exception):
    """Someone else saved the record after this person opened it."""

    def __init__(self, current: Any) -> None:
        super().__init__("The record was changed by someone else")
        self.current = current
