"""Citalopram 2.5 mg/kg i.p. vs vehicle: dialysate 5-HT, DA and NE.

The built-in experiment ``citalopram-microdialysis`` (``raphe run citalopram-microdialysis`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/citalopram-microdialysis.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("citalopram-microdialysis")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # the engine's extracellular 5-HT (what the probe samples), group mean over time
    c = res.timeseries("concentration")
    pfc = c[(c.region == "PFC") & (c.analyte == "5-HT")]
    print(pfc.groupby(["group", "time"])["value"].mean().unstack(0).iloc[::6].round(2))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
