"""Calibration of the PK layer against published figures (literature.md section 5).

Each assertion cites its source and tolerance; none copies the model's output.
Measured values are printed by ``python3 -m pytest tests/test_pharmacology_calibration.py -q -s``.
"""

from __future__ import annotations

import time

import brian2
import numpy as np
import pytest
from scipy.linalg import expm

from raphe.circuits.pharmacology import DRUGS, Dose, Regimen, simulate_pk

hour = 3600 * brian2.second


def grid(hours, per_hour=12, start=0.0):
    return np.linspace(start, hours, int((hours - start) * per_hour) + 1) * hour


def terminal_half_life(t_h, c, t0, t1):
    """Half-life (h) of a log-linear fit of ``c`` between ``t0`` and ``t1`` hours."""
    sl = (t_h >= t0) & (t_h <= t1)
    slope = np.polyfit(t_h[sl], np.log(c[sl]), 1)[0]
    return np.log(2) / -slope


# --------------------------------------------------------------------------- human sertraline
@pytest.fixture(scope="module")
def human_single():
    t = grid(240, per_hour=10)
    return t / hour, simulate_pk(Dose("sertraline", "50 mg", route="po"), species="human", times=t)


@pytest.fixture(scope="module")
def human_chronic():
    t = grid(28 * 24, per_hour=10)
    reg = Dose("sertraline", "50 mg", route="po", every="24 h", count=28)
    return t / hour, simulate_pk(reg, species="human", times=t)


def test_human_sertraline_half_life(human_single):
    t, res = human_single
    t_half = terminal_half_life(t, res.plasma_ng_per_ml["sertraline"], 72, 240)
    print(f"human sertraline t1/2 = {t_half:.1f} h")
    assert 22 <= t_half <= 36  # DeVane 2002 Clin Pharmacokinet 41:1247: t1/2 22-36 h


def test_human_sertraline_single_dose_tmax_cmax(human_single):
    t, res = human_single
    p = res.plasma_ng_per_ml["sertraline"]
    tmax, cmax = t[np.argmax(p)], p.max()
    print(f"human sertraline 50 mg: Tmax {tmax:.1f} h, Cmax {cmax:.1f} ng/mL")
    assert 4.5 <= tmax <= 8.4   # DeVane 2002: Tmax 4.5-8.4 h
    assert 7 <= cmax <= 14      # DeVane 2002: single 50 mg Cmax ~10 ng/mL (tolerance +-40 %)


def test_human_sertraline_steady_state_and_accumulation(human_chronic):
    t, res = human_chronic
    p = res.plasma_ng_per_ml["sertraline"]

    def interval(day):
        return (t >= 24 * day) & (t < 24 * (day + 1))

    trough_ss = p[interval(27)].min()
    trough_7 = p[interval(7)].min()
    accumulation = p[interval(27)].mean() / p[interval(0)].mean()  # AUC_tau,ss / AUC_tau,1
    print(f"day-7 trough {trough_7:.2f} vs steady {trough_ss:.2f} ng/mL; "
          f"accumulation {accumulation:.2f}")
    assert trough_7 >= 0.9 * trough_ss   # DeVane 2002: steady state in about one week
    assert 1.7 <= accumulation <= 2.3    # DeVane 2002: ~2-fold accumulation (issue: 1.7-2.3x)


def test_human_sertraline_sert_occupancy(human_chronic):
    t, res = human_chronic
    sl = t >= 27 * 24
    occ = res.occupancy["SERT"][sl]
    print(f"steady-state SERT occupancy {100 * occ.min():.1f}-{100 * occ.max():.1f} %, "
          f"mean {100 * occ.mean():.1f} %")
    # Meyer 2001 Am J Psychiatry 158:1843: ~80 % at minimum effective doses (issue: 75-85 %)
    assert 0.75 <= occ.mean() <= 0.85
    assert occ.min() >= 0.70 and occ.max() <= 0.90


