"""The validation targets (registered in :data:`raphe.validation.targets.TARGETS`).

Tuned on one drug, validated on the others: the circuit's autoreceptor loop and
the rat potency were fitted to citalopram (2.5 mg/kg i.p. dialysate, i.v. ED50 on
DRN firing, the Ceglia et al. 2004 minipump arm) and 8-OH-DPAT/WAY-100635
(Martin-Ruiz et al. 2001); human SERT potency to one PET/SPECT series per SSRI
(see :mod:`raphe.validation.catalog_human`). None of those numbers appears below: every target is
another drug, another lab or another measure.

Every spiking experiment here runs the default circuit at half scale (rates do
not depend on scale: in-degrees are fixed) with one seed, so all of them share
one compiled circuit and one response surface (``raphe validate`` also keeps
its window helper processes across experiments). What a spiking experiment
costs is the number of distinct surface nodes it visits: the corners around
each input its rats pass through, so it grows with the number of active
inputs and of rats (each has its own PK), not with the recording's length.
Hence:

- the acute microdialysis experiments are the same in ``quick`` and full runs
  (the same values, the same verdicts);
- the unit recordings (Hajos et al. 1995), whose fine receptor-term grid puts
  each rat's samples on nodes of their own, record the same 12 units per drug
  from 2 rats (6 each) when ``quick``, from 4 (3 each) in full;
- the chronic experiment, whose desensitization and store axes add nodes at
  every step, holds inputs below 0.2 at rest (fluoxetine's DAT and NET
  occupancies, at most 18 and 16 %), and runs one rat per group on a coarser
  surface (sensitivity step 0.25, grid step 0.45) and a 2 h slow clock when
  ``quick`` (three rats, 1 h, the default surface in full);
- no readout uses stored spike trains, so none are recorded (each would be
  one more window at its exact inputs).
"""

from __future__ import annotations

import brian2
import numpy as np

from raphe.validation import readouts as rd
from raphe.validation.targets import PaperProtocol, Target, Tolerance, register_target

#: What ``raphe validate --quick`` runs differently (the rest is identical).
QUICK_NOTE = ("`--quick` runs the same circuit, targets and protocols; the acute microdialysis "
              "experiments are identical; the unit recordings (Hajos 1995) take their 12 units "
              "per drug from 2 rats instead of 4, and the chronic experiment runs 1 rat per group "
              "instead of 3 on a 2 h instead of 1 h slow clock and a coarser response surface. "
              "Quick and full values may differ slightly; each verdict is judged on the values "
              "of the suite that ran.")

#: Seed of every validation experiment (one circuit, one response surface).
SEED = 19950624
#: Circuit scale of the validation experiments.
SCALE = 0.5
HOUR = 3600 * brian2.second


# --------------------------------------------------------------------------- configs
#: Numbers parameters were fitted to: checked in ``tests/calibration/`` and the circuit's
#: calibration tests, never validation targets.
CALIBRATION = (
    ("citalopram 2.5 mg/kg i.p. (hydrobromide): PFC/NAc dialysate 5-HT 245-280 %",
     "Eur J Pharmacol 1999 364:147", "rat citalopram Kp,uu; the circuit's 5-HT pools"),
    ("citalopram i.v. ED50 on DRN firing 0.23 +- 0.03 mg/kg",
     "Chaput, de Montigny & Blier 1986 Naunyn-Schmiedeberg's Arch Pharmacol 333:342",
     "rat citalopram distribution phase; the 5-HT1A loop"),
    ("8-OH-DPAT 0.25-2 ug/kg i.v. silences DRN units, WAY-100635 10 ug/kg reverses",
     "Martin-Ruiz et al. 2001 J Neurosci 21:9856",
     "8-OH-DPAT and WAY-100635 rat PK; 5-HT1A autoreceptor gain"),
    ("citalopram 20 mg/kg/day minipump: PFC 5-HT 306 % (day 2), 302 % (day 13)",
     "Ceglia et al. 2004 Br J Pharmacol 142:469 (citalopram arm)", "terminal pools (issue 13)"),
    ("human sertraline 50 mg/day: t1/2, Tmax, Cmax, accumulation",
     "DeVane et al. 2002; Zoloft label", "human sertraline PK"),
    ("human plasma EC50 of SERT occupancy, one PET/SPECT series per SSRI",
     "Parsey et al. 2006 (sertraline); Catafau et al. 2006 (paroxetine); Takano et al. 2006 "
     "(fluvoxamine); Klein et al. 2006 single doses (escitalopram, citalopram)",
     "human in-vivo SERT Ki (tests/calibration/test_pet_human.py)"),
    ("human PK of the other SSRIs (t1/2, Tmax, steady-state levels)",
     "labels and primary PK papers cited in the drug library", "clearances, volumes, ka"),
    ("rat fluvoxamine plasma model, ECF/plasma ratio and SERT occupancy EC50",
     "Geldof et al. 2007 Eur J Pharm Sci 30:45; 2008 Br J Pharmacol 154:1369",
     "rat fluvoxamine PK, fu x Kp,uu, in-vivo Ki"),
    ("rat fluoxetine/norfluoxetine half-lives and AUC ratio", "Caccia et al. 1990",
     "rat fluoxetine CL, norfluoxetine CL, formation"),
)


