"""The layers point inward and no module imports itself back, read from the source with `ast`.

Knotty has five top-level packages: the core (`knotty`), two adapters (`channels`, `web`), the schema
(`migrations`) and the composition root (`app`), which alone sees them all. Each rule below is one
arrow the layering forbids; `import_problems` reports every broken one and every import cycle, and
is itself tested on a small made-up graph, so a passing run means the rules were really checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "channels", "knotty", "migrations", "web")
CORE = "knotty"
ADAPTERS = ("channels", "web")

MAY_IMPORT: Mapping[str, frozenset[str]] = {
    "knotty": frozenset({"knotty"}),
    "channels": frozenset({"channels", "knotty"}),
    "web": frozenset({"web", "knotty"}),
    "migrations": frozenset({"migrations", "knotty"}),
    "app": frozenset(PACKAGES),
}
"""Which top-level packages each one may import (its own included)."""


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it is written, and whether it runs (not under TYPE_CHECKING)."""

    target: str
    line: int
    runs: bool = True


Graph = Mapping[str, list[Import]]
"""Module name -> what it imports (only modules of `PACKAGES`)."""


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> Iterator[Import]:
    """Every import in the tree (module level, inside functions, `importlib.import_module("literal")`)."""

    def resolve(name: str) -> str:
        # `from pkg import sub` imports the submodule when there is one, else a name from `pkg`.
        return name if name in known else name.rsplit(".", 1)[0] if "." in name else name

    def walk(node: ast.AST, runs: bool) -> Iterator[Import]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from walk(child, False)
            for child in node.orelse:
                yield from walk(child, runs)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno, runs)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield Import(resolve(f"{base}.{alias.name}"), node.lineno, runs)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield Import(node.args[0].value, node.lineno, runs)
        for inner in ast.iter_child_nodes(node):
            yield from walk(inner, runs)

    yield from walk(tree, True)


