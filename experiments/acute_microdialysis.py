"""
Acute sertraline: dialysate 5-HT in prefrontal cortex and accumbens
===================================================================

Rat, sertraline 10 mg/kg i.p. vs vehicle; microdialysis probes in PFC, NAc and
DRN; 1 h baseline (3 x 20 min samples), then 4 h. The built-in experiment
``acute-microdialysis`` (``raphe run acute-microdialysis``), run from Python.

``--quick`` runs a quarter-size circuit, one rat per group and a 40 min
protocol, in about a minute once the circuit is compiled and cached.
"""

import argparse

import matplotlib.pyplot as plt
import numpy as np

from raphe.analysis import load
from raphe.experiments.config import load_config
from raphe.experiments.runner import run_experiment

parser = argparse.ArgumentParser(description="acute sertraline vs vehicle: dialysate 5-HT (microdialysis)")
parser.add_argument("--quick", action="store_true", help="small circuit, one rat per group, 40 min")
args = parser.parse_args()

overrides, subjects = [], None
if args.quick:
    overrides = ["circuit.scale=0.25", "microdialysis.duration=40 min",
                 'microdialysis.spike_windows=["-10 min", "20 min"]']
    subjects = 1

# %%
# Run the experiment: one HDF5 file with every subject's samples, time series and spikes.
config = load_config("acute-microdialysis", overrides=overrides, subjects=subjects, seed=7)
result = run_experiment(config, "results/acute-microdialysis.h5")
print(result.path)

# %%
# Dialysate 5-HT as % of baseline, group mean +- SEM per sample (time 0: injection).
summary = load.microdialysis_summary(result.path)
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
for ax, region in zip(axes, ("PFC", "NAc")):
    for group, colour in (("vehicle", "0.4"), ("sertraline-10", "C3")):
        s = summary[group][region]["5-HT"]
        ax.errorbar(s["time_min"], s["percent_baseline_mean"], yerr=np.nan_to_num(s["percent_baseline_sem"]),
                    marker="o", color=colour, label=group, capsize=2)
    ax.axhline(100, color="0.8", lw=0.8)
    ax.set_title(f"{region} dialysate 5-HT")
    ax.set_xlabel("time from injection (min)")
axes[0].set_ylabel("% of baseline")
axes[0].legend(frameon=False)
fig.tight_layout()
plt.show()
