"""The catalogue: every route the service answers, who may use it, and how to reach it from the world.

tests/test_authorisation_matrix.py fails when a URL pattern in cepathway.urls (including each
django-ninja operation under /api/) has no entry here, and turns each entry into one test per
(route, method, person, scope). tests/test_audit_coverage.py and tests/browser/test_accessibility.py are
generated from it too. How to add an entry: docs/testing.md, "The catalogue".

An entry's key is the URL name ("my-work", "api:openapi-json") or, for an API operation, the method
and path as django-ninja writes it ("GET /api/children/{pk}").
"""

import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ninja.operation import PathView

from cepathway.core.models import AuditAction
from cepathway.people.models import Role
from tests.factories import CHILDREN, PARTNERSHIPS, PRINCIPAL_ROLE, SEES_ONLY_OWN_REFERRALS, in_scope

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

ANYONE = frozenset(str(role) for role in Role)  # every signed-in role
PUBLIC = None  # no sign-in needed

# What a record route is about (Route.about), and so which scopes the matrix asks it in.
CHILD = "child"  # a child-related record: url(world, child) for each of CHILDREN
PARTNERSHIP = "partnership"  # a partnership's own record: url(world, partnership) for each of PARTNERSHIPS
NO_SCOPE = "no_scope"


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(name) for name in names)


def all_roles_except(*names: str) -> frozenset[str]:
    return ANYONE - roles(*names)


@dataclass(frozen=True)
class Route:
    """One route, as the access tests see it.

    key      URL name, or "METHOD /api/path/{param}" for an API operation.
    roles    the roles that may use it (ANYONE, roles(...), all_roles_except(...)), or PUBLIC.
    change_roles  the roles that may use its other methods (POST...), when not the same as `roles`.
    about    CHILD for a page or operation about one child-related record: the matrix asks for it
             about each of the world's three children. PARTNERSHIP for a partnership's own record
             (checklist, Level 2 meeting): asked in the home partnership and elsewhere. Out of the
             person's scope is 404 (and an audited refusal) whatever their role; in scope but the
             role may not is `refused`. None for everything else.
    url      how to build the URL: `url(world)`; with `about`, `url(world, child)` or
             `url(world, partnership)` giving the URL of the record about it. Optional when the route
             takes no parameters.
    methods  what a page answers (an API entry's method is in its key). Only GET is checked for a
             full answer; for the others the matrix checks that a refusal is a refusal and that it
             changed nothing, and that a permitted person is not refused.
    html     True for an HTML page (the browser test loads it and runs axe).
    ok       the status a permitted GET answers (200 unless the route always redirects, say).
    audit    "viewed", "listed" or "downloaded": what a permitted GET must write to the audit log. Child
             records default to "viewed"; set "listed" on lists of children or child-related records,
             "downloaded" on a file to keep (a PDF letter).
    refused  the status for a role that may not use the route (403).
    role_first  the role is checked before the scope, so a role that may not gets `refused` even
             out of scope. Only for PARTNERSHIP records (configuration); never for a child's.
    others_referral  the record is a referral someone else made about the child (a consultation
             request): out of scope for those who see only their own referrals
             (`tests.factories.SEES_ONLY_OWN_REFERRALS`), though they see the child.
    data     `data(world)` or `data(world, target)`: a POST body that reaches the permission check
             (django-ninja validates a body before the operation runs, so an empty one gets 422).
    note     why an entry is unusual.
    """

    key: str
    roles: frozenset[str] | None = ANYONE
    about: str | None = None
    url: Callable[..., str] | None = None
    methods: tuple[str, ...] = ("GET",)
    html: bool = True
    ok: int = 200
    audit: str | None = None
    refused: int = 403
    change_roles: frozenset[str] | None = None
    role_first: bool = False
    others_referral: bool = False
    data: Callable[..., Any] | None = None
    note: str = ""
    ready: str = ""  # a CSS selector the browser test waits for, for a page that draws itself with script

    def __post_init__(self) -> None:
        if self.about not in (None, CHILD, PARTNERSHIP):
            raise ValueError(f"{self.key}: about must be CHILD, PARTNERSHIP or None")
        if self.role_first and self.about != PARTNERSHIP:
            raise ValueError(f"{self.key}: role_first is only for PARTNERSHIP records")
        if self.api:
            object.__setattr__(self, "methods", (self.key.split(" ", 1)[0],))
            object.__setattr__(self, "html", False)
        if self.about == CHILD and self.audit is None:
            object.__setattr__(self, "audit", str(AuditAction.VIEWED))

    @property
    def api(self) -> bool:
        """A django-ninja operation: bearer token, 401 when anonymous."""
        return self.key.split(" ", 1)[0] in HTTP_METHODS

    @property
    def public(self) -> bool:
        return self.roles is PUBLIC

    @property
    def id(self) -> str:
        return self.key.replace(" ", "_")

    @property
    def scopes(self) -> tuple[str, ...]:
        return {CHILD: CHILDREN, PARTNERSHIP: PARTNERSHIPS}.get(self.about or "", (NO_SCOPE,))

    @property
    def home_scope(self) -> str:
        """The scope in which the world's home users see the record (`world.child`, home)."""
        return self.scopes[0]

    def allows(self, role: str, method: str = "GET") -> bool:
        allowed = self.roles if method == "GET" or self.change_roles is None else self.change_roles
        return allowed is PUBLIC or role in allowed

    def expected(self, principal: str, scope: str, method: str = "GET") -> int:
        """What the catalogue says `principal` gets for `method` on this route in `scope`."""
        allowed = self.allows(PRINCIPAL_ROLE[principal], method)
        if self.role_first and not allowed:
            return self.refused
        if not in_scope(principal, scope) or (self.others_referral and principal in SEES_ONLY_OWN_REFERRALS):
            return 404
        return self.ok if allowed else self.refused

    def target(self, world: Any, scope: str) -> Any:
        return getattr(world, scope) if self.about else None

    def build_url(self, world: Any, scope: str = NO_SCOPE) -> str:
        if self.url is not None:
            return self.url(world, self.target(world, scope)) if self.about else self.url(world)
        if self.api:
            return self.key.split(" ", 1)[1]
        return reverse(self.key)

    def build_data(self, world: Any, scope: str = NO_SCOPE) -> Any:
        if self.data is None:
            return {}
        return self.data(world, self.target(world, scope)) if self.about else self.data(world)


