"""Consistency of the codebase: every template is used.

A template is used when the Python code names it (``render(request,
"x.html")``, ``template_name = "x.html"``, ``render_to_string(…)``, an
f-string built from a name the same module spells out), when a used
template extends or includes it, or when it overrides a template of Django
or of an installed package. Anything else is dead weight that nobody
reviews any more: it fails here.
"""

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from web.tests.matrix import project_apps

# Names Django looks for by convention, without any code naming them.
CONVENTIONS = frozenset(
    {"400.html", "403.html", "403_csrf.html", "404.html", "500.html"}
)

TAG = re.compile(r"""{%-?\s*(?:extends|include)\s+(["'])(?P<name>[^"']+)\1""")


def test_every_template_is_used() -> None:
    templates = _project_templates()
    used = _reachable(
        {name for name in templates if _is_named_by_code(name) or _overrides(name)},
        templates,
    )

    unused = sorted(set(templates) - used)

    assert not unused, (
        f"templates that no view, e-mail or other template uses: {unused}; "
        "delete them or name them in the code"
    )


def test_every_extended_or_included_template_exists() -> None:
    missing = []
    for name, path in _project_templates().items():
        for target in _targets(path):
            try:
                get_template(target)
            except TemplateDoesNotExist:
                missing.append(f"{name} → {target}")

    assert not missing, f"templates that point at nothing: {missing}"


def _template_dirs() -> list[Path]:
    dirs = [
        Path(directory) for engine in settings.TEMPLATES for directory in engine["DIRS"]
    ]
    dirs += [Path(app.path) / "templates" for app in project_apps()]
    return [directory for directory in dirs if directory.is_dir()]


def _project_templates() -> dict[str, Path]:
    """Every template of the project, by the name the loaders know it by."""
    found: dict[str, Path] = {}
    for directory in _template_dirs():
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                found.setdefault(path.relative_to(directory).as_posix(), path)
    return found


def _targets(path: Path) -> list[str]:
    return [match["name"] for match in TAG.finditer(path.read_text())]


def _reachable(roots: set[str], templates: dict[str, Path]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in templates:
            continue
        seen.add(name)
        stack.extend(_targets(templates[name]))
    return seen


def _python_files() -> Iterator[Path]:
    """The project's code, without its tests and migrations: a template that
    only a test names is not used."""
    packages = [Path(app.path) for app in project_apps()]
    packages.append(Path(settings.BASE_DIR) / "quorum")
    for package in packages:
        for path in package.rglob("*.py"):
            parts = set(path.relative_to(package).parts)
            if not parts & {"tests", "migrations"}:
                yield path


@cache
def _names_in_code() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """Every string of the code, and a pattern for every f-string, its holes
    filled by any string of the same module (``f"{template}.txt"`` with
    ``template = "accounts/emails/added"`` somewhere in the module)."""
    strings: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in _python_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        constants = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        strings |= constants
        hole = "(?:" + "|".join(map(re.escape, sorted(constants))) + ")"
        patterns += [
            re.compile("".join(_pieces(node, hole)))
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
        ]
    return frozenset(strings), tuple(patterns)


def _pieces(node: ast.JoinedStr, hole: str) -> Iterator[str]:
    for value in node.values:
        if isinstance(value, ast.Constant):
            yield re.escape(str(value.value))
        else:
            yield hole


def _is_named_by_code(name: str) -> bool:
    strings, patterns = _names_in_code()
    return (
        name in CONVENTIONS
        or name in strings
        or any(pattern.fullmatch(name) for pattern in patterns)
    )


def _overrides(name: str) -> bool:
    """The project's version of a template of Django or of a package."""
    others = [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if app not in project_apps()
    ]
    others.append(Path(django.__file__).parent / "forms" / "templates")
    return any((directory / name).is_file() for directory in others)
