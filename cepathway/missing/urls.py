"""The missing pages (mounted at /missing/)."""

app_name = "missing"

urlpatterns: list = []