def _experiment(name, protocol, description):
    return {"experiment": {"name": name, "protocol": protocol, "description": description,
                           "seed": SEED},
            "animal": {"species": "rat", "body_weight": "300 g"},
            "circuit": {"scale": SCALE, "backend": "cpp_standalone"}}


def microdialysis(name, description, groups, regions, duration, interval="20 min"):
    """A microdialysis study: vehicle + dosed groups; ``groups`` = [(name, [dose dicts])]."""
    cfg = _experiment(name, "microdialysis", description)
    cfg["microdialysis"] = {"regions": list(regions), "analytes": ["5-HT"], "baseline": "60 min",
                            "duration": duration, "sample_interval": interval,
                            "baseline_samples": 3, "spike_windows": [], "record_spikes": "none"}
    cfg["cohort"] = {"n": 4, "reference": "vehicle"}
    cfg["group"] = [{"name": "vehicle", "label": "vehicle"}] + [
        {"name": g, "label": g, "doses": doses} for g, doses in groups]
    return cfg


def dose(drug, amount, route, salt, time="0 min", **extra):
    return {"drug": drug, "amount": amount, "route": route, "time": time, "salt": salt, **extra}


#: Why acute SSRI doses that saturate SERT still miss in the raphe: the plateau is too high there.
RAPHE_PLATEAU_HIGH = (
    "with the reuptake-fed impulse-independent release (issue 26) the model's 5-HT plateaus near "
    "full block (windows at 99.9 % SERT occupancy: DRN ~4.5x, PFC ~3.2x basal), but the DRN "
    "plateau sits above raphe dialysate after saturating doses (PMID 7566484: median raphe 270 %, "
    "dorsal hippocampus 191 % after 30 mg/kg p.o.): the DRN pool's SERT-independent clearance "
    "(0.6/s [U]) and tonic fraction (0.8, Adell et al. 1993) were kept so that the DRN firing "
    "ED50s (calibration) hold, and a lower raphe plateau needs a larger reuptake share or faster "
    "SERT-independent raphe clearance, either of which weakens the 5-HT1A loop at the calibration "
    "occupancies; fluvoxamine reaches 99.9 % SERT occupancy because Geldof et al. 2008's maximal "
    "ex vivo occupancy (95 %) is not modelled")


def _md_run(ctx, cfg):
    return ctx.runs.run(cfg, label=cfg["experiment"]["name"])


# --------------------------------------------------------------------------- microdialysis
def _fluvoxamine_po(ctx, quick):
    cfg = microdialysis(
        "val-fluvoxamine-po", "fluvoxamine maleate 30 mg/kg p.o., conscious rats",
        [("fluvoxamine", [dose("fluvoxamine", "30 mg/kg", "po", True)])],
        ["DRN", "PFC"], "300 min")
    return _md_run(ctx, cfg)


BOSKER = ("Neuropharmacology 1995, PMID 7566484 (single and repeated oral fluvoxamine: median raphe "
          "nucleus and dorsal hippocampus dialysate 5-HT)")

