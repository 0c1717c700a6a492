"""Chronic treatment (issue 6): 5-HT1A desensitization over weeks, DRN firing, CREB/BDNF.

Engine-level calibration on the shared small circuit (scale 0.25, seed 5; the
surface nodes are cached on disk, so reruns cost no windows), then the chronic
protocol end to end with a short course. Literature figures and tolerances are
cited next to each assertion (Chaput, de Montigny & Blier 1986 Naunyn-Schmiedeberg's Arch
Pharmacol 333:342; Le Poul et al. 1995 Naunyn-Schmiedeberg's Arch Pharmacol 352:141).
"""

from __future__ import annotations

import brian2
import h5py
import numpy as np
import pytest

from raphe.circuits.adaptation import DAY, Adaptation, CrebBdnf, Desensitization
from raphe.errors import RapheInputError

HOUR = 3600 * brian2.second


# ---------------------------------------------------------------- fast: kinetics alone


def test_desensitization_relaxes_to_the_homeostatic_target():
    d = Desensitization()
    assert d.target(0.2, 0.2) == 1.0
    assert d.target(0.6, 0.2) == pytest.approx(1 / 3)
    s = 1.0
    for _ in range(24 * 60):  # 60 days of hourly steps at constant activation
        s = d.step(s, 0.6, 0.2, 3600.0)
    assert s == pytest.approx(1 / 3, rel=1e-3)
    tau_days = float(d.tau.value / DAY)
    assert d.step(1.0, 0.6, 0.2, tau_days * 86400) == pytest.approx(1 / 3 + (2 / 3) * np.exp(-1))
    with pytest.raises(RapheInputError):
        Desensitization(site="5-HT9")


def test_alpha2_hypothesis_is_off_by_default_and_switchable():
    assert [r.site for r in Adaptation().rules] == ["5-HT1A_somatodendritic"]
    assert "alpha2_autoreceptor" in [r.site for r in Adaptation(alpha2=True).rules]
    assert "sensitivity.alpha2_autoreceptor" in Adaptation(alpha2=True).initial_state()


def test_bdnf_feedback_flag_scales_pfc_receptor_sensitivity():
    state = dict(Adaptation().initial_state(), BDNF=1.4)
    assert "sensitivity.5-HT2A" not in Adaptation().fast_inputs(state)
    fb = Adaptation(creb=CrebBdnf(feedback=True)).fast_inputs(state)
    assert fb["sensitivity.5-HT2A"] == pytest.approx(1.2)


# ---------------------------------------------------------------- slow: engine calibration


@pytest.fixture(scope="module")
def engine_runs():
    from raphe.circuits import default_circuit
    from raphe.circuits.pharmacology import Dose, Regimen
    from raphe.experiments.engine import EngineSettings, ResponseSurface, simulate_chronic

    circuit = default_circuit(scale=0.25, seed=5)
    settings = EngineSettings(backend="cpp_standalone")
    surface = ResponseSurface(circuit, settings)
    pump = Regimen((Dose("citalopram", "20 mg/kg/day", route="minipump", duration="21 day"),))
    chronic = simulate_chronic(circuit=circuit, regimen=pump, duration=21 * DAY, settings=settings,
                               surface=surface)
    vehicle = simulate_chronic(circuit=circuit, regimen=None, duration=21 * DAY, step=24 * HOUR,
                               settings=settings, surface=surface)
    single = simulate_chronic(circuit=circuit, regimen=Regimen((Dose("citalopram", "20 mg/kg", route="ip"),)),
                              duration=3 * DAY, settings=settings, surface=surface)
    return {"circuit": circuit, "settings": settings, "surface": surface, "chronic": chronic,
            "vehicle": vehicle, "single": single}


def _rate_on(res, day):
    t = np.asarray(res.time / DAY)
    return float(np.interp(day, t, res.rates_hz["DRN_5HT"]))


@pytest.mark.slow
def test_vehicle_stays_naive(engine_runs):
    v = engine_runs["vehicle"]
    assert np.allclose(v.state["sensitivity.5-HT1A_somatodendritic"], 1.0)
    assert np.allclose(v.state["CREB"], 1.0) and np.allclose(v.state["BDNF"], 1.0)


