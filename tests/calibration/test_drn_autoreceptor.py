"""Calibration of the DRN 5-HT1A autoreceptor loop under the operational model (issue 13).

Parameters fixed here: ``gmax`` (the system maximum Em) of ``5-HT1A_somatodendritic``
and ``I_drive`` of DRN 5-HT neurons, with the site's tau and K. Near-tautological by
design (the figures were fitted); the end-to-end ED50s are in tests/test_ephys.py.
"""

import pytest

#: SERT occupancy reached 1.5 min after cumulative citalopram 0.2 and 0.4 mg/kg i.v. with the
#: library's rat PK (0.73 and 0.85), bracketing Chaput et al. 1986's ED50 of 0.23 mg/kg.
OCC_AT_0_2_MG_KG, OCC_AT_0_4_MG_KG = 0.73, 0.85


def test_citalopram_ed50_brackets(window):
    """Fixes Em of the autoreceptor: half-suppression between 0.2 and 0.4 mg/kg i.v.

    Chaput, de Montigny & Blier 1986 Naunyn-Schmiedeberg's Arch Pharmacol 333:342: ED50
    0.23 +- 0.03 mg/kg; accepted 0.12-0.46 mg/kg (test_ephys), i.e. firing above 40 % at the
    0.2 mg/kg occupancy and below 60 % at the 0.4 mg/kg one.
    """
    base = window().rates_hz["DRN_5HT"]
    at_02 = window(**{"occupancy.SERT": OCC_AT_0_2_MG_KG}).rates_hz["DRN_5HT"] / base
    at_04 = window(**{"occupancy.SERT": OCC_AT_0_4_MG_KG}).rates_hz["DRN_5HT"] / base
    assert 0.4 <= at_02 <= 0.9, at_02
    assert 0.1 <= at_04 <= 0.6, at_04


def test_basal_autoreceptor_tone_is_modest(window):
    """Fixes K (functional affinity) with tau: a silent antagonist alone raises firing by < 50 %.

    WAY-100635 alone leaves DRN firing unchanged or raises it modestly in anaesthetised rats
    (Martin-Ruiz 2001 J Neurosci 21:9856: WAY-100635 10 ug/kg reverses 8-OH-DPAT); accepted
    100-150 % of baseline.
    """
    base = window().rates_hz["DRN_5HT"]
    ratio = window(**{"competitor.5-HT1A": 1e3}).rates_hz["DRN_5HT"] / base
    assert 1.0 <= ratio <= 1.5, ratio


#: 8-OH-DPAT agonist terms 1.5 min after cumulative 0.25 and 0.5 ug/kg i.v. (library rat PK).
DPAT_TERM_0_25, DPAT_TERM_0_5 = 0.37, 0.99


@pytest.mark.xfail(strict=True, reason=(
    "naive 8-OH-DPAT is ~5-10x too potent on DRN firing: with the receptor reserve that keeps the "
    "maximal effect after chronic desensitization (tau = 6, Le Poul 1995; 4.3-fold EC50 shift with "
    "chronic paroxetine) the operational EC50 of a full agonist is K/(1 + tau), and the library's "
    "8-OH-DPAT term uses its high-affinity binding Kd (0.5 nM) as K. In the operational model the "
    "agonist's functional KA belongs there (typically 10-100x the high-affinity Kd); that is a "
    "drug-library parameter (issue 14)"))
def test_naive_8_oh_dpat_ed50_between_0_25_and_0_5_ug_per_kg(window):
    """Fixes (would fix) the autoreceptor's tau against Martin-Ruiz et al. 2001 J Neurosci 21:9856.

    Cumulative 8-OH-DPAT i.v. halves DRN firing between 0.25 and 0.5 ug/kg (issue 13: ED50
    ~0.25-0.5 ug/kg) and silences it by 2 ug/kg.
    """
    base = window().rates_hz["DRN_5HT"]
    at_low = window(**{"agonist.5-HT1A": DPAT_TERM_0_25}).rates_hz["DRN_5HT"] / base
    at_high = window(**{"agonist.5-HT1A": DPAT_TERM_0_5}).rates_hz["DRN_5HT"] / base
    assert at_low >= 0.5 >= at_high, (at_low, at_high)
