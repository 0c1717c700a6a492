"""Enantiomers as separate entities and racemic citalopram as their mixture."""

from __future__ import annotations

import brian2
import numpy as np
import pytest

from raphe.circuits.pharmacology import DRUGS, Dose, Regimen, simulate_pk
from raphe.circuits.pharmacology.enantiomers import (
    NORFLUOXETINE_MIXTURE_KI, mixture_ki, racemate_regimen,
)
from raphe.errors import RapheError

hour = 3600 * brian2.second
nM = brian2.nmolar


def ki(drug, species=None):
    d = DRUGS.get(drug)
    if species and "SERT" in d.pk[species].in_vivo_ki:
        return float(d.pk[species].in_vivo_ki["SERT"].ki / nM)
    return float(d.affinities["SERT"].ki / nM)


def test_sourced_enantiomer_ratios():
    # Chen et al. 2005: escitalopram ~40-fold more potent than R-citalopram at hSERT
    assert ki("R-citalopram") / ki("escitalopram") == pytest.approx(40.0)
    # Wong et al. 1993: S-norfluoxetine 1.3 nM, R- 20 times less potent
    assert ki("S-norfluoxetine") == pytest.approx(1.3)
    assert ki("R-norfluoxetine") / ki("S-norfluoxetine") == pytest.approx(20.0)


def test_human_norfluoxetine_acts_as_the_1_to_1_mixture_and_rat_is_unchanged():
    assert ki("norfluoxetine", "human") == pytest.approx(NORFLUOXETINE_MIXTURE_KI)
    assert "SERT" not in DRUGS.get("norfluoxetine").pk["rat"].in_vivo_ki
    assert mixture_ki(1.0, 1.0) == pytest.approx(1.0)


def test_racemate_is_half_of_each_enantiomer():
    reg = racemate_regimen("Celexa", "20 mg", every="24 h", count=3)
    assert [d.drug for d in reg.doses] == ["escitalopram", "R-citalopram"]
    assert all(float(d.amount / brian2.mgram) == pytest.approx(10.0) for d in reg.doses)
    with pytest.raises(RapheError, match="racemate"):
        racemate_regimen("sertraline", "50 mg")


def test_racemate_occupies_at_least_its_s_half_and_less_than_twice_the_s_dose():
    t = np.array([6.0]) * hour
    def occ(reg):
        return float(simulate_pk(reg, species="human", times=t).occupancy["SERT"][0])
    rac = occ(racemate_regimen("citalopram", "20 mg"))
    s_half = occ(Regimen((Dose("escitalopram", "10 mg", route="po"),)))
    s_full = occ(Regimen((Dose("escitalopram", "20 mg", route="po"),)))
    # competitive binding: R adds occupancy but, 40x weaker, less than 10 mg more S would
    assert s_half < rac < s_full
