"""Electrophysiology protocol (issue 6): DRN single units, cumulative i.v. dose-response, ED50.

Fast tests check the fit, the config and the engine's sensitivity inputs; the
slow ones run the protocol end to end on the shared small circuit (scale 0.25,
circuit seed 5: compiled once per machine, windows cached) and compare with the
literature (tolerances cited next to each assertion).
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from raphe.analysis.ephys import crossing_dose, fit_ed50, hill_percent
from raphe.circuits.inputs import FAST_INPUTS, default_inputs, validate_inputs
from raphe.errors import RapheInputError, UnknownNameError
from raphe.experiments import cli

SMALL = ["--seed", "7", "--set", "circuit.scale=0.25", "--set", "circuit.seed=5", "--quiet"]


# ---------------------------------------------------------------- fast


def test_fit_recovers_a_known_ed50():
    dose = np.array([0.05, 0.1, 0.2, 0.4, 0.8, 1.6])
    fit = fit_ed50(dose, hill_percent(dose, 0.23, 1.5))
    assert fit.ed50 == pytest.approx(0.23, rel=1e-3)
    assert fit.hill == pytest.approx(1.5, rel=1e-3)
    assert not fit.extrapolated
    assert crossing_dose(dose, hill_percent(dose, 0.23, 1.5)) == pytest.approx(0.23, rel=0.15)


def test_fit_flags_an_ed50_beyond_the_doses():
    dose = np.array([0.1, 0.2, 0.4])
    fit = fit_ed50(dose, hill_percent(dose, 3.0, 1.0))
    assert fit.extrapolated and fit.ed50 > 0.4
    assert np.isnan(crossing_dose(dose, hill_percent(dose, 3.0, 1.0)))


def test_sensitivities_are_fast_inputs_with_default_one():
    name = "sensitivity.5-HT1A_somatodendritic"
    assert FAST_INPUTS[name].default == 1.0
    assert default_inputs()[name] == 1.0
    assert validate_inputs({name: 0.4})[name] == 0.4
    with pytest.raises(RapheInputError):
        validate_inputs({name: 2.5})
    with pytest.raises(UnknownNameError):
        validate_inputs({"sensitivity.5-HT9": 1.0})


def test_surface_keys_ignore_inputs_at_their_default(tmp_path):
    """Old cache entries stay valid: a naive sensitivity does not enter the key."""
    from raphe.circuits import default_circuit
    from raphe.experiments.engine import EngineSettings, ResponseSurface

    surface = ResponseSurface(default_circuit(scale=0.25, seed=5), EngineSettings(cache_dir=str(tmp_path)))
    plain = default_inputs()
    plain["occupancy.SERT"] = 0.5
    moved = dict(plain, **{"sensitivity.5-HT1A_somatodendritic": 0.5})
    assert surface.key(plain) != surface.key(moved)
    assert surface.key(plain) == surface.key({k: v for k, v in plain.items() if v})
    traj = {"occupancy.SERT": np.array([0.0, 0.5]),
            "sensitivity.5-HT1A_somatodendritic": np.array([1.0, 1.0]),
            "sensitivity.5-HT2A": np.array([1.0, 0.7])}
    assert surface.active_inputs(traj) == ["occupancy.SERT", "sensitivity.5-HT2A"]


def test_config_errors_name_the_field():
    import tomllib

    from raphe.experiments.config import configs_dir
    from raphe.experiments.protocols import get_protocol

    proto = get_protocol("electrophysiology")
    raw = tomllib.loads((configs_dir() / "drn-dose-response.toml").read_text()) \
        if hasattr(configs_dir(), "__truediv__") else None
    if raw is None:  # pragma: no cover
        pytest.skip("configs_dir is not a path")
    cfg = proto.validate(raw)
    assert [g.name for g in cfg.groups] == ["citalopram", "8-OH-DPAT"]
    bad = dict(raw, group=[dict(raw["group"][0], cumulative_doses=["0.2 mg/kg", "0.1 mg/kg"])])
    with pytest.raises(RapheInputError, match=r"group\[0\].cumulative_doses"):
        proto.validate(bad)
    bad = dict(raw, group=[dict(raw["group"][0], cumulative_doses=["0.2 mg"])])
    with pytest.raises(RapheInputError, match=r"cumulative_doses\[0\]"):
        proto.validate(bad)
    # a group without a reversal (the table absent) has none; a half-given one is an error
    plain = {k: v for k, v in raw["group"][0].items() if k != "reversal"}
    cfg = proto.validate(dict(raw, group=[plain]))
    assert cfg.groups[0].reversal is None
    with pytest.raises(RapheInputError, match=r"group\[0\].reversal.drug"):
        proto.validate(dict(raw, group=[dict(plain, reversal={"amount": "10 ug/kg"})]))


# ---------------------------------------------------------------- slow: end to end


@pytest.fixture(scope="module")
def ephys_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ephys") / "drn.h5"
    rc = cli.main(["run", "drn-dose-response", "--out", str(out), "--subjects", "3",
                   "--set", "electrophysiology.units_per_subject=4", *SMALL])
    assert rc == 0
    with h5py.File(out, "r") as h5:
        yield h5, out


@pytest.mark.slow
def test_layout_and_figure(ephys_run):
    h5, out = ephys_run
    assert h5.attrs["complete"]
    assert out.with_suffix(".png").exists()
    for group in ("citalopram", "8-OH-DPAT"):
        s = h5[f"summary/electrophysiology/{group}"]
        for key in ("dose", "percent_baseline_mean", "percent_baseline_sem", "n"):
            assert key in s
        assert "ed50" in s.attrs and "reversal_percent_mean" in s.attrs
        assert np.all(s["n"][()] == 12)  # 3 rats x 4 units
        subj = h5[f"electrophysiology/{group}"]
        assert len(subj) == 3
        unit = next(iter(next(iter(subj.values())).values()))
        assert unit["percent_baseline"].attrs["units"] == "percent"
        assert unit["percent_baseline"][0] == pytest.approx(100.0)


@pytest.mark.slow
def test_citalopram_suppresses_firing_dose_dependently(ephys_run):
    h5, _ = ephys_run
    m = h5["summary/electrophysiology/citalopram/percent_baseline_mean"][()]
    assert m[-1] < m[0] <= 105
    assert np.all(np.diff(m) < 5)


@pytest.mark.slow
def test_citalopram_ed50_chaput_1986(ephys_run):
    h5, _ = ephys_run
    # Chaput, de Montigny & Blier 1986: ED50 0.23 +- 0.03 mg/kg i.v.; accepted 0.12-0.46 (x/÷ 2)
    ed50 = h5["summary/electrophysiology/citalopram"].attrs["ed50"]
    assert 0.12 <= ed50 <= 0.46


@pytest.mark.slow
def test_way_100635_reverses_8_oh_dpat(ephys_run):
    h5, _ = ephys_run
    s = h5["summary/electrophysiology/8-OH-DPAT"]
    m = s["percent_baseline_mean"][()]
    # Martin-Ruiz 2001: 8-OH-DPAT 0.25-2 ug/kg i.v. (cumulative) suppresses firing and
    # WAY-100635 10 ug/kg i.v. restores it: reversal well above the suppressed level (the
    # functional KA of 8-OH-DPAT, calibrated in tests/calibration/test_drn_autoreceptor.py,
    # leaves WAY-100635's competitor term room to displace it)
    assert m[-1] < 70
    assert s.attrs["reversal_percent_mean"] > m[-1] + 20


@pytest.mark.slow
def test_8_oh_dpat_ed50_end_to_end(ephys_run):
    h5, _ = ephys_run
    # Calibration end to end (the functional KA is fitted at window level in
    # tests/calibration/test_drn_autoreceptor.py): the protocol, with its PK, unit selection and
    # response surface, halves firing between 0.25 and 0.5 ug/kg of the cumulative series of
    # Martin-Ruiz 2001 (issue 13: naive ED50 0.25-0.5 ug/kg), widened by the dose spacing of
    # the fit to 0.2-0.6 ug/kg
    assert 0.2 <= h5["summary/electrophysiology/8-OH-DPAT"].attrs["ed50"] <= 0.6


@pytest.mark.slow
def test_8_oh_dpat_silences_at_2_ug_per_kg(ephys_run):
    h5, _ = ephys_run
    # Martin-Ruiz 2001 J Neurosci 21:9856: 0.25-2 ug/kg cumulative fully silences DRN 5-HT
    # neurons; "silenced" taken as < 10 % of baseline at 2 ug/kg
    assert h5["summary/electrophysiology/8-OH-DPAT/percent_baseline_mean"][-1] < 10
