"""What this app contributes to the pages of the apps below it (navigation, My work panels, the
chronology, the child's page, the Level 2 agenda, audit words); the lower apps never import it.
Each part wires its own."""


def connect() -> None:
    """Called once from FamilyConfig.ready()."""
    from .voice import wiring as voice

    voice.connect()
    from .guide import wiring as guide
    from .letters import wiring as letters

    guide.connect()
    letters.connect()
