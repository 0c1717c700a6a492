"""The suite's outputs from a synthetic result: table, HDF5, figure, VALIDATION.md."""

from __future__ import annotations

import h5py
import numpy as np

from raphe.validation import (
    PaperProtocol, Target, Tolerance, format_table, write_figure, write_h5, write_markdown,
)
from raphe.validation.suite import SuiteResult, TargetResult, judge


def _result():
    proto = PaperProtocol("rat", "paroxetine", "0.1-0.8 mg/kg", "hydrochloride [U]", "i.v.",
                          "DRN single units", "chloral hydrate")
    out = []
    for i, (fam, value, xf) in enumerate([("electrophysiology", 250.0, None),
                                          ("microdialysis", 900.0, "a known mechanism is missing"),
                                          ("binding", 40.0, None)]):
        t = Target(f"t{i}", fam, f"Author {2000 + i} J 1:1", "what", proto, 243.0 if i < 2 else 25.0,
                   "ug/kg", Tolerance(145.0, 341.0, "mean +- 2 SEM") if i < 2 else
                   Tolerance(21.0, 29.0, "mean +- 2 SEM"), measure=lambda c, q: 0.0,
                   expected_failure=xf)
        out.append(TargetResult(t, value, judge(t, value), 1.0))
    return SuiteResult(out, quick=True, seconds=3.0)


def test_table_h5_figure_markdown(tmp_path):
    res = _result()
    assert [r.status for r in res.results] == ["pass", "expected miss", "miss"]
    assert not res.ok
    text = format_table(res)
    assert "t0" in text and "243 [145-341] ug/kg" in text and "expected miss" in text
    h5p = write_h5(res, tmp_path / "v.h5")
    with h5py.File(h5p, "r") as h5:
        assert h5.attrs["complete"] and not h5.attrs["ok"]
        assert h5["targets/t1"].attrs["status"] == "expected miss"
        assert h5["targets/t0"].attrs["salt"] == "hydrochloride [U]"
        np.testing.assert_allclose(h5["table/model"][()], [250.0, 900.0, 40.0])
    assert not (tmp_path / ".v.h5.partial").exists()
    png = write_figure(res, tmp_path / "v.png")
    assert png.stat().st_size > 10_000
    md = write_markdown(res, tmp_path / "VALIDATION.md", "occupancy table", command="raphe validate")
    text = md.read_text()
    assert "| t2 | binding |" in text and "a known mechanism is missing" in text
    assert "occupancy table" in text and "mean +- 2 SEM" in text


def test_read_back(tmp_path):
    """What `raphe validate` wrote is what the tests judge when they read a shared result."""
    import pytest

    from raphe.errors import RapheInputError
    from raphe.validation.report import read_h5

    res = _result()
    data = read_h5(write_h5(res, tmp_path / "v.h5"))
    assert data["quick"] and not data["ok"]
    assert data["targets"]["t1"]["status"] == "expected miss"
    assert data["targets"]["t0"]["model"] == 250.0
    assert (data["targets"]["t2"]["tolerance_low"], data["targets"]["t2"]["tolerance_high"]) == (21, 29)
    with h5py.File(tmp_path / "empty.h5", "w"):
        pass
    with pytest.raises(RapheInputError, match="validation results"):
        read_h5(tmp_path / "empty.h5")


def test_helpers_kept_across_runs(monkeypatch):
    """Inside keep_helpers() the end of a run does not stop the window helpers (the suite
    loads its circuit once per helper); the end of the block does."""
    from raphe.experiments.engine import keep_helpers, parallel

    class Pool:
        stopped = False

        def shutdown(self, wait=True, cancel_futures=False):
            self.stopped = True

    pool = Pool()
    # isolated from this process's real helpers and blocks: the session fixture of
    # tests/validation/test_targets.py holds a keep_helpers() block on its xdist worker
    monkeypatch.setattr(parallel, "_HELPERS", {1: pool})
    monkeypatch.setattr(parallel, "_KEEP", [0])
    with keep_helpers():
        parallel.release_helpers()  # what run_cohort calls at the end of each experiment
        assert not pool.stopped and parallel.has_helper_pool(1)
    assert pool.stopped and not parallel.has_helper_pool(1)


def test_runs_started_in_background_run_once(tmp_path):
    """Runs.start begins an experiment in a background process; run() of the same config
    waits for it and returns its file, which is then reused."""
    from raphe.validation.adapter import Runs

    cfg = {"experiment": {"name": "bg", "protocol": "binding", "seed": 3},
           "binding": {"drugs": ["sertraline"], "targets": ["DAT"], "n_assays": 1,
                       "replicates": 1, "saturation": True, "kinetics": False,
                       "kd_source": "saturation", "variability": False}}
    runs = Runs(tmp_path, jobs=2)
    try:
        runs.start(cfg, label="bg")
        runs.start(cfg, label="bg")  # once
        path = runs.run(cfg, label="bg")
        assert path.exists() and runs.run(cfg, label="bg") == path
        assert list(runs.files.values()) == [path]
    finally:
        runs.close()
