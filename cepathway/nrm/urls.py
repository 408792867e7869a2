"""The nrm pages (mounted at /nrm/)."""

app_name = "nrm"

urlpatterns: list = []