register_target(Target(
    name="fluvoxamine-po-raphe",
    family="microdialysis",
    source=BOSKER,
    description="peak raphe dialysate 5-HT (% of baseline) after fluvoxamine 30 mg/kg p.o.; the "
                "model's DRN stands in for the median raphe nucleus",
    protocol=PaperProtocol("rat", "fluvoxamine", "30 mg/kg", "maleate (Solvay's salt) [U]", "p.o.",
                           "median raphe nucleus", "conscious"),
    published=270.0, unit="% of baseline",
    tolerance=Tolerance(200.0, 340.0, "270 % +- 70 points: about 2 SEM of raphe responses in "
                        "such studies (n = 5-6); the abstract gives no spread [U]"),
    measure=lambda ctx, quick: rd.md_peak(_fluvoxamine_po(ctx, quick), "fluvoxamine", "DRN"),
    expected_failure="model DRN peak ~450 %: " + RAPHE_PLATEAU_HIGH + "; and the model's DRN pool "
                     "(80 % impulse-independent release, Adell et al. 1993) stands in for the "
                     "median raphe nucleus, which it has not",
    drugs=("fluvoxamine",),
))

register_target(Target(
    name="fluvoxamine-po-raphe-vs-forebrain",
    family="microdialysis",
    source=BOSKER,
    description="raphe rise / forebrain rise (above baseline) after fluvoxamine 30 mg/kg p.o.: "
                "median raphe 270 % vs dorsal hippocampus 191 % = 1.87; model DRN vs PFC",
    protocol=PaperProtocol("rat", "fluvoxamine", "30 mg/kg", "maleate [U]", "p.o.",
                           "median raphe vs dorsal hippocampus (model: DRN vs PFC)", "conscious"),
    published=1.87, unit="ratio",
    tolerance=Tolerance(1.1, 3.1, "each rise +-25 % (about 2 SEM; not in the abstract) [U]: "
                        "(170 x 0.75)/(91 x 1.25) = 1.12 to (170 x 1.25)/(91 x 0.75) = 3.11"),
    measure=lambda ctx, quick: rd.md_increase_ratio(_fluvoxamine_po(ctx, quick), "fluvoxamine",
                                                    "DRN", "PFC"),
    drugs=("fluvoxamine",),
))


def _bel_artigas(ctx, quick):
    cfg = microdialysis(
        "val-fluvoxamine-ip", "fluvoxamine 10 mg/kg i.p., freely moving rats",
        [("fluvoxamine", [dose("fluvoxamine", "10 mg/kg", "ip", True)])],
        ["DRN", "PFC"], "180 min")
    return _md_run(ctx, cfg)


register_target(Target(
    name="bel-artigas-1992-fluvoxamine-ip",
    family="microdialysis",
    source="Bel & Artigas 1992 Eur J Pharmacol 229:101 (fluvoxamine preferentially increases "
           "extracellular 5-HT in the raphe nuclei)",
    description="raphe rise / frontal cortex rise after fluvoxamine 10 mg/kg i.p.: 'several-fold'",
    protocol=PaperProtocol("rat", "fluvoxamine", "10 mg/kg", "not stated; maleate assumed [U]",
                           "i.p.", "raphe nuclei vs frontal cortex (model: DRN vs PFC)",
                           "freely moving"),
    published=3.0, unit="ratio",
    tolerance=Tolerance(2.0, 8.0, "'several-fold' [R]: at least 2, at most the largest raphe/cortex "
                        "ratios reported for SSRIs [U]"),
    measure=lambda ctx, quick: rd.md_increase_ratio(_bel_artigas(ctx, quick), "fluvoxamine",
                                                    "DRN", "PFC"),
    expected_failure="raphe and cortical 5-HT both plateau, but too close together (model DRN "
                     "~470 %, PFC ~350 %, ratio of rises ~1.5): the forebrain plateau follows the "
                     "citalopram calibration (245-280 % at ~92 % occupancy) and " + RAPHE_PLATEAU_HIGH,
    drugs=("fluvoxamine",),
))


def _malagie(ctx, quick):
    cfg = microdialysis(
        "val-fluoxetine-ip", "fluoxetine 10 mg/kg i.p., anaesthetized rats",
        [("fluoxetine", [dose("fluoxetine", "10 mg/kg", "ip", True)])],
        ["DRN", "PFC"], "180 min")
    return _md_run(ctx, cfg)


