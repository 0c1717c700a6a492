"""Virtual PET/SPECT readout of SERT occupancy, and human in-vivo SERT affinity from PET.

What a scan reports is not the true occupancy the circuit acts on. Occupancy
from a binding potential relative to a drug-free scan reaches a tracer- and
method-specific ceiling ``c`` and carries test-retest noise::

    apparent = c x true occupancy + e,      e ~ N(0, sd)   (per scan)

The circuit keeps acting on true occupancy; only the virtual scan sees ``c``.

Tracers (:data:`TRACERS`)
-------------------------
``DASB``
    [11C]DASB, striatum, reference-tissue binding potential (cerebellum):
    occupancy plateaus around 85 % for serum paroxetine above 28 ug/L [R]
    (Meyer et al. 2001 Am J Psychiatry 158:1843, abstract): ``c = 0.85``.
``DASB-arterial``
    [11C]DASB with arterial input and cerebellar grey matter as reference:
    maximal occupancy 106.8 +- 8.3 % across regions [R] (Parsey et al. 2006
    Biol Psychiatry 59:821, abstract): ``c = 1``.
``DASB-MRTM2``
    [11C]DASB, multilinear reference tissue model 2 (Takano et al. 2006, the
    fluvoxamine time course): the paper fitted the law of mass action without
    a plateau [R]; ``c = 1`` [U] (range 0.85-1).
``ADAM``
    [123I]ADAM SPECT, midbrain: ``c = 0.85`` [U], range 0.70-1.0: an Emax
    model gave a paroxetine maximum of 70.5 % in patients [R] (Catafau et al.
    2006 Psychopharmacology 189:145, abstract), while escitalopram 10 mg/day
    reached 81.5 +- 5.4 % [R] (Klein et al. 2007 Psychopharmacology 191:333,
    abstract), above that maximum.

Test-retest noise of every tracer is [U]: SD 5 occupancy points (range 3-10;
the papers ran test-retest scans, Meyer 2004, Klein 2006, but the values were
not read).

In-vivo affinity
----------------
A PET series gives the total plasma concentration ``EC50`` at half-maximal
(true) occupancy. With free brain = Kp,uu x fu x plasma, the library's human
``in_vivo_ki`` (free brain ECF) is ``Kp,uu x fu x EC50`` (:func:`in_vivo_ki_from_ec50`):
the occupancy-plasma relation then reproduces the series whatever the [U]
fu and Kp,uu, which matter only for the other targets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from raphe.circuits.pharmacology.model import Affinity, R, Source, U, g_per_mol, molar_mass, nM
from raphe.errors import RapheInputError
from raphe.registry import Registry

MEYER_2001 = ("Meyer et al. 2001 Am J Psychiatry 158:1843 ([11C]DASB, striatum: a plateau of "
              "occupancy around 85 % for serum paroxetine above 28 ug/L; abstract)")
PARSEY_2006 = ("Parsey et al. 2006 Biol Psychiatry 59:821 ([11C]DASB, arterial input, 17 healthy "
               "volunteers, 4-6 days of 25-100 mg/day sertraline: KD = 1.9 ng/mL plasma, maximal "
               "occupancy 106.8 +- 8.3 %; abstract)")
TAKANO_2006 = ("Takano et al. 2006 ([11C]DASB, MRTM2, 6 healthy men, 50 mg fluvoxamine once: "
               "72.9 +- 4.9 % at 5 h, 50.3 +- 11.0 % at 26 h, 24.7 +- 15.3 % at 53 h with plasma "
               "13.9 +- 5.5, 5.1 +- 3.2 and 1.5 +- 1.7 ng/mL; fitted to the law of mass action; "
               "abstract, PMID 16633150)")
CATAFAU_2006 = ("Catafau et al. 2006 Psychopharmacology 189:145 ([123I]ADAM SPECT, 10 MDD "
                "patients, "
                "paroxetine 20 mg/day 4-6 weeks: midbrain 66.4 +- 9.5 %; Emax model: maximum "
                "70.5 %, Cp50 = 2.7 ng/mL; abstract)")
KLEIN_2006 = ("Klein et al. 2006 Psychopharmacology 188:263 ([123I]ADAM SPECT, midbrain, healthy "
              "subjects, 6 h after one dose: escitalopram 5, 10, 20 mg 60 +- 6, 64 +- 6, "
              "75 +- 5 %; "
              "citalopram 10, 20 mg 65 +- 10, 70 +- 6 %; n = 5 each; abstract)")
KLEIN_2007 = ("Klein et al. 2007 Psychopharmacology 191:333 ([123I]ADAM SPECT, midbrain, 10 "
              "days of "
              "escitalopram 10 mg/day (n = 6) or citalopram 20 mg/day (n = 9): 81.5 +- 5.4 and "
              "64.0 +- 12.7 % at 6 h, 63.3 +- 12.1 and 49.0 +- 11.7 % at 54 h after the last dose "
              "(mean +- SD); abstract)")
TEST_RETEST = U("SD 5 occupancy points (range 3-10): test-retest scans were run (Meyer et al. 2004 "
                "Am J Psychiatry 161:826; Klein 2006) but their values were not read")


@dataclass(frozen=True)
class Tracer:
    """A SERT radiotracer and analysis method as a virtual scanner sees it.

    Attributes
    ----------
    name : str
    modality : str
        ``"PET"`` or ``"SPECT"``.
    region : str
        Region whose binding potential gives the occupancy.
    ceiling : float
        Apparent occupancy at full true occupancy (0 < c <= 1.1).
    ceiling_source : Source
    test_retest_sd : float
        SD of one scan's apparent occupancy (fraction).
    test_retest_source : Source
    """

    name: str
    modality: str
    region: str
    ceiling: float
    ceiling_source: Source
    test_retest_sd: float = 0.05
    test_retest_source: Source = TEST_RETEST

    def __post_init__(self):
        if not (0 < self.ceiling <= 1.1):
            raise RapheInputError(f"tracer {self.name}.ceiling", self.ceiling,
                                  "a fraction in (0, 1.1]")
        if not (0 <= self.test_retest_sd < 0.5):
            raise RapheInputError(f"tracer {self.name}.test_retest_sd", self.test_retest_sd,
                                  "a fraction in [0, 0.5)")


#: Registry of SERT tracers (see the module docstring).
TRACERS: Registry[Tracer] = Registry("tracer")
for _t in (
    Tracer("DASB", "PET", "striatum", 0.85, R(MEYER_2001)),
    Tracer("DASB-arterial", "PET", "all regions", 1.0, R(PARSEY_2006 + ": maximum 106.8 +- 8.3 % "
                                                          "taken as c = 1")),
    Tracer("DASB-MRTM2", "PET", "thalamus, striatum", 1.0,
           U("1 (range 0.85-1): " + TAKANO_2006 + " fitted mass action with no plateau")),
    Tracer("ADAM", "SPECT", "midbrain", 0.85,
           U("0.85 (range 0.70-1.0): " + CATAFAU_2006 + " [R]; " + KLEIN_2007 + " [R] exceeds "
             "70.5 %")),
):
    TRACERS.register(_t.name, _t)


def tracer(name: str | Tracer) -> Tracer:
    """The :class:`Tracer` called ``name`` (a Tracer passes through)."""
    return name if isinstance(name, Tracer) else TRACERS.get(name)


def apparent_occupancy(true_occupancy, tracer_name: str | Tracer = "DASB", rng=None):
    """Occupancy a scan reports for a true occupancy (fraction, array-like).

    Parameters
    ----------
    true_occupancy : float or array
        True SERT occupancy, 0..1.
    tracer_name : str or Tracer
        A name in :data:`TRACERS`.
    rng : numpy.random.Generator, optional
        Adds one test-retest draw per value when given (the mean readout without).

    Returns
    -------
    ndarray
        ``c x true (+ noise)``.
    """
    tr = tracer(tracer_name)
    occ = np.asarray(true_occupancy, dtype=float)
    if np.any(~np.isfinite(occ)) or np.any(occ < 0) or np.any(occ > 1):
        raise RapheInputError("true_occupancy", "values outside 0..1", "fractions in 0..1")
    out = tr.ceiling * occ
    if rng is not None:
        out = out + rng.normal(0.0, tr.test_retest_sd, size=out.shape)
    return out


def true_for_apparent(apparent: float, tracer_name: str | Tracer = "DASB") -> float:
    """True occupancy behind a mean apparent occupancy (error at or above the ceiling)."""
    tr = tracer(tracer_name)
    if not (0 <= apparent < tr.ceiling):
        raise RapheInputError("apparent occupancy", apparent,
                              f"a fraction below the {tr.name} ceiling {tr.ceiling}")
    return apparent / tr.ceiling


def in_vivo_ki_from_ec50(ec50_ng_per_ml: float, formula: str, fu: float, kp_uu: float,
                         src: Source) -> Affinity:
    """Human in-vivo SERT Ki (free brain ECF) from a PET plasma EC50.

    ``Ki = Kp,uu x fu x EC50`` with EC50 the total plasma concentration (ng/mL
    of the base, molecular formula ``formula``) at half-maximal true occupancy.
    """
    if not (math.isfinite(ec50_ng_per_ml) and ec50_ng_per_ml > 0):
        raise RapheInputError("ec50_ng_per_ml", ec50_ng_per_ml, "a concentration > 0 in ng/mL")
    mw = float(molar_mass(formula) / g_per_mol)
    ki_nM = kp_uu * fu * ec50_ng_per_ml * 1e3 / mw
    text = (f"in vivo: Kp,uu x fu x EC50 = {kp_uu:g} x {fu:g} x {ec50_ng_per_ml:g} ng/mL "
            f"(MW {mw:.1f}); EC50 from " + src.source)
    return Affinity(ki_nM * nM, src.mark, text)


def ec50_from_in_vivo_ki(ki_nM: float, mw: float, fu: float, kp_uu: float) -> float:
    """Inverse of :func:`in_vivo_ki_from_ec50`: plasma EC50 (ng/mL)."""
    return ki_nM / (kp_uu * fu) * mw / 1e3


#: Total plasma EC50 (ng/mL, true occupancy) per SSRI from ONE series each, the number behind
#: the human ``in_vivo_ki`` of the library. Read values are the paper's own; fitted ones are
#: refitted (scipy) in ``tests/calibration/test_pet_human.py``, which names each. Racemic
#: citalopram has none: it acts as its enantiomers (:mod:`.enantiomers`), and its Klein 2006
#: arm validates that mixture.
PET_EC50 = {
    "sertraline": 1.9,     # [R] Parsey 2006: KD 1.9 ng/mL (arterial input, maximum ~107 %)
    "paroxetine": 2.7,     # [R] Catafau 2006: Emax model Cp50 2.7 ng/mL (maximum 70.5 %)
    "fluvoxamine": 4.96,   # fitted: Takano 2006's three means, mass action, DASB-MRTM2 (c = 1)
    "escitalopram": 1.39,  # fitted: Klein 2006 5/10/20 mg at 6 h, model plasma, ADAM (c = 0.85)
}


#: Published (plasma ng/mL, occupancy %, plasma SD, occupancy SD) means read in a paper, per
#: drug, for figures: ``(label, tracer, points)``.
PUBLISHED_POINTS = {
    "fluvoxamine": ("Takano 2006 (50 mg once; 5, 26, 53 h)", "DASB-MRTM2",
                    ((13.9, 72.9, 5.5, 4.9), (5.1, 50.3, 3.2, 11.0), (1.5, 24.7, 1.7, 15.3))),
}
#: Published plateaus: drug -> (plasma above which, occupancy %, label).
PUBLISHED_PLATEAUS = {
    "paroxetine": (28.0, 85.0, "Meyer 2001: plateau ~85 % above 28 ug/L ([11C]DASB)"),
}
