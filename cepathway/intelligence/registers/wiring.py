"""What this part contributes to lower apps' pages (navigation, panels, sections); called from
cepathway/intelligence/wiring.py: the Registers link in the service navigation (register roles
only), and a link from a child's page to the network around them (register roles only)."""

from typing import Any

from django.urls import reverse


def _network_link(child: Any, user: Any) -> Any:
    """The child's card links to the network around the child, for register roles (who see it)."""
    from cepathway.children.summary import Link, SummaryPart
    from cepathway.intelligence.models import NodeKind, sees_registers

    if not sees_registers(user):
        return None
    url = reverse("intelligence:network", args=[NodeKind.CHILD, child.pk])
    return SummaryPart(links=[Link("Network: persons, places, vehicles and phones linked", url)])


def connect() -> None:
    from cepathway.children import summary
    from cepathway.intelligence.models import sees_registers
    from cepathway.ui import navigation

    from . import tactics

    navigation.register("Registers", "intelligence:registers", allowed=sees_registers, order=55)
    navigation.register(
        "Disruption tactics",
        "intelligence:disruption-tactics",
        allowed=lambda user: user.has_perm(tactics.CONFIGURE_TACTICS),
        order=82,
    )
    summary.register(_network_link)
