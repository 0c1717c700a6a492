"""Nucleus accumbens D1 (direct-pathway) medium spiny neurons.

Hyperpolarised, quiet cells (down-state near -80 mV) driven by prefrontal
glutamate; D1 activation facilitates their excitability (low-affinity D1
state, Richfield 1989) [R2]; 5-HT acting through 5-HT1B heteroreceptors on their
glutamatergic afferents reduces their excitatory drive, lumped here as an
inhibitory conductance [U].
In vivo MSN rates are low, ~0.1-5 Hz [U].
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec, ReceptorSite

SPEC = PopulationSpec(
    name="NAc_D1",
    region="NAc",
    description="accumbens D1 medium spiny neurons (DA excitatory via D1)",
    size=300,
    params={
        "Cm": P(100 * brian2.pF, "MSN capacitance", "U"),
        "gL": P(10 * brian2.nS, "MSN leak (inward rectifier at rest)", "U"),
        "EL": P(-80 * brian2.mV, "MSN down-state", "R2"),
        "v_th": P(-50 * brian2.mV, "spike threshold", "U"),
        "v_reset": P(-65 * brian2.mV, "post-spike potential", "U"),
        "delta_ahp": P(1.0 * brian2.nS, "adaptation", "U"),
        "tau_ahp": P(100 * brian2.ms, "adaptation", "U"),
        "I_drive": P(0 * brian2.pA, "no pacemaker drive", "U"),
        "sigma": P(3 * brian2.mV, "membrane noise", "U"),
        "refractory": P(2 * brian2.ms, "refractory period", "U"),
    },
    heterogeneity={"gL": 0.1, "v_th": 0.03},
    receptors=(
        ReceptorSite("D1", P(4.02 * brian2.nS, "D1 facilitation lumped as a depolarising conductance; "
                     "Em of the operational model (tau = 1), set to 4.0 nS x (1 + basal occupancy 0.004) so the basal conductance is the earlier calibration's", "U")),
        ReceptorSite("5-HT1B", P(1.14 * brian2.nS, "5-HT1B heteroreceptor inhibition, lumped; "
                     "Em of the operational model (tau = 1), set to 1.0 nS x (1 + basal occupancy 0.14) so the basal conductance is the earlier calibration's", "U")),
    ),
    background_rate=P(1300 * brian2.Hz, "hippocampal, amygdalar and thalamic glutamate, lumped", "U"),
    background_weight=P(0.6 * brian2.nS, "hippocampal, amygdalar and thalamic glutamate, lumped", "U"),
    transmitter=None,
    baseline_rate=(0.1 * brian2.Hz, 5 * brian2.Hz),
    baseline_source="NAc MSNs in vivo, 0.1-5 Hz [U]",
)
