from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class StocktakeBackend(ModelBackend):
    """Username and password sign-in that refuses demo accounts in production."""

    def user_can_authenticate(self, user):  # type: ignore[no-untyped-def]
        if getattr(user, "is_demo", False) and not settings.DEMO_LOGINS_ALLOWED:
            return False
        return super().user_can_authenticate(user)
