"""The default circuit: projections and transmitter pools (data tables).

Populations live one per module in :mod:`raphe.circuits.populations`; this
module wires them and defines the extracellular pools.

Calibration of extracellular levels
-----------------------------------
raphe commits to the **microdialysis (no-net-flux) calibration**: basal
forebrain 5-HT 0.83 nM (Yang et al. 2013 ACS Chem Neurosci 4:790) [R] and NAc
DA 4.2 nM (Parsons & Justice 1992 J Neurochem 58:212) [R], rather than the
~50-65 nM seen by FSCAV voltammetry (Abdalla et al. 2017 Anal Chem) [R].
Reason: the experiments raphe reproduces are microdialysis studies reported as
% of baseline, receptor affinities are defined against these dialysate
levels, and the DA calibration (4.2 nM) is itself no-net-flux.

Transporters: SERT Km 170 nM (Bunin & Wightman 1998 J Neurosci 18:4854 via
the Best/Nijhout/Reed model) [R2], Vmax order 0.5 uM/s [R2]; DAT Km 160 nM,
Vmax 1.5 uM/s in NAc (Dreyer et al.) [R2], giving a clearance half-time of
~75 ms at low DA (Suaud-Chagny 1995: 113 ms) [R]. Transporter-independent
clearance ``k_diff`` bounds the rise under full blockade at fixed release:
about 11-17x for 5-HT (SERT knockout mice have several-fold basal 5-HT,
Mathews et al. 2004 J Neurosci Methods 140:169 [R2]) and 5x for DA (DAT
knockout mice have ~5x basal DA, Jones 1998 PNAS 95:4029) [R2]. Raphe 5-HT
release is partly impulse-independent (Adell et al. 1993 J Neurochem
60:1673) [R], which lets the autoreceptor silence firing under SERT block
while raphe 5-HT stays high (Chaput et al. 1986).
"""

from __future__ import annotations

import brian2

from raphe.circuits.populations import load_all
from raphe.circuits.spec import CircuitSpec, P, PoolSpec, ProjectionSpec

_MS = brian2.ms
_NS = brian2.nS


def _proj(source, target, kind, indegree, weight_nS, delay_ms, source_text, mark="U"):
    return ProjectionSpec(source, target, kind, indegree,
                          P(weight_nS * _NS, source_text, mark), P(delay_ms * _MS, source_text, mark))


PROJECTIONS = (
    # local PFC network (balanced recurrent E/I, Brunel 2000-style) [U]
    _proj("PFC_E", "PFC_E", "exc", 40, 0.25, 1.5, "local recurrent excitation"),
    _proj("PFC_E", "PFC_I", "exc", 60, 0.4, 1.0, "local E->I"),
    _proj("PFC_I", "PFC_E", "inh", 30, 1.0, 1.0, "local feedback inhibition"),
    _proj("PFC_I", "PFC_I", "inh", 20, 1.0, 1.0, "local I->I"),
    # mPFC -> DRN: mostly onto GABA cells (net inhibition of 5-HT), some direct excitation
    # (Celada et al. 2001 J Neurosci 21:9917) [R2]
    _proj("PFC_E", "DRN_GABA", "exc", 40, 0.4, 5.0, "Celada 2001: mPFC -> DRN GABA", "R2"),
    _proj("PFC_E", "DRN_5HT", "exc", 20, 0.15, 5.0, "Celada 2001: mPFC -> DRN 5-HT (minority excitation)", "R2"),
    _proj("DRN_GABA", "DRN_5HT", "inh", 15, 0.4, 1.0, "local GABA-A inhibition of 5-HT neurons"),
    # mPFC -> NAc glutamate onto both MSN classes
    _proj("PFC_E", "NAc_D1", "exc", 60, 0.4, 4.0, "mPFC -> NAc glutamate"),
    _proj("PFC_E", "NAc_D2", "exc", 60, 0.4, 4.0, "mPFC -> NAc glutamate"),
    # MSN collaterals (weak lateral inhibition; Tunstall 2002) [R2]
    _proj("NAc_D1", "NAc_D1", "inh", 10, 0.3, 1.0, "MSN collaterals (Tunstall 2002)"),
    _proj("NAc_D2", "NAc_D1", "inh", 10, 0.3, 1.0, "MSN collaterals (Tunstall 2002)"),
    _proj("NAc_D2", "NAc_D2", "inh", 10, 0.3, 1.0, "MSN collaterals (Tunstall 2002)"),
    # DRN -> VTA excitation (Qi et al. 2014 Nat Commun 5:5390) [R2]
    _proj("DRN_5HT", "VTA_DA", "exc", 20, 0.5, 3.0, "Qi 2014: DRN -> VTA excitation", "R2"),
)

_NM = brian2.nM
_HZ = brian2.Hz
_RATE = brian2.nM / brian2.second


def _sert(region, basal, basal_src, basal_mark, vmax, k_diff, k_diff_src, tonic, tonic_src):
    return PoolSpec(
        region=region, transmitter="5-HT", transporter="SERT", releasing_population="DRN_5HT",
        basal=P(basal * _NM, basal_src, basal_mark),
        nominal_rate=P(1.3 * _HZ, "baseline DRN 5-HT rate of this circuit", "U"),
        km=P(170 * _NM, "Bunin & Wightman 1998 via Best/Nijhout/Reed", "R2"),
        vmax=P(vmax * _RATE, "order 0.5 uM/s (Best/Nijhout/Reed) [R2]; raphe SERT denser", "U"),
        k_diff=P(k_diff * _HZ, k_diff_src, "U"),
        tonic_fraction=P(tonic, tonic_src, "U"),
    )


