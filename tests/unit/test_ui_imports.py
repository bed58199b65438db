"""The UI's import rules, read from the source: kit knows no area, areas know no other area, no circles."""

from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path("osloreg")
UI, KIT = "osloreg.ui", "osloreg.ui.kit"

# Imports that break a rule today, each with why; the list only shrinks (see the last test).
# Each entry: (importing module, imported module) -> why.
ALLOWED = {
    # `osloreg check-config` reports the options a `streamlit run` would see: it asks the UI's one
    # module that reads Streamlit's configuration, inside the command (the CLI itself needs no UI).
    ("osloreg.cli.ops", "osloreg.ui.server_settings"): "check-config reads Streamlit's options",
    # The documents section is one area shown inside two others: the meeting page (its documents and
    # its agenda items') and the case page call it once each, rather than each keeping a copy of it.
    ("osloreg.ui.meetings.meeting", "osloreg.ui.documents.view"): "a meeting's documents on its page",
    ("osloreg.ui.cases.case", "osloreg.ui.documents.view"): "a case's documents on its page",
}


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: pathlib.Path) -> set[str]:
    """Every module `name` imports, at the top or inside a function (a late import is still one)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:  # `from package import module` imports the module
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}
# The areas: the folders of osloreg/ui beside the kit.
AREAS = sorted(path.name for path in (ROOT / "ui").iterdir() if (path / "__init__.py").is_file())
AREAS.remove("kit")


def _area(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["osloreg", "ui"] and parts[2] in AREAS else None


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _offenders(rule) -> list[tuple[str, str]]:
    return sorted((name, target) for name in GRAPH for target in GRAPH[name] if rule(name, target))


def _not_allowed(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [pair for pair in found if pair not in ALLOWED]


def _kit_upward(name: str, target: str) -> bool:
    return _under(name, KIT) and _under(target, UI) and not _under(target, KIT)


def _sideways(name: str, target: str) -> bool:
    return _area(name) is not None and _area(target) is not None and _area(name) != _area(target)


def _ui_from_below(name: str, target: str) -> bool:
    """Outside osloreg/ui (app.py and pages/ are not in the package): no UI module, no streamlit."""
    streamlit = target == "streamlit" or target.startswith("streamlit.")
    return not _under(name, UI) and (_under(target, UI) or streamlit)


def test_the_rules_see_the_ui():
    # The check reads the real tree: it finds the kit, the areas and a known import of each kind.
    assert {"advice", "admin", "cases", "coverage", "meetings", "projects", "overview"} <= set(AREAS)
    assert "osloreg.ui.kit.session" in GRAPH["osloreg.ui.kit.tables"]
    assert "osloreg.ui.cases.loaders" in GRAPH["osloreg.ui.cases.forms"]
    assert _kit_upward("osloreg.ui.kit.saving", "osloreg.ui")
    assert _sideways("osloreg.ui.admin.audit", "osloreg.ui.cases.case")
    assert not _sideways("osloreg.ui.cases.case", "osloreg.ui.cases.forms")
    assert _ui_from_below("osloreg.reports", "osloreg.ui.kit.tables")


def test_the_kit_imports_no_area_nor_the_ui_package():
    assert _not_allowed(_offenders(_kit_upward)) == []


def test_no_ui_area_imports_another_area():
    assert _not_allowed(_offenders(_sideways)) == []


def test_nothing_below_the_ui_imports_it_or_streamlit():
    assert _not_allowed(_offenders(_ui_from_below)) == []


def test_every_allowed_exception_is_still_needed():
    # An entry the code no longer needs goes, so the list only shrinks.
    found = set(_offenders(lambda name, target: _kit_upward(name, target) or _sideways(name, target)))
    found |= set(_offenders(_ui_from_below))
    assert sorted(set(ALLOWED) - found) == []


def _cycles() -> list[list[str]]:
    """The import circles among osloreg's modules (strongly connected parts of more than one module,
    or a module that imports itself), by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in GRAPH:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1 or node in GRAPH[node]:
                found.append(sorted(part))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return sorted(found)


ALLOWED_CYCLES: list[list[str]] = []


def test_there_is_no_import_circle():
    assert _cycles() == ALLOWED_CYCLES
