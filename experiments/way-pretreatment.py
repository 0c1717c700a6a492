"""WAY-100635 0.3 mg/kg s.c. 20 min before citalopram vs citalopram alone vs vehicle.

The built-in experiment ``way-pretreatment`` (``raphe run way-pretreatment`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/way-pretreatment.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("way-pretreatment")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # PFC 5-HT peak of each group, and relative to citalopram alone
    s = res.summary
    peak = s[(s.region == "PFC") & (s.analyte == "5-HT") & (s.time > 0)].groupby("group")["mean"].max()
    print(peak.round(0).rename("peak PFC 5-HT (% baseline)"))
    print("WAY-100635 + citalopram / citalopram alone:", round(peak["WAY+citalopram"] / peak["citalopram"], 2))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
