"""Locus coeruleus noradrenaline neurons.

Pacemakers at 1-3 Hz in the anaesthetised rat (Aghajanian & VanderMaelen 1982)
[R2] with somatodendritic alpha-2 autoreceptors opening GIRK channels
(Aghajanian & VanderMaelen 1982 Science 215:1394) [R2]; they release NE in
the PFC (and somatodendritically in the LC).
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec, ReceptorSite

SPEC = PopulationSpec(
    name="LC_NE",
    region="LC",
    description="locus coeruleus NE neurons: 1-3 Hz pacemakers with alpha-2 autoreceptors",
    size=100,
    params={
        "Cm": P(100 * brian2.pF, "LC neuron capacitance", "U"),
        "gL": P(3 * brian2.nS, "LC neuron leak", "U"),
        "EL": P(-60 * brian2.mV, "resting potential", "U"),
        "v_th": P(-45 * brian2.mV, "spike threshold", "U"),
        "v_reset": P(-55 * brian2.mV, "post-spike potential", "U"),
        "delta_ahp": P(2.4 * brian2.nS, "pacemaker AHP", "U"),
        "tau_ahp": P(250 * brian2.ms, "pacemaker AHP", "U"),
        "I_drive": P(55 * brian2.pA, "pacemaker drive, tuned for ~2 Hz", "U"),
        "sigma": P(1.5 * brian2.mV, "membrane noise", "U"),
        "refractory": P(2 * brian2.ms, "refractory period", "U"),
    },
    heterogeneity={"I_drive": 0.04, "gL": 0.08},
    receptors=(ReceptorSite("alpha2_autoreceptor", P(1.0 * brian2.nS, "alpha-2 GIRK autoinhibition", "U")),),
    background_rate=P(100 * brian2.Hz, "weak tonic excitatory afferents", "U"),
    background_weight=P(0.2 * brian2.nS, "weak tonic excitatory afferents", "U"),
    transmitter="NE",
    baseline_rate=(1 * brian2.Hz, 3 * brian2.Hz),
    baseline_source="Aghajanian & VanderMaelen 1982: 1-3 Hz [R2]",
)
