"""Medial prefrontal cortex fast-spiking (parvalbumin) interneurons.

Non-adapting, higher rates than pyramidal cells (~5-20 Hz in vivo [U]);
provide feedback inhibition in the local PFC network.
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec

SPEC = PopulationSpec(
    name="PFC_I",
    region="PFC",
    description="prefrontal fast-spiking interneurons",
    size=200,
    params={
        "Cm": P(100 * brian2.pF, "interneuron capacitance", "U"),
        "gL": P(10 * brian2.nS, "tau_m 10 ms", "U"),
        "EL": P(-70 * brian2.mV, "resting potential", "U"),
        "v_th": P(-52 * brian2.mV, "spike threshold", "U"),
        "v_reset": P(-60 * brian2.mV, "post-spike potential", "U"),
        "delta_ahp": P(0 * brian2.nS, "fast-spiking cells do not adapt", "R2"),
        "tau_ahp": P(50 * brian2.ms, "unused (no adaptation)", "U"),
        "I_drive": P(0 * brian2.pA, "no pacemaker drive", "U"),
        "sigma": P(3 * brian2.mV, "membrane noise", "U"),
        "refractory": P(1 * brian2.ms, "fast-spiking", "R2"),
    },
    heterogeneity={"gL": 0.1},
    receptors=(),
    background_rate=P(1100 * brian2.Hz, "cortico-cortical and thalamic input, lumped", "U"),
    background_weight=P(0.5 * brian2.nS, "cortico-cortical and thalamic input, lumped", "U"),
    transmitter=None,
    baseline_rate=(3 * brian2.Hz, 25 * brian2.Hz),
    baseline_source="fast-spiking PFC interneurons in vivo, 3-25 Hz [U]",
)
