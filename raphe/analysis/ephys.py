"""Electrophysiology and chronic-treatment analysis: ED50 fits and figures.

Reads results files only (no simulation). The dose-response model is the
one used for DRN firing data (Chaput et al. 1986; Martin-Ruiz et al. 2001):
firing in % of baseline falls from 100 % to 0 % along a Hill curve of the
cumulative dose::

    percent(D) = 100 / (1 + (D / ED50) ** h)

fitted in log-dose by least squares (:func:`raphe.analysis.fits.fit_logistic`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from raphe.analysis import fits
from raphe.io import labels as run_labels


@dataclass(frozen=True)
class Ed50Fit:
    """Result of :func:`fit_ed50`.

    Attributes
    ----------
    ed50 : float
        Dose giving 50 % suppression, in the unit of the doses (NaN if the fit failed).
    hill : float
        Hill slope.
    extrapolated : bool
        The ED50 lies above the largest dose (firing never fell to 50 %): an extrapolation.
    """

    ed50: float
    hill: float
    extrapolated: bool


def hill_percent(dose, ed50: float, hill: float):
    """``100 / (1 + (dose/ed50)**hill)``."""
    return fits.hill(np.clip(np.asarray(dose, dtype=float), 0, None), 100.0, 0.0, ed50, hill)


def fit_ed50(dose, percent) -> Ed50Fit:
    """Fit the ED50 of a suppression curve (doses > 0, percent of baseline; :mod:`raphe.analysis.fits`)."""
    dose = np.asarray(dose, dtype=float)
    percent = np.asarray(percent, dtype=float)
    ok = (dose > 0) & np.isfinite(percent)
    dose, percent = dose[ok], percent[ok]
    if len(dose) < 2:
        return Ed50Fit(float("nan"), float("nan"), False)
    logd = np.log10(dose)
    cross = crossing_dose(dose, percent)
    start = math.log10(cross) if math.isfinite(cross) else logd[-1] + 0.5
    try:
        fit = fits.fit_logistic(logd, percent, log_x=True, fixed={"start": 100.0, "end": 0.0},
                                p0={"log_x50": start, "slope": 1.0},
                                bounds={"log_x50": (logd[0] - 4, logd[-1] + 4), "slope": (0.1, 10.0)})
    except ValueError:
        return Ed50Fit(float("nan"), float("nan"), False)
    return Ed50Fit(fit.x50, fit.params["slope"], bool(fit.x50 > dose[-1]))


def crossing_dose(dose, percent, level: float = 50.0) -> float:
    """First dose at which the curve crosses ``level`` (log-linear interpolation; NaN if never)."""
    dose = np.asarray(dose, dtype=float)
    percent = np.asarray(percent, dtype=float)
    prev_d, prev_p = None, 100.0
    for d, p in zip(dose, percent):
        if not np.isfinite(p) or d <= 0:
            continue
        if p <= level:
            if prev_d is None:
                return float(d)
            f = (prev_p - level) / (prev_p - p) if prev_p != p else 0.0
            return float(10 ** (math.log10(prev_d) + f * (math.log10(d) - math.log10(prev_d))))
        prev_d, prev_p = d, p
    return float("nan")


def load_dose_response(h5) -> dict:
    """``{group: {dose, mean, sem, n, attrs}}`` from ``/summary/electrophysiology``."""
    out = {}
    root = h5.get("summary/electrophysiology")
    if root is None:
        return out
    for name, g in root.items():
        out[name] = {"dose": g["dose"][()], "mean": g["percent_baseline_mean"][()],
                     "sem": g["percent_baseline_sem"][()], "n": g["n"][()], "attrs": dict(g.attrs)}
    return out


def _fmt(x) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:.3g}"


def _dose_ticks(ax, doses) -> None:
    """Label a log-dose axis at the doses given (plain numbers, no minor labels)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

    doses = [d for d in doses if d > 0]
    if not doses:
        return
    ax.xaxis.set_major_locator(FixedLocator(doses))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())
    for label in ax.get_xticklabels():
        label.set_fontsize(7)


