"""Metrics of microdialysis-style data: as a paper would compute them.

Pure functions of arrays: no files, no simulation. NaN marks an excluded
sample (below the limit of detection) and is skipped, never imputed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def percent_of_baseline(values, time, n_baseline: int = 3) -> np.ndarray:
    """``values`` as % of the mean of the last ``n_baseline`` pre-dose (``time < 0``) finite values."""
    values = np.asarray(values, dtype=float)
    time = np.asarray(time, dtype=float)
    pre = np.flatnonzero((time < 0) & np.isfinite(values))[-n_baseline:]
    if len(pre) == 0:
        return np.full_like(values, np.nan)
    return 100.0 * values / values[pre].mean()


@dataclass
class MeanSem:
    """Per-sample group statistics (``n`` = subjects with a valid value)."""

    mean: np.ndarray
    sem: np.ndarray
    n: np.ndarray


def group_mean_sem(per_subject) -> MeanSem:
    """Mean, SEM (SD with ddof=1 over sqrt(n)) and n per column, skipping NaN.

    Parameters
    ----------
    per_subject : array (subjects, samples)

    Returns
    -------
    MeanSem
        ``mean`` is NaN where n = 0 and ``sem`` NaN where n < 2.
    """
    x = np.asarray(per_subject, dtype=float)
    if x.ndim == 1:
        x = x[None, :]
    ok = np.isfinite(x)
    n = ok.sum(axis=0)
    total = np.where(ok, x, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
        dev = np.where(ok, x - mean, 0.0)
        var = (dev ** 2).sum(axis=0) / np.maximum(n - 1, 1)
        sem = np.where(n > 1, np.sqrt(var / np.maximum(n, 1)), np.nan)
    return MeanSem(mean=mean, sem=sem, n=n.astype(np.int64))


def auc_above_baseline(time_min, percent, start: float = 0.0, end: float | None = None) -> float:
    """Area of (% baseline - 100) over post-dose samples, trapezoid (percent*min).

    Only finite samples with ``start < time <= end`` (mid-times) count; NaN if
    fewer than two.
    """
    t = np.asarray(time_min, dtype=float)
    p = np.asarray(percent, dtype=float)
    sel = (t > start) & np.isfinite(p)
    if end is not None:
        sel &= t <= end
    if sel.sum() < 2:
        return float("nan")
    return float(np.trapezoid(p[sel] - 100.0, t[sel]))


def peak(time_min, percent, after: float = 0.0) -> tuple[float, float]:
    """``(time, value)`` of the largest finite % baseline after ``after``."""
    t = np.asarray(time_min, dtype=float)
    p = np.asarray(percent, dtype=float)
    sel = np.flatnonzero((t > after) & np.isfinite(p))
    if len(sel) == 0:
        return float("nan"), float("nan")
    i = sel[np.argmax(p[sel])]
    return float(t[i]), float(p[i])


@dataclass
class Welch:
    """Welch's unequal-variance t-test of ``a`` vs ``b``."""

    difference: float
    t: float
    df: float
    p: float
    n_a: int
    n_b: int


def welch(a, b) -> Welch:
    """Welch t-test of two samples (NaN skipped); NaN results if either has n < 2."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a = a[np.isfinite(a)]
    b = b[np.isfinite(b)]
    if len(a) < 2 or len(b) < 2:
        diff = float(a.mean() - b.mean()) if len(a) and len(b) else float("nan")
        return Welch(diff, float("nan"), float("nan"), float("nan"), len(a), len(b))
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if va + vb == 0:
        diff = float(a.mean() - b.mean())
        return Welch(diff, float("nan") if diff == 0 else math.copysign(math.inf, diff),
                     float("nan"), float("nan") if diff == 0 else 0.0, len(a), len(b))
    t, p = _welch_t_p(a, b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return Welch(float(a.mean() - b.mean()), float(t), float(df), float(p), len(a), len(b))


def _welch_t_p(a, b) -> tuple[float, float]:
    """t and two-sided p of ``scipy.stats.ttest_ind(a, b, equal_var=False)``, the same
    operations in the same order (bit-identical), without importing ``scipy.stats`` (~0.5 s);
    ``scipy.special.stdtr`` through :func:`raphe.memo.call` (a rerun imports no scipy)."""
    from raphe.memo import call

    def var(x):  # scipy.stats._var(x, ddof=1)
        n = float(len(x))
        return np.mean((x - np.mean(x, keepdims=True)) ** 2) * (n / (n - 1))

    vn1, vn2 = var(a) / len(a), var(b) / len(b)
    df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (len(a) - 1) + vn2 ** 2 / (len(b) - 1))
    t = (np.mean(a) - np.mean(b)) / np.sqrt(vn1 + vn2)
    (tail,) = call("stdtr", _stdtr, df, -abs(t))
    return t, 2 * tail[()]


def _stdtr(df, t):
    from scipy.special import stdtr

    return stdtr(df, t)
