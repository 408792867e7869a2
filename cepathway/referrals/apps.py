from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cepathway.referrals"
    label = "referrals"
