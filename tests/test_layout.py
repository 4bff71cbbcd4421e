"""The house's seams, checked: the core imports no front (import-linter contracts in
setup.cfg), no module of the package reaches back up into one that imports it (no import
cycle, counting imports made inside functions too), and modules stay small."""

from __future__ import annotations

import ast
import configparser
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("opendias", "processes", "providers")
MAX_LINES = 400
# modules allowed above MAX_LINES, with the reason (none today)
LONG_MODULES: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            rel = path.relative_to(REPO)
            if "static" in rel.parts:
                continue
            parts = list(rel.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `name` imports explicitly (anywhere in it)."""
    tree = ast.parse(path.read_text(), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import a.b.c` of an attribute
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def _runtime_nodes(tree: ast.AST):
    """Every node, except what sits under `if TYPE_CHECKING:` (never imported at run time)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for v in graph:
        if v not in index:
            visit(v)
    return result


def test_no_import_cycle():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert graph["opendias.operations.subset"] >= {"opendias.params", "opendias.datacube"}
    assert _cycles(graph) == []


def test_cycle_check_finds_a_cycle():
    """The check itself can fail: a two-module cycle is found."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_import_contracts():
    """setup.cfg's import-linter contracts hold: the core imports no front, plugin or web
    framework; process descriptions speak no protocol."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", str(REPO / "setup.cfg")], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_every_core_module_is_under_contract():
    """A new module of the core cannot escape the contract by not being listed."""
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg")
    listed = set(config["importlinter:contract:core"]["source_modules"].split())
    fronts = {"opendias.web", "opendias.cli"}
    top = {name.split(".")[1] for name in _modules() if name.count(".") >= 1
           and name.startswith("opendias.")}
    core = {f"opendias.{t}" for t in top} - fronts
    assert core == listed, f"add to or remove from the core contract: {core ^ listed}"


@pytest.mark.parametrize("name", sorted(_modules()))
def test_module_size(name):
    path = _modules()[name]
    lines = len(path.read_text().splitlines())
    if name in LONG_MODULES:
        return
    assert lines <= MAX_LINES, f"{path.relative_to(REPO)} has {lines} lines: split it"
