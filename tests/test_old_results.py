"""Results files written before the Python API still open (``raphe inspect``, ``raphe.load``, ``raphe plot``).

``tests/data/acute-microdialysis-v0.1.h5`` was written by raphe before the experiment API
(commit ef4e1d0: ``raphe run acute-microdialysis --set circuit.scale=0.25 --subjects 2
--set "microdialysis.duration=120 min"``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest

import raphe
from raphe.errors import ResultsFileError
from raphe.experiments import cli

OLD = Path(__file__).parent / "data" / "acute-microdialysis-v0.1.h5"


def test_inspect_old_file(capsys):
    assert cli.main(["inspect", str(OLD)]) == 0
    assert "complete and valid" in capsys.readouterr().out


def test_load_old_file_as_data_frames(tmp_path):
    res = raphe.load(OLD)
    assert res.protocol == "microdialysis" and res.name == "acute-microdialysis"
    s = res.summary
    assert set(s.group) == {"vehicle", "sertraline-10"} and set(s.region) == {"PFC", "NAc", "DRN"}
    data = res.data
    with h5py.File(OLD, "r") as h5:
        pb = h5["microdialysis/sertraline-10/sertraline-10-01/NAc/5-HT/percent_baseline"][()]
    rows = data[(data.subject == "sertraline-10-01") & (data.region == "NAc") & (data.analyte == "5-HT")
                & (data.measure == "percent_baseline")]
    np.testing.assert_array_equal(rows.value.to_numpy(), pb)
    assert isinstance(res.experiment, raphe.Microdialysis)
    copy = tmp_path / "old.h5"
    shutil.copy(OLD, copy)
    assert raphe.load(copy).plot().stat().st_size > 10000


def test_other_schema_version_is_one_line_naming_it(tmp_path):
    newer = tmp_path / "newer.h5"
    shutil.copy(OLD, newer)
    with h5py.File(newer, "a") as h5:
        h5.attrs["schema_version"] = 2
    with pytest.raises(ResultsFileError, match="schema version 2") as err:
        raphe.load(newer)
    assert "\n" not in str(err.value)