# --- Helpers for entries -------------------------------------------------------------------------


def to(name: str, pick: Callable[[Any, Any], Any] | None = None) -> Callable[[Any, Any], str]:
    """`url=` for a page about a record: reverse(name, args=[record.pk]), the record being the
    target itself (a child) or `pick(world, target)` (say the world's referral about the child)."""
    return lambda world, target: reverse(name, args=[(pick(world, target) if pick else target).pk])


def api_to(path: str, pick: Callable[[Any, Any], Any] | None = None) -> Callable[[Any, Any], str]:
    """`url=` for an API operation about a record: `path` with {pk} filled in as `to` does."""
    return lambda world, target: path.format(pk=(pick(world, target) if pick else target).pk)


def each(attribute: str) -> Callable[[Any, Any], Any]:
    """The record a world builder keeps per child: `world.<attribute>[child.pk]`."""
    return lambda world, child: getattr(world, attribute)[child.pk]


def first_of(model: str, **partnership_lookup: str) -> Callable[[Any, Any], Any]:
    """The first row of "app.Model" in the target partnership (lookup: field="partnership")."""
    field = next(iter(partnership_lookup), "partnership")
    return lambda world, partnership: apps.get_model(model).objects.filter(**{field: partnership}).first()


WIDE = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.HUB_PRACTITIONER, Role.ADMINISTRATOR)
MAY_REFER = roles(
    Role.PARTNER_PROFESSIONAL,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
    Role.POLICE_OFFICER,
    Role.INTELLIGENCE_OFFICER,
    Role.HUB_PRACTITIONER,
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
)
CERAR = roles(Role.CERAR_LEAD)
HUB_OR_CERAR = roles(Role.HUB_PRACTITIONER, Role.CERAR_LEAD)
ADMIN = roles(Role.ADMINISTRATOR)
AUDITOR = roles(Role.AUDITOR)
LEVEL2_ORGANISERS = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER)
FORM = ("GET", "POST")

CONTACT_BODY = {
    "first_name": "Fictional",
    "last_name": "Child",
    "date_of_birth": "2012-03-04",
    "concern": "Fictional concern for a test.",
    "legal_basis": "consent",
    "not_in_immediate_danger": True,
}


def failed_email(world: Any) -> Any:
    """An email to a home partnership's person that the outbox gave up on (one per world)."""
    from cepathway.core import outbox
    from cepathway.core.models import EmailStatus, OutgoingEmail

    existing = OutgoingEmail.objects.filter(subject="Not sent", status=EmailStatus.FAILED).first()
    if existing is not None:
        return existing
    message = outbox.queue(
        stem="test", subject="Not sent", text="Body", html=None, to=[world.users[Role.CERAR_LEAD].email]
    )
    OutgoingEmail.objects.filter(pk=message.pk).update(status=EmailStatus.FAILED)
    return message


