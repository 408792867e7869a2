"""What the letters add to lower apps' pages; called from cepathway/family/wiring.py."""


def connect() -> None:
    from cepathway.meetings import meeting_panels

    from . import panels

    meeting_panels.register(panels.letters_panel)