register_target(Target(
    name="malagie-1995-fluoxetine-ip",
    family="microdialysis",
    source="Malagie et al. 1995 Eur J Pharmacol 286:213 (acute fluoxetine: raphe nuclei > ventral "
           "hippocampus > frontal cortex)",
    description="raphe rise / frontal cortex rise after fluoxetine 10 mg/kg i.p. (the raphe "
                "maximal at 10 mg/kg)",
    protocol=PaperProtocol("rat", "fluoxetine", "10 mg/kg", "not stated; hydrochloride assumed [U]",
                           "i.p.", "raphe nuclei vs frontal cortex (model: DRN vs PFC)",
                           "anaesthetized (the model has no anaesthesia state)"),
    published=2.0, unit="ratio",
    tolerance=Tolerance(1.2, 6.0, "order raphe > cortex [R]; magnitudes not in the abstract: "
                        "clearly above 1 and below the largest SSRI raphe/cortex ratios [U]"),
    measure=lambda ctx, quick: rd.md_increase_ratio(_malagie(ctx, quick), "fluoxetine", "DRN", "PFC"),
    drugs=("fluoxetine",),
))


CEGLIA = ("Ceglia et al. 2004 Br J Pharmacol 142:469 (escitalopram acute and chronic, PFC "
          "dialysate 5-HT; citalopram arm = calibration)")


def _ceglia_acute(ctx, quick):
    cfg = microdialysis(
        "val-escitalopram-sc", "escitalopram 0.15 and 0.63 mg/kg s.c., conscious rats",
        [("escitalopram-0.15", [dose("escitalopram", "0.15 mg/kg", "sc", False)]),
         ("escitalopram-0.63", [dose("escitalopram", "0.63 mg/kg", "sc", False)])],
        ["PFC"], "180 min")
    return _md_run(ctx, cfg)


register_target(Target(
    name="ceglia-2004-escitalopram-0.63-sc",
    family="microdialysis",
    source=CEGLIA,
    description="peak PFC dialysate 5-HT after escitalopram 0.63 mg/kg s.c. (298 %; 2.5 mg/kg "
                "gave 290 %, the plateau)",
    protocol=PaperProtocol("rat", "escitalopram", "0.63 mg/kg", "not stated; base assumed [U]",
                           "s.c.", "prefrontal cortex", "conscious"),
    published=298.0, unit="% of baseline",
    tolerance=Tolerance(234.0, 372.0, "from the response to a 4x lower dose (234 % at 0.15 mg/kg "
                        "[R]) to +25 % (SEM not in the abstract [U])"),
    measure=lambda ctx, quick: rd.md_peak(_ceglia_acute(ctx, quick), "escitalopram-0.63", "PFC"),
    drugs=("escitalopram",),
))

register_target(Target(
    name="ceglia-2004-escitalopram-0.15-sc",
    family="microdialysis",
    source=CEGLIA,
    description="peak PFC dialysate 5-HT after escitalopram 0.15 mg/kg s.c. (234 %): the low end "
                "of the in-vivo potency",
    protocol=PaperProtocol("rat", "escitalopram", "0.15 mg/kg", "not stated; base assumed [U]",
                           "s.c.", "prefrontal cortex", "conscious"),
    published=234.0, unit="% of baseline",
    tolerance=Tolerance(170.0, 298.0, "from +-25 % of the rise above baseline (SEM not in the "
                        "abstract [U]) to the response to 0.63 mg/kg (298 % [R])"),
    measure=lambda ctx, quick: rd.md_peak(_ceglia_acute(ctx, quick), "escitalopram-0.15", "PFC"),
    drugs=("escitalopram",),
))


def _trillat(ctx, quick):
    cfg = microdialysis(
        "val-way-fluoxetine", "fluoxetine 5 mg/kg i.p. with or without WAY-100635 0.5 mg/kg i.v.",
        [("fluoxetine", [dose("fluoxetine", "5 mg/kg", "ip", True)]),
         ("WAY+fluoxetine", [dose("WAY-100635", "0.5 mg/kg", "iv", True),
                             dose("fluoxetine", "5 mg/kg", "ip", True)])],
        ["PFC"], "180 min")
    return _md_run(ctx, cfg)


def _peak_ratio(path, group_a, group_b, region):
    return rd.md_peak(path, group_a, region) / rd.md_peak(path, group_b, region)


