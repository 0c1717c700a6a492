"""Registries extended from outside the package through the ``raphe.plugins`` entry point group.

``tests/plugins`` holds an installed-looking distribution (a ``.dist-info`` with an
``entry_points.txt``), found by :mod:`importlib.metadata` when the folder is on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLUGINS = Path(__file__).parent / "plugins"


def _raphe(*args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PLUGINS), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "raphe", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_plugin_region_is_registered_and_probed():
    out = _raphe("list", "regions")
    assert out.returncode == 0, out.stderr
    assert "HPC" in out.stdout and "plugin" in out.stdout
    schema = _raphe("schema", "microdialysis")
    assert schema.returncode == 0
    bad = _raphe("run", "acute-microdialysis", "--set", 'microdialysis.regions=["PFC", "HPX"]')
    assert bad.returncode == 2 and "HPC" in bad.stderr  # the plugin's region is a valid choice


def test_without_the_plugin_the_region_is_unknown():
    out = subprocess.run([sys.executable, "-m", "raphe", "list", "regions"], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0 and "HPC" not in out.stdout
