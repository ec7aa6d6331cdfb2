from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser

from stocktake.accounts.models import User


class StocktakeBackend(ModelBackend):
    """Username and password sign-in that refuses demo accounts in production."""

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_LOGINS_ALLOWED:
            return False
        return super().user_can_authenticate(user)
