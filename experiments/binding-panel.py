"""Every library drug against SERT, DAT, NET, sigma-1 and 5-HT1A: saturation, kinetics, competition.

The built-in experiment ``binding-panel`` (``raphe run binding-panel`` runs the same); copy this
file to change it in Python, e.g. ``exp.replace(subjects=4, seed=2)``.

Run: ``python experiments/binding-panel.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.experiment("binding-panel")
    res = raphe.run(exp, plot=True, **options)
    print(res)
    # Ki per drug and target (geometric mean of the assays)
    print(res.summary[["drug", "target", "ki", "n"]].to_string(index=False))
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
