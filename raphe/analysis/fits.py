"""One dose-response fitter: the four-parameter logistic in log dose (Hill equation).

::

    y(x) = start + (end - start) / (1 + 10 ** ((log10(x50) - log10(x)) * slope))

``start`` is the response without drug, ``end`` the response at a saturating
dose, ``x50`` the dose (or concentration) of half the effect and ``slope``
the Hill slope (positive). Every dose-response fit of raphe is this curve
with some parameters fixed:

- DRN firing suppression (% of baseline from 100 to 0): ``start = 100``, ``end = 0``
  (:func:`raphe.analysis.ephys.fit_ed50`);
- a Hill curve from zero (sweep AUCs): ``start = 0``
  (:func:`raphe.analysis.sweep.fit_ed50`, model ``"hill"``);
- the free four-parameter logistic (sweeps, model ``"logistic"``; radioligand
  competition, :func:`raphe.analysis.binding.fit_logistic`).

Pure numpy/scipy on arrays: no files, no units, no simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from raphe.memo import call

#: parameter names, in the order curve_fit sees the free ones
PARAMS = ("start", "end", "log_x50", "slope")


def logistic(log_x, start, end, log_x50, slope):
    """The curve at ``log10`` doses ``log_x``."""
    return start + (end - start) / (1.0 + 10.0 ** ((log_x50 - np.asarray(log_x, dtype=float)) * slope))


def hill(x, start, end, x50, slope):
    """The curve at linear doses ``x`` (0 allowed: gives ``start``)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        return logistic(np.log10(np.where(x > 0, x, 1e-300)), start, end, math.log10(x50), slope)


@dataclass(frozen=True)
class Fit:
    """A fitted curve.

    Attributes
    ----------
    params : dict
        ``start``, ``end``, ``log_x50``, ``slope`` (fixed ones as given).
    se : dict
        Asymptotic standard errors of the free parameters (NaN for fixed ones).
    n, dof : int
        Points fitted and degrees of freedom.
    r2 : float
        Coefficient of determination.
    """

    params: dict
    se: dict
    n: int
    dof: int
    r2: float

    @property
    def x50(self) -> float:
        return float(10.0 ** self.params["log_x50"])

    def ci(self, name: str, level: float = 0.95) -> tuple[float, float]:
        """Confidence interval of a parameter (t distribution on its standard error)."""
        from scipy import stats

        se = self.se[name]
        if not np.isfinite(se) or self.dof <= 0:
            return (math.nan, math.nan)
        t = stats.t.ppf(0.5 + level / 2, self.dof)
        v = self.params[name]
        return (v - t * se, v + t * se)

    def predict_log(self, log_x):
        p = self.params
        return logistic(log_x, p["start"], p["end"], p["log_x50"], p["slope"])


def _logistic_of(free: list, fixed: dict):
    """:func:`logistic` of the log dose and the values of the ``free`` parameters."""
    def f(logx, *values):
        p = {**fixed, **dict(zip(free, values))}
        return logistic(logx, p["start"], p["end"], p["log_x50"], p["slope"])
    return f


def _curve_fit(lx, y, p0, lo, hi, free, fixed):
    """``scipy.optimize.curve_fit`` of :func:`logistic` (bounded): ``(popt, pcov)``."""
    from scipy.optimize import curve_fit

    return curve_fit(_logistic_of(free, fixed), lx, y, p0=p0, bounds=(lo, hi), maxfev=20000)


def fit_logistic(x, y, *, p0: dict, bounds: dict, fixed: dict | None = None, log_x: bool = False) -> Fit:
    """Least-squares fit of :func:`logistic` (``scipy.optimize.curve_fit``, bounded).

    Parameters
    ----------
    x : array_like
        Doses (positive), or their log10 with ``log_x=True``.
    y : array_like
        Responses.
    p0 : dict
        Start value of every free parameter.
    bounds : dict
        ``(low, high)`` of every free parameter.
    fixed : dict, optional
        Values of the parameters that are not fitted.

    Raises
    ------
    ValueError
        The fit failed (no convergence, bad start).
    """
    fixed = dict(fixed or {})
    free = [p for p in PARAMS if p not in fixed]
    lx = np.asarray(x, dtype=float) if log_x else np.log10(np.asarray(x, dtype=float))
    y = np.asarray(y, dtype=float)
    lo = [float(bounds[p][0]) for p in free]
    hi = [float(bounds[p][1]) for p in free]
    try:  # a rerun reads the fit back (raphe.memo) instead of importing scipy.optimize (~0.3 s)
        popt, pcov = call("curve_fit_logistic", _curve_fit, lx, y, [float(p0[p]) for p in free], lo, hi,
                          free, {k: float(v) for k, v in fixed.items()}, code=Path(__file__).read_bytes())
    except (RuntimeError, ValueError) as err:
        raise ValueError(f"logistic fit failed: {err}") from None
    f = _logistic_of(free, fixed)
    diag = np.diag(pcov) if np.all(np.isfinite(pcov)) else np.full(len(free), np.nan)
    se = {p: math.nan for p in PARAMS}
    se.update({p: float(math.sqrt(d)) if d >= 0 else math.nan for p, d in zip(free, diag)})
    resid = y - f(lx, *popt)
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid ** 2)) / ss_tot if ss_tot > 0 else math.nan
    params = {**{k: float(v) for k, v in fixed.items()}, **{p: float(v) for p, v in zip(free, popt)}}
    return Fit(params={p: params[p] for p in PARAMS}, se=se, n=len(y), dof=max(len(y) - len(free), 0), r2=r2)
