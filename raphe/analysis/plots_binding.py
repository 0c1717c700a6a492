"""Figures of binding results: competition curves per target, Ki heat map, Scatchard.

Reads results files only (``/binding`` and ``/summary/binding`` written by the
``binding`` protocol); the Scatchard plot is a display of saturation data, the
estimates always come from the non-linear fits of :mod:`raphe.analysis.binding`.
"""

from __future__ import annotations

import math

import brian2
import numpy as np

from raphe.analysis import binding as fits
from raphe.io import binding as bio

nM = brian2.nmolar


def _open(h5file):
    import h5py
    if isinstance(h5file, (h5py.File, h5py.Group)):
        return h5file, False
    return h5py.File(h5file, "r"), True


def _curves(h5, target):
    """Drug -> (concentrations nM, mean %, sem %, fit dict or None)."""
    out = {}
    tg = h5[f"binding/{target}"]
    for name in tg:
        dg = tg[name]
        if not hasattr(dg, "keys") or "drug" not in dg.attrs:
            continue
        assays = sorted(k for k in dg if k.startswith("assay_"))
        if not assays:
            continue
        xs, ys, fitted = [], [], []
        for k in assays:
            tubes, meta = bio.read_assay(dg[k])
            conc, pct = fits.specific_percent(tubes, meta)
            x = np.asarray(conc / nM)
            levels = np.unique(x)
            xs.append(levels)
            ys.append([np.mean(pct[x == v]) for v in levels])
            f = bio.read_fit(dg[k])
            if math.isfinite(float(f["ic50"] / nM)):
                fitted.append(f)
        x = xs[0]
        y = np.array([row for row, lv in zip(ys, xs) if len(lv) == len(x)])
        fit = None
        if fitted:
            fit = {"log_ic50": np.mean([math.log10(float(f["ic50"] / nM)) for f in fitted]),
                   "hill": np.mean([f["hill"] for f in fitted]),
                   "top": np.mean([f["top"] for f in fitted]),
                   "bottom": np.mean([f["bottom"] for f in fitted])}
        sem = y.std(axis=0, ddof=1) / math.sqrt(len(y)) if len(y) > 1 else np.zeros(len(x))
        out[str(dg.attrs["drug"])] = (x, y.mean(axis=0), sem, fit)
    return out


def plot_competition(ax, h5, target, colors=None):
    """Competition curves of every drug at ``target`` on ``ax``."""
    curves = _curves(h5, target)
    for i, (drug, (x, y, sem, fit)) in enumerate(sorted(curves.items())):
        color = (colors or {}).get(drug, f"C{i % 10}")
        ax.errorbar(x * 1e-9, y, yerr=sem, fmt="o", ms=3, color=color, lw=0.8,
                    alpha=1.0 if fit else 0.35)
        if fit:
            xx = np.logspace(math.log10(x.min()) - 0.3, math.log10(x.max()) + 0.3, 200)
            yy = fits.logistic4(np.log10(xx * 1e-9), fit["bottom"], fit["top"],
                                fit["log_ic50"] - 9, fit["hill"])
            ax.plot(xx * 1e-9, yy, color=color, lw=1.2, label=drug)
        else:
            ax.plot(x * 1e-9, y, ":", color=color, lw=0.8, alpha=0.5, label=f"{drug} (n.d.)")
    rl = h5[f"binding/{target}"].attrs.get("radioligand", "")
    ax.set_xscale("log")
    ax.set_ylim(-15, 125)
    ax.axhline(50, color="0.8", lw=0.6, zorder=0)
    ax.set_title(f"{target}: {rl}", fontsize=9)
    ax.set_xlabel("test compound (M)", fontsize=8)
    ax.set_ylabel("specific binding (% of control)", fontsize=8)
    ax.tick_params(labelsize=7)
    return curves


def _ki_text(v: float) -> str:
    """Ki (nM) as short cell text: 0.13, 2.3, 26, 480, 27k; n.d. when not displaced."""
    if not math.isfinite(v):
        return "n.d."
    if v < 10:
        return f"{v:.2g}"
    if v < 1000:
        return f"{v:.0f}"
    return f"{v / 1000:.2g}k"


