"""End-to-end: `raphe run` with the real engine on a tiny cohort (sized by the lead)."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

pytestmark = pytest.mark.slow


def test_real_engine_end_to_end(tmp_path):
    pytest.importorskip("raphe.experiments.engine")
    from raphe.experiments import cli

    out = tmp_path / "e2e.h5"
    rc = cli.main(["run", "citalopram-microdialysis", "--out", str(out), "--subjects", "2",
                   "--set", "circuit.scale=0.1", "--set", "circuit.backend=numpy",
                   "--set", "microdialysis.duration=60 min", "--quiet", "--jobs", "2"])
    assert rc == 0
    assert out.with_suffix(".png").exists()
    with h5py.File(out, "r") as h5:
        assert h5.attrs["complete"]
        for region, analyte in (("PFC", "5-HT"), ("NAc", "5-HT"), ("DRN", "5-HT")):
            d = h5[f"summary/microdialysis/citalopram-2.5/{region}/{analyte}"]
            m = d["percent_baseline_mean"][()]
            assert np.all(np.isfinite(m[d["n"][()] > 0]))
