"""Acute 5-HT plateaus under a saturating SERT block (issue 26): checks no parameter was fitted to.

The pool parameters are fitted in ``tests/calibration/test_cytosol.py`` and
``tests/calibration/test_pools.py`` (acute citalopram, the escitalopram plateau in PFC, TTX
fractions). The checks here are not among them: the raphe pool at full block, and the
shape of the forebrain curve between the calibration points.
"""

import pytest

#: At or above the issue's "saturating" block.
FULL_BLOCK = (0.995, 0.999)


def _ratio(window, pool, **inputs):
    return window(**inputs).concentrations_nM[pool] / window().concentrations_nM[pool]


@pytest.mark.parametrize("occupancy", FULL_BLOCK)
def test_raphe_5ht_rises_several_fold_but_bounded(window, occupancy):
    """DRN 5-HT 2-6x basal at >= 99.5 % SERT occupancy, 5-HT1A loop intact.

    Raphe dialysate 5-HT after saturating oral fluvoxamine: 270 % of baseline in the median
    raphe (Neuropharmacology 1995, PMID 7566484, abstract); a 'several-fold' raphe rise after
    fluvoxamine 10 mg/kg i.p. (Bel & Artigas 1992 Eur J Pharmacol 229:101, abstract): the
    issue's bound 2-6x.
    """
    ratio = _ratio(window, "DRN.5-HT", **{"occupancy.SERT": occupancy})
    assert 2.0 <= ratio <= 6.0, ratio


@pytest.mark.parametrize("occupancy", FULL_BLOCK)
def test_forebrain_5ht_bounded_at_full_block(window, occupancy):
    """PFC 5-HT 1.5-4x basal at >= 99.5 % SERT occupancy, 5-HT1A loop intact.

    Saturating oral fluvoxamine raises dorsal hippocampal dialysate 5-HT to 191 % (PMID
    7566484, abstract); the issue's upper bound for a saturating block is 4x.
    """
    ratio = _ratio(window, "PFC.5-HT", **{"occupancy.SERT": occupancy})
    assert 1.5 <= ratio <= 4.0, ratio


def test_forebrain_5ht_flattens_near_full_block(window):
    """PFC 5-HT grows by less than a third from 97.5 % to 99.9 % SERT occupancy.

    Saturating escitalopram doses four-fold apart (0.63 and 2.5 mg/kg s.c.) give the same PFC
    rise, 298 % and 290 % (Ceglia et al. 2004 Br J Pharmacol 142:469, abstract): the ratio of
    the rises is ~1 (accepted 0.8-1.33, about the SEM of such groups [U]). Without the
    reuptake-fed tonic release the model's ratio was ~1.7 (5.6x vs 3.2x).
    """
    low = _ratio(window, "PFC.5-HT", **{"occupancy.SERT": 0.975})
    high = _ratio(window, "PFC.5-HT", **{"occupancy.SERT": 0.999})
    assert 0.8 <= high / low <= 1.33, (low, high)


def test_way_100635_on_saturating_block_bounded(window):
    """PFC 5-HT with the 5-HT1A autoreceptors blocked on top of a 98 % SERT block: 1.1-2x
    the SSRI alone.

    WAY-100635 0.5 mg/kg i.v. potentiates the fluoxetine 5 mg/kg i.p. rise of ventral
    hippocampal dialysate 5-HT by 30-40 % (Trillat et al. 1998 Eur J Pharmacol 357:179,
    abstract); bounds as in the ``trillat-1998-way-augments-fluoxetine`` target.
    """
    ssri = _ratio(window, "PFC.5-HT", **{"occupancy.SERT": 0.98})
    both = _ratio(window, "PFC.5-HT", **{"occupancy.SERT": 0.98, "competitor.5-HT1A": 100.0})
    assert 1.1 <= both / ssri <= 2.0, (ssri, both)
