"""Analysis metrics on synthetic data with known answers, and the report figure."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from raphe.analysis import metrics


def test_group_mean_sem_known():
    x = np.array([[100.0, 200.0, np.nan], [110.0, 220.0, np.nan], [90.0, np.nan, 5.0]])
    r = metrics.group_mean_sem(x)
    np.testing.assert_allclose(r.mean[:2], [100.0, 210.0])
    assert r.mean[2] == 5.0
    np.testing.assert_array_equal(r.n, [3, 2, 1])
    assert r.sem[0] == pytest.approx(10.0 / np.sqrt(3))
    assert r.sem[1] == pytest.approx(np.std([200, 220], ddof=1) / np.sqrt(2))
    assert np.isnan(r.sem[2])


def test_auc_known():
    t = np.array([-50, -30, -10, 10, 30, 50.0])
    p = np.array([100, 100, 100, 200, 200, 200.0])
    # (200-100) over 10..50 min = 100 * 40 = 4000 %*min
    assert metrics.auc_above_baseline(t, p) == pytest.approx(4000.0)
    p2 = p.copy()
    p2[4] = np.nan
    assert metrics.auc_above_baseline(t, p2) == pytest.approx(4000.0)
    assert np.isnan(metrics.auc_above_baseline(t[:4], p[:4]))
    assert metrics.auc_above_baseline(t, p, end=30) == pytest.approx(2000.0)


def test_peak_and_percent_of_baseline():
    t = np.array([-30, -10, 10, 30, 50.0])
    v = np.array([2.0, 2.0, 3.0, 5.0, 4.0])
    pct = metrics.percent_of_baseline(v, t, n_baseline=2)
    np.testing.assert_allclose(pct, [100, 100, 150, 250, 200])
    assert metrics.peak(t, pct) == (30.0, 250.0)


def test_welch_matches_scipy_and_formula():
    rng = np.random.default_rng(0)
    a = rng.normal(10, 2, 6)
    b = rng.normal(0, 5, 7)
    w = metrics.welch(a, b)
    ref = stats.ttest_ind(a, b, equal_var=False)
    assert w.t == pytest.approx(ref.statistic) and w.p == pytest.approx(ref.pvalue)
    va, vb = a.var(ddof=1) / 6, b.var(ddof=1) / 7
    assert w.df == pytest.approx((va + vb) ** 2 / (va ** 2 / 5 + vb ** 2 / 6))
    assert w.difference == pytest.approx(a.mean() - b.mean())
    assert np.isnan(metrics.welch([1.0], [1.0, 2.0]).p)
    # a known case: identical groups give p = 1
    assert metrics.welch([1, 2, 3], [1, 2, 3]).p == pytest.approx(1.0)


def test_welch_is_bit_identical_to_scipy_ttest_ind():
    """welch computes scipy's t and p itself (no scipy.stats import); stored summaries stay identical."""
    rng = np.random.default_rng(1)
    for _ in range(300):
        a = rng.normal(rng.uniform(-50, 300), rng.uniform(0.1, 80), rng.integers(2, 12))
        b = rng.normal(rng.uniform(-50, 300), rng.uniform(0.1, 80), rng.integers(2, 12))
        w, ref = metrics.welch(a, b), stats.ttest_ind(a, b, equal_var=False)
        assert (w.t, w.p) == (float(ref.statistic), float(ref.pvalue))


def test_library_figures_leave_the_matplotlib_backend_alone():
    """No library module selects a backend (matplotlib.use) or draws through pyplot's global state."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "raphe"
    offenders = [str(p.relative_to(root.parent)) for p in root.rglob("*.py")
                 if re.search(r"matplotlib\.use\(|import matplotlib\.pyplot|from matplotlib import pyplot",
                              p.read_text(encoding="utf-8"))]
    assert offenders == []