@pytest.mark.slow
def test_firing_markedly_reduced_on_day_2(engine_runs):
    control = _rate_on(engine_runs["vehicle"], 2)
    # Chaput 1986: citalopram 20 mg/kg/day, firing markedly reduced at day 2 (< 50 % of control)
    assert _rate_on(engine_runs["chronic"], 2) < 0.5 * control


@pytest.mark.slow
def test_firing_recovers_over_two_weeks(engine_runs):
    control = _rate_on(engine_runs["vehicle"], 14)
    r2, r7, r14 = (_rate_on(engine_runs["chronic"], d) for d in (2, 7, 14))
    # Chaput 1986: reduced at day 2, partly recovered at day 7, recovered at day 14
    assert r2 < 0.8 * control
    assert r2 < r7 < r14
    assert r7 < 0.95 * control                 # only partly recovered at day 7
    assert abs(r14 - control) <= 0.2 * control  # brief: within 20 % of control on day 14


@pytest.mark.slow
def test_forebrain_5ht_rises_further_with_desensitization(engine_runs):
    c = engine_runs["chronic"]
    t = np.asarray(c.time / DAY)
    pfc = c.concentrations_nM["PFC.5-HT"]
    # Chaput 1986; Le Poul 1995: after 2-3 weeks of an SSRI the 5-HT1A autoreceptors are
    # desensitized and DRN firing recovers, so forebrain 5-HT rises further than on day 1.
    # How much further, read in abstracts: "significantly greater" after 14 days of fluoxetine
    # (Rutter, Gundlah & Auerbach 1994 Neurosci Lett 171:183, diencephalon, no figure given);
    # citalopram 350 % after chronic treatment against 175 % in untreated rats (J Neurochem
    # 2001 76:1645, amygdala: a ratio of 2, the largest read); a fluoxetine challenge raised
    # 5-HT "similarly" in chronic and vehicle rats 24 h after the last dose (Invernizzi,
    # Bramante & Samanin, frontal cortex); the citalopram minipump calibration allows day 14 / day 2 of 0.7-1.4
    # (Ceglia 2004, tests/calibration/test_pools.py). Accepted: above day 1, at most 2x day 1.
    # (Until issue 26 this read "> 1.2x day 1", a margin no source gave.)
    ratio = np.interp(21, t, pfc) / np.interp(1, t, pfc)
    assert 1.0 < ratio <= 2.0, ratio


@pytest.mark.slow
def test_agonist_effect_reduced_after_chronic_treatment(engine_runs):
    """8-OH-DPAT dose-response on day 21 of citalopram vs naive (Chaput 1986; Le Poul 1995)."""
    from raphe.analysis.ephys import fit_ed50
    from raphe.circuits.pharmacology import Dose, Regimen
    from raphe.experiments.engine import simulate_subject

    c = engine_runs["chronic"]
    sens = c.state_at(21 * DAY)["sensitivity.5-HT1A_somatodendritic"]
    # doses bracket both ED50s: with the 5-HT1A receptor reserve of the operational model the
    # naive ED50 on these terms lies below 0.5 ug/kg (see tests/calibration/test_drn_autoreceptor.py)
    cum = np.array([0.0125, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0])
    shots = tuple(Dose("8-OH-DPAT", f"{d:g} ug/kg", route="iv", time=f"{2 * k} min")
                  for k, d in enumerate(np.diff(np.r_[0, cum])))
    times = (np.arange(len(cum)) * 2 + 1.5) * 60 * brian2.second
    common = dict(circuit=engine_runs["circuit"], times=times, settings=engine_runs["settings"],
                  surface=engine_runs["surface"])
    naive = simulate_subject(regimen=Regimen(shots), **common)
    adapted = simulate_subject(regimen=Regimen(shots), fixed_inputs={
        "sensitivity.5-HT1A_somatodendritic": sens}, **common)
    # on top of chronic citalopram the baseline is the day-21 firing without the agonist
    base_naive = engine_runs["vehicle"].rates_hz["DRN_5HT"][0]
    base_adapted = engine_runs["surface"].point({"sensitivity.5-HT1A_somatodendritic": sens})["rates_hz"]["DRN_5HT"]
    pn = 100 * naive.rates_hz["DRN_5HT"] / base_naive
    pa = 100 * adapted.rates_hz["DRN_5HT"] / base_adapted
    assert np.all(pa >= pn - 1)
    ed_n, ed_a = fit_ed50(cum, pn).ed50, fit_ed50(cum, pa).ed50
    assert ed_a > 1.5 * ed_n, (ed_n, ed_a)   # right shift of the agonist curve


