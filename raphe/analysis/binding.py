"""Fits of radioligand binding data: competition, saturation, kinetics.

Reads counts (from an assay record or a results file) and estimates what a
pharmacologist reports; it never simulates.

- Competition: specific binding as % of control against log concentration,
  four-parameter logistic fit (``scipy.optimize.curve_fit``) with 95 %
  confidence intervals (t distribution on the asymptotic standard errors) and
  the Hill slope; Ki by Cheng-Prusoff, ``Ki = IC50 / (1 + [L]/Kd)`` (Cheng &
  Prusoff 1973 Biochem Pharmacol 22:3099, PMID 4202581).
- Saturation: total and non-specific binding fitted together (one site plus
  linear NSB), Kd and Bmax by non-linear least squares; Scatchard
  transformation only for plotting (Motulsky & Christopoulos 2004, *Fitting
  models to biological data*, ch. 43 [R2]).
- Kinetics: association ``B(t) = Beq (1 - exp(-kobs t))``, dissociation
  ``B(t) = B0 exp(-koff t)``, ``kon = (kobs - koff)/[L]``, kinetic
  ``Kd = koff/kon``.

Assumption checks (returned as ``warnings`` lists, never raised):

- ligand depletion: more than 10 % of the added radioligand bound
  (Hulme & Trevethick 2010 Br J Pharmacol 161:1219, PMID 20132208 [R2]);
- non-equilibrium: incubation shorter than 5 dissociation half-lives of the
  radioligand, or of the competitor estimated as ``Ki x kon`` with a typical
  ``kon`` of 1e7 /M/s [U] (Motulsky & Mahan 1984 Mol Pharmacol 25:1,
  PMID 6708928);
- Hill slope outside 0.7-1.3 (one site, mass action predicts 1) [U];
- competitor depletion: apparent Ki below 10 x the receptor concentration in
  the tube (Goldstein & Barrett 1987 Mol Pharmacol 31:603, "zone B") [R2];
- IC50 outside the tested range.

Units: every returned physical number is a Brian2 quantity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import brian2
import numpy as np
from scipy import stats
from scipy.optimize import curve_fit

from raphe.analysis import fits as curve
from raphe.io.binding import CI_PER_MMOL, CPM, DPM_PER_CI, FMOL_PER_MG, UNIT_TEXT, nM  # noqa: F401

#: typical association rate constant used to judge whether a competitor can
#: have reached equilibrium, 1e7 /M/s [U] (Motulsky & Mahan 1984)
TYPICAL_KON = 1e7 / (brian2.molar * brian2.second)
#: bound fraction of added radioligand above which depletion is flagged
DEPLETION_LIMIT = 0.10
#: incubation must last this many dissociation half-lives
HALF_LIVES = 5.0
#: accepted Hill slope range for a single site [U]
HILL_RANGE = (0.7, 1.3)

# --------------------------------------------------------------------------- helpers

def _f(q, unit) -> np.ndarray | float:
    """Strip ``q`` (Quantity) to floats in ``unit``."""
    v = np.asarray(q / unit, dtype=float)
    return float(v) if v.ndim == 0 else v


@dataclass(frozen=True)
class _Counted:
    """Counts of one assay turned into amounts (floats; internal)."""

    kind: np.ndarray
    competitor: np.ndarray     # nM
    radioligand: np.ndarray    # nominal nM
    time: np.ndarray           # s
    fmol: np.ndarray           # radioligand in the vial (fmol), background removed
    volume: float              # L


def _counted(tubes, meta) -> _Counted:
    count_time_min = _f(meta["count_time"], 60 * brian2.second)
    cpm = np.asarray(tubes["counts"], float) / count_time_min
    dpm = (cpm - _f(meta["background"], CPM)) / float(meta["efficiency"])
    ci_per_fmol = _f(meta["specific_activity"], CI_PER_MMOL) * 1e-12
    fmol = dpm / DPM_PER_CI / ci_per_fmol
    kind = np.array([k.decode() if isinstance(k, bytes) else str(k) for k in tubes["type"]])
    return _Counted(kind, _f(tubes["competitor"], nM), _f(tubes["radioligand"], nM),
                    _f(tubes["time"], brian2.second), fmol, _f(meta["volume"], brian2.liter))


def _added_nM(c: _Counted, mask=None) -> float:
    sel = c.kind == "added" if mask is None else (c.kind == "added") & mask
    return float(np.mean(c.fmol[sel]) * 1e-15 / c.volume * 1e9)


def _t_ci(value, se, dof, level=0.95):
    if not np.isfinite(se) or dof <= 0:
        return (math.nan, math.nan)
    t = stats.t.ppf(0.5 + level / 2, dof)
    return (value - t * se, value + t * se)


# --------------------------------------------------------------------------- competition

def logistic4(logx, bottom, top, log_ic50, hill):
    """Four-parameter logistic (inhibition): ``bottom + (top-bottom)/(1+10**((logx-logIC50)*hill))``."""
    return curve.logistic(logx, top, bottom, log_ic50, hill)


@dataclass(frozen=True)
class LogisticFit:
    """Result of :func:`fit_logistic`.

    Attributes
    ----------
    ic50 : Quantity
        Concentration at half-way between top and bottom.
    ic50_ci : tuple of Quantity
        95 % confidence interval (from the CI of log IC50).
    log_ic50, log_ic50_se : float
        log10 of IC50 in M and its standard error.
    hill, hill_ci : float, tuple
        Hill slope (positive for inhibition; 1 for one site by mass action).
    top, bottom : float
        Asymptotes (% of specific binding).
    dof : int
        Degrees of freedom of the fit.
    """

    ic50: brian2.Quantity
    ic50_ci: tuple
    log_ic50: float
    log_ic50_se: float
    hill: float
    hill_ci: tuple
    top: float
    bottom: float
    dof: int


def fit_logistic(concentration, response) -> LogisticFit:
    """Fit the four-parameter logistic to an inhibition curve.

    Parameters
    ----------
    concentration : Quantity array
        Test concentrations (positive).
    response : array_like
        Specific binding (% of control) at each concentration.

    Returns
    -------
    LogisticFit
    """
    x = np.log10(_f(concentration, brian2.molar))
    y = np.asarray(response, float)
    order = np.argsort(x)
    xs, ys = x[order], y[order]
    # starting value: where the data cross half-way (linear interpolation)
    half = 0.5 * (np.max(ys) + np.min(ys))
    cross = np.flatnonzero((ys[:-1] >= half) & (ys[1:] < half))
    x0 = xs[cross[0]] + 0.5 * (xs[cross[0] + 1] - xs[cross[0]]) if cross.size else np.median(xs)
    lo, hi = xs.min() - 3, xs.max() + 3
    # an inhibition curve: the response falls from "top" (no competitor) to "bottom"
    fit = curve.fit_logistic(x, y, log_x=True,
                             p0={"start": min(max(ys.max(), 50), 200), "end": max(min(ys.min(), 50), -50),
                                 "log_x50": x0, "slope": 1.0},
                             bounds={"start": (0, 300), "end": (-100, 100), "log_x50": (lo, hi),
                                     "slope": (0.1, 5.0)})
    p = fit.params
    lci = fit.ci("log_x50")
    return LogisticFit(
        ic50=10 ** p["log_x50"] * brian2.molar,
        ic50_ci=(10 ** lci[0] * brian2.molar, 10 ** lci[1] * brian2.molar),
        log_ic50=p["log_x50"], log_ic50_se=fit.se["log_x50"],
        hill=p["slope"], hill_ci=fit.ci("slope"), top=p["start"], bottom=p["end"], dof=fit.dof)


def cheng_prusoff(ic50, radioligand, kd):
    """Ki = IC50 / (1 + [L]/Kd) (Cheng & Prusoff 1973, PMID 4202581).

    Parameters
    ----------
    ic50, radioligand, kd : Quantity
        Concentrations.
    """
    return ic50 / (1.0 + radioligand / kd)


@dataclass(frozen=True)
class CompetitionResult:
    """Analysis of one competition assay.

    Attributes
    ----------
    ic50, ic50_ci, hill, hill_ci : see :class:`LogisticFit` (NaN when the
        compound did not displace half the specific binding in the range).
    ki, ki_ci : Quantity
        Cheng-Prusoff Ki and its 95 % CI (from the IC50 CI).
    radioligand : Quantity
        Radioligand concentration added, measured from the counted aliquots.
    kd : Quantity
        Radioligand Kd used in Cheng-Prusoff.
    bound_fraction : float
        Total bound / added radioligand in the total-binding tubes.
    receptor : Quantity
        Receptor concentration in the tube estimated from specific binding.
    specific_percent : ndarray
        Specific binding (% of control) of each test tube.
    concentration : Quantity array
        Concentration of each test tube.
    displaced : bool
        Whether the curve crossed 50 % within the tested range.
    warnings : list of str
    fit : LogisticFit or None
    """

    ic50: brian2.Quantity
    ic50_ci: tuple
    hill: float
    hill_ci: tuple
    ki: brian2.Quantity
    ki_ci: tuple
    radioligand: brian2.Quantity
    kd: brian2.Quantity
    bound_fraction: float
    receptor: brian2.Quantity
    specific_percent: np.ndarray
    concentration: brian2.Quantity
    displaced: bool
    warnings: list = field(default_factory=list)
    fit: LogisticFit | None = None


def specific_percent(tubes, meta):
    """Specific binding of each test tube as % of control.

    Returns
    -------
    concentration : Quantity array
    percent : ndarray
    """
    c = _counted(tubes, meta)
    total = np.mean(c.fmol[c.kind == "total"])
    nsb = np.mean(c.fmol[c.kind == "nsb"])
    test = c.kind == "test"
    return c.competitor[test] * nM, 100.0 * (c.fmol[test] - nsb) / (total - nsb)


def estimate_ic50(tubes, meta):
    """Rough IC50 by log-linear interpolation of the mean curve (range finding).

    Returns
    -------
    Quantity or None
        None when the specific binding never falls below 50 %.
    """
    conc, pct = specific_percent(tubes, meta)
    x = np.asarray(conc / nM)
    xs = np.unique(x)
    ys = np.array([np.mean(pct[x == v]) for v in xs])
    below = np.flatnonzero(ys < 50)
    if below.size == 0:
        return None
    i = below[0]
    if i == 0:
        return xs[0] * nM
    lx = np.log10(xs[i - 1:i + 1])
    frac = (ys[i - 1] - 50) / (ys[i - 1] - ys[i])
    return 10 ** (lx[0] + frac * (lx[1] - lx[0])) * nM


def analyse_competition(tubes, meta, kd=None, koff=None,
                        competitor_kon=TYPICAL_KON) -> CompetitionResult:
    """Fit one competition assay and derive Ki by Cheng-Prusoff.

    Parameters
    ----------
    tubes, meta : mapping
        An assay record's ``tubes`` and ``meta`` (see
        :class:`raphe.experiments.binding.bench.AssayRecord`), or the same
        read back from a results file.
    kd : Quantity, optional
        Radioligand Kd (default: ``meta["kd"]``, the data sheet value); pass
        a Kd measured by saturation in the same membranes when available.
    koff : Quantity, optional
        Radioligand dissociation rate (default ``meta["koff"]``).
    competitor_kon : Quantity
        Typical association rate assumed to judge competitor equilibration.

    Returns
    -------
    CompetitionResult
    """
    c = _counted(tubes, meta)
    kd = meta["kd"] if kd is None else kd
    koff = meta["koff"] if koff is None else koff
    L = _added_nM(c) * nM
    total = np.mean(c.fmol[c.kind == "total"])
    nsb = np.mean(c.fmol[c.kind == "nsb"])
    added_fmol = np.mean(c.fmol[c.kind == "added"])
    bound_fraction = float(total / added_fmol)
    specific_nM = (total - nsb) * 1e-15 / c.volume * 1e9
    receptor = specific_nM * (1.0 + float(kd / L)) * nM
    conc, pct = specific_percent(tubes, meta)
    warnings = []
    if bound_fraction > DEPLETION_LIMIT:
        warnings.append(f"ligand depletion: {100 * bound_fraction:.0f} % of the added "
                        f"radioligand bound (limit {100 * DEPLETION_LIMIT:.0f} %)")
    t_inc = meta["incubation"]
    t_half = math.log(2) / koff
    if t_inc < HALF_LIVES * t_half:
        warnings.append(f"non-equilibrium: incubation {float(t_inc / (60 * brian2.second)):.3g} min "
                        f"< {HALF_LIVES:g} radioligand dissociation half-lives "
                        f"({float(t_half / (60 * brian2.second)):.3g} min each)")
    x = np.asarray(conc / nM)
    top_mean = np.mean(pct[x == x.max()])
    nan_q = math.nan * nM
    if top_mean >= 50.0:
        warnings.append(f"no displacement: specific binding {top_mean:.0f} % of control at the "
                        f"highest concentration ({x.max():.3g} nM); IC50 above the range")
        return CompetitionResult(nan_q, (nan_q, nan_q), math.nan, (math.nan, math.nan),
                                 nan_q, (nan_q, nan_q), L, kd, bound_fraction, receptor,
                                 pct, conc, False, warnings, None)
    fit = fit_logistic(conc, pct)
    factor = 1.0 + L / kd
    ki = fit.ic50 / factor
    ki_ci = (fit.ic50_ci[0] / factor, fit.ic50_ci[1] / factor)
    if not HILL_RANGE[0] <= fit.hill <= HILL_RANGE[1]:
        warnings.append(f"Hill slope {fit.hill:.2f} outside {HILL_RANGE[0]}-{HILL_RANGE[1]}: "
                        "not simple one-site competition at equilibrium")
    if fit.ic50 < x.min() * nM or fit.ic50 > x.max() * nM:
        warnings.append("IC50 outside the tested concentration range")
    t_half_comp = math.log(2) / (ki * competitor_kon)
    if t_inc < HALF_LIVES * t_half_comp:
        warnings.append(
            f"non-equilibrium: a competitor with Ki {float(ki / nM):.3g} nM dissociates with a "
            f"half-life of about {float(t_half_comp / (60 * brian2.second)):.3g} min (kon "
            f"{float(competitor_kon * brian2.molar * brian2.second):.0e} /M/s assumed); "
            f"incubation {float(t_inc / (60 * brian2.second)):.3g} min is shorter than "
            f"{HALF_LIVES:g} half-lives")
    if ki < 10 * receptor:
        warnings.append(f"competitor depletion: Ki {float(ki / nM):.3g} nM is below 10x the "
                        f"receptor concentration ({float(receptor / nM):.3g} nM)")
    return CompetitionResult(fit.ic50, fit.ic50_ci, fit.hill, fit.hill_ci, ki, ki_ci, L, kd,
                             bound_fraction, receptor, pct, conc, True, warnings, fit)


# --------------------------------------------------------------------------- saturation

@dataclass(frozen=True)
class SaturationResult:
    """Analysis of one saturation assay.

    Attributes
    ----------
    kd, kd_ci : Quantity, tuple
        Equilibrium dissociation constant (x axis: radioligand *added*) and 95 % CI.
    bmax, bmax_ci : Quantity, tuple
        Receptor density (fmol/mg protein) and 95 % CI.
    radioligand : Quantity array
        Added concentration (measured from aliquots), per concentration.
    total, nsb, specific : Quantity arrays
        Mean bound (nM in the tube) per concentration.
    bound_fraction : float
        Largest fraction of the added radioligand bound (total tubes).
    warnings : list of str
    """

    kd: brian2.Quantity
    kd_ci: tuple
    bmax: brian2.Quantity
    bmax_ci: tuple
    radioligand: brian2.Quantity
    total: brian2.Quantity
    nsb: brian2.Quantity
    specific: brian2.Quantity
    bound_fraction: float
    warnings: list = field(default_factory=list)


def analyse_saturation(tubes, meta, koff=None) -> SaturationResult:
    """Fit total and non-specific binding together: ``Bmax L/(Kd+L) + m L`` and ``m L``.

    The x axis is the radioligand added (as most benches plot it), so ligand
    depletion shows as an apparent Kd that is too high; it is flagged when
    more than 10 % of the added radioligand is bound.
    """
    c = _counted(tubes, meta)
    koff = meta["koff"] if koff is None else koff
    levels = np.unique(c.radioligand)
    L = np.array([_added_nM(c, c.radioligand == v) for v in levels])
    to_nM = 1e-15 / c.volume * 1e9
    xs, ys, isnsb = [], [], []
    for v, Lv in zip(levels, L):
        for kind in ("total", "nsb"):
            sel = (c.radioligand == v) & (c.kind == kind)
            xs.extend([Lv] * int(sel.sum()))
            ys.extend(c.fmol[sel] * to_nM)
            isnsb.extend([kind == "nsb"] * int(sel.sum()))
    xs, ys, isnsb = np.array(xs), np.array(ys), np.array(isnsb)

    def model(x, bmax, kd, m):
        return np.where(isnsb, m * x, bmax * x / (kd + x) + m * x)

    tot = np.array([np.mean(c.fmol[(c.radioligand == v) & (c.kind == "total")]) for v in levels])
    ns = np.array([np.mean(c.fmol[(c.radioligand == v) & (c.kind == "nsb")]) for v in levels])
    sp = (tot - ns) * to_nM
    p0 = [max(sp.max(), 1e-9) * 1.2, float(np.median(L)), max(ns[-1] * to_nM / L[-1], 1e-9)]
    popt, pcov = curve_fit(model, xs, ys, p0=p0, bounds=([0, 0, 0], [np.inf, np.inf, np.inf]),
                           maxfev=20000)
    dof = max(len(xs) - 3, 0)
    se = np.sqrt(np.clip(np.diag(pcov), 0, np.inf))
    protein_mg = _f(meta["protein"], brian2.mgram)
    to_fmol_mg = c.volume / 1e9 / 1e-15 / protein_mg
    bmax_ci = _t_ci(popt[0], se[0], dof)
    kd_ci = _t_ci(popt[1], se[1], dof)
    bound_fraction = float(np.max(tot / np.array(
        [np.mean(c.fmol[(c.radioligand == v) & (c.kind == "added")]) for v in levels])))
    warnings = []
    if bound_fraction > DEPLETION_LIMIT:
        warnings.append(f"ligand depletion: up to {100 * bound_fraction:.0f} % of the added "
                        f"radioligand bound (limit {100 * DEPLETION_LIMIT:.0f} %); Kd overestimated")
    t_half = math.log(2) / koff
    if meta["incubation"] < HALF_LIVES * t_half:
        warnings.append(f"non-equilibrium: incubation shorter than {HALF_LIVES:g} dissociation "
                        "half-lives; low concentrations under-bound")
    if L.max() < 5 * popt[1]:
        warnings.append("highest concentration below 5 x Kd: Bmax poorly defined")
    return SaturationResult(
        kd=popt[1] * nM, kd_ci=(kd_ci[0] * nM, kd_ci[1] * nM),
        bmax=popt[0] * to_fmol_mg * FMOL_PER_MG,
        bmax_ci=(bmax_ci[0] * to_fmol_mg * FMOL_PER_MG, bmax_ci[1] * to_fmol_mg * FMOL_PER_MG),
        radioligand=L * nM, total=tot * to_nM * nM, nsb=ns * to_nM * nM, specific=sp * nM,
        bound_fraction=bound_fraction, warnings=warnings)


def scatchard(result: SaturationResult):
    """Scatchard transform (for plotting only): bound and bound/free.

    Returns
    -------
    bound : Quantity array
    bound_over_free : ndarray
    """
    free = result.radioligand - result.total
    return result.specific, np.asarray(result.specific / free, float)


# --------------------------------------------------------------------------- kinetics

@dataclass(frozen=True)
class KineticsResult:
    """Association and dissociation fits.

    Attributes
    ----------
    kobs, koff, kon : Quantity
        Observed association rate, dissociation rate, association constant.
    koff_ci, kobs_ci : tuple of Quantity
    kd : Quantity
        Kinetic Kd = koff/kon.
    radioligand : Quantity
        Radioligand concentration of the association experiment (measured).
    warnings : list of str
    """

    kobs: brian2.Quantity
    kobs_ci: tuple
    koff: brian2.Quantity
    koff_ci: tuple
    kon: brian2.Quantity
    kd: brian2.Quantity
    radioligand: brian2.Quantity
    warnings: list = field(default_factory=list)


def _specific_course(tubes, meta):
    c = _counted(tubes, meta)
    times = np.unique(c.time[c.kind == "total"])
    sp = []
    t_all, y_all = [], []
    for t in times:
        ns = np.mean(c.fmol[(c.time == t) & (c.kind == "nsb")])
        tot = c.fmol[(c.time == t) & (c.kind == "total")]
        t_all.extend([t] * tot.size)
        y_all.extend(tot - ns)
        sp.append(np.mean(tot) - ns)
    return c, np.array(t_all), np.array(y_all)


def analyse_kinetics(association, dissociation) -> KineticsResult:
    """Fit an association and a dissociation time course (``(tubes, meta)`` pairs)."""
    ca, ta, ya = _specific_course(*association)
    cd, td, yd = _specific_course(*dissociation)
    L = _added_nM(ca)

    def assoc(t, beq, k):
        return beq * (1 - np.exp(-k * t))

    def dissoc(t, b0, k):
        return b0 * np.exp(-k * t)

    pa, ca_cov = curve_fit(assoc, ta, ya, p0=[ya.max(), 3.0 / ta.max()],
                           bounds=([0, 0], [np.inf, np.inf]))
    pd, cd_cov = curve_fit(dissoc, td, yd, p0=[yd.max(), 3.0 / td.max()],
                           bounds=([0, 0], [np.inf, np.inf]))
    sa = np.sqrt(np.diag(ca_cov))
    sd = np.sqrt(np.diag(cd_cov))
    per_s = 1.0 / brian2.second
    kobs_ci = _t_ci(pa[1], sa[1], len(ta) - 2)
    koff_ci = _t_ci(pd[1], sd[1], len(td) - 2)
    kon = (pa[1] - pd[1]) / (L * 1e-9)
    warnings = []
    if kon <= 0:
        warnings.append("kobs <= koff: association rate not resolved (raise [L])")
    kon_q = kon / (brian2.molar * brian2.second)
    kd = (pd[1] / kon) * brian2.molar if kon > 0 else math.nan * nM
    return KineticsResult(pa[1] * per_s, (kobs_ci[0] * per_s, kobs_ci[1] * per_s),
                          pd[1] * per_s, (koff_ci[0] * per_s, koff_ci[1] * per_s),
                          kon_q, kd, L * nM, warnings)


# --------------------------------------------------------------------------- summaries

def geometric_summary(values) -> tuple[brian2.Quantity, tuple, int]:
    """Geometric mean and 95 % CI (t on log10) of concentrations from n assays.

    Parameters
    ----------
    values : sequence of Quantity
        One estimate per assay; NaN estimates are ignored.

    Returns
    -------
    mean : Quantity
    ci : (Quantity, Quantity)
    n : int
        Number of finite estimates.
    """
    x = np.array([float(v / nM) for v in values])
    x = x[np.isfinite(x) & (x > 0)]
    n = int(x.size)
    if n == 0:
        return math.nan * nM, (math.nan * nM, math.nan * nM), 0
    lx = np.log10(x)
    m = lx.mean()
    if n < 2:
        return 10 ** m * nM, (math.nan * nM, math.nan * nM), n
    half = stats.t.ppf(0.975, n - 1) * lx.std(ddof=1) / math.sqrt(n)
    return 10 ** m * nM, (10 ** (m - half) * nM, 10 ** (m + half) * nM), n
