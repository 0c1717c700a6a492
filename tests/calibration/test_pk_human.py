"""Calibration of the human PK records against the figures they were fitted to.

Every test names the parameter it fixes and says whether it is near-tautological
(the parameter was solved from the very number the test checks). These are not
evidence that the model is right off its calibration points; that is what
``tests/validation/`` and ``raphe validate`` are for.
"""

from __future__ import annotations

import brian2
import numpy as np
import pytest

from raphe.circuits.pharmacology import Dose, simulate_pk

hour = 3600 * brian2.second


def grid(hours, per_hour=10, start=0.0):
    return np.linspace(start, hours, int((hours - start) * per_hour) + 1) * hour


def terminal_half_life(t_h, c, t0, t1):
    """Half-life (h) of a log-linear fit of ``c`` between ``t0`` and ``t1`` hours."""
    sl = (t_h >= t0) & (t_h <= t1)
    slope = np.polyfit(t_h[sl], np.log(c[sl]), 1)[0]
    return np.log(2) / -slope


def steady_state(drug, dose, days=28, per_hour=10):
    t = grid(days * 24, per_hour=per_hour)
    res = simulate_pk(Dose(drug, dose, route="po", every="24 h", count=days), species="human",
                      times=t)
    return t / hour, res


def last_interval(t, days=28):
    return t >= 24 * (days - 1)


# --------------------------------------------------------------------------- sertraline
@pytest.fixture(scope="module")
def sertraline_single():
    t = grid(240)
    return t / hour, simulate_pk(Dose("sertraline", "50 mg", route="po"), species="human", times=t)


@pytest.fixture(scope="module")
def sertraline_chronic():
    return steady_state("sertraline", "50 mg")


def test_sertraline_half_life(sertraline_single):
    """Fixes CL/V (near-tautological: CL was set as V ln2 / 25 h)."""
    t, res = sertraline_single
    t_half = terminal_half_life(t, res.plasma_ng_per_ml["sertraline"], 72, 240)
    assert 22 <= t_half <= 36  # DeVane 2002 Clin Pharmacokinet 41:1247: t1/2 22-36 h


def test_sertraline_single_dose_tmax_cmax(sertraline_single):
    """Fixes ka, F and V (V was fitted to Cmax: near-tautological for Cmax)."""
    t, res = sertraline_single
    p = res.plasma_ng_per_ml["sertraline"]
    assert 4.5 <= t[np.argmax(p)] <= 8.4   # Zoloft label: Tmax 4.5-8.4 h
    assert 7 <= p.max() <= 14              # single 50 mg: Cmax ~10 ng/mL (+-40 %)


def test_sertraline_accumulation(sertraline_chronic):
    """Follows from the half-life (tautological given the t1/2 calibration)."""
    t, res = sertraline_chronic
    p = res.plasma_ng_per_ml["sertraline"]
    acc = p[last_interval(t)].mean() / p[t < 24].mean()
    trough_7 = p[(t >= 24 * 7) & (t < 24 * 8)].min()
    assert trough_7 >= 0.9 * p[last_interval(t)].min()  # steady state in about a week (label)
    assert 1.7 <= acc <= 2.3                             # ~2-fold accumulation (label)


# Sertraline's SERT occupancy (in-vivo Ki from the PET EC50 of Parsey et al. 2006) is
# calibrated in tests/calibration/test_pet_human.py.


def test_desmethylsertraline_half_life():
    """Fixes the metabolite's CL/V (tautological: CL = V ln2 / 69 h)."""
    t = grid(600, per_hour=2)
    res = simulate_pk(Dose("sertraline", "50 mg", route="po"), species="human", times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["desmethylsertraline"], 400, 600)
    assert 62 <= t_half <= 104  # Zoloft label: 62-104 h


# --------------------------------------------------------------------------- other SSRIs
def test_paroxetine_steady_state_level():
    """Fixes human paroxetine CL (tautological: CL/F was solved from this level).

    Pharmacopsychiatry 2004 37:123: 20 mg/day, median 24 ng/mL (range 4-358, n = 40);
    tolerance +-1/3 of the median (the calibration is to the median, not the range).
    """
    t, res = steady_state("paroxetine", "20 mg")
    mean = res.plasma_ng_per_ml["paroxetine"][last_interval(t)].mean()
    assert 16 <= mean <= 32


