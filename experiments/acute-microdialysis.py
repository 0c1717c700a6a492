"""Acute sertraline 10 mg/kg i.p. vs vehicle: dialysate 5-HT, DA and NE in PFC, NAc and DRN.

The built-in experiment ``acute-microdialysis`` (``raphe run acute-microdialysis`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/acute-microdialysis.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("acute-microdialysis")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # % of baseline per sample, group mean (the figure shows mean +- SEM)
    s = res.summary
    post = s[(s.time > 0) & (s.analyte == "5-HT")]
    print(post.groupby(["group", "region"])["mean"].max().round(0).rename("peak 5-HT (% baseline)"))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
