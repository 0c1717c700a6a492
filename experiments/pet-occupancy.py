"""A virtual human [11C]DASB PET study: paroxetine 10, 20, 40 mg/day, apparent SERT occupancy.

The built-in experiment ``pet-occupancy`` (``raphe run pet-occupancy`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(drug="escitalopram", tracer="ADAM")``.

Run: ``python experiments/pet-occupancy.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("pet-occupancy")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    print(res.summary.to_string(index=False))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
