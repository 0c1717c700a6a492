"""Fluvoxamine 30 mg/kg p.o. vs vehicle: dialysate 5-HT.

The built-in experiment ``fluvoxamine-oral`` (``raphe run fluvoxamine-oral`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/fluvoxamine-oral.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("fluvoxamine-oral")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # oral absorption: SERT occupancy over time (PK), per subject, and its peak
    occ = res.timeseries("occupancy")
    sert = occ[(occ.target == "SERT") & (occ.group != "vehicle")]
    print(sert.groupby("subject")["value"].max().round(3).rename("peak SERT occupancy"))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
