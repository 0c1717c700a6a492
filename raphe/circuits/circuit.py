"""The default circuit: projections and transmitter pools (data tables).

Populations live one per module in :mod:`raphe.circuits.populations`; this
module wires them and defines the extracellular pools.

Calibration of extracellular levels
-----------------------------------
raphe commits to the **microdialysis (no-net-flux) calibration**: basal
forebrain 5-HT 0.83 nM (Yang et al. 2013 ACS Chem Neurosci 4:790, a *mouse*
study: no rat no-net-flux figure is used, so the rat's basal level is taken
from the mouse; Mathews et al. 2004 J Neurosci Methods 140:169 report 1.4 nM in
mouse frontal cortex and 2.8 nM in striatum, the same order) [R] and NAc DA
4.2 nM (Parsons & Justice 1992 J Neurochem 58:212, rat) [R], rather than the
~50-65 nM seen by FSCAV voltammetry (Abdalla et al. 2017 Anal Chem) [R].
Reason: the experiments raphe reproduces are rat microdialysis studies
reported as % of baseline, so absolute levels matter only through receptor
occupancies, and the DA calibration (4.2 nM) is itself no-net-flux.

Transporters: SERT Km 170 nM (Bunin & Wightman 1998 J Neurosci 18:4854 via
the Best/Nijhout/Reed model) [R2], Vmax order 0.5 uM/s [R2]; DAT Km 160 nM,
Vmax 1.5 uM/s in NAc (Dreyer et al.) [R2], which with ``k_diff`` 2.3/s gives a
clearance half-time of ~59 ms at low DA (Suaud-Chagny et al. 1995 J Neurochem
65:2603: 113 ms in NAc, 64 ms in striatum) [R].

Serotonin terminals
-------------------
- Forebrain (PFC, NAc) release per spike is controlled by terminal 5-HT1B
  autoreceptors (operational model, :mod:`raphe.circuits.receptors`; release
  per spike scaled by ``1 - Imax*a``). Their basal tone is small: selective
  5-HT1B antagonists alone leave frontal dialysate 5-HT unchanged (SB-224289,
  Roberts et al. 1997 Neuropharmacology 36:549) or raise it to ~117 %
  (SB-236057-A, Roberts et al. 2000 Naunyn-Schmiedeberg's Arch Pharmacol
  362:177) [R]; they augment the SSRI-induced rise, and PFC 5-HT1B function is
  not desensitized by 15 days of citalopram (University of Groningen group
  2005 Prog Neuropsychopharmacol Biol Psychiatry 29:738) [R]; autoreceptors
  still restrain the SSRI-induced rise after 14 days (Hjorth & Auerbach 1999
  Brain Res 835:224) [R].
- Raphe release is mostly impulse-independent: dialysate 5-HT in the dorsal
  and median raphe is unaffected by 0.5 uM TTX or calcium omission and
  originates from a cytoplasmic pool (Adell, Carceller & Artigas 1993 J
  Neurochem 60:1673) [R]; non-exocytotic release persists in DRN slices with
  firing, Ca2+ influx, VMAT2 and SERT blocked (Mlinar et al. 2015 J Gen Physiol
  145:225) [R]. Systemic 8-OH-DPAT still lowers raphe 5-HT (Adell 1993), so the
  fraction is below 1.
- Impulse-independent release comes from a cytosolic pool that reuptake feeds
  (Best, Nijhout & Reed 2010 Theor Biol Med Model 7:34) [R]: it scales with a
  fill relaxing towards ``(1 - rho) + rho*J/J0`` (``J`` the SERT uptake flux;
  :class:`~raphe.circuits.spec.CytosolicPool`), so it falls when SERT is blocked
  or firing stops, and acute 5-HT plateaus near full block as dialysate does.
- SERT-independent clearance ``k_diff`` (uptake-2, OCT3: Baganz et al. 2008 PNAS
  105:18976 [R]; diffusion), the forebrain tonic fraction and ``rho`` were fitted
  jointly (issue 26) against acute rat data only: citalopram 2.5 mg/kg i.p.
  (245-280 %, Eur J Pharmacol 1999 364:147) [R], the TTX-resistant fraction of
  terminal-field dialysate (15-20 %,
  Abellan et al. 2000; about half, Auerbach et al. 1989) [R] and raphe TTX
  insensitivity (Adell 1993) [R], with the DRN firing ED50s held;
  ``tests/calibration/test_pools.py`` checks each. The SERT-knockout mouse
  (frontal cortex 14 vs 1.4 nM, Mathews 2004) [R] is not a calibration: it is a
  developmentally adapted animal; the model at full acute block gives ~3x, not
  10x.
- Forebrain terminals draw on a releasable store refilled by synthesis and SERT
  recycling (Best, Nijhout & Reed 2010 Theor Biol Med Model 7:34) [R]: its
  fill (fast input ``store.5-HT``) runs down over days of SERT blockade
  (:class:`raphe.circuits.adaptation.StoreDepletion`). It is needed: with
  97.5 % SERT occupancy and recovered raphe firing (day 13 of the citalopram
  minipump) terminal 5-HT1B feedback alone leaves PFC 5-HT near 10x, not the
  ~3x measured on both day 2 and day 13 (Ceglia 2004).
"""

