"""Locus coeruleus noradrenaline neurons.

Pacemakers at 1-3 Hz in the anaesthetised rat (Aghajanian & VanderMaelen 1982)
[R2] with somatodendritic alpha-2 autoreceptors opening GIRK channels
(Aghajanian & VanderMaelen 1982 Science 215:1394) [R2]; they release NE in
the PFC (and somatodendritically in the LC).

5-HT inhibits LC firing through 5-HT2A receptors on GABAergic afferents
(Szabo & Blier 2001 Brain Res 922:9) [R]: the 5-HT2A antagonist MDL 100,907
leaves spontaneous LC firing unchanged in controls (small basal tone) but
restores the firing that WAY-100635 suppresses (WAY raises 5-HT release by
disinhibiting DRN neurons); sustained (21 days), not 2-day, SSRI treatment
lowers LC firing, partly reversed by MDL 100,907 (Szabo, de Montigny & Blier
1999 Br J Pharmacol 126:568) [R]. Lumped as a GABA-A conductance driven by
the 5-HT2A occupancy of the LC 5-HT pool (site ``5-HT2A_LC_GABA``).
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec, ReceptorSite

#: Em of the 5-HT2A-driven GABA inhibition of LC neurons.
LC_5HT2A_GABA_GMAX = P(2.0 * brian2.nS, "5-HT2A-GABA inhibition of LC (Szabo & Blier 2001) [U]: basal "
                       "tone small (MDL 100,907 alone: no change in LC firing), a sustained several-fold "
                       "rise of 5-HT lowers LC firing by tens of % (Szabo 1999: 21-day paroxetine); "
                       "2 nS leaves the basal rate within a few % and lowers it by tens of % at a several-fold rise; range 1-10 nS", "U")

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
    receptors=(ReceptorSite("alpha2_autoreceptor", P(1.13 * brian2.nS, "alpha-2 GIRK autoinhibition; "
                                                     "Em of the operational model (tau = 1), set to 1.0 nS x (1 + basal occupancy 0.13) so the basal conductance is the earlier calibration's", "U")),
               ReceptorSite("5-HT2A_LC_GABA", LC_5HT2A_GABA_GMAX)),
    background_rate=P(100 * brian2.Hz, "weak tonic excitatory afferents", "U"),
    background_weight=P(0.2 * brian2.nS, "weak tonic excitatory afferents", "U"),
    transmitter="NE",
    baseline_rate=(1 * brian2.Hz, 3 * brian2.Hz),
    baseline_source="Aghajanian & VanderMaelen 1982: 1-3 Hz [R2]",
)
