from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def service(request: HttpRequest) -> dict[str, object]:
    membership = getattr(request, "membership", None)
    context: dict[str, object] = {
        "service_name": settings.SERVICE_NAME,
        "membership": membership,
        "current_authority": getattr(request, "authority", None),
    }
    if membership is not None:
        from stocktake.core.this_week import nav_count

        # Read only if a page shows it (one query).
        context["this_week_count"] = SimpleLazyObject(lambda: nav_count(membership))
    return context
