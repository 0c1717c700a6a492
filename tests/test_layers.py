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
