"""Ventral tegmental area dopamine neurons.

Pacemakers at 2-5 Hz in vivo (Grace & Bunney 1984 J Neurosci 4:2866) [R2],
with somatodendritic D2 autoreceptors opening GIRK channels (Lacey, Mercuri &
North 1987 J Physiol 392:397) [R2]. They receive DRN input (5-HT and
glutamate co-release excite them; Qi et al. 2014 Nat Commun 5:5390) [R2] and
release DA in the NAc (and somatodendritically in the VTA).
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec, ReceptorSite

SPEC = PopulationSpec(
    name="VTA_DA",
    region="VTA",
    description="VTA dopamine neurons: 2-5 Hz pacemakers with D2 autoreceptors",
    size=150,
    params={
        "Cm": P(100 * brian2.pF, "DA neuron capacitance", "U"),
        "gL": P(3 * brian2.nS, "DA neuron leak", "U"),
        "EL": P(-60 * brian2.mV, "resting potential", "U"),
        "v_th": P(-45 * brian2.mV, "spike threshold", "U"),
        "v_reset": P(-55 * brian2.mV, "post-spike potential", "U"),
        "delta_ahp": P(1.5 * brian2.nS, "pacemaker AHP", "U"),
        "tau_ahp": P(120 * brian2.ms, "pacemaker AHP", "U"),
        "I_drive": P(58 * brian2.pA, "pacemaker drive, tuned for ~3.5 Hz", "U"),
        "sigma": P(2 * brian2.mV, "membrane noise", "U"),
        "refractory": P(2 * brian2.ms, "broad DA action potential", "R2"),
    },
    heterogeneity={"I_drive": 0.04, "gL": 0.08},
    receptors=(ReceptorSite("D2_autoreceptor", P(1.2 * brian2.nS, "D2 GIRK autoinhibition; "
                     "Em of the operational model (tau = 1), set to 1.0 nS x (1 + basal occupancy 0.2) so the basal conductance is the earlier calibration's", "U")),),
    background_rate=P(100 * brian2.Hz, "weak tonic excitatory afferents", "U"),
    background_weight=P(0.2 * brian2.nS, "weak tonic excitatory afferents", "U"),
    transmitter="DA",
    baseline_rate=(2 * brian2.Hz, 5 * brian2.Hz),
    baseline_source="Grace & Bunney 1984: 2-5 Hz pacemaker firing [R2]",
)