CATALOGUE: list[Route] = [
    # core
    Route("my-work"),
    Route("health", roles=PUBLIC, html=False),
    Route("audit-search", roles=AUDITOR),
    Route("audit-download", roles=AUDITOR, html=False, note="the search as CSV, streamed"),
    Route("outgoing-email", roles=ADMIN, audit="listed", note="email to the partnership's people not yet sent"),
    Route(
        "outgoing-email-retry",
        roles=ADMIN,
        methods=("POST",),
        html=False,
        url=lambda world: reverse("outgoing-email-retry", args=[failed_email(world).pk]),
        note="tries a failed email to the home partnership's people again",
    ),
    Route("GET /api/audit", roles=AUDITOR),
    # people
    Route("login", roles=PUBLIC, methods=FORM),
    Route("logout", methods=("POST",)),
    Route("api-token", methods=FORM),
    Route("GET /api/me"),
    Route("GET /api/people", note="the caller's own partnership's people: colleagues, not child records"),
    Route("GET /api/people/agencies", note="the caller's own partnership's agencies"),
    # the API's own pages (django-ninja): the docs need a signed-in session
    Route("api:openapi-view", note="django-ninja's Swagger UI page", ready="#swagger-ui .opblock"),
    Route("api:openapi-json", html=False),
    Route(
        "api:api-root",
        roles=PUBLIC,
        ok=404,
        html=False,
        note="django-ninja's root: always the API's JSON 404, it only anchors reverse()",
    ),
    Route(
        "api:no-such-address",
        roles=PUBLIC,
        ok=404,
        html=False,
        url=lambda world: f"/api/children/{world.child.pk}-not-a-uuid",
        note="every address under /api/ no operation answers (a malformed id too): the same JSON 404 for all",
    ),
    # children
    Route("children:list", audit="listed"),
    Route("children:detail", about=CHILD, url=to("children:detail")),
    Route("children:edit", about=CHILD, url=to("children:edit"), roles=WIDE, methods=FORM),
    Route("GET /api/children", audit="listed"),
    Route("GET /api/children/{pk}", about=CHILD, url=api_to("/api/children/{pk}")),
    Route("GET /api/children/{pk}/chronology", about=CHILD, url=api_to("/api/children/{pk}/chronology")),
    Route(
        "PATCH /api/children/{pk}/allocation",
        about=CHILD,
        url=api_to("/api/children/{pk}/allocation"),
        roles=WIDE,
        data=lambda world, child: {"version": child.version},
        note="the allocation page's permission (children.edit_child): CERAR, managers, the hub, administrators",
    ),
    # referrals (records from tests/referrals/world.py)
    Route("referrals:list", audit="listed"),
    Route("referrals:new", roles=MAY_REFER, methods=FORM),
    Route("referrals:detail", about=CHILD, url=to("referrals:detail", each("referral"))),
    Route(
        "referrals:hub-assessment",
        about=CHILD,
        url=to("referrals:hub-assessment", each("referral")),
        roles=HUB_OR_CERAR,
        methods=FORM,
    ),
    Route(
        "referrals:consultation",
        about=CHILD,
        url=to("referrals:consultation", each("consultation")),
        roles=CERAR,
        methods=FORM,
        others_referral=True,
    ),
    Route(
        "referrals:decide",
        about=CHILD,
        url=to("referrals:decide", each("awaiting_decision")),
        roles=CERAR,
        methods=FORM,
    ),
    Route(
        "referrals:request-consultation",
        about=CHILD,
        url=to("referrals:request-consultation"),
        roles=roles(Role.SOCIAL_WORKER),
        methods=FORM,
        note="only the allocated social worker of a child open to children's services (world.child's)",
    ),
    Route("referrals:checklist", roles=ADMIN),
    Route("referrals:indicator-new", roles=ADMIN, methods=FORM),
    Route("referrals:protective-new", roles=ADMIN, methods=FORM),
    Route(
        "referrals:indicator-edit",
        about=PARTNERSHIP,
        role_first=True,
        url=to("referrals:indicator-edit", first_of("referrals.Indicator", category__partnership="partnership")),
        roles=ADMIN,
        methods=FORM,
    ),
    Route(
        "referrals:protective-edit",
        about=PARTNERSHIP,
        role_first=True,
        url=to("referrals:protective-edit", first_of("referrals.ProtectiveFactor")),
        roles=ADMIN,
        methods=FORM,
    ),
    Route(
        "referrals:modifier-edit",
        about=PARTNERSHIP,
        role_first=True,
        url=to("referrals:modifier-edit", first_of("referrals.Modifier")),
        roles=ADMIN,
        methods=FORM,
    ),
    Route("GET /api/referrals/checklist", roles=MAY_REFER),
    Route("GET /api/referrals", audit="listed"),
    Route("POST /api/referrals", roles=MAY_REFER, data=lambda world: CONTACT_BODY),
    Route("GET /api/referrals/{pk}", about=CHILD, url=api_to("/api/referrals/{pk}", each("referral"))),
    Route(
        "POST /api/referrals/{pk}/hub-assessment",
        about=CHILD,
        url=api_to("/api/referrals/{pk}/hub-assessment", each("referral")),
        roles=HUB_OR_CERAR,
        data=lambda world, child: {"ce_concern": True, "assessment": "Fictional assessment."},
    ),
    Route(
        "POST /api/referrals/consultation-requests",
        about=CHILD,
        url=lambda world, child: "/api/referrals/consultation-requests",
        roles=roles(Role.SOCIAL_WORKER),
        data=lambda world, child: {"child_id": str(child.pk), "reason": "Fictional reason."},
        note="the child is named in the body",
    ),
    Route(
        "POST /api/referrals/{pk}/consultation",
        about=CHILD,
        url=api_to("/api/referrals/{pk}/consultation", each("consultation")),
        roles=CERAR,
        others_referral=True,
        data=lambda world, child: {"notes": "Fictional consultation notes."},
    ),
    Route(
        "POST /api/referrals/{pk}/decision",
        about=CHILD,
        url=api_to("/api/referrals/{pk}/decision", each("awaiting_decision")),
        roles=CERAR,
        data=lambda world, child: {
            "decision": "end",
            "judged_level": "none",
            "end_reason": "Fictional.",
            "advice_given": "Fictional.",
        },
    ),
    # meetings: tests/meetings/catalogue_entries.py (see load_app_routes)
]


