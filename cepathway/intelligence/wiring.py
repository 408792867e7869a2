"""What this app contributes to the pages of the apps below it (navigation, My work panels, the
chronology, the Level 2 agenda's sections, audit words). Each part wires its own; the lower apps
never import this one."""


def connect() -> None:
    """Called once from IntelligenceConfig.ready()."""
    from .around_child import wiring as around_child
    from .registers import wiring as registers
    from .submissions import wiring as submissions

    for part in (submissions, registers, around_child):
        part.connect()
