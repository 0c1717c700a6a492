"""Enantiomers as separate entities: R-citalopram, S- and R-norfluoxetine; racemates as mixtures.

Racemic citalopram is escitalopram (S) plus R-citalopram, 1:1 by dose
(:func:`racemate_regimen`); each enantiomer has its own Ki and PK and they
compete at SERT (:mod:`.occupancy`). R-citalopram is about 40-fold weaker than
escitalopram at human SERT [R] (Chen et al. 2005 Eur Neuropsychopharmacol:
"approximately 40-fold more potent than R-citalopram", abstract) and "at least
20-fold weaker" in preclinical studies [R] (Storustovu et al. 2004 Br J
Pharmacol 142:172, abstract). Its functional antagonism of escitalopram is
kinetic: R-citalopram relieves the long-lasting inhibited state that
escitalopram induces (off-set 35-fold slower for S than for R, Storustovu 2004)
-- not representable by competitive binding, so the model's racemate occupies
at least as much SERT as its S-part alone (the miss this leaves is stated in
:mod:`raphe.validation.catalog_human`).

Norfluoxetine: S-norfluoxetine Ki 1.3 nM at [3H]paroxetine sites (rat brain),
R-norfluoxetine 20 times less potent [R] (Wong et al. 1993
Neuropsychopharmacology 8:337, abstract). The library's (racemic) norfluoxetine
keeps its in-vitro Ki for the rat (the rat records are not changed here); its
human record acts through the 1:1 mixture's effective Ki, ``1 / (0.5/K_S +
0.5/K_R)`` (the S/R plasma ratio on fluoxetine is not read: 1:1 [U]).
"""

from __future__ import annotations

import brian2

from raphe.circuits.pharmacology.dosing import Dose, Regimen
from raphe.circuits.pharmacology.library import DRUGS, register
from raphe.circuits.pharmacology.model import (
    Absorption, Affinity, Drug, R, R2, SpeciesPK, U, L_per_h_per_kg, L_per_kg, affinity, minute,
    nM, per_hour,
)
from raphe.errors import UnknownNameError
from raphe.units import parse_quantity, spaced

CHEN_2005 = ("Chen et al. 2005 Eur Neuropsychopharmacol (escitalopram ~40-fold more potent than "
             "R-citalopram at hSERT in COS-1 cells; abstract)")
STORUSTOVU_2004 = ("Storustovu et al. 2004 Br J Pharmacol 142:172 (R-citalopram at least 20-fold "
                   "weaker; functional antagonism of S-citalopram is kinetic; abstract)")
WONG_1993 = ("Wong et al. 1993 Neuropsychopharmacology 8:337 (S-norfluoxetine Ki 1.3 nM at "
             "[3H]paroxetine sites, R-norfluoxetine 20x less potent; abstract)")
FORMULA = "molecular formula (PubChem); MW computed with IUPAC atomic weights"
HUMAN_BRAIN = "not measured in man; irrelevant at steady state (range 2-30 min)"

#: Racemate -> (enantiomer, enantiomer), 1:1 by dose.
RACEMATES = {"citalopram": ("escitalopram", "R-citalopram")}

_ESC = DRUGS.get("escitalopram")
_ESC_H = _ESC.pk["human"]
#: in-vivo / in-vitro SERT Ki ratio of escitalopram (PET fit, Klein 2006), applied to R [U].
_ESC_RATIO = float(_ESC_H.in_vivo_ki["SERT"].ki / _ESC.affinities["SERT"].ki)
_R_KI = 40.0 * float(_ESC.affinities["SERT"].ki / nM)