def dose_response_axes(ax, curves: dict, title: str = "") -> None:
    """Draw dose-response curves ``{label: {dose, mean, sem, attrs}}`` on a log-dose axis."""
    from raphe.analysis.plots import colour

    for i, (name, c) in enumerate(curves.items()):
        a = c["attrs"]
        col = colour(i)
        ed50 = float(a.get("ed50", float("nan")))
        label = f"{a.get('label', name)} (ED50 {_fmt(ed50)} {a.get('dose_unit', '')}" + \
                (", extrapolated)" if a.get("ed50_extrapolated") else ")")
        ax.errorbar(c["dose"], c["mean"], yerr=c["sem"], fmt="o", color=col, capsize=3, label=label)
        if np.isfinite(ed50):
            xs = np.logspace(np.log10(c["dose"][0]) - 0.3, np.log10(c["dose"][-1]) + 0.3, 100)
            ax.plot(xs, hill_percent(xs, ed50, float(a["ed50_hill"])), color=col, lw=1)
        if "reversal_percent_mean" in a:
            x = c["dose"][-1] * 2.2
            ax.errorbar([x], [a["reversal_percent_mean"]], yerr=[a["reversal_percent_sem"]], fmt="s",
                        color=col, mfc="white", capsize=3)
            ax.annotate(str(a["reversal"]).split()[0], (x, a["reversal_percent_mean"]),
                        textcoords="offset points", xytext=(4, 6), fontsize=7, color=col)
    ax.set_xscale("log")
    _dose_ticks(ax, np.unique(np.concatenate([c["dose"] for c in curves.values()])))
    ax.axhline(100, color="0.7", lw=0.8, ls=":")
    ax.axhline(50, color="0.85", lw=0.8, ls=":")
    ax.set_ylim(-5, 130)
    ax.set_ylabel("DRN 5-HT firing (% of baseline)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="lower left")


def _text(v) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def dose_response_figure(h5file, png_path) -> None:
    """The electrophysiology figure: one panel per dose unit (drug), mean +- SEM, fits, reversal."""
    import h5py
    from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone

    with h5py.File(h5file, "r") as h5:
        curves = load_dose_response(h5)
        title = str(h5.attrs.get("experiment", ""))
    by_drug: dict = {}
    for name, c in curves.items():
        a = c["attrs"]
        route = _text(a.get("route", "iv"))
        key = (_text(a.get("drug", "")), _text(a.get("dose_unit", "")), run_labels.ROUTES.get(route, route))
        by_drug.setdefault(key, {})[name] = c
    n = max(1, len(by_drug))
    fig = Figure(figsize=(5.2 * n, 4.2))
    axes = fig.subplots(1, n, squeeze=False)
    for ax, ((drug, unit, route), cs) in zip(axes[0], by_drug.items()):
        dose_response_axes(ax, cs, title=f"{drug} (cumulative {route})")  # the route that ran
        ax.set_xlabel(f"cumulative dose ({unit})")
    fig.suptitle(f"DRN single units {title}".strip(), fontsize=11)
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


def chronic_figure(h5file, png_path, cache: bool = True) -> None:
    """The chronic-treatment figure: firing, PFC 5-HT, sensitivity and CREB/BDNF over days.

    With ``cache`` (default), a figure drawn before from the same data, code and matplotlib
    settings is copied from :mod:`raphe.analysis.figure_cache` instead of drawn again.
    """
    import h5py

    from raphe.analysis import figure_cache, plots

    with h5py.File(h5file, "r") as h5:
        root = h5["summary/chronic"]
        groups = {name: {k: g[k][()] for k in g if isinstance(g[k], h5py.Dataset)} | {"attrs": dict(g.attrs)}
                  for name, g in root.items() if isinstance(g, h5py.Group) and "day" in g}
        challenge = {name: dict(g["agonist_challenge"].attrs) | {
            k: g["agonist_challenge"][k][()] for k in g["agonist_challenge"]}
            for name, g in root.items() if isinstance(g, h5py.Group) and "agonist_challenge" in g}
    figure_cache.draw_or_copy("chronic_figure", [groups, challenge],
                              (__file__, plots.__file__, figure_cache.__file__), png_path,
                              lambda: _draw_chronic(groups, challenge, png_path), cache=cache)


def _draw_chronic(groups: dict, challenge: dict, png_path) -> None:
    from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone

    from raphe.analysis import plots
    from raphe.analysis.plots import colour

    fig = Figure(figsize=(13, 7))
    axes = fig.subplots(2, 3)
    panels = [("firing_percent_control", "DRN 5-HT firing (% of control)", axes[0, 0]),
              ("PFC_5HT_percent_control", "PFC extracellular 5-HT (% of control)", axes[0, 1]),
              ("sensitivity_5HT1A_auto", "5-HT1A autoreceptor sensitivity", axes[0, 2]),
              ("CREB", "pCREB (fold of naive)", axes[1, 0]), ("BDNF", "BDNF (fold of naive)", axes[1, 1])]
    for i, (name, g) in enumerate(groups.items()):
        col = colour(i)
        for key, label, ax in panels:
            if f"{key}_mean" in g:
                ax.errorbar(g["day"], g[f"{key}_mean"], yerr=g.get(f"{key}_sem"), fmt="o-", color=col,
                            capsize=3, label=g["attrs"].get("label", name))
                ax.set_title(label, fontsize=9)
                ax.set_xlabel("day of treatment")
        for key, label, ax in panels[2:]:
            if f"{key}_course" in g:
                ax.plot(g["course_day"], g[f"{key}_course"], color=col, lw=0.8, alpha=0.6)
    ax = axes[1, 2]
    for i, (name, c) in enumerate(challenge.items()):
        col = colour(i)
        ax.errorbar(c["dose"], c["percent_baseline_mean"], yerr=c["percent_baseline_sem"], fmt="o-",
                    color=col, capsize=3, label=f"{groups.get(name, {}).get('attrs', {}).get('label', name)}"
                    f" ED50 {_fmt(float(c.get('ed50', float('nan'))))} {c.get('dose_unit', '')}"
                    + (" (extrapolated)" if c.get("ed50_extrapolated") else ""))
        ax.set_xscale("log")
        _dose_ticks(ax, c["dose"])
        ax.set_xlabel(f"{c.get('drug', '')} cumulative dose ({c.get('dose_unit', '')}), day {c.get('day', '')}")
        ax.set_title("agonist challenge: DRN firing (% of pre-challenge)", fontsize=9)
    if challenge:  # room above the curves (<= ~100 %) for the long ED50 labels
        axes[1, 2].set_ylim(-5, 140)
        axes[1, 2].set_yticks(range(0, 101, 20))
    for ax in axes.flat:
        if ax.lines or ax.collections:
            ax.legend(fontsize=7, loc="upper right" if ax is axes[1, 2] else "best")
    fig.tight_layout()
    plots.pin_titles(fig)
    fig.savefig(png_path, dpi=100, pil_kwargs={"compress_level": 1})  # the default level's pixels


__all__ = ["Ed50Fit", "fit_ed50", "crossing_dose", "hill_percent", "load_dose_response",
           "dose_response_figure", "chronic_figure"]