@pytest.mark.slow
def test_creb_bdnf_unchanged_after_one_dose_raised_after_weeks(engine_runs):
    s, c = engine_runs["single"], engine_runs["chronic"]
    # Nibuya 1995/1996: chronic (14-21 d), not acute, treatment raises CREB and BDNF;
    # brief: a single dose leaves them within 10 %
    for k in ("CREB", "BDNF"):
        assert np.max(np.abs(s.state[k] - 1.0)) < 0.10, k
        for day in (14, 21):
            assert c.state_at(day * DAY)[k] > 1.10, (k, day)


# ---------------------------------------------------------------- slow: protocol end to end


@pytest.mark.slow
def test_chronic_protocol_end_to_end(tmp_path):
    from raphe.experiments import cli

    out = tmp_path / "chronic.h5"
    rc = cli.main(["run", "chronic-ssri", "--out", str(out), "--subjects", "1", "--seed", "7",
                   "--set", "circuit.scale=0.25", "--set", "circuit.seed=5",
                   "--set", "chronic.duration=21 day", "--set", "chronic.units_per_day=4",
                   "--set", "chronic.agonist_challenge.cumulative_doses=['1 ug/kg', '4 ug/kg']",
                   "--quiet"])
    assert rc == 0
    assert out.with_suffix(".png").exists()
    with h5py.File(out, "r") as h5:
        assert h5.attrs["complete"]
        s = h5["summary/chronic/citalopram-20"]
        assert list(s["day"][()]) == [2, 7, 14, 21]
        for key in ("firing_percent_control_mean", "PFC_5HT_percent_control_mean", "CREB_mean",
                    "BDNF_mean", "sensitivity_5HT1A_auto_mean"):
            assert np.all(np.isfinite(s[key][()])), key
        assert s["firing_n"][()].tolist() == [4, 4, 4, 4]
        assert s["sensitivity_5HT1A_auto_mean"][-1] < 0.6
        assert "ed50" in s["agonist_challenge"].attrs
        assert "PFC.5-HT_percent_mean" in s["ssri_challenge"]
        assert h5["summary/chronic"].attrs["alpha2_hypothesis"] == False  # noqa: E712
        v = h5["summary/chronic/vehicle"]
        assert np.allclose(v["firing_percent_control_mean"][()], 100)


@pytest.mark.slow
def test_engine_stats_count_every_window_with_two_processes(tmp_path):
    """``--jobs 2``: the windows run by the helper process and by the agonist challenge's surface
    are counted; their sum over subjects is the number of windows in the (empty) cache after the run."""
    from raphe.experiments import cli
    from raphe.experiments.engine import fresh_surface_cache

    cache = fresh_surface_cache(tmp_path / "cache")
    out = tmp_path / "chronic.h5"
    rc = cli.main(["run", "chronic-ssri", "--out", str(out), "--subjects", "1", "--seed", "7",
                   "--set", "circuit.scale=0.25", "--set", "circuit.seed=5",
                   "--set", "chronic.duration=2 day", "--set", "chronic.recording_days=[1, 2]",
                   "--set", "chronic.agonist_challenge.day=2", "--set", "chronic.ssri_challenge.enabled=false",
                   "--set", "chronic.agonist_challenge.cumulative_doses=['0.5 ug/kg', '4 ug/kg']",
                   "--jobs", "2", "--cache-dir", str(cache), "--no-plot", "--quiet"])
    assert rc == 0
    on_disk = [p for p in (tmp_path / "cache" / "surface").glob("*/*.json") if not p.stem.endswith("-spikes")]
    with h5py.File(out, "r") as h5:
        counted = sum(int(h5[f"subjects/{s}/engine_stats"].attrs["windows_run"]) for s in h5["subjects"])
    assert counted == len(on_disk) > 0
