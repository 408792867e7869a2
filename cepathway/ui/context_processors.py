from typing import Any

from django.conf import settings
from django.http import HttpRequest


def ui(request: HttpRequest) -> dict[str, Any]:
    return {"service_name": settings.CEPATHWAY_SERVICE_NAME}
