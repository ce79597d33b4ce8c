"""The jobs app is machinery only (issue 15): it imports no app whose work runs as a job
(reports, imports, exports…) — they import it, and the queue finds their tasks by path."""

from __future__ import annotations

import ast
from pathlib import Path

import stradom.jobs

ALLOWED = ("stradom.core", "stradom.accounts", "stradom.jobs")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def test_the_jobs_app_imports_no_domain_app():
    root = Path(stradom.jobs.__file__).parent
    foreign = [
        f"{path.relative_to(root)}:{line}: {module}"
        for path in sorted(root.rglob("*.py"))
        for line, module in _imports(path)
        if module.startswith("stradom.")
        and not any(module == a or module.startswith(a + ".") for a in ALLOWED)
    ]
    assert foreign == []
