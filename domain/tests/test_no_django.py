"""The legal rules stay plain Python: nothing in ``domain`` imports Django."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_package_never_imports_django() -> None:
    sources = [p for p in DOMAIN.rglob("*.py") if "tests" not in p.parts]
    assert sources
    offenders = {
        str(path.relative_to(DOMAIN)): name
        for path in sources
        for name in imported_modules(path)
        if name.split(".")[0] == "django"
    }
    assert offenders == {}
