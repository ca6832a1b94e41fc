"""The access matrix: for every URL of Quorum, who may reach it.

Each app declares the rows of its own URLs in ``<app>/tests/access_rows*.py``:
a module-level dict ``ROWS`` from the URL's name (``"app:name"``) to a
``Row``, or to a tuple of rows when one URL is tested more than one way (GET
shows the form, POST sends it). ``test_access_matrix`` requests every row as
every persona of ``quorum.testing.make_world``, and fails for a URL that has
no row: a new URL is not finished until it says who may reach it.

A row names the personas that reach the URL (they get ``ok_status``); every
other logged-in persona gets 404, and an anonymous visitor is sent to the
login page unless the row is ``public``.
"""

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.staticfiles.views import serve as serve_static_file
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import UUIDConverter
from django.views.static import serve as serve_file

from quorum.testing import World

PERSONAS = (
    "maire",
    "adjointe",
    "conseiller",
    "secretaire",
    "agent",
    "former",
    "outsider",
    "anonymous",
)

# Sets of personas that rows of many apps share.
LOGGED_IN = frozenset(PERSONAS) - {"anonymous"}
# Members in office of saint-test, the collectivité the rows are about.
MEMBERS = frozenset({"maire", "adjointe", "conseiller", "secretaire", "agent"})
# The maire, the secrétaire and the DGS run the administration.
ADMINISTRATION = frozenset({"maire", "secretaire"})
# Who sees the Commission des finances: its members in office and the maire.
FINANCES = frozenset({"maire", "adjointe", "secretaire"})
# Who sees the Projet école: its agent and the maire.
ECOLE = frozenset({"maire", "agent"})

# The Django admin is for the operator's staff only, tested on its own.
ADMIN_APP = "admin"


@dataclass(frozen=True)
class Row:
    """How to request one URL, and who gets ``ok_status``.

    ``kwargs`` and ``data`` are called with a fresh world for every request,
    so that a row can point at its objects and post a new file each time.
    ``ok_status`` may be a tuple when the allowed personas legitimately get
    different answers (the login page redirects someone already logged in).
    """

    kwargs: Callable[[World], dict[str, Any]]
    allowed: frozenset[str]
    method: str = "GET"
    ok_status: int | tuple[int, ...] = 200
    public: bool = False
    data: Callable[[World], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        allowed = frozenset(self.allowed)
        object.__setattr__(self, "allowed", allowed)
        unknown = allowed - frozenset(PERSONAS)
        if unknown:
            raise ValueError(f"unknown personas in a row: {sorted(unknown)}")
        if "anonymous" in allowed and not self.public:
            raise ValueError("a row that anonymous visitors reach is public=True")
        if self.method not in {"GET", "POST"}:
            raise ValueError(f"a row is GET or POST, not {self.method!r}")

    @property
    def ok_statuses(self) -> tuple[int, ...]:
        if isinstance(self.ok_status, int):
            return (self.ok_status,)
        return tuple(self.ok_status)

    def reaches(self, persona: str) -> bool:
        if persona == "anonymous":
            return self.public
        return persona in self.allowed


class DuplicateRow(Exception):
    """Two rows files declare the same URL."""


@dataclass(frozen=True)
class Route:
    """One URL of the project as the resolver knows it."""

    name: str | None
    route: str
    params: dict[str, object]
    callback: Callable[..., Any]

    @property
    def in_collectivite(self) -> bool:
        return "collectivite" in self.params

    @property
    def names_an_object(self) -> bool:
        """Carries the id of an object besides the collectivité's slug: the
        same id under another collectivité's slug must lead nowhere."""
        return any(
            isinstance(converter, UUIDConverter) or param.endswith("_id")
            for param, converter in self.params.items()
            if param != "collectivite"
        )


def project_apps() -> list[AppConfig]:
    """The apps of this repository, not those installed in the environment."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        app for app in apps.get_app_configs() if Path(app.path).resolve().parent == base
    ]


def collect_rows() -> dict[str, tuple[Row, ...]]:
    """Every ``ROWS`` of every ``<app>/tests/access_rows*.py``, merged."""
    rows: dict[str, tuple[Row, ...]] = {}
    origin: dict[str, str] = {}
    for app in project_apps():
        for path in sorted((Path(app.path) / "tests").glob("access_rows*.py")):
            module_name = f"{app.name}.tests.{path.stem}"
            declared = getattr(importlib.import_module(module_name), "ROWS", None)
            if not isinstance(declared, dict):
                raise TypeError(f"{module_name} must define ROWS, a dict")
            for name, value in declared.items():
                if name in rows:
                    raise DuplicateRow(
                        f"{name!r} has rows in both {origin[name]} and {module_name}"
                    )
                rows[name] = _as_rows(name, value)
                origin[name] = module_name
    return rows


def _as_rows(name: str, value: Row | Iterable[Row]) -> tuple[Row, ...]:
    rows = (value,) if isinstance(value, Row) else tuple(value)
    if not rows or not all(isinstance(row, Row) for row in rows):
        raise TypeError(f"the rows of {name!r} must be a Row or a tuple of Rows")
    return rows


def row_label(name: str, rows: tuple[Row, ...], index: int) -> str:
    """A test id for one row: the URL's name, its method when not GET, and
    its position when the same method appears twice."""
    row = rows[index]
    label = name if row.method == "GET" else f"{name}:{row.method}"
    if sum(other.method == row.method for other in rows) > 1:
        label += f"#{index}"
    return label


def _params_of(entry: URLPattern | URLResolver) -> dict[str, object]:
    """The named parameters of one level of a route, with their converter
    (``None`` for a regular expression's named group)."""
    found: dict[str, object] = dict.fromkeys(entry.pattern.regex.groupindex)
    found.update(getattr(entry.pattern, "converters", {}))
    return found


def walk_urls() -> tuple[list[Route], list[Route]]:
    """The project's routes, and apart those of the Django admin.

    Static files (served in development only) are left out."""
    routes: list[Route] = []
    admin: list[Route] = []
    _walk(get_resolver(), "", [], {}, routes, admin, in_admin=False)
    return routes, admin


def _walk(
    resolver: URLResolver,
    prefix: str,
    namespaces: list[str],
    params: dict[str, object],
    routes: list[Route],
    admin: list[Route],
    *,
    in_admin: bool,
) -> None:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        converters = {**params, **_params_of(entry)}
        if isinstance(entry, URLResolver):
            space = [*namespaces, entry.namespace] if entry.namespace else namespaces
            _walk(
                entry,
                route,
                space,
                converters,
                routes,
                admin,
                in_admin=in_admin or entry.app_name == ADMIN_APP,
            )
            continue
        assert isinstance(entry, URLPattern)
        if entry.callback in (serve_static_file, serve_file):
            continue
        name = ":".join([*namespaces, entry.name]) if entry.name else None
        (admin if in_admin else routes).append(
            Route(name, route, converters, entry.callback)
        )
