"""Citalopram 20 mg/kg/day for 21 days: autoreceptor desensitization, firing and 5-HT on days 2-21, challenges.

The built-in experiment ``chronic-ssri`` (``raphe run chronic-ssri`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/chronic-ssri.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("chronic-ssri")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # readouts of each recording day, tidy: one row per subject, day and readout
    d = res.data
    pfc = d[d.readout == "concentration_nM.PFC.5-HT"]
    print(pfc.groupby(["group", "time"])["value"].mean().round(2).rename("PFC 5-HT (nM)"))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
