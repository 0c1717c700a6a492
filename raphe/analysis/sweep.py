"""Sweep results: the tidy table, ED50 fits, the dose-response figure.

Reads files only (``raphe sweep`` writes them). The table at
``/summary/sweep/`` has one dataset per column and one row per (sweep point,
group); ``/summary/sweep/subjects/`` has one row per subject. Grid columns are
numbers with a ``units`` attribute (``"mg/kg"``) when the values were given as
``"<number> <unit>"``: doses per body weight keep their unit as text because
Brian2 reduces mg/kg to a pure number.

Models (responses are AUCs of % baseline - 100, so zero means no effect)

``hill``
    ``E(D) = top * D**h / (ED50**h + D**h)`` (zero at zero dose).
``logistic``
    ``E(D) = bottom + (top - bottom) / (1 + 10**((log10 ED50 - log10 D) * h))``.

Examples
--------
>>> from raphe.analysis import sweep
>>> t = sweep.read_table("results/dose-response.h5")  # doctest: +SKIP
>>> fit = sweep.fit_readout(t, "NAc", "5-HT", x="group.0.doses.0.amount")  # doctest: +SKIP
>>> fit.ed50, fit.units  # doctest: +SKIP
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import h5py
import numpy as np

from raphe.analysis import fits
from raphe.errors import ResultsFileError


def _text(v):
    return v.decode() if isinstance(v, bytes) else v


def _read_columns(g: h5py.Group) -> tuple[dict, dict]:
    cols, units = {}, {}
    for name, ds in g.items():
        if not isinstance(ds, h5py.Dataset):
            continue
        data = ds[()]
        if data.dtype.kind in "OS":
            data = np.array([_text(x) for x in data], dtype=object)
        cols[name] = data
        units[name] = _text(ds.attrs.get("units", ""))
    return cols, units


@dataclass
class SweepTable:
    """The tidy table of a sweep.

    Attributes
    ----------
    columns : dict
        Column name -> array (one row per point and group).
    units : dict
        Column name -> unit text (``"1"`` dimensionless, ``""`` text).
    keys : list of str
        Grid keys (columns that are sweep parameters).
    subjects : dict
        Per-subject columns (may be empty).
    x : str
        The grid key of the x axis.
    fits : dict
        Stored fits: ``{group: {"REGION_ANALYTE": attrs}}``.
    """

    columns: dict
    units: dict
    keys: list
    subjects: dict = field(default_factory=dict)
    x: str = ""
    fits: dict = field(default_factory=dict)

    @classmethod
    def from_group(cls, g: h5py.Group, keys=None) -> "SweepTable":
        """Read ``/summary/sweep`` (or any group with the same layout)."""
        cols, units = _read_columns(g)
        if keys is None:
            keys = [_text(k) for k in g.attrs.get("keys", [])]
        subjects = _read_columns(g["subjects"])[0] if "subjects" in g else {}
        fits = {}
        if "fits" in g:
            for group in g["fits"]:
                fits[group] = {r: {k: (_text(v) if isinstance(v, (bytes, str)) else v)
                                   for k, v in g["fits"][group][r].attrs.items()}
                               for r in g["fits"][group]}
        x = _text(g.attrs.get("x", keys[0] if keys else ""))
        return cls(columns=cols, units=units, keys=list(keys), subjects=subjects, x=x, fits=fits)

    def readouts(self) -> list[str]:
        """``REGION/ANALYTE`` pairs with an AUC column."""
        out = []
        for name in self.columns:
            if name.startswith("auc_") and not name.endswith("_sem"):
                region, analyte = name[4:].split("_", 1)
                out.append(f"{region}/{analyte}")
        return out

    def groups(self) -> list[str]:
        """Group names, in order of first appearance."""
        seen = []
        for g in self.columns.get("group", []):
            if g not in seen:
                seen.append(g)
        return seen

    def select(self, group: str) -> np.ndarray:
        """Boolean mask of the rows of ``group``."""
        return np.asarray(self.columns["group"]) == group


def read_table(path) -> SweepTable:
    """Read the sweep table of a results file written by ``raphe sweep``.

    Raises
    ------
    ResultsFileError
        Not a complete sweep results file.
    """
    from raphe.io.read import open_results

    with open_results(path) as h5:
        if "summary/sweep" not in h5:
            raise ResultsFileError(f"{path}: not a sweep results file (no /summary/sweep)")
        return SweepTable.from_group(h5["summary/sweep"])


# ---------------------------------------------------------------- models


def hill(dose, top, ed50, h):
    """Hill dose-response from zero: ``top * D**h / (ED50**h + D**h)``."""
    return fits.hill(dose, 0.0, top, ed50, h)


def logistic(dose, bottom, top, ed50, h):
    """Four-parameter logistic in log dose (rising for ``h > 0``)."""
    return fits.hill(dose, bottom, top, ed50, h)


@dataclass(frozen=True)
class ED50Fit:
    """A fitted dose-response curve.

    Attributes
    ----------
    model : str
        ``"hill"`` or ``"logistic"``.
    ed50 : float
        Dose of half the maximal effect, in ``units``.
    ed50_ci : tuple of float
        95 % confidence interval (t on log10 ED50).
    units : str
        Dose unit (e.g. ``"mg/kg"``).
    top, bottom : float
        Asymptotes (response units; ``bottom`` is 0 for ``hill``).
    hill : float
        Slope.
    r2 : float
        Coefficient of determination.
    n, dof : int
        Data points and degrees of freedom.
    response_units : str
    """

    model: str
    ed50: float
    ed50_ci: tuple
    units: str
    top: float
    bottom: float
    hill: float
    r2: float
    n: int
    dof: int
    response_units: str = "percent*min"
    dose_range: tuple = (math.nan, math.nan)

    @property
    def in_range(self) -> bool:
        """Whether the ED50 lies within the doses tested (else it is an extrapolation)."""
        return bool(self.dose_range[0] <= self.ed50 <= self.dose_range[1])

    def predict(self, dose):
        """The fitted response at ``dose`` (in ``units``)."""
        if self.model == "hill":
            return hill(dose, self.top, self.ed50, self.hill)
        return logistic(dose, self.bottom, self.top, self.ed50, self.hill)

    def as_attrs(self) -> dict:
        """Flat attributes for an HDF5 group."""
        return {"model": self.model, "ed50": self.ed50, "ed50_ci_low": self.ed50_ci[0],
                "ed50_ci_high": self.ed50_ci[1], "units": self.units, "top": self.top,
                "bottom": self.bottom, "hill": self.hill, "r2": self.r2, "n": self.n, "dof": self.dof,
                "response_units": self.response_units, "dose_min": self.dose_range[0],
                "dose_max": self.dose_range[1], "in_range": self.in_range}


def fit_ed50(dose, response, model: str = "hill", units: str = "") -> ED50Fit:
    """Fit ED50 to a dose-response (scipy ``curve_fit``, bounded).

    Parameters
    ----------
    dose : array_like
        Positive doses (numbers in ``units``).
    response : array_like
        Effects (NaN entries are dropped).
    model : {"hill", "logistic"}
    units : str
        Unit text of ``dose``.

    Raises
    ------
    ValueError
        Fewer points than parameters + 1, non-positive doses, or no fit.
    """
    x = np.asarray(dose, dtype=float)
    y = np.asarray(response, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if model not in ("hill", "logistic"):
        raise ValueError(f"unknown model {model!r}; expected hill or logistic")
    if np.any(x <= 0):
        raise ValueError("doses must be positive for an ED50 fit")
    n_par = 3 if model == "hill" else 4
    if len(x) < n_par + 1 or len(np.unique(x)) < n_par:
        raise ValueError(f"{len(x)} points at {len(np.unique(x))} doses: too few for a {model} fit")
    lx = np.log10(x)
    lo, hi = lx.min() - 2, lx.max() + 2
    # start: ED50 where the response of the mean curve crosses half its extreme
    ux = np.unique(x)
    my = np.array([y[x == u].mean() for u in ux])
    top0 = my[np.argmax(np.abs(my))] or 1.0
    half = np.flatnonzero(np.abs(my) >= 0.5 * abs(top0))
    led0 = float(np.log10(ux[half[0]])) if half.size else float(np.median(lx))
    span = max(abs(top0) * 10, 1.0)
    p0 = {"start": float(my[0]), "end": top0 * 1.1, "log_x50": led0, "slope": 1.0}
    bounds = {"start": (-span, span), "end": (-span, span), "log_x50": (lo, hi), "slope": (0.3, 5.0)}
    p0 = {k: float(np.clip(v, bounds[k][0] + 1e-9, bounds[k][1] - 1e-9)) for k, v in p0.items()}
    try:
        fit = fits.fit_logistic(lx, y, log_x=True, p0=p0, bounds=bounds,
                                fixed={"start": 0.0} if model == "hill" else None)
    except ValueError as err:
        raise ValueError(f"{model} fit failed: {err}") from None
    lci = fit.ci("log_x50")
    ci = (10 ** lci[0], 10 ** lci[1]) if all(math.isfinite(v) and abs(v) < 300 for v in lci) \
        else (math.nan, math.nan)
    if not (10 ** lo <= ci[0] and ci[1] <= 10 ** hi):
        ci = (math.nan, math.nan)  # not bounded by the data: no interval
    return ED50Fit(model=model, ed50=fit.x50, ed50_ci=ci, units=units, top=fit.params["end"],
                   bottom=fit.params["start"], hill=fit.params["slope"], r2=fit.r2, n=fit.n, dof=fit.dof,
                   dose_range=(float(x.min()), float(x.max())))


def fit_readout(table: SweepTable, region: str, analyte: str, x: str | None = None,
                group: str | None = None, model: str = "hill") -> ED50Fit:
    """ED50 of the AUC of ``region``/``analyte`` against grid key ``x``.

    Fits per-subject AUCs when the table has them (each animal one point,
    as a paper would), otherwise the group means.
    """
    x = x or table.x or table.keys[0]
    if x not in table.columns:
        raise ValueError(f"no grid column {x!r}")
    col = f"auc_{region}_{analyte}"
    group = group or table.groups()[0]
    units = table.units.get(x, "")
    if table.subjects and col in table.subjects:
        s = table.subjects
        mask = np.asarray(s["group"]) == group
        dose_of_point = dict(zip(table.columns["point"], table.columns[x]))
        doses = np.array([dose_of_point[p] for p in np.asarray(s["point"])[mask]], dtype=float)
        return fit_ed50(doses, np.asarray(s[col])[mask], model=model, units=units)
    mask = table.select(group)
    return fit_ed50(np.asarray(table.columns[x])[mask].astype(float), table.columns[col][mask],
                    model=model, units=units)


# ---------------------------------------------------------------- figure


def dose_response_figure(path, png_path, readouts=None, model: str | None = None,
                         dpi: int = 130) -> None:
    """Draw AUC against dose per readout, with per-subject points and the ED50 fit.

    Parameters
    ----------
    path : str or Path
        Sweep results file.
    png_path : str or Path
    readouts : list of str, optional
        ``REGION/ANALYTE`` (default: the file's ``sweep_readouts``, else all).
    model : str, optional
        Refit with this model instead of drawing the stored fits.
    """
    from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone

    from raphe.io.read import open_results

    with open_results(path) as h5:
        table = SweepTable.from_group(h5["summary/sweep"])
        stored = [_text(r) for r in h5.attrs.get("sweep_readouts", []) if _text(r)]
        fit_model = model or _text(h5.attrs.get("sweep_fit", "hill"))
        title = f"{_text(h5.attrs.get('experiment', ''))} (seed {int(h5.attrs['seed'])})"
    readouts = readouts or stored or table.readouts()
    if not readouts:
        _summary_figure(table, png_path, title, dpi)
        return
    x = table.x
    units = table.units.get(x, "")
    numeric = units != ""
    fig = Figure(figsize=(4.2 * len(readouts), 3.8))
    axes = fig.subplots(1, len(readouts), squeeze=False)
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
    for ax, r in zip(axes[0], readouts):
        region, analyte = r.split("/")
        col = f"auc_{region}_{analyte}"
        for gi, group in enumerate(table.groups()):
            c = colours[gi % len(colours)]
            m = table.select(group)
            xs = np.asarray(table.columns[x])[m]
            xv = xs.astype(float) if numeric else np.arange(len(xs))
            mean, sem = table.columns[col][m], table.columns[f"{col}_sem"][m]
            ax.errorbar(xv, mean, yerr=np.nan_to_num(sem), fmt="o", color=c, capsize=3,
                        label=f"{group} mean +- SEM" if len(table.groups()) > 1 else "mean +- SEM")
            if table.subjects and col in table.subjects:
                s = table.subjects
                sm = np.asarray(s["group"]) == group
                dose_of_point = dict(zip(table.columns["point"], xv))
                sx = np.array([dose_of_point[p] for p in np.asarray(s["point"])[sm]])
                ax.plot(sx, np.asarray(s[col])[sm], ".", color=c, alpha=0.35, ms=5)
            if numeric and fit_model != "none" and np.all(xv > 0):
                try:
                    fit = fit_readout(table, region, analyte, x=x, group=group, model=fit_model)
                except ValueError as err:
                    ax.text(0.02, 0.02, f"no fit: {err}"[:60], transform=ax.transAxes, fontsize=7)
                else:
                    grid = np.logspace(np.log10(xv.min()) - 0.3, np.log10(xv.max()) + 0.3, 200)
                    ax.plot(grid, fit.predict(grid), "-", color=c, lw=1.5)
                    ax.axvline(fit.ed50, color=c, ls="--", lw=0.8)
                    lo, hi = fit.ed50_ci
                    ci = f" (95% CI {lo:.2g}-{hi:.2g})" if math.isfinite(lo) and math.isfinite(hi) \
                        else " (CI unbounded)"
                    if fit.in_range:
                        text = f"ED50 {fit.ed50:.2g} {units}{ci}"
                    else:
                        edge = fit.dose_range[1] if fit.ed50 > fit.dose_range[1] else fit.dose_range[0]
                        text = f"ED50 {'>' if fit.ed50 > edge else '<'} {edge:.2g} {units} (extrapolated)"
                    ax.text(0.03, 0.95 - 0.12 * gi, f"{text}\n"
                            f"{fit.model}, slope {fit.hill:.2g}, R2 {fit.r2:.2f}",
                            transform=ax.transAxes, fontsize=8, va="top", color=c)
        if numeric:
            ax.set_xscale("log")
        else:
            ax.set_xticks(np.arange(len(xs)), [str(v) for v in xs], rotation=30, fontsize=7)
        ax.axhline(0, color="0.6", lw=0.6)
        ax.set_title(f"{region} {analyte}")
        name = f"dose ({x})" if x.endswith(".amount") else x
        ax.set_xlabel(f"{name}, {units}" if numeric and units not in ("", "1") else name, fontsize=8)
        ax.set_ylabel("AUC of % baseline - 100 (% x min)")
    axes[0][0].legend(fontsize=7, loc="lower right")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(png_path, dpi=dpi)


def _summary_figure(table: SweepTable, png_path, title: str, dpi: int) -> None:
    """A sweep without microdialysis AUCs: up to four summary columns against the x key, per group."""
    from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone

    x = table.x
    skip = {"point", "group", "n", *table.keys}
    columns = [c for c, v in table.columns.items()
               if c not in skip and np.asarray(v).dtype.kind == "f" and np.isfinite(np.asarray(v, float)).any()]
    columns = columns[:4] or ["point"]
    fig = Figure(figsize=(4.2 * len(columns), 3.6))
    axes = fig.subplots(1, len(columns), squeeze=False)
    numeric = table.units.get(x, "") != ""
    for ax, col in zip(axes[0], columns):
        for gi, group in enumerate(table.groups()):
            m = table.select(group)
            xs = np.asarray(table.columns[x])[m]
            xv = xs.astype(float) if numeric else np.arange(len(xs))
            ax.plot(xv, np.asarray(table.columns[col], float)[m], "o-", label=group)
        xa = np.asarray(table.columns[x], float) if numeric else None
        if numeric and np.all(xa > 0) and xa.max() / xa.min() >= 10:
            ax.set_xscale("log")
        ax.set_xlabel(x, fontsize=8)
        unit = table.units.get(col, "")
        ax.set_title(col + (f" ({unit})" if unit not in ("", "1") else ""), fontsize=9)
    axes[0][0].legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(png_path, dpi=dpi)


def plot(path, png_path) -> None:
    """The figure of a sweep results file (dose-response)."""
    dose_response_figure(path, png_path)
