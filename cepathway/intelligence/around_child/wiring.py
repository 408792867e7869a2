"""What this part contributes to lower apps' pages (navigation, panels, sections); called from
cepathway/intelligence/wiring.py."""


def connect() -> None:
    pass
