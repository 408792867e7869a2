from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cepathway.people"
    label = "people"

    def ready(self) -> None:
        from cepathway.ui import navigation

        from . import sign_in  # noqa: F401  (connects the sign-in audit)

        navigation.register("API token", "api-token", order=99)
        navigation.register(
            "Sign-in locks", "sign-in-locks", allowed=lambda user: user.has_perm("people.unlock_sign_in"), order=95
        )
