"""DRN single units: cumulative i.v. citalopram and 8-OH-DPAT, % of baseline, ED50, WAY-100635 reversal.

The built-in experiment ``drn-dose-response`` (``raphe run drn-dose-response`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/drn-dose-response.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("drn-dose-response")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # % of baseline firing per cumulative dose, group mean; the ED50 fit is in the summary
    s = res.summary
    print(s[["group", "dose", "percent_baseline_mean", "n"]].round(1).to_string(index=False))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
