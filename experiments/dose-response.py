"""Sertraline 10 mg/kg i.p. as configured for the dose-response sweep, run once
(`python experiments/sweep-in-python.py` sweeps the dose).

The built-in experiment ``dose-response`` (``raphe run dose-response`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/dose-response.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("dose-response")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # % of baseline per sample, group mean (the figure shows mean +- SEM)
    s = res.summary
    post = s[(s.time > 0) & (s.analyte == "5-HT")]
    print(post.groupby(["group", "region"])["mean"].max().round(0).rename("peak 5-HT (% baseline)"))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
