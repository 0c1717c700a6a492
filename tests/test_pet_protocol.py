"""The ``pet-occupancy`` protocol: validation, virtual patients, phenotypes, the store."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from raphe.circuits.pharmacology.pet import TRACERS
from raphe.errors import RapheError
from raphe.experiments.protocols.pet_occupancy import run_study, validate


def cfg(**pet):
    return {"experiment": {"name": "t", "protocol": "pet-occupancy", "seed": 1},
            "pet": {"drug": "paroxetine", "doses": ["20 mg"], "patients": 40, **pet}}


@pytest.mark.parametrize("pet, field", [
    ({"tracer": "FDG"}, "pet.tracer"),
    ({"doses": ["20 mg/kg"]}, "pet.doses[0]"),
    ({"patients": 0}, "pet.patients"),
    ({"drug": "WAY-100635"}, "pet.drug"),          # no human PK record
    ({"scan_after": "200 h"}, "pet.scan_after"),
    ({"poor_metabolisers": 1.5}, "pet.poor_metabolisers"),
])
def test_bad_input_names_the_field(pet, field):
    with pytest.raises(RapheError, match=field.replace("[", r"\[").replace("]", r"\]")):
        validate(cfg(**pet))


def run(tmp_path, name, **pet):
    spec = validate(cfg(**pet))
    path = tmp_path / f"{name}.h5"
    with h5py.File(path, "w") as h5:
        run_study(h5, spec, seed=3)
    return h5py.File(path, "r")


def test_poor_metabolisers_double_plasma_and_the_readout_keeps_its_ceiling(tmp_path):
    em = run(tmp_path, "em", poor_metabolisers=0.0)["pet/20mg"]
    pm = run(tmp_path, "pm", poor_metabolisers=1.0)["pet/20mg"]
    assert not em["poor_metaboliser"][()].any() and pm["poor_metaboliser"][()].all()
    # same seed, same clearance draws: clearance x 0.5 [U] at steady state ~doubles plasma
    ratio = pm["plasma_ng_per_ml"][()] / em["plasma_ng_per_ml"][()]
    assert np.all((ratio > 1.5) & (ratio < 2.5))
    # apparent = 0.85 x true + noise (SD 0.05): the mean within 4 SE of 0.85 x the true mean
    c, sd = TRACERS.get("DASB").ceiling, TRACERS.get("DASB").test_retest_sd
    diff = em["apparent_occupancy"][()].mean() - c * em["true_occupancy"][()].mean()
    assert abs(diff) < 4 * sd / np.sqrt(40)


def test_summary_table_and_racemate(tmp_path):
    f = run(tmp_path, "cit", drug="citalopram", doses=["10 mg", "20 mg"], tracer="ADAM",
            days=1, patients=5)
    s = f["summary/pet-occupancy"]
    assert [g.decode() for g in s["group"][()]] == ["10mg", "20mg"]
    assert s["apparent_occupancy_mean"][0] < s["apparent_occupancy_mean"][1]
    assert f["pet/20mg"].attrs["enzyme"] == "CYP2C19"


def test_subjects_option_sets_patients_per_group():
    from raphe.experiments.config import load_config

    cfg_ = load_config("pet-occupancy", subjects=4)
    assert cfg_.validated.patients == 4 and "pet.patients=4" in cfg_.overrides
