"""`raphe run`, `raphe plot`, `raphe inspect` with the stand-in engine (fast)."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from raphe.experiments import cli, cohort
from raphe.experiments.protocols import microdialysis as proto

import test_microdialysis_standin as standin

TINY = """
[experiment]
name = "tiny"
description = "two small groups"
protocol = "microdialysis"
seed = 11

[circuit]
scale = 0.05

[microdialysis]
regions = ["PFC", "NAc", "DRN"]
baseline = "40 min"
duration = "60 min"
sample_interval = "20 min"
baseline_samples = 2
spike_windows = ["-10 min", "30 min"]

[cohort]
n = 2

[[group]]
name = "vehicle"

[[group]]
name = "citalopram"
label = "citalopram 2.5 mg/kg i.p."
doses = [{ drug = "citalopram", amount = "2.5 mg/kg", route = "ip" }]
"""


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    standin.install(monkeypatch)
    path = tmp_path / "tiny.toml"
    path.write_text(TINY)
    return path


def _err(capsys):
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_run_writes_results_and_figure(tiny, tmp_path, capsys):
    out = tmp_path / "res" / "tiny.h5"
    assert cli.main(["run", str(tiny), "--out", str(out), "--quiet"]) == 0
    assert out.exists() and out.with_suffix(".png").exists()
    leftovers = [p.name for p in out.parent.iterdir()]
    assert sorted(leftovers) == ["tiny.h5", "tiny.png"]
    with h5py.File(out, "r") as h5:
        assert h5.attrs["complete"] and h5.attrs["config_toml"] == TINY
        for g in ("vehicle", "citalopram"):
            for region, analyte in (("PFC", "5-HT"), ("PFC", "NE"), ("NAc", "DA"), ("DRN", "5-HT")):
                d = h5[f"summary/microdialysis/{g}/{region}/{analyte}"]
                np.testing.assert_allclose(d["time_min"][()], [-30, -10, 10, 30, 50])
                assert d["percent_baseline_mean"].shape == (5,)
                assert list(d["n"][()]) == [2] * 5
                assert "percent_baseline_sem" in d
        s = h5["microdialysis/citalopram/citalopram-01/NAc/5-HT"]
        assert s["amount_fmol"].attrs["units"] == "fmol" and s["below_lod"].dtype == bool
        assert "welch_p" in h5["summary/microdialysis/citalopram/PFC/5-HT"].attrs
        assert h5["subjects/vehicle-01/time"].attrs["units"] == "min"
        assert set(h5["spikes"]) == {"DRN_5HT", "PFC_PYR"}
        nt = h5["spikes/DRN_5HT/node_table"]
        assert [s.decode() for s in nt["subject"][()]] == ["vehicle-01", "citalopram-01"]
    libsonata = pytest.importorskip("libsonata")
    pop = libsonata.SpikeReader(str(out))["DRN_5HT"]
    ts = np.array([t for _, t in pop.get()])
    with h5py.File(out, "r") as h5:
        origin = h5["spikes"].attrs["origin_ms"]
    assert origin == -40 * 60000
    ts = ts + origin  # time from first dose, ms
    assert ts.min() >= -10 * 60000 and ts.max() <= 32 * 60000
    assert ((ts > -10 * 60000) & (ts < -8 * 60000)).any() and ((ts > 30 * 60000) & (ts < 32 * 60000)).any()
    capsys.readouterr()
    assert cli.main(["inspect", str(out)]) == 0
    text = capsys.readouterr().out
    assert "complete and valid" in text and "citalopram" in text
    png = tmp_path / "again.png"
    assert cli.main(["plot", str(out), "--out", str(png)]) == 0 and png.stat().st_size > 10000


def test_default_output_in_results_dir(tiny, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", str(tiny), "--quiet", "--no-plot", "--subjects", "1"]) == 0
    assert (tmp_path / "results" / "tiny.h5").exists()
    assert not (tmp_path / "results" / "tiny.png").exists()


def test_progress_total_is_a_whole_number(tiny, tmp_path, monkeypatch):
    """The bar reads 0/4, not 0/4.0: one unit per subject."""
    import tqdm

    totals = []
    real = tqdm.tqdm

    def bar(*args, **kwargs):
        totals.append(kwargs.get("total"))
        return real(*args, **kwargs)

    monkeypatch.setattr(tqdm, "tqdm", bar)
    assert cli.main(["run", str(tiny), "--out", str(tmp_path / "p.h5"), "--no-plot"]) == 0
    assert totals == [4] and isinstance(totals[0], int)


def test_quick_run_does_not_replace_the_full_result(tiny, tmp_path, monkeypatch):
    """A quick run writes results/<name>-quick.h5: the complete result of the full run stays as it was."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", str(tiny), "--quiet", "--no-plot", "--subjects", "1"]) == 0
    full = tmp_path / "results" / "tiny.h5"
    before = full.read_bytes()
    assert cli.main(["run", str(tiny), "--quiet", "--no-plot", "--quick"]) == 0
    assert (tmp_path / "results" / "tiny-quick.h5").exists()
    assert full.read_bytes() == before


