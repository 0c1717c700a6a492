"""Nucleus accumbens D2 (indirect-pathway) medium spiny neurons.

As :mod:`nac_d1` but with inhibitory, high-affinity D2 receptors (Richfield
1989) [R2], so tonic DA restrains them.
"""

import brian2

from raphe.circuits.populations.nac_d1 import SPEC as _D1
from raphe.circuits.spec import P, PopulationSpec, ReceptorSite

SPEC = PopulationSpec(
    name="NAc_D2",
    region="NAc",
    description="accumbens D2 medium spiny neurons (DA inhibitory via D2)",
    size=300,
    params=dict(_D1.params),
    heterogeneity=dict(_D1.heterogeneity),
    receptors=(
        ReceptorSite("D2_postsynaptic", P(2.35 * brian2.nS, "D2 inhibition lumped as a K+ conductance; "
                     "Em of the operational model (tau = 1), set to 2.0 nS x (1 + basal occupancy 0.17) so the basal conductance is the earlier calibration's", "U")),
        ReceptorSite("5-HT1B", P(1.14 * brian2.nS, "5-HT1B heteroreceptor inhibition, lumped; "
                     "Em of the operational model (tau = 1), set to 1.0 nS x (1 + basal occupancy 0.14) so the basal conductance is the earlier calibration's", "U")),
    ),
    background_rate=_D1.background_rate,
    background_weight=P(0.64 * brian2.nS, "as D1 cells, slightly stronger to offset tonic D2 inhibition", "U"),
    transmitter=None,
    baseline_rate=(0.1 * brian2.Hz, 5 * brian2.Hz),
    baseline_source="NAc MSNs in vivo, 0.1-5 Hz [U]",
)
