"""Calibration of the serotonin pools and terminals (issue 13).

Each test names the parameter it fixes; the tolerances are the published
figures the parameter was fitted to, so these tests are near-tautological by
design: they catch a parameter or mechanism change that moves a fitted figure,
not the model's predictive power (that is ``tests/validation/``). Windows run on
the shared half-size circuit (``window`` fixture, cpp_standalone).
"""

import pytest

#: Mean SERT occupancy over the 4 h after citalopram 2.5 mg/kg i.p. (0.95 at 20 min, 0.87 at
#: 4 h with the library's rat PK); a window at the mean stands in for the protocol, which
#: tests/test_cli_run_engine.py runs.
ACUTE_CITALOPRAM_OCCUPANCY = 0.92
#: Steady-state SERT occupancy of the citalopram 20 mg/kg/day minipump (the library's rat PK).
MINIPUMP_OCCUPANCY = 0.975


def _ratio(window, pool, **inputs):
    return window(**inputs).concentrations_nM[pool] / window().concentrations_nM[pool]


@pytest.mark.parametrize("pool", ["PFC.5-HT", "NAc.5-HT"])
def test_acute_citalopram_forebrain_rise(window, pool):
    """Fixes FOREBRAIN_K_DIFF and FOREBRAIN_TONIC (jointly with the 5-HT1A loop).

    Citalopram 2.5 mg/kg i.p.: +145 to +180 % (245-280 % of baseline) in frontal cortex,
    NAc and striatum (Eur J Pharmacol 1999 364:147, PMID 9932717); accepted 200-330 % as in
    the protocol-level calibration (tests/test_cli_run_engine.py).
    """
    ratio = _ratio(window, pool, **{"occupancy.SERT": ACUTE_CITALOPRAM_OCCUPANCY})
    assert 2.0 <= ratio <= 3.3, ratio


def test_raphe_release_is_mostly_impulse_independent(window):
    """Fixes the DRN pool's tonic_fraction (0.8).

    Raphe dialysate 5-HT is unaffected by 0.5 uM TTX or calcium omission (Adell, Carceller &
    Artigas 1993 J Neurochem 60:1673); systemic 8-OH-DPAT still lowers it (same study), so not
    all of it: with spiking blocked the DRN pool keeps 60-100 % of its basal level.
    """
    from raphe.circuits.builder import steady_state_concentration
    from raphe.circuits.circuit import POOLS

    drn = next(p for p in POOLS if p.name == "DRN.5-HT")
    basal = steady_state_concentration(drn, 0.0)
    silent = steady_state_concentration(drn, 0.0, release_factor=0.0)
    assert 0.6 <= silent / basal <= 1.0
    # and in the spiking circuit: 8-OH-DPAT silencing the neurons leaves most raphe 5-HT
    ratio = _ratio(window, "DRN.5-HT", **{"agonist.5-HT1A": 1e4})
    assert 0.6 <= ratio <= 1.0, ratio


def test_terminal_5ht1b_tone_is_small(window):
    """Fixes the 5-HT1B terminal tau and Imax (with HTR1B_TERMINAL_K).

    Selective 5-HT1B antagonists alone leave frontal dialysate 5-HT unchanged (SB-224289,
    Roberts et al. 1997 Neuropharmacology 36:549) or raise it to 117 +- 11 % (SB-236057-A,
    Roberts et al. 2000 Naunyn-Schmiedeberg's Arch Pharmacol 362:177): accepted 100-130 %.
    """
    ratio = _ratio(window, "PFC.5-HT", **{"competitor.5-HT1B": 1e3})
    assert 1.0 <= ratio <= 1.3, ratio


def test_chronic_store_and_recovered_firing_keep_forebrain_5ht_near_3x(window):
    """Fixes FOREBRAIN_STORE.recycling (with the 5-HT1B and pool parameters).

    Ceglia et al. 2004 Br J Pharmacol 142:469: citalopram 20 mg/kg/day minipump, PFC 302 % of
    vehicle on day 13, when raphe firing has recovered (Chaput 1986); issue 13 accepts 200-450 %.
    Window at the minipump's occupancy, the homeostatic 5-HT1A sensitivity and the store's
    steady-state fill ``(1 - r) + r*(1 - occupancy)*C/C0`` (iterated to its fixed point).
    The time course (day 2 vs day 13) is checked end to end in tests/validation/test_terminals.py.
    """
    from raphe.circuits.adaptation import StoreDepletion

    store = StoreDepletion()
    s = _homeostatic_sensitivity(window, MINIPUMP_OCCUPANCY)
    base = window().concentrations_nM
    fill = 1.0
    for _ in range(4):
        inputs = {"occupancy.SERT": MINIPUMP_OCCUPANCY, "sensitivity.5-HT1A_somatodendritic": s,
                  "store.5-HT": round(fill, 2)}
        conc = window(**inputs).concentrations_nM
        fill = store.target(inputs, conc, base)
    ratio = conc["PFC.5-HT"] / base["PFC.5-HT"]
    assert 2.0 <= ratio <= 4.5, (ratio, fill, s)


def _homeostatic_sensitivity(window, occupancy):
    """The 5-HT1A autoreceptor sensitivity the adaptation settles at (gain 1: s*rho = rho0)."""
    site = "5-HT1A_somatodendritic"
    rho0 = window().receptor_activation[site]
    s = 1.0
    for _ in range(4):  # rho depends a little on s through firing: iterate to the fixed point
        rho = window(**{"occupancy.SERT": occupancy, f"sensitivity.{site}": round(s, 2)}).receptor_activation[site]
        s = min(1.0, max(0.05, rho0 / rho))
    return round(s, 2)