register_target(Target(
    name="trillat-1998-way-augments-fluoxetine",
    family="microdialysis",
    source="Trillat et al. 1998 Eur J Pharmacol 357:179 (WAY-100635 0.5 mg/kg i.v. potentiates "
           "the fluoxetine 5 mg/kg i.p. rise of ventral hippocampal dialysate 5-HT by 30-40 %)",
    description="peak forebrain dialysate 5-HT (% of baseline) with WAY-100635 + fluoxetine over "
                "fluoxetine alone; the model's PFC stands in for the ventral hippocampus "
                "(5-HT1A autoreceptor feedback at the protocol level; citalopram's is calibration)",
    protocol=PaperProtocol("rat", "fluoxetine, WAY-100635", "5 mg/kg i.p.; 0.5 mg/kg i.v.",
                           "not stated; hydrochloride and maleate assumed [U]",
                           "i.p. and i.v. (given together [U])",
                           "ventral hippocampus (model: PFC)", "conscious"),
    published=1.35, unit="ratio",
    tolerance=Tolerance(1.1, 2.0, "'potentiated by 30-40 %' [R]; bounds [U]: a clear "
                        "potentiation (> 10 %) up to twofold, the largest WAY-100635 augmentations "
                        "of SSRIs reported in forebrain dialysate"),
    measure=lambda ctx, quick: _peak_ratio(_trillat(ctx, quick), "WAY+fluoxetine", "fluoxetine",
                                           "PFC"),
    drugs=("fluoxetine", "WAY-100635"),
))


# --------------------------------------------------------------------------- electrophysiology
HAJOS = ("Hajos, Gartside & Sharp 1995 Naunyn-Schmiedeberg's Arch Pharmacol 351:624 (paroxetine "
         "and 8-OH-DPAT on DRN and MRN 5-HT neurones)")


def _hajos(ctx, quick):
    cfg = _experiment("val-hajos-1995", "electrophysiology",
                      "DRN 5-HT units, cumulative i.v. paroxetine and 8-OH-DPAT")
    # a fine grid of receptor terms: the autoreceptor halves firing at an 8-OH-DPAT term ~0.05
    cfg["engine"] = {"grid_step": 0.02}
    # the ED50 reads unit rates interpolated from the surface: no spike trains stored
    cfg["electrophysiology"] = {"baseline": "3 min", "dose_interval": "3 min",
                                "sample_delay": "2 min", "units_per_subject": 6 if quick else 3,
                                "record_spikes": "none"}
    # every rat's own PK puts its samples on its own surface nodes: quick records the same
    # number of units (12 per drug; Hajos 1995: 9 and 12) from half as many rats
    cfg["cohort"] = {"n": 2 if quick else 4}
    cfg["group"] = [
        {"name": "paroxetine", "label": "paroxetine i.v.", "drug": "paroxetine", "route": "iv",
         "salt": True,
         "cumulative_doses": ["0.1 mg/kg", "0.2 mg/kg", "0.4 mg/kg", "0.8 mg/kg"]},
        {"name": "8-OH-DPAT", "label": "8-OH-DPAT i.v.", "drug": "8-OH-DPAT", "route": "iv",
         "salt": True,
         "cumulative_doses": ["0.25 ug/kg", "0.5 ug/kg", "1 ug/kg", "2 ug/kg", "4 ug/kg"]},
    ]
    return ctx.runs.run(cfg, label="val-hajos-1995")


register_target(Target(
    name="hajos-1995-paroxetine-iv-ed50",
    family="electrophysiology",
    source=HAJOS,
    description="ED50 of cumulative i.v. paroxetine (0.1-0.8 mg/kg) on DRN 5-HT neuron firing",
    protocol=PaperProtocol("rat", "paroxetine", "0.1-0.8 mg/kg cumulative",
                           "not stated; hydrochloride assumed [U]", "i.v.", "DRN single units",
                           "chloral hydrate"),
    published=243.0, unit="ug/kg",
    tolerance=Tolerance(145.0, 341.0, "mean +- 2 SEM: 243 +- 49 ug/kg (n = 9) [R]"),
    measure=lambda ctx, quick: 1000.0 * rd.ephys_ed50(_hajos(ctx, quick), "paroxetine"),
    drugs=("paroxetine",),
))

