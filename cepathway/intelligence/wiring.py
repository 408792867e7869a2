"""What this app contributes to the pages of the apps below it (navigation, My work panels, the
chronology, the Level 2 agenda's sections, audit words). Each part of the app adds its own line to
`connect()`; the lower apps never import this one."""


def connect() -> None:
    """Called once from IntelligenceConfig.ready()."""
