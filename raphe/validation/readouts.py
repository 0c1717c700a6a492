"""Model values read from finished results files, as the papers report them.

Each function opens one results file (written by the experiment runner) and
returns one number; none simulates.
"""

from __future__ import annotations

import math

import h5py
import numpy as np


def md_peak(path, group: str, region: str, analyte: str = "5-HT", t_from: float = 0.0,
            t_to: float = math.inf) -> float:
    """Peak of the group-mean dialysate time course (% of baseline) after the dose.

    Microdialysis papers report the maximal mean % of baseline; samples in
    ``[t_from, t_to]`` minutes after the (first) dose are considered.
    """
    with h5py.File(path, "r") as h5:
        d = h5[f"summary/microdialysis/{group}/{region}/{analyte}"]
        t, m = d["time_min"][()], d["percent_baseline_mean"][()]
    sel = (t >= t_from) & (t <= t_to) & np.isfinite(m)
    return float(np.max(m[sel])) if np.any(sel) else float("nan")


def md_increase_ratio(path, group: str, region_a: str, region_b: str, analyte: str = "5-HT",
                      t_from: float = 0.0, t_to: float = math.inf) -> float:
    """Ratio of the peak increases above baseline, ``(peak_a - 100) / (peak_b - 100)``."""
    a = md_peak(path, group, region_a, analyte, t_from, t_to) - 100.0
    b = md_peak(path, group, region_b, analyte, t_from, t_to) - 100.0
    return a / b if b > 0 else float("inf") if a > 0 else float("nan")


def ephys_ed50(path, group: str) -> float:
    """ED50 of the cumulative dose-response (in the group's dose unit)."""
    with h5py.File(path, "r") as h5:
        return float(h5[f"summary/electrophysiology/{group}"].attrs["ed50"])


def chronic_value(path, group: str, readout: str, day: float) -> float:
    """A chronic summary readout (``firing_percent_control_mean``,
    ``PFC_5HT_percent_control_mean``, ...) on a recording day."""
    with h5py.File(path, "r") as h5:
        g = h5[f"summary/chronic/{group}"]
        days = g["day"][()]
        values = g[readout][()]
    k = int(np.argmin(np.abs(days - day)))
    if abs(days[k] - day) > 0.5:
        raise KeyError(f"no recording on day {day} (days: {list(days)})")
    return float(values[k])


def binding_ki_nM(path, drug: str, target: str) -> float:
    """Geometric-mean Ki (nM) of a drug at a target from a binding-panel file."""
    import brian2

    from raphe.io.binding import read_summary

    with h5py.File(path, "r") as h5:
        table = read_summary(h5)
    for d, t, ki in zip(table["drug"], table["target"], table["ki"]):
        if d == drug and t == target:
            return float(ki / brian2.nmolar)
    raise KeyError(f"{drug} at {target} not in the binding summary")
