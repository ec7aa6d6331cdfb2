from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "service_name": settings.SERVICE_NAME,
        "membership": getattr(request, "membership", None),
        "current_authority": getattr(request, "authority", None),
    }
