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
    # % of baseline per sample, group mean (the figure shows mean +- SEM)
    s = res.summary
    post = s[(s.time > 0) & (s.analyte == "5-HT")]
    print(post.groupby(["group", "region"])["mean"].max().round(0).rename("peak 5-HT (% baseline)"))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
