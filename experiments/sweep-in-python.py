"""A parameter sweep in Python: sertraline dose-response of dialysate 5-HT (AUC vs dose, ED50).

``raphe.sweep(experiment, grid)`` runs every point as its own cohort (seeded
from the run's seed and the point), on local worker processes, and returns the
results: ``res.summary`` has one row per dose and group, ``res.data`` one per
subject. Any config key can be swept (the keys of ``raphe run --set``).

Run: ``python experiments/sweep-in-python.py [--quick] [--out PATH] [--seed S] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("dose-response")
    doses = ["0.3 mg/kg", "1 mg/kg", "3 mg/kg", "10 mg/kg", "30 mg/kg"]
    if options.pop("quick"):
        exp = exp.replace(subjects=1, circuit={"scale": 0.25}, duration="40 min")
        doses = ["1 mg/kg", "10 mg/kg"]
        options["out"] = options["out"] or "results/dose-response-quick.h5"  # never over the full result
    subjects = options.pop("subjects")
    res = raphe.sweep(exp, {"group.0.doses.0.amount": doses}, subjects=subjects, plot=True, **options)
    print(res)
    print(res.summary[["group.0.doses.0.amount", "group.0.doses.0.amount_unit", "group", "n", "auc_NAc_5-HT",
                       "peak_NAc_5-HT", "auc_unit", "peak_unit"]].round(1))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
