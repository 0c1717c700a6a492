"""The package's layers import each other in one direction only (read from the source, not run).

circuits (the virtual animal)  <-  io (results format)  <-  analysis (reads files)  <-  experiments
(what is done to the animal, the command line)  <-  api. ``circuits`` never imports the others;
``io`` imports no other layer; ``analysis`` never simulates (no circuit building or running, no
experiments). Private names (``_x``) of another module are never imported or reached into.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "raphe"

#: package -> raphe modules it must not import (prefix match)
FORBIDDEN = {
    "circuits": ("raphe.experiments", "raphe.analysis", "raphe.io", "raphe.api"),
    "io": ("raphe.experiments", "raphe.analysis", "raphe.circuits", "raphe.api"),
    "analysis": ("raphe.experiments", "raphe.api", "raphe.circuits.builder", "raphe.circuits.window",
                 "raphe.circuits.standalone", "raphe.circuits.continuous", "raphe.circuits.circuit"),
}


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield node.lineno, a.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for a in node.names:
                yield node.lineno, f"{node.module}.{a.name}"


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_one_way(package):
    bad = []
    for path, tree in _modules(package):
        for line, name in _imports(tree):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[package]):
                bad.append(f"{path.relative_to(ROOT.parent)}:{line} imports {name}")
    assert not bad, "\n".join(bad)


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


#: packages checked for private-name use (circuits/ is checked by its own owners' tests)
PRIVATE_CHECKED = ("experiments", "analysis", "io", "api.py", "__init__.py", "registry.py", "units.py")


def test_no_module_uses_another_modules_private_names():
    bad = []
    paths = [p for name in PRIVATE_CHECKED
             for p in ((ROOT / name).rglob("*.py") if (ROOT / name).is_dir() else [ROOT / name])]
    for path in sorted(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = _module_name(path)
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("raphe.") and a.asname:
                        aliases[a.asname] = a.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("raphe") \
                    and node.level == 0:
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    if a.name.startswith("_") and not a.name.startswith("__") and node.module != own:
                        bad.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} imports {full}")
                    elif _is_module(full):
                        aliases[a.asname or a.name] = full
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in aliases and node.attr.startswith("_") \
                    and not node.attr.startswith("__") and aliases[node.value.id] != own:
                bad.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} uses "
                           f"{aliases[node.value.id]}.{node.attr}")
    assert not bad, "\n".join(bad)
