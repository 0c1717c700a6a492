"""Validation of the serotonin terminals (issue 13): published results no parameter was fitted to.

Plain pytest tests with both-sided tolerances, the source beside each. Windows run on the
shared half-size circuit (``window`` fixture, cpp_standalone); the protocol-level ones are
marked slow. A target the model misses stays here as a strict expected failure with its reason.
"""

import numpy as np
import pytest

ACUTE_CITALOPRAM_OCCUPANCY = 0.92   # mean SERT occupancy 0-4 h after 2.5 mg/kg i.p. (library PK)
MINIPUMP_OCCUPANCY = 0.975          # citalopram 20 mg/kg/day minipump, steady state (library PK)
AUTO = "5-HT1A_somatodendritic"


def _dpat_term_after(cumulative_ug_per_kg: float) -> float:
    """5-HT1A agonist term 1.5 min after the last of the chronic-ssri challenge's cumulative
    8-OH-DPAT hydrobromide i.v. doses (0.25, 0.5, ..., 32 ug/kg, doubling, every 2 min)."""
    import brian2

    from raphe.circuits.pharmacology import Dose, simulate_pk

    series = [d for d in (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0) if d <= cumulative_ug_per_kg]
    doses = [Dose("8-OH-DPAT", f"{(b - a) / 1000:.9g} mg/kg", route="iv", time=f"{120 * k} s", salt=True)
             for k, (a, b) in enumerate(zip([0.0] + series[:-1], series))]
    t = (120 * (len(series) - 1) + 90) * brian2.second
    res = simulate_pk(doses, times=np.array([float(t / brian2.second)]) * brian2.second)
    return float(res.fast_inputs["agonist.5-HT1A"][0])


def _homeostatic_sensitivity(window, occupancy):
    """Sensitivity the adaptation settles at after weeks (gain 1: s*rho = rho0)."""
    rho0 = window().receptor_activation[AUTO]
    s = 1.0
    for _ in range(4):
        rho = window(**{"occupancy.SERT": occupancy, f"sensitivity.{AUTO}": round(s, 2)}).receptor_activation[AUTO]
        s = min(1.0, max(0.05, rho0 / rho))
    return round(s, 2)


@pytest.mark.xfail(strict=True, reason=(
    "issue 26 moved this from pass to expected miss: with the reuptake-fed impulse-independent "
    "release the DRN pool plateaus (3.5x at 92 % SERT occupancy, was 4.9x) while the PFC rise is "
    "held by the citalopram calibration (2.7x), so the rise ratio is ~1.5; the same cause as the "
    "bel-artigas-1992-fluvoxamine-ip miss (raphe plateau set by the DRN clearance kept for the "
    "firing ED50s)"))
def test_acute_ssri_raises_raphe_5ht_at_least_twice_as_much_as_cortex(window):
    # Bel & Artigas 1992 Eur J Pharmacol 229:101; Malagie et al. 1995: acute SSRIs raise raphe
    # dialysate 5-HT several-fold more than frontal 5-HT (fluvoxamine 30 mg/kg p.o.: raphe 270 %
    # vs dorsal hippocampus 191 %, PMID 7566484). Issue 13: rise (% above baseline) in DRN at
    # least twice the PFC rise; upper bound 10x (raphe rises are a few-fold, not orders, larger).
    base, drug = window(), window(**{"occupancy.SERT": ACUTE_CITALOPRAM_OCCUPANCY})
    rise = {p: drug.concentrations_nM[p] / base.concentrations_nM[p] - 1 for p in ("DRN.5-HT", "PFC.5-HT")}
    assert 2.0 <= rise["DRN.5-HT"] / rise["PFC.5-HT"] <= 10.0, rise


@pytest.mark.xfail(strict=True, reason=(
    "the SERT-knockout mouse is a developmentally adapted animal, not an acute calibration "
    "(issue 26): acute rat data plateau at 2-3x after saturating doses, and the model's acute "
    "full-block window gives ~3.2x (tests/validation/test_plateau.py); the knockout's 10x would "
    "need the knockout's own adapted clearance and release"))
def test_full_sert_block_raises_frontal_5ht_5_to_15_fold(window):
    # SERT knockout mice: frontal cortex 14 vs 1.4 nM by no-net-flux (10x; Mathews et al. 2004
    # J Neurosci Methods 140:169); issue 13 accepts 5-15x for a full-block window. In knockout
    # mice DRN firing is ~4-fold lower (Lira et al. 2003 Biol Psychiatry 54:960), as in the
    # naive full-block window, where the 5-HT1A autoreceptor silences most units.
    ratio = window(**{"occupancy.SERT": 1.0}).concentrations_nM["PFC.5-HT"] / window().concentrations_nM["PFC.5-HT"]
    assert 5.0 <= ratio <= 15.0, ratio


def test_5ht1b_antagonist_alone_leaves_forebrain_5ht_near_basal(window):
    # Issue 13: a 5-HT1B antagonist alone leaves basal forebrain 5-HT within 100-150 %
    # (SB-224289: no change in frontal cortex, Roberts 1997 Neuropharmacology 36:549;
    # SB-236057-A 117 +- 11 %, Roberts 2000). The calibration test bounds PFC at 100-130 %;
    # this checks NAc, which no parameter was fitted to.
    ratio = window(**{"competitor.5-HT1B": 1e3}).concentrations_nM["NAc.5-HT"] / window().concentrations_nM["NAc.5-HT"]
    assert 1.0 <= ratio <= 1.5, ratio


