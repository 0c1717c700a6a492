"""A full disk at every write site: one line naming the path and "no space left", exit 1, no
traceback, nothing that looks complete, and ``--resume`` afterwards gives identical datasets.

The disk fills (ENOSPC injected where the bytes reach the disk) while writing a part file, the
results file, the figure, a cache entry of the engine, or the compile of a circuit.
"""

from __future__ import annotations

import errno
import os

import h5py
import numpy as np
import pytest

from raphe.errors import CompileError, WriteError
from raphe.experiments import cli, cohort

import test_microdialysis_standin as standin
from test_cli_run import TINY

FULL = OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    standin.install(monkeypatch)
    monkeypatch.setattr(cohort, "HOLD_BELOW_SECONDS", 0.0)  # every subject to a part file
    path = tmp_path / "tiny.toml"
    path.write_text(TINY)
    return path


def _fill_disk_at(monkeypatch, match, after: int = 0):
    """``os.fsync`` of the ``after``-th file whose path contains ``match`` (0: the first) fails."""
    real, seen = os.fsync, {"n": 0}

    def fsync(fd):
        if match in os.readlink(f"/proc/self/fd/{fd}"):
            seen["n"] += 1
            if seen["n"] > after:
                raise FULL
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _datasets(path):
    out = {}
    with h5py.File(path, "r") as h5:
        h5.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out


def _one_line(capsys, *words):
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "no space left on device" in err, err
    for w in words:
        assert str(w) in err, err
    return err


def _leftovers(directory):
    return sorted(p.name for p in directory.rglob("*") if "partial" in p.name or ".tmp" in p.name)


@pytest.mark.parametrize("site, after", [("parts", 2), ("tiny.h5", 0)])
def test_full_disk_writing_results_then_resume(tiny, tmp_path, monkeypatch, capsys, site, after):
    ref = tmp_path / "ref.h5"
    assert cli.main(["run", str(tiny), "--out", str(ref), "--quiet", "--no-plot"]) == 0
    out = tmp_path / "run" / "tiny.h5"
    with monkeypatch.context() as m:
        _fill_disk_at(m, site if site != "tiny.h5" else ".tiny.h5.partial", after)
        capsys.readouterr()
        assert cli.main(["run", str(tiny), "--out", str(out), "--quiet", "--no-plot"]) == 1
    err = _one_line(capsys, out.parent, "--resume")
    assert ("2 finished subject(s) kept" if site == "parts" else "4 finished subject(s) kept") in err
    assert not out.exists() and not _leftovers(out.parent)  # nothing that looks complete
    assert cli.main(["run", str(tiny), "--out", str(out), "--quiet", "--no-plot", "--resume"]) == 0
    a, b = _datasets(ref), _datasets(out)
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_full_disk_drawing_the_figure_keeps_the_complete_results(tiny, tmp_path, monkeypatch, capsys):
    from matplotlib.figure import Figure

    def savefig(fig, path, **kwargs):
        with open(path, "wb") as f:
            f.write(b"\x89PNG half a figure")
        raise FULL

    monkeypatch.setattr(Figure, "savefig", savefig)
    from raphe.analysis import figure_cache

    monkeypatch.setattr(figure_cache, "cache_dir", lambda: tmp_path / "figures")  # drawn, not copied
    out = tmp_path / "tiny.h5"
    capsys.readouterr()
    assert cli.main(["run", str(tiny), "--out", str(out), "--quiet"]) == 1
    _one_line(capsys, out.with_suffix(".png"), f"raphe plot {out}")
    assert not out.with_suffix(".png").exists() and not _leftovers(tmp_path)
    with h5py.File(out, "r") as h5:
        assert h5.attrs["complete"]
    capsys.readouterr()
    assert cli.main(["plot", str(out)]) == 1  # the same line from `raphe plot`
    _one_line(capsys, out.with_suffix(".png"))


def test_full_disk_storing_a_cache_entry(tmp_path, monkeypatch):
    from raphe.experiments.engine.cache import WindowCache

    from raphe.circuits.window import WindowResult

    cache = WindowCache(str(tmp_path / "cache"))
    result = WindowResult({"DRN_5HT": 1.0}, {"PFC.5-HT": 1.0}, {}, float("nan"))
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(FULL) if str(b).endswith(".json")
                        else real(a, b))
    with pytest.raises(WriteError, match="no space left on device") as err:
        cache.save("k" * 16, "p" * 16, False, result)
    assert "\n" not in str(err.value) and str(tmp_path / "cache") in str(err.value)
    assert not list((tmp_path / "cache").iterdir())  # no cut entry


def test_full_disk_during_the_compile_is_one_line_naming_the_cause(tmp_path, monkeypatch):
    import brian2

    from raphe.circuits import standalone

    def build(**kwargs):
        os.write(2, b"g++ -c code_objects/x.cpp ...\n" * 50)
        os.write(2, b"/usr/bin/ld: final link failed: No space left on device\n")
        raise RuntimeError("Project compilation failed (error code: 512).")

    monkeypatch.setattr(brian2.device, "build", build, raising=False)
    project = str(tmp_path / "project")
    with pytest.raises(CompileError) as err:
        standalone.build_project(project)
    msg = str(err.value)
    assert "\n" not in msg and project in msg and "no space left on device" in msg and "ld" in msg


def test_compile_failure_in_a_run_leaves_no_parts_folder(tiny, tmp_path, monkeypatch, capsys):
    from raphe.experiments.protocols import microdialysis as proto

    def fail(**kwargs):
        raise CompileError("compiling the circuit in /cache/standalone/x failed: no space left on device "
                           "(ld: final link failed: No space left on device)")

    monkeypatch.setattr(proto, "_simulate", fail)
    out = tmp_path / "run" / "tiny.h5"
    capsys.readouterr()
    assert cli.main(["run", str(tiny), "--out", str(out), "--quiet", "--no-plot"]) == 1
    _one_line(capsys, "/cache/standalone/x")
    assert not out.exists() and not (out.parent / ".tiny.h5.parts").exists()


def test_full_disk_drawing_the_pk_figure(tmp_path, monkeypatch, capsys):
    from matplotlib.figure import Figure

    def savefig(fig, path, **kwargs):
        with open(path, "wb") as f:
            f.write(b"\x89PNG half a figure")
        raise FULL

    monkeypatch.setattr(Figure, "savefig", savefig)
    png = tmp_path / "pk.png"
    capsys.readouterr()
    assert cli.main(["pk", "sertraline", "--hours", "4", "--plot", str(png)]) == 1
    _one_line(capsys, png)
    assert not list(tmp_path.iterdir())  # no figure, no cut copy
