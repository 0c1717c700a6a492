"""The probe model against literature figures, and cohort seeding."""

from __future__ import annotations

import brian2
import numpy as np
import pytest

from raphe.experiments import cohort
from raphe.experiments import microdialysis as md

MIN = 60 * brian2.second
UL_MIN = brian2.uliter / MIN
FMOL = 1e-15 * brian2.mole


def test_recovery_reproduces_in_vivo_figures():
    # 5-HT 39 +- 12 % at 0.3 uL/min (Yang 2013, mice): the reference probe within 1 SD
    r5 = md.relative_recovery("5-HT", 2 * brian2.mmeter, 0.3 * UL_MIN)
    assert abs(r5 - 0.39) <= 0.12
    # DA 65 +- 5 % (Parsons & Justice 1992)
    rda = md.relative_recovery("DA", 2 * brian2.mmeter, 0.3 * UL_MIN)
    assert abs(rda - 0.65) <= 0.05


def test_recovery_falls_with_flow_rises_with_length():
    flows = [0.1, 0.3, 1.0, 2.0]
    r = [md.relative_recovery("5-HT", 2 * brian2.mmeter, f * UL_MIN) for f in flows]
    assert all(a > b for a, b in zip(r, r[1:]))
    assert md.relative_recovery("5-HT", 4 * brian2.mmeter, UL_MIN) > md.relative_recovery(
        "5-HT", 2 * brian2.mmeter, UL_MIN)
    # 1 - exp(-kL/F): at 1 uL/min a 2 mm probe recovers ~10-20 % of 5-HT (typical in vivo)
    assert 0.08 < r[2] < 0.25
    assert 0 < r[-1] < r[0] < 1


def _probe(**kw):
    args = dict(region="NAc", membrane_length=2 * brian2.mmeter, flow=1.0 * UL_MIN,
                dead_volume=7.0 * brian2.uliter, lod=0.8 * FMOL, assay_cv=0.0,
                recovery={"5-HT": 0.2})
    args.update(kw)
    return md.Probe(**args)


def test_transit_delay_shifts_a_step():
    # 7 uL at 1 uL/min: a step at t=0 shows up 7 min later (7 min online system, Yang 2013)
    probe = _probe()
    assert float(probe.delay / MIN) == pytest.approx(7.0)
    t = np.linspace(-100, 200, 3001) * MIN
    c = np.where(np.asarray(t / MIN) >= 0, 10.0, 1.0)
    start, end = md.sample_schedule(60 * MIN, 120 * MIN, 1 * MIN)
    s = md.collect(t, c, probe, "5-HT", start, end, np.random.default_rng(0))
    mid = s.time_min
    # 1-min vials: amount = flow * R * C * 1 min
    jump = mid[np.argmax(s.true_fmol > 1.0)]
    assert 6.5 <= jump <= 8.0
    assert s.true_fmol[0] == pytest.approx(1.0 * 0.2 * 1.0)


def test_amount_and_volume():
    probe = _probe(dead_volume=0 * brian2.uliter)
    t = np.array([-200.0, 300.0]) * MIN
    start, end = md.sample_schedule(60 * MIN, 240 * MIN, 20 * MIN)
    s = md.collect(t, np.array([0.83, 0.83]), probe, "5-HT", start, end, np.random.default_rng(0))
    assert len(s.true_fmol) == 15 and s.volume_ul == pytest.approx(20.0)
    # 0.83 nM (Yang 2013 basal) * 20 % * 20 uL = 3.32 fmol per sample
    np.testing.assert_allclose(s.true_fmol, 3.32, rtol=1e-9)
    np.testing.assert_allclose(s.time_min[:3], [-50, -30, -10])


def test_lod_flags_and_excludes():
    probe = _probe(dead_volume=0 * brian2.uliter, assay_cv=0.05)
    t = np.array([-200.0, 300.0]) * MIN
    start, end = md.sample_schedule(60 * MIN, 240 * MIN, 20 * MIN)
    # 0.1 nM * 0.2 * 20 uL = 0.4 fmol: below the 0.8 fmol LOD (Yang 2013)
    low = md.collect(t, np.array([0.1, 0.1]), probe, "5-HT", start, end, np.random.default_rng(1))
    assert low.below_lod.mean() > 0.9
    pb = md.percent_of_baseline(low.time_min, low.measured_fmol, low.below_lod)
    assert pb.n_excluded == int(low.below_lod.sum())
    assert np.all(np.isnan(pb.percent[low.below_lod]))
    high = md.collect(t, np.array([5.0, 5.0]), probe, "5-HT", start, end, np.random.default_rng(1))
    assert not high.below_lod.any()
    # assay noise: CV 5 % plus LOD/3 SD
    rel = high.measured_fmol / high.true_fmol - 1
    assert 0.01 < rel.std() < 0.12


def test_percent_baseline_last_three():
    time = np.array([-70, -50, -30, -10, 10, 30.0])
    amounts = np.array([100.0, 2, 2, 2, 4, 6])
    pb = md.percent_of_baseline(time, amounts, np.zeros(6, bool), n_baseline=3)
    assert pb.baseline_fmol == 2.0 and pb.baseline_n == 3
    np.testing.assert_allclose(pb.percent[-2:], [200, 300])
    below = np.array([False, False, True, False, False, False])
    pb2 = md.percent_of_baseline(time, amounts, below, n_baseline=3)
    assert pb2.baseline_n == 3 and pb2.baseline_fmol == pytest.approx((100 + 2 + 2) / 3)
    none = md.percent_of_baseline(time, amounts, np.ones(6, bool))
    assert np.isnan(none.baseline_fmol) and not none.valid.any()


def test_collect_rejects_bad_concentrations():
    probe = _probe()
    t = np.array([0.0, 1.0]) * MIN
    s, e = md.sample_schedule(20 * MIN, 20 * MIN, 20 * MIN)
    with pytest.raises(ValueError, match="finite"):
        md.collect(t, np.array([1.0, np.nan]), probe, "5-HT", s, e, np.random.default_rng(0))


def test_cohort_subjects_independent_of_group_sizes_and_order():
    var = {"body_weight_cv": 0.08, "clearance_cv": 0.3, "volume_cv": 0.2, "recovery_cv": 0.3}
    probes = {"PFC": ("5-HT",)}
    a = cohort.make_cohort(5, [("vehicle", 3), ("drug", 3)], var, probes)
    b = cohort.make_cohort(5, [("vehicle", 6), ("drug", 2)], var, probes)
    assert a[3].id == "drug-01" and b[6].id == "drug-01"
    assert a[3] == b[6] and a[0] == b[0]
    assert len({s.engine_seed for s in a}) == len(a)
    c = cohort.make_cohort(6, [("vehicle", 3), ("drug", 3)], var, probes)
    assert c[0].clearance_factor != a[0].clearance_factor


def test_lognormal_factor_cv():
    rng = np.random.default_rng(0)
    x = np.array([cohort.lognormal_factor(rng, 0.3) for _ in range(20000)])
    assert np.median(x) == pytest.approx(1.0, abs=0.02)
    assert x.std() / x.mean() == pytest.approx(0.3, abs=0.02)
    assert cohort.lognormal_factor(rng, 0.0) == 1.0
