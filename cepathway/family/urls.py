"""The family pages (mounted at /family/)."""

app_name = "family"

urlpatterns: list = []