register_target(Target(
    name="hajos-1995-8ohdpat-iv-ed50",
    family="electrophysiology",
    source=HAJOS,
    description="ED50 of cumulative i.v. 8-OH-DPAT on DRN 5-HT neuron firing (another lab than the "
                "calibration's silencing dose, Martin-Ruiz et al. 2001)",
    protocol=PaperProtocol("rat", "8-OH-DPAT", "cumulative i.v.", "not stated; hydrobromide "
                           "assumed [U]", "i.v.", "DRN single units", "chloral hydrate"),
    published=1.19, unit="ug/kg",
    tolerance=Tolerance(0.73, 1.65, "mean +- 2 SEM: 1.19 +- 0.23 ug/kg (n = 12) [R]"),
    measure=lambda ctx, quick: rd.ephys_ed50(_hajos(ctx, quick), "8-OH-DPAT"),
    expected_failure="8-OH-DPAT's functional KA at the autoreceptor is calibrated to the "
                     "cumulative series of Martin-Ruiz et al. 2001 (0.25-2 ug/kg silences DRN "
                     "units, WAY-100635 reverses; naive ED50 0.25-0.5 ug/kg), which puts the "
                     "model's ED50 near 0.2-0.3 ug/kg, 3-5x below this laboratory's 1.19 ug/kg; "
                     "the two laboratories' series disagree by more than the model's PK "
                     "(Xenobiotica 1995) and receptor reserve (tau 6) can absorb",
    drugs=("8-OH-DPAT",),
))


# --------------------------------------------------------------------------- chronic
def _chronic(ctx, quick, start=False):
    cfg = _experiment("val-chronic", "chronic",
                      "fluoxetine 10 and escitalopram 10 mg/kg/day s.c. minipumps vs vehicle")
    cfg["chronic"] = {"duration": "21 day", "step": "2 h" if quick else "1 h",
                      "recording_days": [2, 13, 21], "recording_time": "2 h",
                      "units_per_day": 3 if quick else 5, "record_spikes": "none",
                      "agonist_challenge": {"enabled": False},
                      "ssri_challenge": {"enabled": False}}
    cfg["cohort"] = {"n": 1 if quick else 3, "reference": "vehicle"}
    # fluoxetine's small DAT and NET occupancies (at most 18 and 16 % at 10 mg/kg/day) held at
    # 0: each would double the corners of every chronic step (5 surface axes, 32 corners)
    cfg["engine"] = {"min_effect": 0.2}
    if quick:  # a coarser surface: fewer nodes along the desensitization and occupancy axes
        cfg["engine"].update({"sensitivity_step": 0.25, "grid_step": 0.45})
    cfg["group"] = [
        {"name": "vehicle", "label": "vehicle (minipump)"},
        {"name": "fluoxetine-10", "label": "fluoxetine 10 mg/kg/day",
         "doses": [dose("fluoxetine", "10 mg/kg/day", "minipump", True, duration="21 day")]},
        {"name": "escitalopram-10", "label": "escitalopram 10 mg/kg/day",
         "doses": [dose("escitalopram", "10 mg/kg/day", "minipump", False, duration="21 day")]},
    ]
    if start:  # the slow clock waits on a few windows per step: let it run beside the rest
        return ctx.runs.start(cfg, label="val-chronic")
    return ctx.runs.run(cfg, label="val-chronic")


register_target(Target(
    name="czachura-2000-fluoxetine-firing-recovery",
    family="chronic",
    source="Czachura & Rasmussen 2000 Naunyn-Schmiedeberg's Arch Pharmacol 362:266 (chronic "
           "fluoxetine: DRN firing recovers to baseline over 14-21 days)",
    description="DRN 5-HT firing on day 21 of fluoxetine 10 mg/kg/day, % of vehicle rats",
    protocol=PaperProtocol("rat", "fluoxetine", "10 mg/kg/day for 21 days",
                           "not stated; hydrochloride assumed [U]",
                           "s.c. osmotic minipump [U] (the paper compared doses and routes)",
                           "DRN single units", "chloral hydrate"),
    published=100.0, unit="% of vehicle",
    tolerance=Tolerance(75.0, 125.0, "'recovered to baseline levels' [R]; +-25 %: about 2 SEM "
                        "of unit firing with 5 units x 5 rats [U]"),
    measure=lambda ctx, quick: rd.chronic_value(_chronic(ctx, quick), "fluoxetine-10",
                                                "firing_percent_control_mean", 21),
    drugs=("fluoxetine",),
    prefetch=lambda ctx, quick: _chronic(ctx, quick, start=True),
))

