"""SIGKILL a run at several points, resume, compare with an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

from test_cli_run import TINY, _datasets

pytestmark = pytest.mark.slow

SCRIPT = """
import sys, time, pytest
sys.path.insert(0, {tests!r})
import test_microdialysis_standin as S
from raphe.experiments.protocols import microdialysis as proto
mp = pytest.MonkeyPatch()
S.install(mp)
from raphe.experiments import cohort
mp.setattr(cohort, "HOLD_BELOW_SECONDS", 0.0)  # every subject to a part (cheap ones are held otherwise)
def slow(**kw):
    time.sleep({delay})
    return S.fake_simulate_subject(**kw)
mp.setattr(proto, "_simulate", slow)
from raphe.experiments import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def _run(tmp_path, args, delay, kill_after_parts=None):
    script = tmp_path / "drive.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent), delay=delay))
    proc = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    if kill_after_parts is None:
        _, err = proc.communicate(timeout=120)
        return proc.returncode, err.decode()
    out = Path(args[args.index("--out") + 1])
    parts = out.with_name(f".{out.name}.parts")
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if parts.is_dir() and len(list(parts.glob("*.h5"))) >= kill_after_parts:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return proc.returncode, ""


def test_sigkill_then_resume(tmp_path):
    cfg = tmp_path / "tiny.toml"
    cfg.write_text(TINY)
    ref = tmp_path / "ref.h5"
    rc, err = _run(tmp_path, ["run", str(cfg), "--out", str(ref), "--quiet", "--no-plot"], 0.0)
    assert rc == 0, err
    for k, n_parts in enumerate((1, 3)):
        out = tmp_path / f"k{k}.h5"
        args = ["run", str(cfg), "--out", str(out), "--quiet", "--no-plot"]
        _run(tmp_path, args, 0.3, kill_after_parts=n_parts)
        assert not out.exists()
        rc, err = _run(tmp_path, args + ["--resume"], 0.0)
        assert rc == 0, err
        a, b = _datasets(ref), _datasets(out)
        assert a.keys() == b.keys()
        for key in a:
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)