from __future__ import annotations

import brian2

from raphe.circuits.populations import load_all
from raphe.circuits.spec import (CircuitSpec, CytosolicPool, P, PoolSpec, ProjectionSpec, ReleasableStore,
                                 TerminalAutoreceptor)

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


def _sert(region, basal, basal_src, basal_mark, vmax, vmax_src, k_diff, k_diff_src, tonic, tonic_src,
          tonic_mark="U", autoreceptor=None, store=None, cytosol=None):
    return PoolSpec(
        region=region, transmitter="5-HT", transporter="SERT", releasing_population="DRN_5HT",
        basal=P(basal * _NM, basal_src, basal_mark),
        nominal_rate=P(1.3 * _HZ, "baseline DRN 5-HT rate of this circuit", "U"),
        km=P(170 * _NM, "Bunin & Wightman 1998 via Best/Nijhout/Reed", "R2"),
        vmax=P(vmax * _RATE, vmax_src, "U"),
        k_diff=P(k_diff * _HZ, k_diff_src, "U"),
        tonic_fraction=P(tonic, tonic_src, tonic_mark),
        autoreceptor=autoreceptor, store=store, cytosol=CYTOSOL if cytosol is None else cytosol,
    )


#: SERT-independent forebrain 5-HT clearance: uptake-2 (OCT3, PMAT) and diffusion. OCT3 limits
#: extracellular 5-HT when SERT is missing (Baganz et al. 2008 PNAS 105:18976, title read) [R];
#: the rate is fitted (tests/calibration/test_pools.py) to acute rat data, not to the SERT
#: knockout, a developmentally adapted animal.
FOREBRAIN_K_DIFF = 0.35
FOREBRAIN_K_DIFF_SRC = (
    "fitted (tests/calibration/test_pools.py) [U]: with the reuptake-fed tonic release (share 0.5, "
    "tonic fraction 0.6), the rate that centres acute citalopram 2.5 mg/kg i.p. in 245-280 % "
    "(frontal cortex, Eur J Pharmacol 1999 364:147) [R] (windows at the mean occupancy 0.92: 0.3/s "
    "gives 292 %, 0.35/s 270 %, 0.4/s 251 %); ~12 % "
    "of basal clearance; uptake-2 (OCT3) takes up 5-HT when SERT is absent (Baganz 2008) [R]; "
    "range 0.2-0.5/s. The SERT knockout's 10x (Mathews 2004) [R] would need ~0.1/s: its adapted "
    "uptake-2 and release are another animal (the model predicts ~3.3x at full acute block)")
#: Impulse-independent fraction of basal forebrain release (scaled by the cytosolic fill).
FOREBRAIN_TONIC = 0.6
FOREBRAIN_TONIC_SRC = (
    "fitted jointly [U]: with the cytosolic fill (share 0.5 from reuptake) the model's TTX-resistant "
    "forebrain fraction is 0.43 of basal, between TTX lowering striatal dialysate 5-HT to 15-20 % "
    "(Abellan et al. 2000 Eur Neuropsychopharmacol 10:455, abstract) [R] and to about half in "
    "hypothalamus (Auerbach et al. 1989 Brain Res 499:281, abstract) [R]; the tonic fraction is not "
    "the TTX-resistant fraction: silencing firing also lowers uptake and so the cytosolic fill; "
    "range 0.3-0.7")
#: Share of the cytosolic 5-HT supply that comes from SERT reuptake (one value for every 5-HT
#: terminal: a property of the terminal, not the region).
CYTOSOL_REUPTAKE_SHARE = P(
    0.5, "Best, Nijhout & Reed 2010 Theor Biol Med Model 7:34 (cytosolic 5-HT fed by synthesis and by "
    "SERT reuptake) [R] for the structure; share 0.5 [U], range 0.3-0.7, fitted with the forebrain "
    "TTX-resistant fraction (Abellan 2000; Auerbach 1989) and the DRN TTX insensitivity (Adell 1993) "
    "[R]; raphe 5-HT comes from a cytoplasmic pool, reserpine-resistant (Adell et al. 1993 J "
    "Neurochem 60:1673, abstract) [R]", "U")
