"""Dorsal raphe serotonergic (5-HT) neurons.

Slow, regular pacemakers: 0.5-2.5 Hz in the anaesthetised rat [U], 2-3 Hz awake
and ~1 Hz in slow-wave sleep in the cat (Lydic 1984) [R]; action potential
1.5-3 ms and an AHP of 10-20 mV lasting 200-800 ms (Vandermaelen & Aghajanian
1983 Brain Res 289:109) [R]. A somatodendritic 5-HT1A autoreceptor opens
inwardly rectifying K+ (GIRK) channels in DRN 5-HT neurons (Aghajanian &
Lakoski 1984 Brain Res 305:181; Williams, Colmers & Pan 1988 J Neurosci
8:3499) [R2]; 5-HT 1-5 uM hyperpolarises neonatal raphe pallidus/obscurus
neurons by 13.4 mV (Bayliss et al. 1997 J Neurophysiol 77:1349) [R] and 5-CT
hyperpolarises by 8-11 mV (Kirby et al. 2003) [R], the range the saturating
agonist is calibrated to (caudal raphe, not DRN, in the Bayliss data: the
figure is a proxy). Spikes release 5-HT somatodendritically (DRN pool) and from
axons in PFC, NAc and LC (volume transmission; Bunin & Wightman 1998) [R].

The autoreceptor follows the operational model (receptor reserve ``tau``,
:mod:`raphe.circuits.receptors`); its ``gmax`` is the system maximum ``Em``.

Autoreceptor loop calibration [U]: the tonic drive varies between neurons
(CV 0.08, giving a spread of identified-unit rates), so SERT block
suppresses the population gradually (i.v. citalopram ED50 near 0.23 mg/kg,
Chaput et al. 1986 Naunyn-Schmiedeberg's Arch Pharmacol 333:342 [R]) with the
most excitable cells still firing at full block, while a full 5-HT1A agonist
silences every cell (8-OH-DPAT 0.25-2 ug/kg i.v., Martin-Ruiz et al. 2001 J
Neurosci 21:9856 [R]).
"""

import brian2

from raphe.circuits.spec import P, PopulationSpec, ReceptorSite

SPEC = PopulationSpec(
    name="DRN_5HT",
    region="DRN",
    description="dorsal raphe 5-HT neurons: slow regular pacemakers with 5-HT1A autoreceptors",
    size=300,
    params={
        "Cm": P(100 * brian2.pF, "DRN 5-HT capacitance, order of 100 pF", "U"),
        "gL": P(3 * brian2.nS, "input resistance ~330 MOhm (Vandermaelen & Aghajanian 1983: several hundred MOhm)", "U"),
        "EL": P(-65 * brian2.mV, "resting potential", "U"),
        "v_th": P(-50 * brian2.mV, "spike threshold", "U"),
        "v_reset": P(-60 * brian2.mV, "post-spike potential", "U"),
        "delta_ahp": P(2.4 * brian2.nS, "AHP increment giving a 10-20 mV AHP (Vandermaelen & Aghajanian 1983)", "U"),
        "tau_ahp": P(300 * brian2.ms, "AHP lasting 200-800 ms (Vandermaelen & Aghajanian 1983)", "R"),
        "I_drive": P(72 * brian2.pA, "tonic in-vivo drive (mainly noradrenergic alpha-1: slice neurons "
                                      "are silent without phenylephrine, Vandermaelen & Aghajanian "
                                      "1983 [R]); value tuned for ~1.3 Hz with the basal "
                                      "autoreceptor current", "U"),
        "sigma": P(1.5 * brian2.mV, "membrane noise, tuned for ISI CV ~0.1-0.2", "U"),
        "refractory": P(2 * brian2.ms, "action potential 1.5-3 ms (Vandermaelen & Aghajanian 1983)", "R"),
    },
    heterogeneity={"I_drive": 0.08, "gL": 0.08, "delta_ahp": 0.08},
    receptors=(ReceptorSite("5-HT1A_somatodendritic",
                            P(2.6 * brian2.nS, "system maximum Em of the GIRK response; with tau = 6 a "
                                               "saturating agonist opens Em*6/7 = 2.2 nS, hyperpolarising by "
                                               "8-14 mV in a slice (Bayliss 1997: 13.4 mV, caudal raphe; Kirby "
                                               "2003: 8-11 mV), and the autoreceptor loop gives i.v. "
                                               "citalopram an ED50 near 0.23 mg/kg (Chaput 1986); fitted in "
                                               "tests/calibration/test_drn_autoreceptor.py (2.5 -> 2.6 nS "
                                               "with the reuptake-fed raphe pool of issue 26, which rises "
                                               "less at partial SERT block: end-to-end ED50 0.41 mg/kg, "
                                               "test_ephys; 3.0 nS centres it near 0.23 but lifts WAY-100635 "
                                               "on a saturating block above 2x, tests/validation/test_plateau.py)", "U")),),
    background_rate=P(100 * brian2.Hz, "weak tonic excitatory afferents", "U"),
    background_weight=P(0.2 * brian2.nS, "weak tonic excitatory afferents", "U"),
    transmitter="5-HT",
    baseline_rate=(0.5 * brian2.Hz, 2.5 * brian2.Hz),
    baseline_source="anaesthetised rat 0.5-2.5 Hz [U]; Lydic 1984 cat 1-3 Hz [R]",
)
