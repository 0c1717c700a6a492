"""``raphe list``: the registries (populations, receptors, drugs, experiments, protocols, inputs)."""

from __future__ import annotations

from raphe.errors import UnknownNameError

NAME = "list"
WHAT = ("populations", "receptors", "drugs", "regions", "experiments", "protocols", "inputs")


def add_arguments(parser):
    parser.add_argument("what", help="one of: " + ", ".join(WHAT))


def run(args) -> int:
    what = args.what.lower()
    if what not in WHAT:
        raise UnknownNameError("list", args.what, WHAT)
    from raphe.registry import load_plugins

    load_plugins()
    if what == "populations":
        from raphe.circuits.populations import load_all

        for name, spec in load_all().items():
            lo, hi = spec.baseline_rate
            print(f"{name:10s} {spec.region:4s} n={spec.size:<5d} baseline {float(lo):g}-{float(hi):g} Hz  "
                  f"{spec.description}")
    elif what == "receptors":
        from raphe.circuits.receptors import RECEPTORS

        for name, rec in RECEPTORS.items():
            print(f"{name:24s} type {rec.receptor_type:7s} {rec.transmitter:4s} "
                  f"K={float(rec.k_endogenous.value / 1e-6):g} nM  {rec.description}")
    elif what == "drugs":
        from raphe.circuits.pharmacology import describe_drugs

        print(describe_drugs())
    elif what == "regions":
        from raphe.circuits.regions import REGIONS

        for name, region in REGIONS.items():
            print(f"{name:6s} probe {float(region.probe_length / 1e-3):g} mm{'' if region.probed else ' (not probed)':14s} "
                  f"{region.description}  [{region.source}]")
    elif what == "experiments":
        from raphe.experiments.config import list_experiments

        for name, description in list_experiments():
            print(f"{name:28s} {description}")
    elif what == "protocols":
        from raphe.experiments.protocols import load_all

        for name, protocol in sorted(load_all().items()):
            print(f"{name:16s} {protocol.description}")
    else:
        from raphe.circuits.inputs import FAST_INPUTS

        for name, spec in FAST_INPUTS.items():
            print(f"{name:24s} [{spec.minimum:g}, {spec.maximum:g}]  {spec.description}")
    return 0