CYTOSOL = CytosolicPool(CYTOSOL_REUPTAKE_SHARE)
#: Largest inhibition of release per spike by terminal 5-HT1B autoreceptors.
HTR1B_IMAX = P(0.9, "5-HT1B agonists (CP-93129, sumatriptan) suppress terminal 5-HT release strongly "
               "(sumatriptan-induced fall of frontal 5-HT antagonised by SB-236057-A, Roberts 2000) [R]; "
               "Imax 0.9 [U], range 0.5-1, fitted with the chronic citalopram calibration", "U")
#: Releasable store of forebrain 5-HT terminals (run down by SERT blockade over days).
FOREBRAIN_STORE = ReleasableStore(P(
    0.35, "share of the releasable 5-HT supply recycled by SERT [U]: SERT knockout mice have much less "
    "tissue 5-HT (60-80 % less as reported for Bengel et al. 1998 Mol Pharmacol 53:649; not read here), "
    "i.e. reuptake supplies most of it (Best, Nijhout & Reed 2010); fitted with the citalopram minipump "
    "calibration (Ceglia 2004: 306 % on day 2, 302 % on day 13; model 288 % and 324 %); refitted from 0.75 "
    "with issue 26's reuptake-fed tonic release, which already carries part of the reuptake-fed supply "
    "(0.75 left day 13 at 141 %); range 0.2-0.9", "U"))
SERT_VMAX_FOREBRAIN = "order 0.5 uM/s (Best/Nijhout/Reed model, Bunin & Wightman 1998) [R2]"

POOLS = (
    _sert("DRN", 2.5, "raphe dialysate 5-HT ~2-4x forebrain (Bel & Artigas 1992 Eur J Pharmacol 229:101) "
          "applied to the forebrain no-net-flux level; no raphe no-net-flux figure found [U], range 1-5 nM",
          "U", 1000, "raphe SERT density several-fold the forebrain's (Bunin & Wightman 1998: same "
          "release per impulse in DRN and SNr, faster uptake in DRN) [R2]; 1 uM/s chosen",
          0.6, "SERT removes ~90 % of basal raphe 5-HT [U] (SERT-independent: uptake-2, Baganz 2008 "
               "[R], and diffusion); kept, not refitted: with the reuptake-fed tonic release it leaves "
               "the DRN firing ED50s (tests/calibration/test_drn_autoreceptor.py) in place; range 0.3-1/s",
          0.8, "raphe dialysate 5-HT insensitive to TTX and Ca2+ omission (Adell 1993) [R]; "
               "non-exocytotic release drives tonic autoinhibition in DRN slices (Mlinar 2015) [R]; "
               "below 1 because systemic 8-OH-DPAT lowers it (Adell 1993); range 0.6-0.95", "R"),
    _sert("PFC", 0.83, "Yang 2013 ACS Chem Neurosci (mouse): 0.83 +- 0.1 nM by no-net-flux", "R",
          500, SERT_VMAX_FOREBRAIN, FOREBRAIN_K_DIFF, FOREBRAIN_K_DIFF_SRC, FOREBRAIN_TONIC,
          FOREBRAIN_TONIC_SRC, autoreceptor=TerminalAutoreceptor("5-HT1B_terminal_PFC", HTR1B_IMAX),
          store=FOREBRAIN_STORE),
    _sert("NAc", 0.83, "Yang 2013 (mouse, no-net-flux), taken for NAc as well", "R2",
          500, SERT_VMAX_FOREBRAIN, FOREBRAIN_K_DIFF, FOREBRAIN_K_DIFF_SRC, FOREBRAIN_TONIC,
          FOREBRAIN_TONIC_SRC, autoreceptor=TerminalAutoreceptor("5-HT1B_terminal_NAc", HTR1B_IMAX),
          store=FOREBRAIN_STORE),
    _sert("LC", 0.83, "LC dialysate 5-HT taken at the forebrain level [U]; DRN 5-HT axons innervate the "
          "LC (Szabo & Blier 2001)", "U", 500, SERT_VMAX_FOREBRAIN, FOREBRAIN_K_DIFF,
          "as the forebrain pools [U]", FOREBRAIN_TONIC, "as the forebrain pools [U]",
          store=FOREBRAIN_STORE),
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


def default_circuit(scale: float = 1.0, seed: int = 1, dt=0.1 * brian2.ms, noise: str | None = None) -> CircuitSpec:
    """The default DRN-PFC-NAc-VTA-LC circuit.

    Parameters
    ----------
    scale : float
        Multiplies population sizes (2,230 neurons at scale 1).
    seed : int
        Seed of the virtual animal.
    dt : Quantity
        Integration time step (0.1 ms).
    noise : str, optional
        Generator of the membrane noise (:attr:`CircuitSpec.noise`; default: the spec's).
    """
    registry = load_all()
    populations = tuple(registry.get(name) for name in registry.names())
    extra = {} if noise is None else {"noise": noise}
    return CircuitSpec(populations=populations, projections=PROJECTIONS, pools=POOLS,
                       scale=scale, seed=seed, dt=dt, **extra)
