"""The top-level experiments/ folder: every extension script runs with --quick.

(The scripts of the built-in experiments run in tests/test_cli_run_engine.py, where their
datasets are compared with ``raphe run`` and ``raphe.run``.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import h5py
import pytest

from raphe.experiments.config import builtin_names

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p.stem for p in (ROOT / "experiments").glob("*.py"))
EXTENSIONS = [s for s in SCRIPTS if s not in builtin_names()]


def test_every_builtin_experiment_has_a_script():
    assert set(builtin_names()) <= set(SCRIPTS)
    assert EXTENSIONS, "no extension scripts"


@pytest.mark.parametrize("name", EXTENSIONS)
def test_extension_script_runs_quickly(tmp_path, name):
    out = tmp_path / f"{name}.h5"
    run = subprocess.run([sys.executable, str(ROOT / "experiments" / f"{name}.py"), "--quick", "--seed", "7", "--jobs", "1",
                          "--out", str(out)], capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    with h5py.File(out, "r") as h5:
        assert h5.attrs["complete"]
    assert out.with_suffix(".png").stat().st_size > 5000