def load_app_routes() -> None:
    """Add each app's own entries: a list named ROUTES (or ending in _ROUTES) in
    tests/<app label>/catalogue_entries.py, in INSTALLED_APPS order. tests/conftest.py calls this
    before collection; it is idempotent. Those modules import from here, never the reverse."""
    tests_dir = Path(__file__).resolve().parent
    known = {entry.key for entry in CATALOGUE}
    for config in apps.get_app_configs():
        if not config.name.startswith("cepathway.") or not (tests_dir / config.label / "catalogue_entries.py").exists():
            continue
        module = importlib.import_module(f"tests.{config.label}.catalogue_entries")
        for name, value in vars(module).items():
            if not (name == "ROUTES" or name.endswith("_ROUTES")) or not isinstance(value, list):
                continue
            for entry in value:
                if entry not in CATALOGUE:
                    if entry.key in known:
                        raise ValueError(f"{module.__name__}.{name} has {entry.key!r}, already in the catalogue")
                    CATALOGUE.append(entry)
                    known.add(entry.key)


def by_key() -> dict[str, Route]:
    found: dict[str, Route] = {}
    for entry in CATALOGUE:
        if entry.key in found:
            raise ValueError(f"The catalogue has {entry.key!r} twice")
        found[entry.key] = entry
    return found


# --- Walking the URL resolver ---------------------------------------------------------------------


@dataclass(frozen=True)
class FoundRoute:
    key: str
    route: str  # the pattern as Django sees it, for messages
    has_parameters: bool


def _ninja_path_view(callback: Any) -> PathView | None:
    """The django-ninja path view behind a URL pattern's callback (cepathway.api wraps each one to
    answer an unknown method in the API's shape)."""
    try:
        nonlocals = inspect.getclosurevars(inspect.unwrap(callback)).nonlocals
    except TypeError:  # a functools.partial or a class instance
        return None
    view = nonlocals.get("self")
    return view if isinstance(view, PathView) else None


def _ninja_path(route: str) -> str:
    """ "api/children/<uuid:child_id>" -> "/api/children/{child_id}"."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def walk() -> list[FoundRoute]:
    """Every URL pattern under the root URLconf, with django-ninja operations split by method.

    django-ninja mounts one pattern per operation name on a shared path, so a path with GET and
    POST appears twice: each key is kept once.
    """
    unique: dict[str, FoundRoute] = {}
    for found in _walk(get_resolver()):
        unique.setdefault(found.key, found)
    return list(unique.values())


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[FoundRoute]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern, route, inner or namespace)
            continue
        assert isinstance(pattern, URLPattern)
        has_parameters = bool(pattern.pattern.regex.groupindex) or "<" in route
        view = _ninja_path_view(pattern.callback)
        if view is not None:
            for operation in view.operations:
                for method in operation.methods:
                    yield FoundRoute(f"{method.upper()} {_ninja_path(route)}", route, has_parameters)
            continue
        if not pattern.name:
            yield FoundRoute(f"<unnamed pattern {route!r}>", route, has_parameters)
            continue
        yield FoundRoute(f"{namespace}:{pattern.name}" if namespace else pattern.name, route, has_parameters)