@pytest.mark.parametrize("args, words", [
    (["run", "no-such-experiment"], "experiment"),
    (["run", "TINY", "--set", "cohort.n"], "--set"),
    (["run", "TINY", "--set", "cohort.nn=3"], "cohort.nn"),
    (["run", "TINY", "--out", "FILE/x.h5"], "--out"),
    (["run", "TINY", "--out", "x.csv"], "--out"),
])
def test_bad_input_exit_2(tiny, tmp_path, capsys, args, words):
    afile = tmp_path / "afile"
    afile.write_text("x")
    args = [str(tiny) if a == "TINY" else a.replace("FILE", str(afile)) for a in args]
    assert cli.main(args) == 2
    err = _err(capsys)
    assert words in err and len(err.strip().splitlines()) == 1


def _every_subject_to_a_part(monkeypatch):
    """Stand-in subjects are cheap, so a run would hold them in memory: write each to a part."""
    monkeypatch.setattr(cohort, "HOLD_BELOW_SECONDS", 0.0)


def _flaky(fail_at: int, exc):
    calls = {"n": 0}

    def fake(**kw):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise exc
        return standin.fake_simulate_subject(**kw)
    return fake


def test_failure_leaves_no_final_file(tiny, tmp_path, monkeypatch):
    _every_subject_to_a_part(monkeypatch)
    from raphe.experiments.config import load_config
    from raphe.experiments.runner import run_experiment
    from raphe.io import store

    monkeypatch.setattr(proto, "_simulate", _flaky(3, RuntimeError("solver blew up")))
    out = tmp_path / "f.h5"
    with pytest.raises(RuntimeError):
        run_experiment(load_config(str(tiny)), out)
    assert not out.exists()
    assert len(store.finished_parts(store.parts_dir(out))) == 2


def test_disk_full_is_one_line_error_and_no_final_file(tiny, tmp_path, monkeypatch, capsys):
    """Issue 8: disk full while the file is finished -> one-line error, nothing under the final name."""
    _every_subject_to_a_part(monkeypatch)
    import errno
    import os

    from raphe.io import store

    real_replace = os.replace

    def full(src, dst):
        if str(dst).endswith("full.h5"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "full.h5"
    capsys.readouterr()
    assert cli.main(["run", str(tiny), "--out", str(out), "--quiet", "--no-plot"]) == 1
    err = _err(capsys)
    assert len(err.strip().splitlines()) == 1 and "no space left on device" in err and "--resume" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if "full.h5" in p.name] == \
        [store.parts_dir(out).name]  # no temporary file left, only the parts kept for --resume
    assert len(store.finished_parts(store.parts_dir(out))) == 4


def _datasets(path):
    out = {}
    with h5py.File(path, "r") as h5:
        h5.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out


def test_interrupt_then_resume_equals_uninterrupted(tiny, tmp_path, monkeypatch, capsys):
    _every_subject_to_a_part(monkeypatch)
    ref = tmp_path / "ref.h5"
    assert cli.main(["run", str(tiny), "--out", str(ref), "--quiet", "--no-plot"]) == 0
    out = tmp_path / "r.h5"
    monkeypatch.setattr(proto, "_simulate", _flaky(3, KeyboardInterrupt()))
    capsys.readouterr()
    assert cli.main(["run", str(tiny), "--out", str(out), "--quiet", "--no-plot"]) == 130
    err = _err(capsys)
    assert "--resume" in err and "2 finished" in err
    assert not out.exists()
    monkeypatch.setattr(proto, "_simulate", standin.fake_simulate_subject)
    # resuming with another config is refused
    assert cli.main(["run", str(tiny), "--out", str(out), "--resume", "--seed", "12", "--quiet"]) == 2
    assert cli.main(["run", str(tiny), "--out", str(out), "--quiet", "--no-plot", "--resume"]) == 0
    with h5py.File(out, "r") as h5:
        assert h5.attrs["resumed_parts"] == 2
    a, b = _datasets(ref), _datasets(out)
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_inspect_and_plot_bad_files(tmp_path, capsys):
    foreign = tmp_path / "f.h5"
    with h5py.File(foreign, "w") as h5:
        h5["x"] = 1
    junk = tmp_path / "junk.h5"
    junk.write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    for f in (foreign, junk, tmp_path / "missing.h5"):
        for cmd in ("inspect", "plot"):
            assert cli.main([cmd, str(f)]) == 2  # bad input, as the README documents
            err = _err(capsys)
            assert str(f) in err


def test_inspect_and_plot_truncated_and_older_schema(tiny, tmp_path, capsys):
    """Issue 8: a real results file cut short, or written by an older schema -> one-line error."""
    good = tmp_path / "good.h5"
    assert cli.main(["run", str(tiny), "--out", str(good), "--quiet", "--no-plot"]) == 0
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    older = tmp_path / "older.h5"
    older.write_bytes(good.read_bytes())
    with h5py.File(older, "a") as h5:
        h5.attrs["schema_version"] = 0
    capsys.readouterr()
    abc = tmp_path / "abc.h5"
    abc.write_bytes(good.read_bytes())
    with h5py.File(abc, "a") as h5:
        h5.attrs["schema_version"] = "abc"
    capsys.readouterr()
    for f, words in ((truncated, "HDF5"), (older, "older raphe"), (abc, "schema version 'abc'")):
        for cmd in ("inspect", "plot", "export"):
            assert cli.main([cmd, str(f)] + (["--nwb"] if cmd == "export" else [])) == 2
            err = _err(capsys)
            assert len(err.strip().splitlines()) == 1 and str(f) in err and words in err, err