def import_graph(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, list[Import]]:
    """The imports between modules of `packages`, read from the files under `root`."""
    files = {module_name(p, root): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))}
    known = set(files)
    graph: dict[str, list[Import]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found = _imports(tree, name, path.name == "__init__.py", known)
        graph[name] = [imp for imp in found if imp.target.split(".")[0] in packages]
    return graph


def _top(module: str) -> str:
    return module.split(".", maxsplit=1)[0]


def arrow_problems(graph: Graph) -> list[str]:
    """Imports that point the wrong way: outward from the core, across adapters, into the root, or
    from an adapter into one of the core's modules instead of its public package `knotty`."""
    problems = []
    for module, imports in sorted(graph.items()):
        layer = _top(module)
        for imp in imports:
            target = _top(imp.target)
            if target not in MAY_IMPORT[layer]:
                problems.append(
                    f"{module}:{imp.line} imports {imp.target} ({layer} must not import {target})"
                )
            elif layer in ADAPTERS and target == CORE and imp.target != CORE:
                problems.append(
                    f"{module}:{imp.line} imports {imp.target} (adapters import the core only as `{CORE}`)"
                )
    return problems


def _runs_first(module: str, target: str) -> list[str]:
    """What importing `target` from `module` executes: the target and every package above it that
    `module` is not already inside (importing `a.b.c` runs `a/b/__init__.py` first)."""
    parts = target.split(".")
    ancestors = {".".join(module.split(".")[:n]) for n in range(1, module.count(".") + 1)}
    return [p for p in (".".join(parts[:n]) for n in range(1, len(parts) + 1)) if p not in ancestors]


def cycles(graph: Graph) -> list[list[str]]:
    """Every strongly connected group of modules, through the imports that run, as one cycle each."""
    edges = {
        m: sorted({t for i in imps if i.runs for t in _runs_first(m, i.target) if t in graph and t != m})
        for m, imps in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def import_problems(graph: Graph) -> list[str]:
    """Everything wrong with the graph, one line each."""
    return [*arrow_problems(graph), *(f"import cycle: {' -> '.join(c)}" for c in cycles(graph))]


def public_names_used(graph_root: Path = ROOT) -> dict[str, set[str]]:
    """Adapter module -> the names it takes from `knotty` (`from knotty import ...`)."""
    used: dict[str, set[str]] = {}
    for pkg in ADAPTERS:
        for path in sorted((graph_root / pkg).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            names = {
                alias.name
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == CORE and not node.level
                for alias in node.names
            }
            if names:
                used[module_name(path, graph_root)] = names
    return used


# --- the tests ---------------------------------------------------------------------------------


def test_the_layers_point_inward_and_nothing_imports_itself_back() -> None:
    assert import_problems(import_graph()) == []


def test_adapters_use_only_what_the_core_exports() -> None:
    import knotty

    exported = set(knotty.__all__)
    missing = {
        module: sorted(names - exported) for module, names in public_names_used().items() if names - exported
    }
    assert missing == {}
    assert all(hasattr(knotty, name) for name in knotty.__all__)


def test_the_checker_reports_a_cycle_and_every_kind_of_inward_arrow() -> None:
    graph = {
        "knotty": [Import("knotty.agent", 16)],
        "knotty.agent": [Import("knotty.store", 1)],
        "knotty.store": [Import("knotty.agent", 3)],
        "knotty.live": [Import("knotty.agent", 4), Import("channels.sms", 2)],
        "knotty.types": [Import("knotty.live", 5, runs=False)],
        "channels.sms": [Import("knotty", 6), Import("web.chat", 7), Import("knotty.store", 8)],
        "web.chat": [Import("knotty", 9), Import("app.cli", 10)],
        "migrations.env": [Import("knotty.store", 11), Import("channels.sms", 12)],
        "app.cli": [],
        "app.factory": [Import("channels.sms", 13), Import("web.chat", 14), Import("knotty.agent", 15)],
    }
    assert import_problems(graph) == [
        "channels.sms:7 imports web.chat (channels must not import web)",
        "channels.sms:8 imports knotty.store (adapters import the core only as `knotty`)",
        "knotty.live:2 imports channels.sms (knotty must not import channels)",
        "migrations.env:12 imports channels.sms (migrations must not import channels)",
        "web.chat:10 imports app.cli (web must not import app)",
        "import cycle: knotty.agent -> knotty.store",
    ]


def test_a_cycle_through_a_type_checking_import_is_no_cycle() -> None:
    graph = {
        "knotty.live": [Import("knotty.agent", 1)],
        "knotty.agent": [Import("knotty.live", 2, runs=False)],
    }
    assert cycles(graph) == []
    graph["knotty.agent"] = [Import("knotty.live", 2)]
    assert cycles(graph) == [["knotty.agent", "knotty.live"]]


def test_the_reader_sees_imports_inside_functions_relative_ones_and_import_module(tmp_path: Path) -> None:
    (tmp_path / "knotty").mkdir()
    (tmp_path / "channels").mkdir()
    (tmp_path / "knotty" / "__init__.py").write_text("")
    (tmp_path / "knotty" / "agent.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import live\n"
        "if TYPE_CHECKING:\n"
        "    from knotty.store import Store\n"
        "def later():\n"
        "    import channels.sms\n"
        "    importlib.import_module('channels.voice')\n"
    )
    (tmp_path / "knotty" / "live.py").write_text("")
    (tmp_path / "knotty" / "store.py").write_text("")
    (tmp_path / "channels" / "__init__.py").write_text("")
    (tmp_path / "channels" / "sms.py").write_text("from knotty import agent\n")
    (tmp_path / "channels" / "voice.py").write_text("")
    graph = import_graph(tmp_path, ("channels", "knotty"))
    assert graph["knotty.agent"] == [
        Import("knotty.live", 2),
        Import("knotty.store", 4, runs=False),
        Import("channels.sms", 6),
        Import("channels.voice", 7),
    ]
    assert graph["channels.sms"] == [Import("knotty.agent", 1)]  # a submodule, though taken from the package
    assert len(arrow_problems(graph)) == 3
