"""The URL configuration a server started with CEPATHWAY_SERVER_TIMING=1 has: the normal one and the floor."""

from cepathway.core.timing import floor_urlpatterns
from cepathway.urls import urlpatterns as normal

urlpatterns = [*normal, *floor_urlpatterns]
