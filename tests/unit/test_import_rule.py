"""The house's shape, enforced so it cannot rot: a pure core, no import circles, the command line on top."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import simul
import simul.core

PACKAGE = Path(simul.__file__).parent
CORE_MODULES = sorted(f"simul.core.{module.name}" for module in pkgutil.iter_modules(simul.core.__path__))
# What runs in the race's child processes: the core and the four ways to play, nothing to draw with.
PURE_MODULES = [
    *CORE_MODULES,
    "simul.orphans",
    "simul.race.modes",
    "simul.race.child",
    "simul.race.runner",
    "simul.race.figures",
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> Iterator[str]:
    """Every simul module that `path` imports, wherever the import stands (in a function too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from simul.core import clock` imports a module; `from simul.core.clock import X` a name.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        yield from (target for target in targets if target in modules and target != name)


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): set(imports_of(path, modules)) for path in paths}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert "simul.cli" in graph["simul.__main__"]  # `from simul.cli import main`
    assert "simul.tui.launch" in graph["simul.cli"]  # an import inside a function
    assert "simul.core.exhibition" in graph["simul.lessons.cancel"]


def test_a_circle_would_be_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_another_that_imports_it_back() -> None:
    assert circles(import_graph()) == []


def test_the_command_line_stands_on_top() -> None:
    importers = sorted(name for name, targets in import_graph().items() if "simul.cli" in targets)
    assert importers == ["simul.__main__"]


def test_core_modules_were_found() -> None:
    assert {"simul.core.exhibition", "simul.core.grandmaster", "simul.core.events"} <= set(CORE_MODULES)


def test_the_core_imports_no_ui() -> None:
    probe = (
        "import sys\n"
        f"for name in {PURE_MODULES!r}: __import__(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