def plot_ki_heatmap(ax, h5):
    """Heat map of pKi (-log10 Ki/M) with Ki (nM) written in each cell."""
    table = bio.read_summary(h5)
    drugs = list(dict.fromkeys(table["drug"]))
    targets = list(dict.fromkeys(table["target"]))
    pki = np.full((len(drugs), len(targets)), np.nan)
    ki = np.full_like(pki, np.nan)
    for d, t, k in zip(table["drug"], table["target"], table["ki"]):
        v = float(k / nM)
        ki[drugs.index(d), targets.index(t)] = v
        if math.isfinite(v) and v > 0:
            pki[drugs.index(d), targets.index(t)] = 9 - math.log10(v)
    cmap = __import__("matplotlib").colormaps["viridis"].with_extremes(bad="0.88")
    im = ax.imshow(np.ma.masked_invalid(pki), cmap=cmap, vmin=4, vmax=10, aspect="auto")
    for i in range(len(drugs)):
        for j in range(len(targets)):
            v = ki[i, j]
            text = _ki_text(v)
            ax.text(j, i, text, ha="center", va="center", fontsize=6.5,
                    color="k" if not math.isfinite(pki[i, j]) or pki[i, j] > 7.5 else "w")
    ax.set_xticks(range(len(targets)), targets, fontsize=7, rotation=30)
    ax.set_yticks(range(len(drugs)), drugs, fontsize=7)
    ax.set_title("measured Ki (nM; colour pKi)", fontsize=9)
    return im


def plot_panel(h5file, png_path: str) -> None:
    """The binding panel figure: one competition panel per target plus the Ki heat map."""
    from matplotlib.lines import Line2D
    from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone

    h5, close = _open(h5file)
    try:
        table = bio.read_summary(h5)
        targets = list(dict.fromkeys(table["target"]))
        drugs = list(dict.fromkeys(table["drug"]))
        colors = {d: f"C{i % 10}" for i, d in enumerate(drugs)}
        n = len(targets) + 1
        ncol = 3
        nrow = math.ceil(n / ncol)
        fig = Figure(figsize=(4.2 * ncol, 3.4 * nrow))
        axes = fig.subplots(nrow, ncol)
        axes = np.atleast_1d(axes).ravel()
        for ax, target in zip(axes, targets):
            plot_competition(ax, h5, target, colors)
        handles = [Line2D([], [], color=colors[d], marker="o", ms=3, label=d) for d in drugs]
        im = plot_ki_heatmap(axes[len(targets)], h5)
        fig.colorbar(im, ax=axes[len(targets)], label="pKi", shrink=0.8)
        for ax in axes[len(targets) + 1:]:
            ax.axis("off")
        fig.legend(handles=handles, loc="lower center", ncol=min(len(drugs), 5), fontsize=7,
                   frameon=False)
        fig.suptitle("Virtual radioligand binding panel (mean \u00b1 SEM of assays; 4-parameter "
                     "logistic fits)", fontsize=10)
        fig.tight_layout(rect=(0, 0.06, 1, 0.97))
        fig.savefig(png_path, dpi=120)
    finally:
        if close:
            h5.close()


def plot_saturation(result, ax_curve, ax_scatchard=None):
    """Saturation curve (total, NSB, specific) and, optionally, its Scatchard plot.

    Parameters
    ----------
    result : raphe.analysis.binding.SaturationResult
    ax_curve, ax_scatchard : matplotlib Axes
    """
    L = np.asarray(result.radioligand / nM)
    for q, label in ((result.total, "total"), (result.nsb, "non-specific"),
                     (result.specific, "specific")):
        ax_curve.plot(L, np.asarray(q / nM) * 1e3, "o-", ms=3, label=label)
    kd = float(result.kd / nM)
    ax_curve.set_xlabel("radioligand added (nM)")
    ax_curve.set_ylabel("bound (pM)")
    ax_curve.set_title(f"Kd {kd:.3g} nM, Bmax {float(result.bmax / fits.FMOL_PER_MG):.0f} fmol/mg",
                       fontsize=9)
    ax_curve.legend(fontsize=7)
    if ax_scatchard is not None:
        b, bf = fits.scatchard(result)
        ax_scatchard.plot(np.asarray(b / nM) * 1e3, bf, "o")
        ax_scatchard.set_xlabel("specifically bound (pM)")
        ax_scatchard.set_ylabel("bound / free")
        ax_scatchard.set_title("Scatchard (display only)", fontsize=9)
