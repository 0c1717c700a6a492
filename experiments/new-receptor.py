"""A new receptor type defined in the script: 5-HT3 on the PFC interneurons.

5-HT3 receptors (ligand-gated cation channels) sit on GABA interneurons of the rat
medial prefrontal cortex, and 5-HT from raphe terminals excites them through
these receptors (Puig et al. 2004 Cereb Cortex 14:1365 [U, as recalled]). One
registration adds the receptor type; :func:`~raphe.circuits.populations.add_receptor_site`
gives the interneurons a site of it; from then on the circuit's equations, the fast
inputs (``agonist.5-HT3``, ``competitor.5-HT3``, ``sensitivity.5-HT3_PFC_I``) and the
drug targets include it. Here an SSRI raises 5-HT and the new site's activation
follows it.

Run: ``python experiments/new-receptor.py [--quick] [--out PATH] [--seed S] [--subjects N] [--jobs N]``
"""

import brian2

import raphe
from raphe.circuits.populations import add_receptor_site
from raphe.circuits.receptors import E_CATION, RECEPTORS, ReceptorType, register_receptor
from raphe.circuits.spec import P, ReceptorSite
from raphe.units import kg, mg

HTR3 = ReceptorType(
    "5-HT3_PFC_I", "5-HT3", "5-HT",
    P(500 * brian2.nM, "5-HT at 5-HT3 is low affinity (EC50 about 1 uM at recombinant receptors) [U]; "
                       "range 0.2-3 uM", "U"),
    E_CATION, "ionotropic 5-HT3 on PFC GABA interneurons (Puig et al. 2004 Cereb Cortex 14:1365) [U]")
# at import, not in main(): worker processes (--jobs) import this module and need the site too
if HTR3.name not in RECEPTORS:
    register_receptor(HTR3)
    add_receptor_site("PFC_I", ReceptorSite(
        "5-HT3_PFC_I", P(1 * brian2.nS, "a few mV of depolarisation at full activation [U]; range 0.3-3 nS", "U")))


def main():
    options = raphe.script_options(__doc__)
    exp = raphe.Microdialysis(
        name="new-receptor", seed=6, subjects=4, regions=["PFC"], circuit={"scale": 0.5},
        groups=[raphe.Group("vehicle"),
                raphe.Group("citalopram", [raphe.Dose("citalopram", 10 * mg / kg, route="ip")])])
    if options.pop("quick"):  # a first look: one rat per group, quarter-size circuit, 20 min after the dose
        exp = exp.replace(subjects=1, circuit={"scale": 0.25}, duration="20 min", sample_interval="10 min",
                          baseline="20 min", baseline_samples=2, spike_windows=["-10 min", "10 min"])
        options["out"] = options["out"] or "results/new-receptor-quick.h5"  # never over the full result
    res = raphe.run(exp, plot=True, **options)
    print(res)
    act = res.timeseries("receptor_activation")
    site = act[act.receptor == "5-HT3_PFC_I"]
    print(site.groupby(["group", "time"]).value.mean().unstack("group").round(4))  # the new site over time
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