register_target(Target(
    name="ceglia-2004-escitalopram-minipump-day13",
    family="chronic",
    source=CEGLIA,
    description="PFC dialysate 5-HT on day 13 of escitalopram 10 mg/kg/day s.c. minipump, % of "
                "vehicle-pump rats (422 %; 257 % on day 2)",
    protocol=PaperProtocol("rat", "escitalopram", "10 mg/kg/day for 13 days",
                           "not stated; base assumed [U]", "s.c. osmotic minipump",
                           "prefrontal cortex", "conscious"),
    published=422.0, unit="% of vehicle",
    tolerance=Tolerance(320.0, 530.0, "+-25 % (about 2 SEM; the abstract gives none) [U]"),
    measure=lambda ctx, quick: rd.chronic_value(_chronic(ctx, quick), "escitalopram-10",
                                                "PFC_5HT_percent_control_mean", 13),
    expected_failure="moved from pass to miss with issue 26 (quick suite: 319 %, bound 320 %): the "
                     "reuptake-fed tonic release keeps the chronic forebrain level near the acute "
                     "plateau (~3x at full block), while escitalopram's day-13 level (422 %) is well "
                     "above its day-2 level (257 %); the store share was refitted on the citalopram "
                     "arm (model day 13 324 % vs 302 % published), not on this target",
    drugs=("escitalopram",),
    prefetch=lambda ctx, quick: _chronic(ctx, quick, start=True),
))


# pk-occupancy: the human SERT occupancy targets are in raphe.validation.catalog_human.


# --------------------------------------------------------------------------- binding
def _panel(ctx, quick):
    cfg = {"experiment": {"name": "val-binding", "protocol": "binding", "seed": SEED,
                          "description": "virtual competition assays"},
           "binding": {"drugs": ["sertraline", "GR127935"], "targets": ["DAT", "5-HT1B"],
                       "n_assays": 3, "replicates": 3, "saturation": True,
                       "kinetics": False, "kd_source": "saturation", "variability": True}}
    return ctx.runs.run(cfg, label="val-binding")


register_target(Target(
    name="tatsumi-1997-sertraline-dat-ki",
    family="binding",
    source="Tatsumi et al. 1997 Eur J Pharmacol 340:249 (human DAT, sertraline 25 +- 2 nM)",
    description="sertraline Ki at DAT recovered by the virtual [3H]WIN 35,428 competition assay "
                "(checks the assay physics and Cheng-Prusoff, not the library value)",
    protocol=PaperProtocol("in vitro", "sertraline", "12 half-log concentrations, n = 3",
                           "not applicable", "membranes", "striatal membranes, [3H]WIN 35,428"),
    published=25.0, unit="nM",
    tolerance=Tolerance(21.0, 29.0, "mean +- 2 SEM: 25 +- 2 nM [R]"),
    measure=lambda ctx, quick: rd.binding_ki_nM(_panel(ctx, quick), "sertraline", "DAT"),
    drugs=("sertraline",),
))

register_target(Target(
    name="gr127935-5ht1b-ki",
    family="binding",
    source="Hoyer et al. 1994 Pharmacol Rev 46:157, Table 5 (GR127935 at 5-HT1B: 3 nM); "
           "[3H]GR125,743 assay of Millan et al. 2002 Pharmacol Biochem Behav 71:589",
    description="GR127935 Ki at rat 5-HT1B recovered by the virtual [3H]GR125,743 assay",
    protocol=PaperProtocol("in vitro", "GR127935", "12 half-log concentrations, n = 3",
                           "not applicable", "membranes", "rat frontal cortex, [3H]GR125,743"),
    published=3.0, unit="nM",
    tolerance=Tolerance(1.5, 6.0, "2-fold (pKi +- 0.3, the usual between-laboratory spread) [U]"),
    measure=lambda ctx, quick: rd.binding_ki_nM(_panel(ctx, quick), "GR127935", "5-HT1B"),
    drugs=("GR127935",),
))
