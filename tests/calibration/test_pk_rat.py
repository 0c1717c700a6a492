"""Calibration of the rat PK and in-vivo potency records against the figures they were
fitted to.

Every test names the parameter it fixes and says whether it is near-tautological.
The circuit-level calibrations (dialysate 5-HT after citalopram 2.5 mg/kg i.p., the
citalopram i.v. ED50, 8-OH-DPAT silencing) live with the circuit tests.
"""

from __future__ import annotations

import brian2
import numpy as np
import pytest
from scipy.linalg import expm

from raphe.circuits.pharmacology import DRUGS, Dose, simulate_pk

hour = 3600 * brian2.second
minute = 60 * brian2.second


def grid(hours, per_hour=12, start=0.0):
    return np.linspace(start, hours, int((hours - start) * per_hour) + 1) * hour


def terminal_half_life(t_h, c, t0, t1):
    sl = (t_h >= t0) & (t_h <= t1)
    slope = np.polyfit(t_h[sl], np.log(c[sl]), 1)[0]
    return np.log(2) / -slope


# --------------------------------------------------------------------------- fluvoxamine
def test_fluvoxamine_plasma_follows_geldof_2007():
    """Fixes the plasma compartments (an identity: the record holds Geldof's parameters).

    Geldof et al. 2007 Eur J Pharm Sci 30:45, per 240 g rat: CL 31.6 mL/min, V1 321 mL,
    V2 949 mL, Q2 33.7 mL/min, V3 136 mL, Q3 1.0 mL/min, solved here independently.
    """
    cl, v1, v2, q2, v3, q3 = 31.6, 321.0, 949.0, 33.7, 136.0, 1.0
    a = np.array([[-(cl + q2 + q3) / v1, q2 / v2, q3 / v3],
                  [q2 / v1, -q2 / v2, 0.0],
                  [q3 / v1, 0.0, -q3 / v3]])
    dose_mg_per_kg, bw, inf_min = 3.7, 0.240, 10.0
    rate = dose_mg_per_kg * bw * 1e6 / inf_min  # ng/min
    t_min = np.array([2, 5, 10, 15, 30, 60, 120, 240, 480.0])
    ref = []
    for tm in t_min:
        aug = np.zeros((4, 4))
        aug[:3, :3] = a
        aug[0, 3] = rate
        x = expm(aug * min(tm, inf_min))[:3, 3]
        if tm > inf_min:
            x = expm(a * (tm - inf_min)) @ x
        ref.append(x[0] / v1)
    res = simulate_pk(Dose("fluvoxamine", f"{dose_mg_per_kg} mg/kg", route="iv_infusion",
                           duration="10 min"), species="rat", body_weight=bw * brian2.kgram,
                      times=t_min * minute)
    np.testing.assert_allclose(res.plasma_ng_per_ml["fluvoxamine"], ref, rtol=1e-6)


def test_fluvoxamine_brain_ecf_to_plasma_ratio():
    """Fixes fu x Kp,uu (tautological: set to the ratio of Geldof 2008's ECF and plasma EC50s,
    0.22/0.48 = 0.46, Br J Pharmacol 154:1369)."""
    res = simulate_pk(Dose("fluvoxamine", "10 mg/kg/day", route="minipump", duration="3 days"),
                      times=np.array([48.0]) * hour)
    ecf_ng = res.brain_free_nM["fluvoxamine"][0] * 318.33 / 1e3
    ratio = ecf_ng / res.plasma_ng_per_ml["fluvoxamine"][0]
    assert 0.40 <= ratio <= 0.52


def test_fluvoxamine_occupancy_time_course_geldof_2008():
    """Fixes the in-vivo SERT Ki (0.69 nM, ECF EC50) and the brain half-time (3 min).

    Not tautological for the time course: Geldof 2008 report occupancy maximal at the first
    sample (10-15 min) after a 30-min i.v. infusion, held for ~1.5 h after 1 mg/kg and ~7 h
    after 7.3 mg/kg, then falling ~8 %/h; the model combines Geldof 2007's plasma model
    with the 2008 EC50. Tolerances: maximum (>= 90 % of the model's own peak, Bmax 95 %
    not modelled) by 15 min; still >= 85 % at 1 h (1 mg/kg) and at 6 h (7.3 mg/kg); below
    that by 4 h (1 mg/kg) and 12 h (7.3 mg/kg).
    """
    t = np.linspace(0, 14, 14 * 60 + 1) * hour
    th = t / hour
    for dose, held, gone in ((1.0, 1.0, 4.0), (7.3, 6.0, 12.0)):
        res = simulate_pk(Dose("fluvoxamine", f"{dose} mg/kg", route="iv_infusion",
                               duration="30 min"), times=t)
        occ = res.occupancy["SERT"]
        assert occ[np.searchsorted(th, 0.25)] >= 0.9 * occ.max(), dose
        assert occ[np.searchsorted(th, held)] >= 0.85, dose
        assert occ[np.searchsorted(th, gone)] < 0.85, dose


# --------------------------------------------------------------------------- citalopram
def test_citalopram_half_life():
    """Fixes CL with the volumes (near-tautological: Vss = CL t1/2 / ln2 with 3 h)."""
    t = grid(24)
    res = simulate_pk(Dose("citalopram", "10 mg/kg", route="iv"), times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["citalopram"], 4, 20)
    assert 2.5 <= t_half <= 3.5  # PMID 6959194: t1/2 ~3 h (+-0.5 h)


