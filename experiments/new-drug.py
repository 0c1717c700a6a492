"""A new drug defined in the script: vortioxetine (SERT inhibitor, 5-HT1A agonist, 5-HT1B partial agonist).

A drug is one record (:class:`raphe.circuits.pharmacology.model.Drug`): formula,
affinities (Ki) per target, efficacy per receptor type, PK per species, each number
with its source mark. Registered here, it is a drug like any built-in one for the
rest of the script: ``raphe.Dose("vortioxetine", ...)``, ``raphe pk``-style PK, the
engine's fast inputs. Here it is compared with citalopram in PFC microdialysis.

Run: ``python experiments/new-drug.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import raphe
from raphe.circuits.pharmacology.library import DRUGS, IV, register
from raphe.circuits.pharmacology.model import (R2, U, Absorption, Drug, SpeciesPK, L_per_h_per_kg, L_per_kg,
                                               affinity, efficacy, minute, per_hour)
from raphe.units import kg, mg

BANG_ANDERSEN = ("Bang-Andersen et al. 2011 J Med Chem 54:3206, as quoted by vendor data sheets "
                 "(human recombinant receptors)")

VORTIOXETINE = Drug(
    name="vortioxetine", aliases=("Lu AA21004",), formula="C18H22N2S",
    sources={"formula": R2("PubChem CID 9966051")},
    affinities={"SERT": affinity(1.6, R2(BANG_ANDERSEN + ": Ki 1.6 nM")),
                "NET": affinity(140.0, R2(BANG_ANDERSEN + ": IC50 140 nM (uptake)")),
                "DAT": affinity(890.0, R2(BANG_ANDERSEN + ": IC50 890 nM (uptake)")),
                "5-HT1A": affinity(15.0, R2(BANG_ANDERSEN + ": Ki 15 nM")),
                "5-HT1B": affinity(33.0, R2(BANG_ANDERSEN + ": Ki 33 nM"))},
    efficacy={"5-HT1A": efficacy(0.9, U("a full agonist at 5-HT1A (" + BANG_ANDERSEN + ") [R2]; "
                                        "0.9 chosen, range 0.8-1")),
              "5-HT1B": efficacy(0.5, U("a partial agonist at 5-HT1B (" + BANG_ANDERSEN + ") [R2]; "
                                        "0.5 chosen, range 0.2-0.7"))},
    pk={"rat": SpeciesPK(
        species="rat", clearance=2.0 * L_per_h_per_kg, volume=10.0 * L_per_kg, fu=0.02, kp_uu=1.0,
        brain_half_time=20 * minute, routes={"iv": IV, "sc": Absorption(1.0, 2.0 * per_hour)},
        nominal_dose="10 mg/kg", nominal_route="sc",
        sources={"clearance": U("no rat figure read; range 1-5 L/h/kg"),
                 "volume": U("a lipophilic amine; range 5-30 L/kg"),
                 "fu": U("98-99 % bound in human plasma [R2]; rat assumed alike, range 0.01-0.05"),
                 "kp_uu": U("assumed 1, range 0.3-1"), "brain_half_time": U("range 5-60 min"),
                 "routes.iv": U("i.v. bolus"), "routes.sc": U("F 1, ka 2/h for a s.c. injection")})},
    notes="5-HT3, 5-HT7 and 5-HT1D antagonist (not modelled). Defined in experiments/new-drug.py.",
)
# at import, not in main(): worker processes (--jobs) import this module and need the record too
if VORTIOXETINE.name not in DRUGS:
    register(VORTIOXETINE)


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.Microdialysis(
        name="new-drug", seed=5, subjects=4, regions=["PFC", "DRN"], circuit={"scale": 0.5},
        groups=[raphe.Group("vehicle"),
                raphe.Group("vortioxetine", [raphe.Dose("vortioxetine", 10 * mg / kg, route="sc")]),
                raphe.Group("citalopram", [raphe.Dose("citalopram", 10 * mg / kg, route="sc")])])
    if options.pop("quick"):  # a first look: one rat per group, quarter-size circuit, 20 min after the dose
        exp = exp.replace(subjects=1, circuit={"scale": 0.25}, duration="20 min", sample_interval="10 min",
                          baseline="20 min", baseline_samples=2, spike_windows=["-10 min", "10 min"],
                          groups=exp.to_dict()["group"][:2])
        options["out"] = options["out"] or "results/new-drug-quick.h5"  # never over the full result
    res = raphe.run(exp, plot=True, **options)
    print(res)
    occ = res.timeseries("occupancy")
    print(occ[occ.group == "vortioxetine"].groupby("target").value.max().round(3))  # peak occupancy per target
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
