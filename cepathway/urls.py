from django.conf import settings
from django.urls import include, path

from cepathway.api import api_urlpatterns
from cepathway.core.timing import floor_urlpatterns

urlpatterns = [
    path("", include("cepathway.core.urls")),
    path("account/", include("cepathway.people.urls")),
    path("notifications/", include("cepathway.notifications.urls")),
    path("children/", include("cepathway.children.urls")),
    path("policy/", include("cepathway.policy.urls")),
    path("referrals/", include("cepathway.referrals.urls")),
    path("meetings/", include("cepathway.meetings.urls")),
    path("intelligence/", include("cepathway.intelligence.urls")),
    path("missing/", include("cepathway.missing.urls")),
    path("nrm/", include("cepathway.nrm.urls")),
    path("family/", include("cepathway.family.urls")),
    path("complaints/", include("cepathway.complaints.urls")),
    path("training/", include("cepathway.training.urls")),
    path("api/", api_urlpatterns()),
]

if settings.CEPATHWAY_SERVER_TIMING:
    urlpatterns += floor_urlpatterns