def test_citalopram_2_5_mg_per_kg_ip_sert_occupancy():
    """Fixes rat citalopram Kp,uu (near-tautological: fitted for ~95 % peak occupancy, at which
    the circuit gives the 245-280 % dialysate rise of Eur J Pharmacol 1999 364:147)."""
    res = simulate_pk(Dose("citalopram", "2.5 mg/kg", route="ip", salt=True), times=grid(8, 60))
    assert 0.85 <= res.occupancy["SERT"].max() <= 0.97  # the hydrobromide, as dosed


# --------------------------------------------------------------------------- fluoxetine
def test_fluoxetine_and_norfluoxetine():
    """Fixes fluoxetine CL (with V), norfluoxetine CL and the formation fraction (all three
    near-tautological: solved from Caccia et al. 1990 Psychopharmacology 100:509: t1/2 ~5 h
    and ~15 h, AUC norfluoxetine/fluoxetine ~2.5 after i.v.)."""
    t = grid(150, per_hour=4)
    res = simulate_pk(Dose("fluoxetine", "5 mg/kg", route="iv"), times=t)
    th = t / hour
    assert 4 <= terminal_half_life(th, res.plasma_ng_per_ml["fluoxetine"], 6, 24) <= 6
    assert 12 <= terminal_half_life(th, res.plasma_ng_per_ml["norfluoxetine"], 80, 150) <= 18
    auc = lambda c: np.sum(0.5 * (c[1:] + c[:-1]) * np.diff(th))  # noqa: E731
    ratio = auc(res.plasma_nM["norfluoxetine"]) / auc(res.plasma_nM["fluoxetine"])
    assert 2.0 <= ratio <= 3.0


# --------------------------------------------------------------------------- sertraline
def test_sertraline_10_mg_per_kg_ip_occupancies():
    """Constrains the rat sertraline priors (not tautological, but a design constraint rather
    than a measurement: near-complete SERT block and partial DAT occupancy at the common acute
    dose, so NAc/striatal DA rises, Kitaichi et al. 2010 Eur J Pharmacol)."""
    res = simulate_pk(Dose("sertraline", "10 mg/kg", route="ip", salt=True), times=grid(8, 60))
    assert res.occupancy["SERT"].max() >= 0.95
    assert 0.20 <= res.occupancy["DAT"].max() <= 0.60
    assert res.occupancy["NET"].max() <= 0.10


# --------------------------------------------------------------------------- 5-HT1A tools
@pytest.mark.parametrize("dose", ["0.1 mg/kg", "1 mg/kg"])
def test_way100635_competitor_term(dose):
    """Fixes WAY-100635 clearance and volumes (fitted: competitor term >> 1 for about an hour
    after 0.1-1 mg/kg s.c.; acts centrally at 3-10 ug/kg, Martin-Ruiz et al. 2001)."""
    t = grid(3, 60)
    res = simulate_pk(Dose("WAY-100635", dose, route="sc", salt=True), times=t)  # the maleate
    c = res.fast_inputs["competitor.5-HT1A"]
    assert np.interp(1.0, t / hour, c) > 10
    assert np.all(res.fast_inputs["agonist.5-HT1A"] == 0)  # silent antagonist


@pytest.mark.parametrize("dose", ["0.25 ug/kg", "1 ug/kg", "2 ug/kg"])
def test_8ohdpat_agonist_term(dose):
    """Order of the 8-OH-DPAT agonist term with the sourced plasma PK (Xenobiotica 1995
    25:1371) and the functional KA (fitted in tests/calibration/test_drn_autoreceptor.py to
    Martin-Ruiz et al. 2001 J Neurosci 21:9856): single i.v. doses of 0.25-2 ug/kg give terms
    of 0.02-2, the range over which the autoreceptor goes from half-inhibition of firing
    (term ~0.05) to silence."""
    res = simulate_pk(Dose("8-OH-DPAT", dose, route="iv", salt=True), times=grid(1, 600))  # HBr
    assert 0.02 <= res.fast_inputs["agonist.5-HT1A"].max() <= 2
    assert np.all(res.fast_inputs["competitor.5-HT1A"] == 0)


def test_8ohdpat_plasma_half_life():
    """8-OH-DPAT plasma CL and V per rat from Xenobiotica 1995 25:1371 (kelim = CL/V; a check of
    the per-kg conversion, near-tautological)."""
    t = grid(12)
    res = simulate_pk(Dose("8-OH-DPAT", "1 ug/kg", route="iv"), times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["8-OH-DPAT"], 3, 12)
    assert 1.2 <= t_half <= 1.8  # Xenobiotica 1995 25:1371: i.v. terminal t1/2 1.56 h


def test_ssri_brain_equilibrates_within_minutes():
    """Fixes each SSRI's rat brain half-time (tautological: 1-5 min was chosen from the DRN
    single-unit onset, Chaput et al. 1986; Hajos et al. 1995; and Geldof et al. 2008)."""
    for name in ("sertraline", "paroxetine", "fluoxetine", "citalopram", "escitalopram",
                 "fluvoxamine"):
        pk = DRUGS.get(name).pk["rat"]
        assert 1 <= float(pk.brain_half_time / minute) <= 5, name
