"""Calibration of the DRN 5-HT1A autoreceptor loop under the operational model (issue 13).

Parameters fixed here: ``gmax`` (the system maximum Em) of ``5-HT1A_somatodendritic``
and ``I_drive`` of DRN 5-HT neurons, with the site's tau and K; and the functional KA of
8-OH-DPAT (the rat in-vivo Ki at 5-HT1A in the drug library). Near-tautological by design
(the figures were fitted); the end-to-end ED50s are in tests/test_ephys.py, and the ED50s
of other laboratories are validation targets (``raphe validate``).
"""

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


def _dpat_terms(cumulative_ug_per_kg=(0.25, 0.5, 1.0, 2.0), way_ug_per_kg=10.0):
    """5-HT1A agonist and competitor terms at the readings of the drn-dose-response schedule.

    Cumulative 8-OH-DPAT hydrobromide i.v. every 2 min, read 1.5 min after each injection;
    WAY-100635 maleate i.v. 2 min after the last, read 5 min later (Martin-Ruiz et al. 2001
    J Neurosci 21:9856 dosed the salts). Terms from the library's rat PK and in-vivo KA.
    """
    import brian2
    import numpy as np

    from raphe.circuits.pharmacology import Dose, simulate_pk

    doses, previous = [], 0.0
    for k, total in enumerate(cumulative_ug_per_kg):
        doses.append(Dose("8-OH-DPAT", f"{(total - previous) / 1000:.9g} mg/kg", route="iv",
                          time=f"{120 * k} s", salt=True))
        previous = total
    t_rev = 120 * len(cumulative_ug_per_kg)
    doses.append(Dose("WAY-100635", f"{way_ug_per_kg / 1000:.9g} mg/kg", route="iv",
                      time=f"{t_rev} s", salt=True))
    times = np.array([120 * k + 90 for k in range(len(cumulative_ug_per_kg))] + [t_rev + 300])
    res = simulate_pk(doses, times=times * brian2.second)
    return res.fast_inputs["agonist.5-HT1A"], res.fast_inputs["competitor.5-HT1A"]


def test_naive_8_oh_dpat_ed50_between_0_25_and_0_5_ug_per_kg(window):
    """Fixes the functional KA of 8-OH-DPAT at the 5-HT1A autoreceptor (rat in-vivo Ki in the
    drug library) against the cumulative i.v. series of Martin-Ruiz et al. 2001 J Neurosci
    21:9856, with the rat PK of Xenobiotica 1995 25:1371.

    Firing halves between the readings after 0.25 and 0.5 ug/kg (issue 13: naive ED50
    0.25-0.5 ug/kg). The ED50 of another laboratory (Hajos et al. 1995: 1.19 ug/kg) is a
    validation target (raphe/validation/catalog.py), not fitted.
    """
    agonist, _ = _dpat_terms()
    base = window().rates_hz["DRN_5HT"]
    at_low = window(**{"agonist.5-HT1A": round(float(agonist[0]), 4)}).rates_hz["DRN_5HT"] / base
    at_high = window(**{"agonist.5-HT1A": round(float(agonist[1]), 4)}).rates_hz["DRN_5HT"] / base
    assert at_low >= 0.5 >= at_high, (agonist[:2], at_low, at_high)


def test_8_oh_dpat_silences_and_way_100635_reverses(window):
    """Bounds the same KA from the other side (Martin-Ruiz et al. 2001): 2 ug/kg cumulative
    silences DRN units (< 10 % of baseline) and WAY-100635 10 ug/kg i.v. restores firing to at
    least half of baseline (the paper shows recovery to about baseline)."""
    agonist, competitor = _dpat_terms()
    base = window().rates_hz["DRN_5HT"]
    at_2 = window(**{"agonist.5-HT1A": round(float(agonist[3]), 4)}).rates_hz["DRN_5HT"] / base
    rev = window(**{"agonist.5-HT1A": round(float(agonist[4]), 4),
                    "competitor.5-HT1A": round(float(competitor[4]), 3)}).rates_hz["DRN_5HT"] / base
    assert at_2 < 0.10, (agonist[3], at_2)
    assert 0.5 <= rev <= 1.3, (agonist[4], competitor[4], rev)
