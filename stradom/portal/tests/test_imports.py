"""Dependencies point one way: the portal reads the apps that own the data, and nothing
outside it imports it (the pages, the reports and the workspace all read through
``stradom.strategy.queries`` and ``stradom.catalog.queries``)."""

from __future__ import annotations

import ast
from pathlib import Path

STRADOM = Path(__file__).resolve().parents[2]
PORTAL = STRADOM / "portal"
# The browser tests of other apps share the portal's Playwright fixtures (the browser, a
# page, the axe-core check); a test module importing them is no dependency of the code.
BROWSER_FIXTURES = "stradom.portal.tests.test_browser"


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function; ``from a import b``
    counts as ``a`` and ``a.b``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _portal(name: str) -> bool:
    return name == "stradom.portal" or name.startswith("stradom.portal.")


def _allowed(path: Path, name: str) -> bool:
    """Only a test module, and only the browser fixtures (``from stradom.portal.tests
    import test_browser`` names the package too)."""
    is_test = "tests" in path.relative_to(STRADOM).parts
    shared = name in ("stradom.portal.tests", BROWSER_FIXTURES)
    return is_test and (shared or name.startswith(BROWSER_FIXTURES + "."))


def test_no_module_outside_the_portal_imports_it():
    outside = [p for p in STRADOM.rglob("*.py") if PORTAL not in p.parents]
    assert len(outside) > 300  # the walk found the code
    offenders = {}
    for p in outside:
        names = sorted(n for n in _imports(p) if _portal(n) and not _allowed(p, n))
        if names:
            offenders[str(p.relative_to(STRADOM.parent))] = names
    assert offenders == {}


def test_the_check_sees_every_import_of_the_portal(tmp_path):
    module = tmp_path / "reader.py"
    module.write_text(
        "from stradom.portal import views\n"
        "def f():\n"
        "    import stradom.portal.urls\n"
        "    from stradom.strategy.queries import strategy_view\n",
        encoding="utf-8",
    )
    assert {n for n in _imports(module) if _portal(n)} == {
        "stradom.portal",
        "stradom.portal.views",
        "stradom.portal.urls",
    }
    tests = STRADOM / "workspace" / "tests" / "test_x.py"
    assert _allowed(tests, "stradom.portal.tests.test_browser.page")
    assert not _allowed(tests, "stradom.portal.views")
    assert not _allowed(STRADOM / "workspace" / "views.py", BROWSER_FIXTURES)
