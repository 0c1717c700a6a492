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
    # samples as measured: how many fell below the assay's limit of detection, per analyte
    d = res.data
    vials = d[d.measure == "amount_fmol"]
    print(vials.groupby(["region", "analyte"])["below_lod"].sum().rename("samples below LOD"))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
