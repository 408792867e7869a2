"""The complaints pages (mounted at /complaints/)."""

app_name = "complaints"

urlpatterns: list = []
