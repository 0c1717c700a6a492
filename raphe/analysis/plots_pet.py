"""Figure of a virtual PET study: apparent SERT occupancy against plasma, with published data.

Reads ``/pet/<group>`` of a ``pet-occupancy`` results file. The line is the
model's steady-state relation for the drug alone (parent, no metabolites) seen
through the tracer: ``ceiling x C / (C + EC50)``, EC50 from the library's
human in-vivo Ki; published means (:data:`raphe.circuits.pharmacology.pet.PUBLISHED_POINTS`)
and plateaus are drawn where they were read.
"""

from __future__ import annotations

import numpy as np


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def model_curve(drug: str, tracer: str, plasma):
    """Apparent occupancy (%) of ``drug`` alone at total plasma ``plasma`` (ng/mL), or None for
    a racemate (its enantiomers' plasma ratio is not fixed)."""
    import brian2

    from raphe.circuits.pharmacology import DRUGS
    from raphe.circuits.pharmacology.enantiomers import RACEMATES
    from raphe.circuits.pharmacology.occupancy import affinity_table
    from raphe.circuits.pharmacology.pet import TRACERS, ec50_from_in_vivo_ki

    if drug in RACEMATES:
        return None
    d = DRUGS.get(drug)
    pk = d.pk["human"]
    ki = affinity_table([drug], species="human")[(d.name, "SERT")]
    ec50 = ec50_from_in_vivo_ki(ki, float(d.mw_base / (brian2.gram / brian2.mole)), pk.fu,
                                pk.kp_uu)
    return 100 * TRACERS.get(tracer).ceiling * plasma / (plasma + ec50)


def _published(ax, drug, tracer):
    from raphe.circuits.pharmacology.pet import PUBLISHED_PLATEAUS, PUBLISHED_POINTS

    if drug in PUBLISHED_POINTS:
        label, tr, pts = PUBLISHED_POINTS[drug]
        p = np.array(pts)
        ax.errorbar(p[:, 0], p[:, 1], xerr=p[:, 2], yerr=p[:, 3], fmt="D", color="k", ms=6,
                    capsize=3, label=f"{label} [{tr}]", zorder=5)
    if drug in PUBLISHED_PLATEAUS:
        x0, y, label = PUBLISHED_PLATEAUS[drug]
        ax.hlines(y, x0, ax.get_xlim()[1], colors="k", linestyles="--", label=label, zorder=5)


def plot_pet(h5file, png_path: str) -> None:
    """Per-patient apparent occupancy vs plasma, by dose group (poor metabolisers as squares)."""
    import h5py
    from matplotlib.figure import Figure

    with h5py.File(h5file, "r") as h5:
        groups = [(k, h5["pet"][k]) for k in h5["pet"]]
        groups.sort(key=lambda kv: kv[1].attrs["dose_mg"])
        data = [(k, {n: g[n][()] for n in g}, dict(g.attrs)) for k, g in groups]
    attrs = data[0][2]
    drug, tracer = _text(attrs["drug"]), _text(attrs["tracer"])
    fig = Figure(figsize=(7, 5), constrained_layout=True)
    ax = fig.subplots()
    xmax = 1.0
    for i, (name, d, a) in enumerate(data):
        x, y, pm = d["plasma_ng_per_ml"], 100 * d["apparent_occupancy"], d["poor_metaboliser"]
        xmax = max(xmax, float(np.max(x)))
        ax.scatter(x[~pm], y[~pm], color=f"C{i}", s=22, alpha=0.8, label=f"{name}/day (model)")
        if pm.any():
            ax.scatter(x[pm], y[pm], color=f"C{i}", marker="s", s=30, edgecolor="k",
                       label=f"{name}/day, poor metabolisers ({a['enzyme']})" if pm.any() else None)
    ax.set_xscale("log")
    ax.set_xlim(0.3, xmax * 2)
    grid = np.geomspace(0.3, xmax * 2, 200)
    curve = model_curve(drug, tracer, grid)
    if curve is not None:
        ax.plot(grid, curve, color="0.3", lw=1.5,
                label=f"{drug} alone, {tracer} readout (ceiling {attrs['ceiling']:g})")
    _published(ax, drug, tracer)
    ax.set_ylim(-10, 105)
    ax.set_xlabel(f"total plasma {drug} (ng/mL)")
    ax.set_ylabel(f"apparent SERT occupancy, {tracer} (%)")
    ax.set_title(f"Virtual PET: {drug}, {int(attrs['days'])} daily doses, scan "
                 f"{attrs['scan_after_h']:g} h after the last", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.savefig(png_path, dpi=120)