def test_paroxetine_half_life():
    """Fixes V (tautological: V = CL t1/2 / ln2 with 21 h)."""
    t = grid(240)
    res = simulate_pk(Dose("paroxetine", "20 mg", route="po"), species="human", times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["paroxetine"], 48, 200)
    assert 16 <= t_half <= 28  # Kaye et al. 1989: about one day; label 21 h (CV 32 %)


def test_citalopram_half_life_and_metabolite_ratio():
    """Fixes citalopram CL and volumes (near-tautological: the paper's own CL and V) and the
    desmethylcitalopram CL/formation (tautological: set from the steady-state ratio)."""
    t = grid(240)
    res = simulate_pk(Dose("citalopram", "20 mg", route="po"), species="human", times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["citalopram"], 72, 200)
    assert 28 <= t_half <= 40  # Acta Pharmacol Toxicol 1981 48:53: 33 h
    t, ss = steady_state("citalopram", "20 mg")
    sl = last_interval(t)
    ratio = ss.plasma_nM["desmethylcitalopram"][sl].mean() / ss.plasma_nM["citalopram"][sl].mean()
    assert 0.4 <= ratio <= 0.8  # 'roughly half' (1981); parent/metabolite 1.7 in patients


def test_escitalopram_half_life_and_tmax():
    """Fixes V and ka (near-tautological: V chosen inside the paper's range)."""
    t = grid(240)
    res = simulate_pk(Dose("escitalopram", "10 mg", route="po"), species="human", times=t)
    p = res.plasma_ng_per_ml["escitalopram"]
    assert 27 <= terminal_half_life(t / hour, p, 72, 200) <= 33  # Sogaard 2005 J Clin Pharmacol 45:1400
    assert 2.5 <= (t / hour)[np.argmax(p)] <= 4.5                 # Tmax 3-4 h


def test_fluvoxamine_half_life():
    """Fixes CL (tautological: CL = V ln2 / 17.5 h)."""
    t = grid(150)
    res = simulate_pk(Dose("fluvoxamine", "100 mg", route="po"), species="human", times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["fluvoxamine"], 48, 150)
    assert 15 <= t_half <= 20  # Perucca et al. 1994 Clin Pharmacokinet 27:175


def test_fluoxetine_steady_state_on_40_mg():
    """Fixes fluoxetine CL/F and norfluoxetine CL (near-tautological: both set from the label's
    mid-range steady state; the label's ranges are the tolerance)."""
    t, res = steady_state("fluoxetine", "40 mg", days=60, per_hour=2)
    sl = t >= 24 * 29
    sl &= t < 24 * 30
    flx = res.plasma_ng_per_ml["fluoxetine"][sl].mean()
    nor = res.plasma_ng_per_ml["norfluoxetine"][sl].mean()
    assert 91 <= flx <= 302   # Prozac label: 40 mg/day for 30 days
    assert 72 <= nor <= 258


@pytest.mark.parametrize("drug,dose,lo,hi,source", [
    ("citalopram", "20 mg", 2, 4, "Acta Pharmacol Toxicol 1981 48:53: 2-4 h"),
    ("paroxetine", "20 mg", 4, 7, "Paxil label: ~5.2 h"),
    ("fluoxetine", "20 mg", 6, 8, "Prozac label: 6-8 h"),
    ("fluvoxamine", "100 mg", 2, 8, "Perucca et al. 1994: 2-8 h"),
])
def test_oral_tmax(drug, dose, lo, hi, source):
    """Fixes each oral ka (near-tautological: ka was chosen for this Tmax)."""
    t = grid(24, per_hour=20)
    res = simulate_pk(Dose(drug, dose, route="po"), species="human", times=t)
    assert lo <= (t / hour)[np.argmax(res.plasma_ng_per_ml[drug])] <= hi, source
