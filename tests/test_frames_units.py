"""Every table column with a unit has the unit beside it, per row where the rows differ."""

from __future__ import annotations

import h5py
import numpy as np

from raphe.io import frames, store


def test_summary_tables_carry_their_units_per_row(tmp_path):
    """Two drugs dosed in different units (ug/kg and mg/kg) in one summary: each row its own unit."""
    path = tmp_path / "s.h5"
    with h5py.File(path, "w") as h5:
        for group, unit in (("8-OH-DPAT", "ug/kg"), ("citalopram", "mg/kg")):
            g = h5.require_group(f"summary/electrophysiology/{group}")
            store.write_array(g, "dose", np.array([0.25, 0.5]), unit)
            store.write_array(g, "n", np.array([3, 3], dtype=np.int64), "1")
            store.write_array(g, "percent_baseline_mean", np.array([80.0, 40.0]), "percent")
            store.write_array(g, "percent_baseline_sem", np.array([5.0, 4.0]), "percent")
    with h5py.File(path, "r") as h5:
        df = frames.summary(h5, "electrophysiology")
    assert list(df["dose_unit"]) == ["ug/kg", "ug/kg", "mg/kg", "mg/kg"]
    assert set(df["percent_baseline_unit"]) == {"percent"} and "n_unit" not in df


def test_readout_columns_share_one_unit_column():
    import pandas as pd

    df = pd.DataFrame({"dose": [1.0], "auc_NAc_5-HT": [1.0], "auc_PFC_5-HT": [2.0], "peak_NAc_5-HT": [3.0]})
    df.attrs["units"] = {"dose": "mg/kg", "auc_NAc_5-HT": "percent*min", "auc_PFC_5-HT": "percent*min",
                         "peak_NAc_5-HT": "percent"}
    out = frames.with_unit_columns(df)
    assert (out["dose_unit"][0], out["auc_unit"][0], out["peak_unit"][0]) == ("mg/kg", "percent*min", "percent")
