"""Dorsal raphe GABA interneurons.

Local GABAergic neurons inhibit 5-HT neurons and receive prefrontal input
(Celada et al. 2001 J Neurosci 21:9917: mPFC stimulation inhibits most DRN
5-HT neurons through GABA-A, and excites a minority) [R2]. Rates of
identified DRN GABA neurons are several Hz [U].
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec

SPEC = PopulationSpec(
    name="DRN_GABA",
    region="DRN",
    description="dorsal raphe GABA interneurons inhibiting 5-HT neurons",
    size=80,
    params={
        "Cm": P(100 * brian2.pF, "interneuron capacitance", "U"),
        "gL": P(5 * brian2.nS, "interneuron leak", "U"),
        "EL": P(-65 * brian2.mV, "resting potential", "U"),
        "v_th": P(-50 * brian2.mV, "spike threshold", "U"),
        "v_reset": P(-58 * brian2.mV, "post-spike potential", "U"),
        "delta_ahp": P(0.3 * brian2.nS, "weak adaptation", "U"),
        "tau_ahp": P(50 * brian2.ms, "weak adaptation", "U"),
        "I_drive": P(0 * brian2.pA, "no pacemaker drive", "U"),
        "sigma": P(3 * brian2.mV, "membrane noise", "U"),
        "refractory": P(2 * brian2.ms, "fast-spiking interneuron", "U"),
    },
    heterogeneity={"gL": 0.1},
    receptors=(),
    background_rate=P(380 * brian2.Hz, "excitatory afferents (hypothalamus, brainstem), lumped", "U"),
    background_weight=P(0.5 * brian2.nS, "excitatory afferents, lumped", "U"),
    transmitter=None,
    baseline_rate=(2 * brian2.Hz, 15 * brian2.Hz),
    baseline_source="identified DRN GABA neurons fire several Hz [U]",
)