def test_5ht1b_antagonist_augments_the_ssri_rise(window):
    # 5-HT1B antagonists (SB-224289, GR127935) augment the SSRI-induced forebrain rise
    # (Gobert/Millan-type studies; SB224,289 potentiated fluoxetine in frontal cortex, "The
    # ability of WAY100,635 to potentiate ... is enhanced by co-administration of SB224,289");
    # accepted 1.1-3x of the SSRI alone (tens of % to a few-fold).
    ssri = window(**{"occupancy.SERT": ACUTE_CITALOPRAM_OCCUPANCY}).concentrations_nM["PFC.5-HT"]
    both = window(**{"occupancy.SERT": ACUTE_CITALOPRAM_OCCUPANCY, "competitor.5-HT1B": 1e3}).concentrations_nM["PFC.5-HT"]
    assert 1.1 <= both / ssri <= 3.0, (ssri, both)


def test_way100635_augments_citalopram_by_tens_of_percent_to_a_few_fold(window):
    # Issue 13: the WAY-100635 + citalopram PFC level is 1.3-4x the citalopram-alone level
    # (WAY-100635 0.3 mg/kg s.c. doubled the fluoxetine-induced rise in frontal cortex, Hervas
    # et al. 2001 Neuropsychopharmacology 24:11; Romero & Artigas; Gartside 1995). Window at
    # the peak occupancy of 2.5 mg/kg i.p. (0.95) with WAY-100635's competitor term (> 10 for
    # an hour after 0.3 mg/kg s.c.); the protocol-level check is the slow test below.
    ssri = window(**{"occupancy.SERT": 0.95}).concentrations_nM["PFC.5-HT"]
    way = window(**{"occupancy.SERT": 0.95, "competitor.5-HT1A": 100.0}).concentrations_nM["PFC.5-HT"]
    assert 1.3 <= way / ssri <= 4.0, (ssri, way)


def test_lc_firing_responds_to_5ht_through_5ht2a(window):
    # Szabo & Blier 2001 Brain Res 922:9: 5-HT inhibits LC NE neurons through 5-HT2A receptors
    # on GABA afferents; the 5-HT2A antagonist MDL 100,907 restores LC firing suppressed by
    # raised 5-HT (after WAY-100635) and has no effect in controls. Accepted: a sustained
    # several-fold 5-HT rise (WAY-100635 + SSRI) lowers LC firing to 30-95 %, and a 5-HT2A
    # competitor on top restores it to 90-115 % of baseline.
    base = window().rates_hz["LC_NE"]
    high = {"occupancy.SERT": 0.95, "competitor.5-HT1A": 100.0}
    low = window(**high).rates_hz["LC_NE"] / base
    restored = window(**high, **{"competitor.5-HT2A": 1e3}).rates_hz["LC_NE"] / base
    alone = window(**{"competitor.5-HT2A": 1e3}).rates_hz["LC_NE"] / base
    assert 0.3 <= low <= 0.95, low
    assert 0.9 <= restored <= 1.15, restored
    assert 0.9 <= alone <= 1.15, alone  # MDL 100,907 alone: no effect in controls


def test_chronic_desensitization_shifts_agonist_potency_and_keeps_its_maximal_effect(window):
    # Le Poul et al. 1995 Naunyn-Schmiedeberg's Arch Pharmacol 352:141: chronic SSRIs lower the
    # potency of 8-OH-DPAT on DRN firing with 5-HT1A binding unchanged; chronic paroxetine
    # shifts its EC50 4.3-fold (10.7 -> 46.2 nM) in slices. Issue 13: after 21 days of
    # citalopram a high 8-OH-DPAT dose still silences DRN units while the ED50 is higher.
    # Accepted: at the adapted sensitivity a saturating agonist term (100: the maximal effect of
    # the operational model) leaves < 10 % of the pre-challenge rate, the term of 32 ug/kg
    # cumulative i.v. (the chronic-ssri challenge's top dose; library rat PK and functional KA)
    # < 20 %, and the term halving firing is 1.5-20x naive.
    s = _homeostatic_sensitivity(window, MINIPUMP_OCCUPANCY)
    chronic = {"occupancy.SERT": MINIPUMP_OCCUPANCY, f"sensitivity.{AUTO}": s}
    top = round(_dpat_term_after(32.0), 3)
    terms = [0.0125, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, top, 100.0]
    assert 1.6 < top < 100.0

    def curve(extra):
        base = window(**extra).rates_hz["DRN_5HT"]
        return np.array([window(**extra, **{"agonist.5-HT1A": a}).rates_hz["DRN_5HT"] / base for a in terms])

    naive, adapted = curve({}), curve(chronic)
    assert adapted[-1] < 0.10, adapted
    assert adapted[-2] < 0.20, adapted
    half = lambda c: float(np.interp(0.5, c[::-1], np.array(terms)[::-1]))  # noqa: E731
    assert 1.5 <= half(adapted) / half(naive) <= 20.0, (naive, adapted)


@pytest.mark.slow
def test_way_pretreatment_protocol_peak_ratio(tmp_path):
    # Issue 13: `raphe run way-pretreatment`: the WAY-100635 + citalopram PFC peak is 1.3-4x the
    # citalopram-alone peak (augmentation studies report tens of percent to a few-fold).
    import h5py

    from raphe.experiments import cli

    out = tmp_path / "way.h5"
    rc = cli.main(["run", "way-pretreatment", "--out", str(out), "--subjects", "2", "--seed", "3",
                   "--set", "circuit.scale=0.25",
                   "--set", "microdialysis.duration=120 min", "--set", "microdialysis.spike_windows=[]",
                   "--no-plot", "--quiet"])
    assert rc == 0
    with h5py.File(out, "r") as h5:
        peak = {g: float(np.nanmax(h5[f"summary/microdialysis/{g}/PFC/5-HT/percent_baseline_mean"][()]))
                for g in ("citalopram", "WAY+citalopram")}
    assert 1.3 <= peak["WAY+citalopram"] / peak["citalopram"] <= 4.0, peak