def test_human_sertraline_plasma_for_80_percent():
    # Kreilgaard 2008 Br J Pharmacol 155:276: 20-48 ng/mL plasma for 80 % SERT occupancy.
    drug = DRUGS.get("sertraline")
    pk = drug.pk["human"]
    free_80 = 4 * float(drug.ki("SERT") / brian2.nmolar)  # occ = C/(C+Ki) = 0.8
    plasma_nM = free_80 / (pk.fu * pk.kp_uu)
    plasma_ng = plasma_nM * float(drug.mw_base / (brian2.gram / brian2.mole)) / 1000
    print(f"plasma for 80 % SERT occupancy (sertraline alone): {plasma_ng:.1f} ng/mL")
    assert 20 <= plasma_ng <= 48


# --------------------------------------------------------------------------- rat PK
def test_rat_fluvoxamine_follows_geldof_2007():
    """Plasma after a 10-min i.v. infusion equals the published 3-compartment model.

    Geldof 2007 Eur J Pharm Sci 30:45, per 240 g rat: CL 31.6 mL/min, V1 321 mL,
    V2 949 mL, Q2 33.7 mL/min, V3 136 mL, Q3 1.0 mL/min (literature.md 5),
    solved here independently in mL and minutes.
    """
    cl, v1, v2, q2, v3, q3 = 31.6, 321.0, 949.0, 33.7, 136.0, 1.0
    a = np.array([[-(cl + q2 + q3) / v1, q2 / v2, q3 / v3],
                  [q2 / v1, -q2 / v2, 0.0],
                  [q3 / v1, 0.0, -q3 / v3]])
    dose_mg_per_kg, bw, inf_min = 3.7, 0.240, 10.0
    mw = float(DRUGS.get("fluvoxamine").mw_base / (brian2.gram / brian2.mole))
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
        ref.append(x[0] / v1)  # ng/mL
    res = simulate_pk(Dose("fluvoxamine", f"{dose_mg_per_kg} mg/kg", route="iv_infusion",
                           duration="10 min"), species="rat", body_weight=bw * brian2.kgram,
                      times=t_min * 60 * brian2.second)
    got = res.plasma_ng_per_ml["fluvoxamine"]
    np.testing.assert_allclose(got, ref, rtol=1e-6)
    np.testing.assert_allclose(res.plasma_nM["fluvoxamine"], np.array(ref) / mw * 1000, rtol=1e-6)


def test_rat_citalopram_half_life():
    t = grid(24)
    res = simulate_pk(Dose("citalopram", "10 mg/kg", route="iv"), times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["citalopram"], 4, 20)
    print(f"rat citalopram t1/2 = {t_half:.2f} h")
    assert 2.5 <= t_half <= 3.5  # PMID 6959194: t1/2 ~3 h in rat (tolerance +-0.5 h)


def test_rat_fluoxetine_and_norfluoxetine_half_lives():
    t = grid(120, per_hour=4)
    res = simulate_pk(Dose("fluoxetine", "10 mg/kg", route="ip"), times=t)
    th = t / hour
    t_flx = terminal_half_life(th, res.plasma_ng_per_ml["fluoxetine"], 6, 24)
    t_nor = terminal_half_life(th, res.plasma_ng_per_ml["norfluoxetine"], 60, 120)
    print(f"rat fluoxetine t1/2 {t_flx:.2f} h, norfluoxetine {t_nor:.1f} h")
    assert 4 <= t_flx <= 6     # Caccia 1990: fluoxetine ~5 h
    assert 12 <= t_nor <= 18   # Caccia 1990: norfluoxetine ~15 h