#: transporter-independent forebrain 5-HT clearance: SERT removes ~94 % of basal 5-HT, so a
#: near-complete block raises dialysate 5-HT 2-4x even while raphe firing is halved or less
#: (citalopram 2.5 mg/kg i.p.: 245-280 %, literature.md 3); the bound at full block and fixed
#: release is ~17x [U]
_FOREBRAIN_K_DIFF = 0.18
_FOREBRAIN_K_DIFF_SRC = ("SERT dominates forebrain 5-HT clearance (SERT knockout mice: several-fold "
                         "basal 5-HT, Mathews 2004) [R2]; 0.18/s chosen against the citalopram "
                         "microdialysis and DRN firing calibrations")

POOLS = (
    _sert("DRN", 2.5, "raphe dialysate 5-HT ~3x forebrain (Bel & Artigas 1992)", "U", 1000,
          0.6, "SERT removes ~90 % of basal raphe 5-HT; the rest bounds the rise at full block "
               "to ~11x at fixed release",
          0.2, "raphe 5-HT partly non-exocytotic and still present when firing stops (Adell "
               "1993) [R]; fraction chosen"),
    _sert("PFC", 0.83, "Yang 2013 ACS Chem Neurosci: 0.83 +- 0.1 nM by no-net-flux", "R", 500,
          _FOREBRAIN_K_DIFF, _FOREBRAIN_K_DIFF_SRC, 0.0, "forebrain release is impulse-dependent"),
    _sert("NAc", 0.83, "Yang 2013 (no-net-flux), taken for NAc as well", "R2", 500,
          _FOREBRAIN_K_DIFF, _FOREBRAIN_K_DIFF_SRC, 0.0, "forebrain release is impulse-dependent"),
    PoolSpec(region="NAc", transmitter="DA", transporter="DAT", releasing_population="VTA_DA",
             basal=P(4.2 * _NM, "Parsons & Justice 1992: 4.2 +- 0.2 nM by no-net-flux", "R"),
             nominal_rate=P(4.2 * _HZ, "baseline VTA DA rate of this circuit", "U"),
             km=P(160 * _NM, "Dreyer et al. DA model", "R2"),
             vmax=P(1500 * _RATE, "Dreyer et al.: 1.5 uM/s for VTA->NAc", "R2"),
             k_diff=P(2.3 * _HZ, "DAT knockout ~5x basal DA (Jones 1998)", "R2"),
             tonic_fraction=P(0.0, "impulse-dependent", "U")),
    PoolSpec(region="VTA", transmitter="DA", transporter="DAT", releasing_population="VTA_DA",
             basal=P(5.0 * _NM, "somatodendritic DA in VTA, dialysate order of NAc", "U"),
             nominal_rate=P(4.2 * _HZ, "baseline VTA DA rate of this circuit", "U"),
             km=P(160 * _NM, "DAT as in NAc (Dreyer)", "R2"),
             vmax=P(500 * _RATE, "lower DAT density in VTA than NAc", "U"),
             k_diff=P(1.0 * _HZ, "transporter-independent clearance", "U"),
             tonic_fraction=P(0.2, "somatodendritic release partly impulse-independent", "U")),
    PoolSpec(region="PFC", transmitter="NE", transporter="NET", releasing_population="LC_NE",
             basal=P(1.5 * _NM, "frontal dialysate NE ~1-2 nM", "U"),
             nominal_rate=P(2.0 * _HZ, "baseline LC rate of this circuit", "U"),
             km=P(400 * _NM, "NET Km for NE, sub-uM", "U"),
             vmax=P(1000 * _RATE, "NET capacity, chosen", "U"),
             k_diff=P(0.6 * _HZ, "transporter-independent clearance", "U"),
             tonic_fraction=P(0.0, "impulse-dependent", "U")),
    PoolSpec(region="LC", transmitter="NE", transporter="NET", releasing_population="LC_NE",
             basal=P(3.0 * _NM, "somatodendritic NE in LC", "U"),
             nominal_rate=P(2.0 * _HZ, "baseline LC rate of this circuit", "U"),
             km=P(400 * _NM, "NET Km for NE, sub-uM", "U"),
             vmax=P(1000 * _RATE, "NET capacity, chosen", "U"),
             k_diff=P(0.6 * _HZ, "transporter-independent clearance", "U"),
             tonic_fraction=P(0.2, "somatodendritic release partly impulse-independent", "U")),
)


def default_circuit(scale: float = 1.0, seed: int = 1, dt=0.1 * brian2.ms) -> CircuitSpec:
    """The default DRN-PFC-NAc-VTA-LC circuit.

    Parameters
    ----------
    scale : float
        Multiplies population sizes (2,230 neurons at scale 1).
    seed : int
        Seed of the virtual animal.
    dt : Quantity
        Integration time step (0.1 ms).
    """
    registry = load_all()
    populations = tuple(registry.get(name) for name in registry.names())
    return CircuitSpec(populations=populations, projections=PROJECTIONS, pools=POOLS,
                       scale=scale, seed=seed, dt=dt)
