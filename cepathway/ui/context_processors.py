from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import footer, navigation


def ui(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.CEPATHWAY_SERVICE_NAME,
        "show_demo_banner": settings.DEBUG,
        "navigation_items": navigation.items_for(request),
        "footer_links": footer.links_for(request),
    }
