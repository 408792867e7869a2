from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cepathway.people"
    label = "people"

    def ready(self) -> None:
        from cepathway.core import audit_words
        from cepathway.ui import navigation

        from . import sessions, sign_in, two_factor  # noqa: F401  (connect the sign-in audit and the session stamps)

        audit_words.register_nouns(
            {"people.ApiToken": "API token"},
            fields={
                "people.User": {
                    "sessions": "sessions",
                    "two_factor": "two-factor authentication",
                    "recovery_codes": "recovery codes",
                },
                "people.ApiToken": {"revoked_at": "revocation"},
            },
        )
        # API tokens, the password and signing out everywhere are on the person's own account page.
        navigation.register("Your account", "account", order=99)
        navigation.register(
            "Accounts", "people-accounts", allowed=lambda user: user.has_perm("people.reset_password"), order=96
        )
        navigation.register(
            "Sign-in locks", "sign-in-locks", allowed=lambda user: user.has_perm("people.unlock_sign_in"), order=95
        )
