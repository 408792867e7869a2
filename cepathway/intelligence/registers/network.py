"""The network around a child, person, place, vehicle or phone: what is linked to it in up to two
steps, and the submissions (with their grading) that link them.

The database answers: one query finds every current link within two steps of the record, looking
at both ends of each link (`TWO_STEPS_SQL`: the links touching the record, then the links touching
their other ends), then one query per kind of record names the ends. So a page costs the same
number of queries however large the network (tests/intelligence/test_journey_6_network.py counts
them at two sizes; bench/network.py times it on 100,000 links).

What the page lists is a disclosure. A child the viewer may not see is not shown at all, not as
"a child you cannot see": saying that a person of concern is linked to some child is itself
something the viewer was not told. Nor is anything shown that is reached only through such a
child: the links are walked again, from the record, over those whose ends the viewer may see.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import reverse

from cepathway.intelligence.models import REGISTER_MODELS, Link, NodeKind, Submission

from .records import REGISTER_PATHS, label_of

MAX_STEPS = 2
# More links than this and the page says it shows the nearest only (a network of one record is
# rarely a hundred links; the cap keeps one page's cost bounded whatever happens).
MAX_LINKS = 500

Node = tuple[str, str]  # (kind, id as text)

# What a network shows of each link and of the submission it carries (its grading and date): only
# these are read, since a network may hold hundreds of links.
LINK_FIELDS = (
    "id",
    "partnership_id",
    "a_kind",
    "a_id",
    "b_kind",
    "b_id",
    "relationship",
    "created_at",
    "submission__status",
    "submission__source_evaluation",
    "submission__intelligence_assessment",
    "submission__handling",
    "submission__happened_on",
)


def _two_steps_sql() -> str:
    # The table's name is a constant and every value a parameter (S608 below).
    table = Link._meta.db_table
    current = "ended_at IS NULL AND partnership_id = %s"
    first = (
        f"SELECT b_kind AS kind, b_id AS id FROM {table} WHERE a_kind = %s AND a_id = %s AND {current} "  # noqa: S608
        f"UNION SELECT a_kind, a_id FROM {table} WHERE b_kind = %s AND b_id = %s AND {current}"
    )
    return (
        f"SELECT l.id FROM {table} l WHERE l.a_kind = %s AND l.a_id = %s AND l.ended_at IS NULL "  # noqa: S608
        f"AND l.partnership_id = %s "
        f"UNION SELECT l.id FROM {table} l WHERE l.b_kind = %s AND l.b_id = %s AND l.ended_at IS NULL "
        f"AND l.partnership_id = %s "
        f"UNION SELECT l.id FROM {table} l JOIN ({first}) s ON l.a_kind = s.kind AND l.a_id = s.id "
        f"WHERE l.ended_at IS NULL AND l.partnership_id = %s "
        f"UNION SELECT l.id FROM {table} l JOIN ({first}) s ON l.b_kind = s.kind AND l.b_id = s.id "
        f"WHERE l.ended_at IS NULL AND l.partnership_id = %s"
    )


def _db(value: Any) -> Any:
    """A UUID as this database compares it in raw SQL."""
    return Link._meta.get_field("a_id").get_db_prep_value(value, connection)


def links_within_two_steps(partnership_id: Any, kind: str, record_id: Any) -> list[Link]:
    """Every current link within two steps of the record, in one query, with its submission."""
    me, pid = (kind, _db(record_id)), _db(partnership_id)
    first = [*me, pid, *me, pid]
    params = [*me, pid, *me, pid, *first, pid, *first, pid]
    rows = Link.objects.filter(id__in=RawSQL(_two_steps_sql(), params))  # noqa: S611 - values are parameters
    rows = rows.select_related("submission").only(*LINK_FIELDS).order_by("-created_at")
    return list(rows[:MAX_LINKS])


@dataclass
class NetworkNode:
    kind: str
    id: str
    label: str
    url: str
    steps: int

    @property
    def kind_label(self) -> str:
        return NodeKind(self.kind).label


@dataclass
class NetworkLink:
    link: Link
    a: NetworkNode
    b: NetworkNode
    steps: int

    @property
    def grading(self) -> str:
        submission = self.submission
        return submission.grading if submission else ""

    @property
    def submission(self) -> Submission | None:
        return self.link.submission if self.link.submission_id else None

    @property
    def on(self) -> date:
        submission = self.submission
        when = submission.happened_on if submission and submission.happened_on else None
        return when or self.link.created_at.date()


@dataclass
class Network:
    root: NetworkNode
    nodes: list[NetworkNode] = field(default_factory=list)
    links: list[NetworkLink] = field(default_factory=list)
    truncated: bool = False

    def of_kind(self, kind: str) -> list[NetworkNode]:
        return [node for node in self.nodes if node.kind == kind]

    @property
    def children(self) -> list[NetworkNode]:
        return self.of_kind(NodeKind.CHILD)

    def graph(self) -> dict[str, Any]:
        """The network for the graph (the page's script draws it): nodes and edges, nothing the
        table does not show."""
        everyone = [self.root, *self.nodes]
        return {
            "nodes": [
                {"id": _key(n), "label": n.label, "kind": n.kind, "url": n.url, "root": n is self.root}
                for n in everyone
            ],
            "edges": [
                {
                    "id": str(link.link.pk),
                    "source": _key(link.a),
                    "target": _key(link.b),
                    "grading": link.grading,
                    "source_evaluation": link.submission.source_evaluation if link.submission else "",
                    "assessment": link.submission.intelligence_assessment if link.submission else "",
                    "on": link.on.isoformat(),
                    "relationship": link.link.relationship,
                }
                for link in self.links
            ],
        }


def _key(node: NetworkNode) -> str:
    return f"{node.kind}:{node.id}"


def node_url(kind: str, record_id: Any) -> str:
    if kind == NodeKind.CHILD:
        return reverse("children:detail", args=[record_id])
    return reverse("intelligence:register-record", args=[REGISTER_PATHS[kind], record_id])


def _records(ends: set[Node], user: Any) -> dict[Node, Any]:
    """The records at the ends the viewer may see: children through `visible_to`, register records
    of the viewer's partnership not merged away. One query per kind."""
    from cepathway.children.models import Child

    wanted: dict[str, set[str]] = defaultdict(set)
    for kind, record_id in ends:
        wanted[kind].add(record_id)
    found: dict[Node, Any] = {}
    for kind, ids in wanted.items():
        if kind == NodeKind.CHILD:
            rows: Any = Child.objects.visible_to(user).filter(pk__in=ids)
        else:
            rows = REGISTER_MODELS[kind].objects.visible_to(user).filter(pk__in=ids)
        found.update({(kind, str(record.pk)): record for record in rows})
    return found


def network_of(root: Any, user: Any) -> Network:
    """What `user` may see within two steps of `root` (a child or a register record)."""
    kind = NodeKind.CHILD if getattr(root, "audit_is_child", False) else root.node_kind
    start: Node = (kind, str(root.pk))
    links = links_within_two_steps(root.partnership_id, kind, root.pk)
    ends = {(link.a_kind, str(link.a_id)) for link in links} | {(link.b_kind, str(link.b_id)) for link in links}
    records = _records(ends - {start}, user)
    network = Network(root=NetworkNode(kind, start[1], label_of(root), node_url(kind, root.pk), 0))
    network.truncated = len(links) >= MAX_LINKS
    _walk(network, start, links, records)
    return network


def _walk(network: Network, start: Node, links: list[Link], records: dict[Node, Any]) -> None:
    """Breadth first from the record over the links whose both ends the viewer may see."""
    nodes: dict[Node, NetworkNode] = {start: network.root}
    visible = [link for link in links if _ends(link)[0] in nodes or _ends(link)[0] in records]
    visible = [link for link in visible if _ends(link)[1] in nodes or _ends(link)[1] in records]
    frontier, used = {start}, set()
    for steps in range(1, MAX_STEPS + 1):
        reached: set[Node] = set()
        for link in visible:
            if link.pk in used:
                continue
            a, b = _ends(link)
            if a in frontier or b in frontier:
                for end in (a, b):
                    if end not in nodes:
                        record = records[end]
                        nodes[end] = NetworkNode(end[0], end[1], label_of(record), node_url(*end), steps)
                        reached.add(end)
                used.add(link.pk)
                network.links.append(NetworkLink(link, nodes[a], nodes[b], steps))
        frontier = reached
    network.nodes = sorted((n for key, n in nodes.items() if key != start), key=lambda n: (n.steps, n.kind, n.label))


def _ends(link: Link) -> tuple[Node, Node]:
    return (link.a_kind, str(link.a_id)), (link.b_kind, str(link.b_id))


def children_within_two_steps(root: Any, user: Any) -> list[NetworkNode]:
    """Which children, that `user` may see, are linked to this person or place in up to two steps."""
    return network_of(root, user).children


def matches_filter(link: NetworkLink, *, source: str = "", assessment: str = "", since: date | None = None) -> bool:
    """The table's filter (the graph filters the same way in the browser)."""
    submission = link.submission
    if source and (not submission or submission.source_evaluation != source):
        return False
    if assessment and (not submission or submission.intelligence_assessment != assessment):
        return False
    return not (since and link.on < since)