register(Drug(
    name="R-citalopram", aliases=("R-cit", "Lu 10-202"),
    formula="C20H21FN2O", sources={"formula": R2(FORMULA)},
    affinities={"SERT": affinity(_R_KI, R(CHEN_2005 + ": 40 x escitalopram's 1.1 nM"))},
    pk={"human": SpeciesPK(
        species="human", clearance=0.30 * L_per_h_per_kg, volume=18.0 * L_per_kg,
        fu=0.44, kp_uu=0.625, brain_half_time=10 * minute,
        in_vivo_ki={"SERT": Affinity(_R_KI * _ESC_RATIO * nM, "[U]",
                                     f"in vitro {_R_KI:g} nM x escitalopram's in-vivo/in-vitro "
                                     f"ratio {_ESC_RATIO:.2f} (PET fit, Klein 2006); "
                                     + STORUSTOVU_2004)},
        routes={"po": Absorption(0.8, 1.1 * per_hour)},
        nominal_dose="10 mg", nominal_route="po",
        sources={"clearance": U("0.30 L/h/kg (range 0.2-0.45): R is cleared more slowly than S "
                                "(S/R plasma ratio below 1 on racemic citalopram; not read)"),
                 "volume": U("escitalopram's 18 L/kg (range 12-25)"),
                 "fu": U("escitalopram's 0.44 (range 0.2-0.5; citalopram label 0.2)"),
                 "kp_uu": U("escitalopram's 0.625 (range 0.2-1)"),
                 "brain_half_time": U(HUMAN_BRAIN),
                 "routes.po": U("escitalopram's F 0.8 and ka 1.1/h")},
        notes="Human only: given as half of racemic citalopram (racemate_regimen)."),
    },
    notes="The R-enantiomer of citalopram; a weak SERT ligand that attenuates escitalopram "
          "kinetically (not modelled).",
))

_NF = DRUGS.get("norfluoxetine")
_NF_H = _NF.pk["human"]
for _name, _ki, _text in (("S-norfluoxetine", 1.3, WONG_1993 + ": 1.3 nM"),
                          ("R-norfluoxetine", 26.0, WONG_1993 + ": 20 x 1.3 nM")):
    register(Drug(
        name=_name, formula="C16H16F3NO", sources={"formula": R2(FORMULA)},
        affinities={"SERT": affinity(_ki, R(_text + " (rat brain sites; the human value is "
                                                   "assumed equal, r = 0.965 rat/human, Owens "
                                                   "1997)"))},
        pk={"human": SpeciesPK(
            species="human", clearance=_NF_H.clearance, volume=_NF_H.volume, fu=_NF_H.fu,
            kp_uu=_NF_H.kp_uu, brain_half_time=_NF_H.brain_half_time,
            routes={"po": Absorption(0.7, 0.7 * per_hour)},
            nominal_dose="10 mg", nominal_route="po",
            sources={**{k: U("racemic norfluoxetine's value: " + str(v))
                        for k, v in _NF_H.sources.items()},
                     "routes.po": U("not given as a drug; F 0.7, ka 0.7/h for simulations only")},
            notes="Human only; formed from fluoxetine as the racemate (norfluoxetine).")},
        notes="Enantiomer of norfluoxetine (" + WONG_1993 + ").",
    ))


def mixture_ki(k_a: float, k_b: float, fraction_a: float = 0.5) -> float:
    """Effective Ki of a mixture of two competitive ligands at a fixed ratio:
    ``1 / (f/K_a + (1-f)/K_b)`` (same units as the inputs)."""
    return 1.0 / (fraction_a / k_a + (1.0 - fraction_a) / k_b)


#: Effective SERT Ki of 1:1 norfluoxetine (nM) from its enantiomers (Wong 1993; ratio [U]);
#: the human norfluoxetine record's in-vivo Ki (library) must equal it (tests/test_enantiomers.py).
NORFLUOXETINE_MIXTURE_KI = mixture_ki(1.3, 26.0)


def racemate_regimen(name: str, dose: str, every: str | None = None, count: int = 1) -> Regimen:
    """The regimen of racemic ``name`` as its enantiomers, half the dose each (human, p.o.).

    >>> racemate_regimen("citalopram", "20 mg", every="24 h", count=10)  # doctest: +SKIP
    """
    key = DRUGS.canonical(name, field="racemate")
    if key not in RACEMATES:
        raise UnknownNameError("racemate", name, tuple(RACEMATES))
    q = parse_quantity(spaced(dose), "dose", unit=brian2.kgram, example="'20 mg'",
                       strictly_positive=True)
    half = f"{float(q / brian2.mgram) / 2:g} mg"
    return Regimen(tuple(Dose(e, half, route="po", every=every, count=count)
                         for e in RACEMATES[key]))


def daily_oral(drug: str, dose: str, days: int) -> Regimen:
    """``days`` daily oral doses of ``drug`` (human); a racemate (citalopram) as its enantiomers."""
    if DRUGS.canonical(drug, field="drug") in RACEMATES:
        return racemate_regimen(drug, dose, every="24 h", count=days)
    return Regimen((Dose(drug, dose, route="po", every="24 h", count=days),))
