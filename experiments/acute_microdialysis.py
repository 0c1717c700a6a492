"""
Acute sertraline: dialysate 5-HT in prefrontal cortex and accumbens
===================================================================

Rat, sertraline 10 mg/kg i.p. vs vehicle; microdialysis probes in PFC, NAc and
DRN; 1 h baseline (3 x 20 min samples), then 4 h; six rats per group. The
built-in experiment ``acute-microdialysis`` (``raphe run acute-microdialysis``),
run from Python.

``--quick`` runs a quarter-size circuit, one rat per group and a 40 min
protocol: about a minute once the circuit is compiled and cached.
"""

import argparse

import matplotlib.pyplot as plt

import raphe
from raphe.units import minute

parser = argparse.ArgumentParser(description="acute sertraline vs vehicle: dialysate 5-HT (microdialysis)")
parser.add_argument("--quick", action="store_true", help="small circuit, one rat per group, 40 min")
args = parser.parse_args()

exp = raphe.experiment("acute-microdialysis")
subjects = seed = None  # the experiment's own: six rats per group, its published seed
if args.quick:
    exp = exp.replace(circuit={"scale": 0.25}, duration=40 * minute,
                      spike_windows=[-10 * minute, 20 * minute])
    subjects, seed = 1, 7

# %%
# Run the experiment: one HDF5 file with every rat's samples, time courses and spikes.
res = raphe.run(exp, subjects=subjects, seed=seed, out="results/acute-microdialysis.h5")
print(res)
print(res.summary.query("analyte == '5-HT' and time > 0").groupby(["region", "group"])["mean"].max())

# %%
# Dialysate 5-HT as % of baseline, group mean +- SEM per sample (time 0: injection).
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
for ax, region in zip(axes, ("PFC", "NAc")):
    rows = res.summary.query("region == @region and analyte == '5-HT'")
    for group, g in rows.groupby("group", sort=False):
        ax.errorbar(g["time"], g["mean"], yerr=g["sem"].fillna(0), marker="o", capsize=2, label=group)
    ax.axhline(100, color="0.8", lw=0.8)
    ax.set_title(f"{region} dialysate 5-HT")
    ax.set_xlabel("time from injection (min)")
axes[0].set_ylabel("% of baseline")
axes[0].legend(frameon=False)
fig.tight_layout()
plt.show()

# %%
# The protocol's one-page figure: every region and analyte, AUC against vehicle, drug in
# brain, transporter occupancy, DRN firing and spike rasters of the recorded windows.
print(res.plot())