# --------------------------------------------------------------------------- circuit targets (rat)
def test_citalopram_2_5_mg_per_kg_ip_sert_occupancy():
    res = simulate_pk(Dose("citalopram", "2.5 mg/kg", route="ip"), times=grid(8, 60))
    peak = res.occupancy["SERT"].max()
    print(f"citalopram 2.5 mg/kg i.p.: peak SERT occupancy {100 * peak:.1f} %")
    # circuit calibration: 2.5 mg/kg i.p. raises dialysate 5-HT 245-280 % (Eur J Pharmacol 1999
    # 364:147), which the circuit reaches at ~85-97 % SERT occupancy (issue brief)
    assert 0.85 <= peak <= 0.97


def test_sertraline_10_mg_per_kg_ip_occupancies():
    res = simulate_pk(Dose("sertraline", "10 mg/kg", route="ip"), times=grid(8, 60))
    sert, dat, net = (res.occupancy[k].max() for k in ("SERT", "DAT", "NET"))
    print(f"sertraline 10 mg/kg i.p.: SERT {100 * sert:.1f} %, DAT {100 * dat:.1f} %, "
          f"NET {100 * net:.1f} %")
    assert sert >= 0.95             # near-complete SERT block (issue brief)
    assert 0.20 <= dat <= 0.60      # DAT Ki 25 nM; NAc/striatal DA rises (Kitaichi 2010)
    assert net <= 0.10              # NET Ki 420 nM: small


@pytest.mark.parametrize("dose", ["0.1 mg/kg", "1 mg/kg"])
def test_way100635_competitor_term(dose):
    t = grid(3, 60)
    res = simulate_pk(Dose("WAY-100635", dose, route="sc"), times=t)
    c = res.fast_inputs["competitor.5-HT1A"]
    at_1h = np.interp(1.0, t / hour, c)
    print(f"WAY-100635 {dose} s.c.: competitor peak {c.max():.1f}, at 1 h {at_1h:.1f}")
    assert at_1h > 10  # >> 1 for an hour or so (issue brief; acts centrally at 3-10 ug/kg [R])
    assert np.all(res.fast_inputs["agonist.5-HT1A"] == 0)  # silent antagonist


@pytest.mark.parametrize("dose", ["0.25 ug/kg", "1 ug/kg", "2 ug/kg"])
def test_8ohdpat_agonist_term(dose):
    res = simulate_pk(Dose("8-OH-DPAT", dose, route="iv"), times=grid(1, 600))
    a = res.fast_inputs["agonist.5-HT1A"].max()
    print(f"8-OH-DPAT {dose} i.v.: peak agonist term {a:.2f}")
    # 0.25-2 ug/kg i.v. silences DRN 5-HT neurons (Martin-Ruiz 2001): agonist term order 1-10
    assert 0.3 <= a <= 10
    assert np.all(res.fast_inputs["competitor.5-HT1A"] == 0)  # full agonist


def test_8ohdpat_plasma_half_life():
    t = grid(12)
    res = simulate_pk(Dose("8-OH-DPAT", "1 ug/kg", route="iv"), times=t)
    t_half = terminal_half_life(t / hour, res.plasma_ng_per_ml["8-OH-DPAT"], 3, 12)
    print(f"8-OH-DPAT plasma t1/2 {t_half:.2f} h")
    assert 1.2 <= t_half <= 1.8  # literature.md 5: plasma t1/2 ~1.5 h i.v.


# --------------------------------------------------------------------------- speed
def test_28_day_daily_regimen_is_fast():
    reg = Regimen((Dose("sertraline", "10 mg/kg", route="ip", every="24 h", count=28),
                   Dose("fluoxetine", "10 mg/kg", route="ip", every="24 h", count=28)))
    t = grid(28 * 24, per_hour=4)
    simulate_pk(reg, times=t)  # warm-up (imports, caches)
    start = time.perf_counter()
    simulate_pk(reg, times=t)
    elapsed = time.perf_counter() - start
    print(f"28-day daily regimen, 2 drugs, {len(t)} points: {1000 * elapsed:.1f} ms")
    assert elapsed < 1.0  # issue: "well under a second" (measured ~20-40 ms; generous bound)
