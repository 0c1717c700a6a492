"""Medial prefrontal cortex pyramidal neurons (layer 5, projecting).

Conductance-based, adapting, irregular firing driven by background input.
They co-express inhibitory 5-HT1A and excitatory 5-HT2A receptors
(Amargos-Bosch et al. 2004 Cereb Cortex 14:281) [R2] and project to the DRN
(onto GABA and 5-HT neurons) and to the NAc. Spontaneous rates of mPFC
pyramidal neurons in the anaesthetised rat are ~0.5-5 Hz [U].
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec, ReceptorSite

SPEC = PopulationSpec(
    name="PFC_E",
    region="PFC",
    description="prefrontal pyramidal neurons with 5-HT1A (inhibitory) and 5-HT2A (excitatory) receptors",
    size=800,
    params={
        "Cm": P(200 * brian2.pF, "pyramidal capacitance", "U"),
        "gL": P(10 * brian2.nS, "tau_m 20 ms", "U"),
        "EL": P(-70 * brian2.mV, "resting potential", "U"),
        "v_th": P(-50 * brian2.mV, "spike threshold", "U"),
        "v_reset": P(-60 * brian2.mV, "post-spike potential", "U"),
        "delta_ahp": P(1.0 * brian2.nS, "spike-frequency adaptation", "U"),
        "tau_ahp": P(150 * brian2.ms, "spike-frequency adaptation", "U"),
        "I_drive": P(0 * brian2.pA, "no pacemaker drive", "U"),
        "sigma": P(4 * brian2.mV, "membrane noise", "U"),
        "refractory": P(2 * brian2.ms, "refractory period", "U"),
    },
    heterogeneity={"gL": 0.1, "v_th": 0.03},
    receptors=(
        ReceptorSite("5-HT1A_postsynaptic", P(2.28 * brian2.nS, "GIRK via 5-HT1A on pyramidal cells; "
                     "Em of the operational model (tau = 1), set to 2.0 nS x (1 + basal occupancy 0.14) so the basal conductance is the earlier calibration's", "U")),
        ReceptorSite("5-HT2A", P(2.03 * brian2.nS, "5-HT2A depolarising conductance; "
                     "Em of the operational model (tau = 1), set to 2.0 nS x (1 + basal occupancy 0.016) so the basal conductance is the earlier calibration's", "U")),
    ),
    background_rate=P(1300 * brian2.Hz, "cortico-cortical and thalamic input, lumped", "U"),
    background_weight=P(0.5 * brian2.nS, "cortico-cortical and thalamic input, lumped", "U"),
    transmitter=None,
    baseline_rate=(0.5 * brian2.Hz, 5 * brian2.Hz),
    baseline_source="mPFC pyramidal neurons, anaesthetised rat, 0.5-5 Hz [U]",
)
