"""The drug library: one data record per compound, registered in :data:`DRUGS`.

Adding a compound is one :class:`~.model.Drug` record at the end of this file
(plus a test). Every number carries a mark and a source:

``[R]``
    read in the primary paper (its abstract or text);
``[R2]``
    read in a secondary source (a review, a label quoted elsewhere, a
    compilation); the paper is still the one cited;
``[U]``
    an unverified prior: chosen, with the range the literature allows and the
    reasoning, and easy to change.

How a dose becomes a target occupancy (see :mod:`.pk` and :mod:`.occupancy`)::

    free brain ECF = Kp,uu x fu x total plasma           (after the brain equilibrates)
    occupancy      = C / (C + Ki)                        (all drugs present compete)

with ``Ki`` the in-vitro constant of the library, or a species' in-vivo value
where one was measured against free brain concentration
(:attr:`~.model.SpeciesPK.in_vivo_ki`). Free brain concentrations predict
in-vivo SERT occupancy from in-vitro affinity across 13 reuptake inhibitors in
the rat (Bundgaard et al. 2012 Xenobiotica 42:256), and rat and human SERT
affinities correlate closely (r = 0.965; Owens et al. 1997 J Pharmacol Exp
Ther 283:1305), so the human in-vitro Ki serve the rat where no rat in-vivo
value exists.

Brain equilibration. In single-unit recordings DRN firing falls within one or
two minutes of each intravenous SSRI dose (cumulative doses 2-3 min apart:
Chaput, de Montigny & Blier 1986 Naunyn-Schmiedeberg's Arch Pharmacol 333:342;
Hajos, Gartside & Sharp 1995 Naunyn-Schmiedeberg's Arch Pharmacol 351:624), and
ex vivo SERT occupancy by fluvoxamine is maximal at the first sample, 10-15 min
into an i.v. infusion (Geldof et al. 2008 Br J Pharmacol 154:1369). Rat brain
equilibration half-times of SSRIs are therefore 1-5 min (each record states
its value); the total brain/plasma ratios of 10-40 of these lipophilic amines
are tissue binding, which does not slow the free ECF concentration.

Calibration. These records carry numbers that were fitted to published
figures; ``tests/calibration/`` checks them and says which parameter each
fixes: human sertraline PK (DeVane et al. 2002), human paroxetine steady state,
the human in-vivo SERT Ki of each SSRI from one PET/SPECT series (:mod:`.pet`:
Parsey 2006, Catafau 2006, Takano 2006, Klein 2006), rat citalopram brain penetration
(2.5 mg/kg i.p. raises dialysate 5-HT to 245-280 %, Eur J Pharmacol 1999
364:147; Chaput 1986 i.v. ED50), rat fluvoxamine (Geldof 2007 and 2008),
8-OH-DPAT and WAY-100635 (Martin-Ruiz et al. 2001 J Neurosci 21:9856). Human
SERT occupancies at other doses, regimens, laboratories and tracers, rat occupancies
after i.p. doses, and every other drug's in-vivo effects are predictions
(``raphe validate``).
"""

from __future__ import annotations

from raphe.circuits.pharmacology.model import (
    Absorption, Drug, Peripheral, R, R2, SpeciesPK, U, L_per_h_per_kg, L_per_kg, affinity,
    efficacy, minute, per_hour,
)
from raphe.circuits.pharmacology.pet import (
    CATAFAU_2006, KLEIN_2006, PARSEY_2006, PET_EC50, TAKANO_2006, in_vivo_ki_from_ec50,
)
from raphe.registry import Registry

#: Registry of :class:`~.model.Drug` records (case-insensitive, aliases allowed).
DRUGS: Registry[Drug] = Registry("drug")


def register(drug: Drug) -> Drug:
    """Add ``drug`` to :data:`DRUGS` (its aliases too)."""
    return DRUGS.register(drug.name, drug, aliases=drug.aliases)


# --------------------------------------------------------------------------- sources
TATSUMI = "Tatsumi et al. 1997 Eur J Pharmacol 340:249, PMID 9537821 (human transporters)"
OWENS_1997 = ("Owens et al. 1997 J Pharmacol Exp Ther 283:1305 (rat and human SERT/NET of 13 "
              "antidepressants and 6 metabolites)")
OWENS_2001 = "Owens et al. 2001 Biol Psychiatry 50:345 (escitalopram)"
ISHIKAWA = "Ishikawa et al. 2007 Biol Psychiatry 62:878 (sigma-1)"
BUNDGAARD = ("Bundgaard et al. 2012 Xenobiotica 42:256 (rat SERT occupancy of 13 SRIs: free "
             "brain concentration is the best predictor)")
DEVANE = "DeVane, Liston & Markowitz 2002 Clin Pharmacokinet 41:1247"
SERTRALINE_LABEL = "Zoloft prescribing information (FDA NDA 019839), as quoted in drug databases"
KAYE = "Kaye et al. 1989 Acta Psychiatr Scand 80 (suppl 350):60 (paroxetine PK in man)"
PAROXETINE_SS = ("Pharmacopsychiatry 2004 37:123 ('Paroxetine in major depression: correlating "
                 "plasma concentrations and clinical response'): 20 mg/day, median 24 ng/mL "
                 "(range 4-358), n = 40")
PAROXETINE_LABEL = "Paxil prescribing information, as quoted in drug databases"
UHR_2003 = ("Uhr, Grauer & Holsboer 2003 Biol Psychiatry 54:840 (paroxetine a P-gp substrate "
            "in abcb1ab knockout mice)")
UHR_CIT = ("Uhr & Grauer 2003 J Psychiatr Res 37:179 (citalopram a P-gp substrate in abcb1ab "
           "knockout mice)")
OBRIEN = ("O'Brien et al. 2013 (PMC3773671): escitalopram a P-gp substrate; cyclosporin A "
          "raised rat brain ECF escitalopram without changing plasma")
CACCIA = ("Caccia et al. 1990 Psychopharmacology 100:509 (rat fluoxetine/norfluoxetine: t1/2 ~5 "
          "and ~15 h, 85-90 % bound, oral F ~0.38 at 5 mg/kg, AUC norfluoxetine/fluoxetine ~2.5 "
          "after i.v.)")
ALTAMURA = ("Altamura et al. 1994 Clin Pharmacokinet 26:201 (fluoxetine t1/2 1-4 d, norfluoxetine "
            "7-15 d)")
FLUOXETINE_LABEL = ("Prozac prescribing information, as quoted in drug databases: 94.5 % bound; "
                    "40 mg/day for 30 days gives fluoxetine 91-302 and norfluoxetine 72-258 ng/mL; "
                    "t1/2 4-6 d (fluoxetine) and 4-16 d (norfluoxetine) on chronic dosing")
KRAGH = ("Acta Pharmacol Toxicol 1981 48:53, 'The kinetics of citalopram: single and multiple "
         "dose studies in man' (citalopram in man: CL 0.42 "
         "L/min, V 1150 L total and 175 L central, t1/2 33 h, roughly complete F, Tmax 2-4 h, "
         "desmethylcitalopram about half of citalopram at steady state)")
CITALOPRAM_LABEL = ("Celexa / Cipramil prescribing information, as quoted in drug databases: F "
                    "80 %, Vd ~12-14 L/kg, ~80 % bound (citalopram and its demethylated "
                    "metabolites), metabolites weaker SSRIs")
HYTTEL = ("Hyttel 1982 Prog Neuropsychopharmacol Biol Psychiatry 6:277 (citalopram metabolites are "
          "potent 5-HT uptake inhibitors at lower concentrations than the parent)")
CIT_RAT = "rat citalopram PK 1982, PMID 6959194 (t1/2 ~3 h, CL ~4.9 L/h/kg)"
SOGAARD = ("Sogaard et al. 2005 J Clin Pharmacol 45:1400 (escitalopram: CL 31 L/h, V 1100 L, "
           "apparent Vd ~20 L/kg, t1/2 27-33 h, Tmax 3-4 h, high F)")
ESCITALOPRAM_LABEL = "Lexapro prescribing information, as quoted in drug databases (56 % bound, F 80 %)"
GELDOF_2007 = "Geldof et al. 2007 Eur J Pharm Sci 30:45 (rat fluvoxamine 3-compartment model, per 240 g rat)"
GELDOF_2008 = ("Geldof et al. 2008 Br J Pharmacol 154:1369 (rat frontal cortex SERT occupancy "
               "ex vivo: EC50 0.48 ng/mL plasma, 0.22 ng/mL brain ECF, 14.8 ng/g brain; Bmax "
               "95 %; maximal at the first sample, 10-15 min)")
PERUCCA = ("Perucca, Gatti & Spina 1994 Clin Pharmacokinet 27:175 (fluvoxamine: 77 % bound, "
           "t1/2 15-20 h, Tmax 2-8 h, incomplete F from first pass, steady state 30-50 % above "
           "single-dose prediction)")
DEVANE_GILL = "DeVane & Gill 1997 J Clin Psychiatry 58 (suppl 5):7 (fluvoxamine t1/2 15 h, 9-28 h)"
FLUVOXAMINE_LABEL = "fluvoxamine SmPC / label, as quoted in drug databases (F ~53 %, Vd ~25 L/kg)"
HAJOS = ("Hajos, Gartside & Sharp 1995 Naunyn-Schmiedeberg's Arch Pharmacol 351:624 (cumulative "
         "i.v. paroxetine every few minutes: dose-related DRN inhibition)")
CHAPUT = "Chaput, de Montigny & Blier 1986 Naunyn-Schmiedeberg's Arch Pharmacol 333:342"
MARTIN_RUIZ = "Martin-Ruiz et al. 2001 J Neurosci 21:9856"
KHAWAJA = "Khawaja et al. 1995 J Neurochem 64:2716 (PMID 7760052)"
DPAT_PK = ("Xenobiotica 1995 25:1371 (8-OH-DPAT in the non-anaesthetized male rat, i.v. and oral, "
           "three doses each: terminal t1/2 1.56 +- 0.01 h, kelim 0.45 /h, volume of distribution "
           "0.14 +- 0.02 L and clearance 1.10 +- 0.17 mL/min per rat, independent of dose and "
           "route; oral F 2.60 +- 0.24 %)")
#: Body weight behind the per-rat figures of DPAT_PK (not in the abstract) [U].
DPAT_PK_RAT = "a 0.3 kg rat assumed [U] (range 0.25-0.35 kg: +-17 % on both per-kg figures)"
PERRY_FULLER = ("Perry & Fuller 1989 Biochem Pharmacol 38:3169 (8-OH-DPAT brain t1/2 26 min "
                "after 1 mg/kg s.c.; s.c. gives much higher brain levels than i.p.)")
FORMULA = "molecular formula (PubChem); MW computed with IUPAC atomic weights"

IV = Absorption(1.0)
#: Rat brain equilibration of the SSRIs (module docstring): 1-5 min, the value per record.
SSRI_RAT_BRAIN = ("DRN firing falls within 1-2 min of each i.v. SSRI dose (" + CHAPUT + "; " +
                  HAJOS + ") and fluvoxamine SERT occupancy is maximal at the first 10-15 min "
                  "sample (" + GELDOF_2008 + "): half-time 1-5 min")
HUMAN_BRAIN = ("not measured in man; irrelevant at steady state; the rat range (1-5 min) widened "
               "to 2-30 min")
RAT_KI = ("the human in-vitro Ki serves the rat: rat and human SERT affinities correlate "
          "(r = 0.965, " + OWENS_1997 + ") and free brain concentration with in-vitro Ki "
          "predicts rat SERT occupancy (" + BUNDGAARD + ")")


# --------------------------------------------------------------------------- SSRIs
register(Drug(
    name="sertraline", aliases=("Zoloft", "Lustral", "CP-51974"),
    formula="C17H17Cl2N", salt="hydrochloride", salt_formula="C17H17Cl2N.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(0.29, R2(TATSUMI)),
        "DAT": affinity(25.0, R(TATSUMI + ": 25 +- 2 nM, the most potent antidepressant at DAT")),
        "NET": affinity(420.0, R2(TATSUMI)),
        "sigma-1": affinity(57.0, U("IC50 69.7 nM in the project's seed document; " + ISHIKAWA +
                                    " not checked (range 30-100 nM)")),
    },
    metabolites=("desmethylsertraline",),
    pk={
        "human": SpeciesPK(
            species="human",
            clearance=0.665 * L_per_h_per_kg, volume=24.0 * L_per_kg,
            fu=0.02, kp_uu=1.0, brain_half_time=10 * minute,
            in_vivo_ki={"SERT": in_vivo_ki_from_ec50(PET_EC50["sertraline"], "C17H17Cl2N", 0.02,
                                                     1.0, R(PARSEY_2006))},
            routes={"po": Absorption(0.44, 0.45 * per_hour), "iv": IV},
            formation={"desmethylsertraline": 0.5},
            nominal_dose="50 mg", nominal_route="po",
            sources={
                "clearance": U("CL = V ln2 / t1/2 with t1/2 25 h, inside 22-36 h [R] (" + DEVANE +
                               "); calibration: tests/calibration/test_pk_human.py"),
                "volume": U("Vd > 20 L/kg (" + DEVANE + ", [R2]); 24 L/kg fitted so 50 mg p.o. "
                            "gives Cmax ~10 ng/mL with F 0.44 (calibration)"),
                "fu": R2(SERTRALINE_LABEL + ": 98 % bound at 20-500 ng/mL"),
                "kp_uu": U("1 (range 0.5-1.5) for a passively permeating lipophilic amine; no "
                           "longer fitted: SERT occupancy comes from the in-vivo Ki (PET EC50, "
                           "tests/calibration/test_pet_human.py), so Kp,uu acts only at DAT, NET "
                           "and sigma-1"),
                "brain_half_time": U(HUMAN_BRAIN),
                "routes.po": U("absolute F unknown (no i.v. formulation, " + SERTRALINE_LABEL +
                               " [R2]); F 0.44 and ka 0.45/h give Tmax ~6 h, inside 4.5-8.4 h [R2] "
                               "(" + SERTRALINE_LABEL + ")"),
                "routes.iv": U("no i.v. formulation; for simulations only"),
                "formation.desmethylsertraline": U("N-demethylation is the main first step and "
                                                   "the metabolite exceeds the parent at steady "
                                                   "state [R] (" + DEVANE + "); fraction 0.5 "
                                                   "chosen (range 0.3-0.8)"),
            },
            notes="Calibration record (tests/calibration/test_pk_human.py): t1/2, Tmax, Cmax ~10 "
                  "ng/mL after 50 mg, ~2x accumulation (DeVane 2002; label); SERT in-vivo Ki "
                  "from the plasma KD of Parsey et al. 2006 (tests/calibration/test_pet_human.py)."),
        "rat": SpeciesPK(
            species="rat",
            clearance=3.1 * L_per_h_per_kg, volume=20.0 * L_per_kg,
            fu=0.02, kp_uu=1.0, brain_half_time=3 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour),
                    "sc": Absorption(0.8, 1.0 * per_hour), "po": Absorption(0.2, 1.0 * per_hour)},
            formation={"desmethylsertraline": 0.4},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={
                "clearance": U("t1/2 ~4.5 h (range 2-8 h, as other SSRIs in the rat: citalopram "
                               "~3 h, fluoxetine ~5 h); rat disposition (Tremaine et al. 1989 "
                               "Drug Metab Dispos 17:542) not retrieved"),
                "volume": U("20 L/kg (range 10-40 L/kg; human Vd > 20 L/kg [R2])"),
                "fu": U("human 0.02 [R2] assumed (range 0.01-0.05)"),
                "kp_uu": U("1 (range 0.5-1.5): passive permeation; the total brain/plasma ratio "
                           "of ~40 is tissue binding, not free drug"),
                "brain_half_time": U("3 min: " + SSRI_RAT_BRAIN),
                "routes.iv": U("i.v. bolus"),
                "routes.ip": U("F 0.5 (range 0.3-0.8: hepatic first pass of i.p. dosing), ka 2/h"),
                "routes.sc": U("F 0.8, ka 1/h"),
                "routes.po": U("F 0.2 (range 0.1-0.4: extensive first pass), ka 1/h"),
                "formation.desmethylsertraline": U("0.4 (range 0.2-0.8)"),
            },
            notes="Rat sertraline PK was not retrieved: all PK numbers are priors with ranges. "
                  "10 mg/kg i.p. gives near-complete SERT and 20-60 % DAT occupancy (DAT Ki 25 "
                  "nM), consistent with the reported NAc/striatal DA rise (Kitaichi et al. 2010 "
                  "Eur J Pharmacol, doi 10.1016/j.ejphar.2010.08.026)."),
    },
    notes="Dosed as the hydrochloride in papers and clinics (use salt = true).",
))

register(Drug(
    name="desmethylsertraline", aliases=("norsertraline", "N-desmethylsertraline"),
    formula="C16H15Cl2N", salt="hydrochloride", salt_formula="C16H15Cl2N.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(76.0, R2(OWENS_1997 + ": human SERT Ki 76 nM (values from a secondary "
                                  "compilation; the abstract [R] confirms the metabolites were "
                                  "measured)")),
        "NET": affinity(420.0, R2(OWENS_1997 + ": human NET Ki 420 nM")),
        "DAT": affinity(440.0, R2(OWENS_1997 + ": DAT Ki 440 nM")),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.3 * L_per_h_per_kg, volume=30.0 * L_per_kg,
            fu=0.02, kp_uu=1.0, brain_half_time=10 * minute, routes={},
            sources={"clearance": R2("t1/2 62-104 h (" + SERTRALINE_LABEL + "); CL = V ln2 / t1/2 "
                                     "gives 69 h with V 30 L/kg"),
                     "volume": U("30 L/kg (range 20-40), a little above the parent's"),
                     "fu": U("the parent's 0.02 (range 0.01-0.05)"),
                     "kp_uu": U("the parent's 1 (range 0.5-1.5)"),
                     "brain_half_time": U(HUMAN_BRAIN)},
            notes="Formed from sertraline only; never dosed. Exceeds the parent at steady state "
                  "(DeVane 2002 [R]) but is ~260x weaker at SERT."),
        "rat": SpeciesPK(
            species="rat", clearance=2.1 * L_per_h_per_kg, volume=30.0 * L_per_kg,
            fu=0.02, kp_uu=1.0, brain_half_time=3 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": U("t1/2 ~10 h (range 5-20 h), longer than the parent as in man"),
                     "volume": U("30 L/kg (range 15-40)"), "fu": U("the parent's 0.02"),
                     "kp_uu": U("the parent's 1"),
                     "brain_half_time": U("3 min, the parent's (" + SSRI_RAT_BRAIN + ")"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("the parent's")},
            notes="Priors only."),
    },
    notes="Active metabolite of sertraline; a weak SERT inhibitor (Owens 1997).",
))

register(Drug(
    name="paroxetine", aliases=("Paxil", "Seroxat", "BRL-29060"),
    formula="C19H20FNO3", salt="hydrochloride hemihydrate",
    salt_formula="C19H20FNO3.HCl.0.5H2O",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(0.13, R2(TATSUMI)),
        "NET": affinity(40.0, R2(TATSUMI)),
        "DAT": affinity(490.0, R2(TATSUMI)),
        "sigma-1": affinity(1893.0, R2(ISHIKAWA)),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.25 * L_per_h_per_kg, volume=7.6 * L_per_kg,
            fu=0.05, kp_uu=0.5, brain_half_time=10 * minute,
            in_vivo_ki={"SERT": in_vivo_ki_from_ec50(PET_EC50["paroxetine"], "C19H20FNO3", 0.05,
                                                     0.5, R(CATAFAU_2006))},
            routes={"po": Absorption(0.5, 0.6 * per_hour), "iv": IV},
            nominal_dose="20 mg", nominal_route="po",
            sources={"clearance": R("apparent CL/F 0.50 L/h/kg at steady state, fitted to 20 mg/day "
                                    "-> median 24 ng/mL (" + PAROXETINE_SS + "); with F 0.5 [U], "
                                    "CL 0.25 L/h/kg (calibration; the kinetics are non-linear "
                                    "(CYP2D6), so single-dose data would predict far less, " +
                                    KAYE + ")"),
                     "volume": R("V = CL t1/2 / ln2 with t1/2 ~21 h: terminal t1/2 about one day "
                                 "(7-65 h) [R] (" + KAYE + "); 21 h (CV 32 %) [R2] (" +
                                 PAROXETINE_LABEL + ")"),
                     "fu": R(KAYE + ": ~95 % bound at therapeutic concentrations"),
                     "kp_uu": U("0.5 (range 0.2-1): a P-gp substrate at the mouse BBB [R] (" +
                                UHR_2003 + "); no human Kp,uu measurement"),
                     "brain_half_time": U(HUMAN_BRAIN),
                     "routes.po": U("F 0.5 (range 0.3-1: well absorbed, partly saturable first "
                                    "pass [R], " + KAYE + "); ka 0.6/h: Tmax ~5 h (label 5.2 h [R2])"),
                     "routes.iv": U("for simulations only")},
            notes="Linear model of a non-linear drug: CL is the steady-state value at 20 mg/day "
                  "(calibration), so single doses are underpredicted."),
        "rat": SpeciesPK(
            species="rat", clearance=2.1 * L_per_h_per_kg, volume=15.0 * L_per_kg,
            fu=0.05, kp_uu=0.5, brain_half_time=2 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour),
                    "sc": Absorption(0.8, 1.0 * per_hour), "po": Absorption(0.3, 1.0 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": U("t1/2 ~5 h (range 2-10 h) with V 15 L/kg; rat paroxetine PK "
                                    "not retrieved"),
                     "volume": U("15 L/kg (range 5-30): lipophilic amine"),
                     "fu": U("human 0.05 [R] (" + KAYE + ") assumed (range 0.02-0.1)"),
                     "kp_uu": U("0.5 (range 0.2-1): a P-gp substrate at the rodent BBB [R] (" +
                                UHR_2003 + ")"),
                     "brain_half_time": U("2 min: cumulative i.v. doses a few minutes apart act "
                                          "dose by dose (" + HAJOS + "); " + SSRI_RAT_BRAIN),
                     "routes.iv": U("i.v. bolus"),
                     "routes.ip": U("F 0.5 (range 0.3-0.8), ka 2/h"),
                     "routes.sc": U("F 0.8, ka 1/h"),
                     "routes.po": U("F 0.3 (range 0.1-0.5), ka 1/h")},
            notes="Rat PK priors with ranges; SERT Ki from human transporters (" + RAT_KI + ")."),
    },
    notes="Dosed as the hydrochloride (hemihydrate).",
))

register(Drug(
    name="fluoxetine", aliases=("Prozac", "LY-110140"),
    formula="C17H18F3NO", salt="hydrochloride", salt_formula="C17H18F3NO.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(0.8, R2(TATSUMI)),
        "NET": affinity(240.0, R2(TATSUMI)),
        "DAT": affinity(3600.0, R2(TATSUMI)),
        "sigma-1": affinity(240.0, U("Narita et al. 1996 Eur J Pharmacol 307:117 table as recalled, "
                                     "not checked (range 100-500 nM)")),
    },
    metabolites=("norfluoxetine",),
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.095 * L_per_h_per_kg, volume=16.5 * L_per_kg,
            fu=0.055, kp_uu=1.0, brain_half_time=10 * minute,
            routes={"po": Absorption(0.72, 0.7 * per_hour), "iv": IV},
            formation={"norfluoxetine": 0.6},
            nominal_dose="20 mg", nominal_route="po",
            sources={"clearance": R2("CL/F 0.13 L/h/kg from the mid-range steady state on 40 mg/day "
                                     "(~180 ng/mL; " + FLUOXETINE_LABEL + "); CL 0.095 with F "
                                     "0.72; the kinetics are non-linear (" + ALTAMURA + " [R])"),
                     "volume": R2("V = CL t1/2 / ln2 with the chronic t1/2 of 5 d (4-6 d, " +
                                  FLUOXETINE_LABEL + "; 1-4 d [R], " + ALTAMURA + ")"),
                     "fu": R2(FLUOXETINE_LABEL),
                     "kp_uu": U("1 (range 0.5-1.5): passive; not reported as a P-gp substrate"),
                     "brain_half_time": U(HUMAN_BRAIN),
                     "routes.po": R2("F ~0.72, Tmax 6-8 h (" + FLUOXETINE_LABEL + "); ka 0.7/h: "
                                     "Tmax ~6.5 h"),
                     "routes.iv": U("for simulations only"),
                     "formation.norfluoxetine": U("0.6 (range 0.3-0.9): N-demethylation, the main "
                                                  "active pathway; with norfluoxetine's CL it "
                                                  "gives a steady-state ratio ~0.8, as the label's "
                                                  "ranges [R2]")}),
        "rat": SpeciesPK(
            species="rat", clearance=3.5 * L_per_h_per_kg, volume=25.0 * L_per_kg,
            fu=0.12, kp_uu=1.0, brain_half_time=2 * minute,
            routes={"iv": IV, "ip": Absorption(0.6, 2.0 * per_hour),
                    "sc": Absorption(0.8, 1.0 * per_hour), "po": Absorption(0.38, 1.0 * per_hour)},
            formation={"norfluoxetine": 0.6},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": R(CACCIA + ": CL high relative to liver blood flow; t1/2 ~5 h "
                                    "gives 3.5 L/h/kg with V 25 L/kg"),
                     "volume": R("large Vd (" + CACCIA + "); 25 L/kg [U] (range 15-40)"),
                     "fu": R(CACCIA + ": 85-90 % bound -> fu 0.10-0.15"),
                     "kp_uu": U("1 (range 0.5-1.5): passive"),
                     "brain_half_time": U("2 min: " + SSRI_RAT_BRAIN),
                     "routes.iv": U("i.v. bolus"),
                     "routes.ip": U("F 0.6 (range 0.38-0.9: hepatic first pass, between the "
                                    "oral 0.38 [R] and s.c.), ka 2/h"),
                     "routes.sc": U("F 0.8, ka 1/h"),
                     "routes.po": R(CACCIA + ": oral F ~0.38 at 5 mg/kg (extraction ~60 %); ka "
                                    "1/h [U]"),
                     "formation.norfluoxetine": R("AUC norfluoxetine/fluoxetine ~2.5 after i.v. "
                                                  "(" + CACCIA + ") = fm CL_parent/CL_metabolite; "
                                                  "fm 0.6 [U] with the metabolite's CL")},
            notes="Caccia 1990: t1/2 5 h and 15 h; the model is linear (the kinetics saturate "
                  "above 10 mg/kg). First-pass formation of norfluoxetine after oral doses (ratio "
                  "~5) is not modelled."),
    },
    notes="Dosed as the hydrochloride.",
))

register(Drug(
    name="norfluoxetine", aliases=("desmethylfluoxetine", "seproxetine"),
    formula="C16H16F3NO", salt="hydrochloride", salt_formula="C16H16F3NO.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(1.5, U("measured by " + TATSUMI + " and " + OWENS_1997 + " (values not "
                                "retrieved); S-norfluoxetine is about as potent as fluoxetine, "
                                "R- much weaker: racemate ~2x the parent's Ki (range 0.5-5 nM)")),
        "NET": affinity(1400.0, U("weak (range 300-3000 nM); " + OWENS_1997 + " not retrieved")),
        "DAT": affinity(400.0, U("weak (range 200-2000 nM); " + TATSUMI + " not retrieved")),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.066 * L_per_h_per_kg, volume=21.0 * L_per_kg,
            fu=0.055, kp_uu=1.0, brain_half_time=10 * minute, routes={},
            in_vivo_ki={"SERT": affinity(1 / (0.5 / 1.3 + 0.5 / 26.0), R(
                "1:1 mixture [U] of S-norfluoxetine (Ki 1.3 nM) and R-norfluoxetine (20x weaker) "
                "[R] (Wong et al. 1993 Neuropsychopharmacology 8:337, abstract; rat brain sites); "
                "see raphe.circuits.pharmacology.enantiomers"))},
            sources={"clearance": R2("t1/2 ~9.3 d chronic (4-16 d, " + FLUOXETINE_LABEL + "; 7-15 "
                                     "d [R], " + ALTAMURA + "); CL set so that the steady-state "
                                     "norfluoxetine/fluoxetine ratio is ~0.8 (label ranges)"),
                     "volume": U("V = CL t1/2 / ln2 = 21 L/kg (range 15-40)"),
                     "fu": U("the parent's 0.055 (range 0.03-0.1)"),
                     "kp_uu": U("the parent's 1 (range 0.5-1.5)"),
                     "brain_half_time": U(HUMAN_BRAIN)},
            notes="Formed from fluoxetine only."),
        "rat": SpeciesPK(
            species="rat", clearance=0.84 * L_per_h_per_kg, volume=18.2 * L_per_kg,
            fu=0.12, kp_uu=1.0, brain_half_time=2 * minute,
            routes={"iv": IV, "ip": Absorption(0.6, 2.0 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": R(CACCIA + ": with fm 0.6 the AUC ratio of 2.5 gives CL 0.84 "
                                    "L/h/kg"),
                     "volume": R("V = CL t1/2 / ln2 with t1/2 ~15 h (" + CACCIA + ")"),
                     "fu": R(CACCIA + ": 85-90 % bound, as the parent"),
                     "kp_uu": U("the parent's 1 (range 0.5-1.5)"),
                     "brain_half_time": U("2 min, the parent's (" + SSRI_RAT_BRAIN + ")"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("the parent's")}),
    },
    notes="Active metabolite of fluoxetine.",
))

_CIT_RAT = SpeciesPK(
    species="rat", clearance=4.9 * L_per_h_per_kg, volume=8.0 * L_per_kg,
    peripherals=(Peripheral(13.2 * L_per_kg, 15.0 * L_per_h_per_kg),),
    fu=0.2, kp_uu=0.625, brain_half_time=3 * minute,
    routes={"iv": IV, "ip": Absorption(0.6, 3.0 * per_hour),
            "sc": Absorption(0.9, 2.0 * per_hour), "po": Absorption(0.5, 1.0 * per_hour)},
    nominal_dose="10 mg/kg", nominal_route="ip",
    sources={"clearance": R2(CIT_RAT + ": CL ~4.9 L/h/kg"),
             "volume": U("central 8 L/kg; Vss = 8 + 13.2 = 21.2 L/kg = CL t1/2 / ln2 with CL 4.9 "
                         "L/h/kg and t1/2 ~3 h [R2] (" + CIT_RAT + ")"),
             "peripherals": U("13.2 L/kg, Q 15 L/h/kg: a distribution phase (half-time ~20 min) "
                              "of a lipophilic amine, fitted (calibration) so cumulative i.v. "
                              "doses 2 min apart act as in " + CHAPUT + " (ED50 0.23 mg/kg)"),
             "fu": U("0.2 (range 0.2-0.5; human ~80 % bound [R2], " + CITALOPRAM_LABEL + ")"),
             "kp_uu": U("0.625, fitted (calibration) so 2.5 mg/kg i.p. of the hydrobromide "
                        "(2.0 mg/kg base) gives ~95 % peak SERT occupancy and the dialysate rise "
                        "of Eur J Pharmacol 1999 364:147 (0.5 when the doses were read as base); "
                        "consistent with P-gp efflux at the rodent BBB [R] (" + UHR_CIT + "; " +
                        OBRIEN + "); range 0.2-1"),
             "brain_half_time": U("3 min: " + SSRI_RAT_BRAIN),
             "routes.iv": U("i.v. bolus"),
             "routes.ip": U("F 0.6 (range 0.4-0.9: first pass), ka 3/h: Tmax ~0.7 h"),
             "routes.sc": U("F 0.9, ka 2/h"), "routes.po": U("F 0.5, ka 1/h")},
    notes="Calibration record for the circuit (tests/calibration/test_pk_rat.py). "
          "Desmethylcitalopram is formed in the rat (Kugelberg et al. 2001 Br J Pharmacol "
          "132:1683 [R] measured it at steady state) but is not modelled separately here (no "
          "formation in this record): its contribution is inside the fitted Kp,uu.")

register(Drug(
    name="citalopram", aliases=("Celexa", "Cipramil", "Lu 10-171"),
    formula="C20H21FN2O", salt="hydrobromide", salt_formula="C20H21FN2O.HBr",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(1.2, R2(TATSUMI)),
        "NET": affinity(4070.0, R2(TATSUMI)),
        "DAT": affinity(28100.0, R2(TATSUMI)),
        "sigma-1": affinity(292.0, U("Ishikawa 2007 / Narita 1996 tables as recalled, not "
                                     "checked (range 100-1000 nM)")),
    },
    metabolites=("desmethylcitalopram",),
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.36 * L_per_h_per_kg, volume=2.5 * L_per_kg,
            peripherals=(Peripheral(13.9 * L_per_kg, 1.5 * L_per_h_per_kg),),
            fu=0.2, kp_uu=0.625, brain_half_time=10 * minute,
            routes={"po": Absorption(0.8, 0.3 * per_hour), "iv": IV},
            formation={"desmethylcitalopram": 0.5},
            nominal_dose="20 mg", nominal_route="po",
            sources={"clearance": R(KRAGH + ": 0.42 L/min = 0.36 L/h/kg at 70 kg"),
                     "volume": R(KRAGH + ": central 175 L = 2.5 L/kg"),
                     "peripherals": R(KRAGH + ": total 1150 L, so 13.9 L/kg peripheral; Q 1.5 "
                                      "L/h/kg [U] (range 0.5-5)"),
                     "fu": R2(CITALOPRAM_LABEL),
                     "kp_uu": U("0.625, the rat value (calibrated there) transferred (range 0.2-1; "
                                "SERT occupancy comes from the in-vivo Ki): "
                                "a P-gp substrate [R] (" + UHR_CIT + ")"),
                     "brain_half_time": U(HUMAN_BRAIN),
                     "routes.po": R("roughly complete F [R] (" + KRAGH + "); 0.8 [R2] (" +
                                    CITALOPRAM_LABEL + "); ka 0.3/h: Tmax ~2.4 h (the fast distribution "
                                    "phase shapes the peak), inside 2-4 h [R]"),
                     "routes.iv": R("i.v. citalopram exists (" + KRAGH + ")"),
                     "formation.desmethylcitalopram": U("0.5 (range 0.3-0.8; CYP2C19/3A4 "
                                                        "N-demethylation is the main pathway); "
                                                        "with the metabolite's CL the steady-state "
                                                        "ratio is ~0.6, as observed [R] (" + KRAGH +
                                                        ")")}),
        "rat": _CIT_RAT,
    },
    notes="Racemate; the S-enantiomer is escitalopram. Dosed as the hydrobromide.",
))

register(Drug(
    name="desmethylcitalopram", aliases=("demethylcitalopram", "DCIT", "N-desmethylcitalopram"),
    formula="C19H19FN2O",
    sources={"formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(4.0, U("a potent 5-HT uptake inhibitor [R] (" + HYTTEL + "), weaker than "
                                "the parent [R2] (" + CITALOPRAM_LABEL + "); measured by " +
                                TATSUMI + " and " + OWENS_1997 + " (values not retrieved): 4 nM, "
                                "range 1-15 nM")),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.30 * L_per_h_per_kg, volume=21.6 * L_per_kg,
            fu=0.2, kp_uu=0.625, brain_half_time=10 * minute, routes={},
            sources={"clearance": U("set so the steady-state metabolite/parent ratio is ~0.6: "
                                    "'roughly half' [R] (" + KRAGH + "), parent/metabolite 1.7 "
                                    "in patients [R] ('Citalopram - a highly selective 5-HT "
                                    "uptake inhibitor - in the treatment of depressed patients', "
                                    "open trial, n = 16)"),
                     "volume": U("t1/2 ~50 h (range 35-70 h, longer than the parent)"),
                     "fu": R2(CITALOPRAM_LABEL + " (demethylated metabolites included)"),
                     "kp_uu": U("the parent's 0.625 (range 0.2-1)"),
                     "brain_half_time": U(HUMAN_BRAIN)},
            notes="Formed from citalopram in man; never dosed."),
        "rat": SpeciesPK(
            species="rat", clearance=3.0 * L_per_h_per_kg, volume=15.0 * L_per_kg,
            fu=0.2, kp_uu=0.625, brain_half_time=3 * minute, routes={},
            sources={"clearance": U("t1/2 ~3.5 h (range 2-8 h)"),
                     "volume": U("15 L/kg (range 8-25)"),
                     "fu": U("the parent's 0.2 (range 0.2-0.5)"),
                     "kp_uu": U("the parent's 0.625 (range 0.2-1)"),
                     "brain_half_time": U("the parent's 3 min (range 1-5 min)")},
            notes="Not formed in the rat model (the rat citalopram record has no formation: its "
                  "calibrated Kp,uu includes the metabolite); present so a rat simulation may "
                  "name it."),
    },
    notes="Active metabolite of citalopram (formed in the human records only).",
))

register(Drug(
    name="escitalopram", aliases=("Lexapro", "Cipralex", "S-citalopram"),
    formula="C20H21FN2O", salt="oxalate", salt_formula="C20H21FN2O.C2H2O4",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(1.1, R2(OWENS_2001 + ": human SERT Ki 1.1 nM")),
        "NET": affinity(7800.0, U(OWENS_2001 + " as recalled (range 2000-20000 nM)")),
        "DAT": affinity(27400.0, U(OWENS_2001 + " as recalled (range 10000-50000 nM)")),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.443 * L_per_h_per_kg, volume=18.0 * L_per_kg,
            fu=0.44, kp_uu=0.625, brain_half_time=10 * minute,
            in_vivo_ki={"SERT": in_vivo_ki_from_ec50(PET_EC50["escitalopram"], "C20H21FN2O", 0.44,
                                                     0.625, R(KLEIN_2006 + ": escitalopram arm, "
                                                              "fitted (calibration)"))},
            routes={"po": Absorption(0.8, 1.1 * per_hour), "iv": IV},
            nominal_dose="10 mg", nominal_route="po",
            sources={"clearance": R(SOGAARD + ": 31 L/h = 0.443 L/h/kg at 70 kg"),
                     "volume": R(SOGAARD + ": V 1100 L (15.7 L/kg) i.v., apparent ~20 L/kg; 18 "
                                 "L/kg gives t1/2 28 h, inside 27-33 h"),
                     "fu": R2(ESCITALOPRAM_LABEL),
                     "kp_uu": U("citalopram's 0.625 (range 0.2-1; SERT occupancy comes from the "
                                "in-vivo Ki): a P-gp substrate [R] (" +
                                OBRIEN + ")"),
                     "brain_half_time": U(HUMAN_BRAIN),
                     "routes.po": R("high F [R] (" + SOGAARD + "); 0.8 [R2] (" +
                                    ESCITALOPRAM_LABEL + "); ka 1.1/h: Tmax ~3.5 h, inside 3-4 h "
                                    "[R]"),
                     "routes.iv": R("i.v. infusion studied (" + SOGAARD + ")")}),
        "rat": SpeciesPK(
            species="rat", clearance=_CIT_RAT.clearance, volume=_CIT_RAT.volume,
            peripherals=_CIT_RAT.peripherals,
            fu=_CIT_RAT.fu, kp_uu=_CIT_RAT.kp_uu, brain_half_time=_CIT_RAT.brain_half_time,
            routes=_CIT_RAT.routes, nominal_dose="5 mg/kg", nominal_route="ip",
            sources={k: U("citalopram's rat value assumed for the S-enantiomer (a P-gp substrate "
                          "in the rat too [R], " + OBRIEN + "): " + str(v))
                     for k, v in _CIT_RAT.sources.items()},
            notes="Rat escitalopram PK assumed equal to citalopram's (not retrieved)."),
    },
    notes="S-citalopram. Dosed as the oxalate in the clinic; rat papers often state the base.",
))

_FLV_RAT_V1 = 0.321 / 0.240   # Geldof 2007, per 240 g rat
register(Drug(
    name="fluvoxamine", aliases=("Luvox", "Faverin", "DU-23000"),
    formula="C15H21F3N2O2", salt="maleate", salt_formula="C15H21F3N2O2.C4H4O4",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(2.2, R2(TATSUMI)),
        "NET": affinity(1300.0, R2(TATSUMI)),
        "DAT": affinity(9200.0, R2(TATSUMI)),
        "sigma-1": affinity(36.0, R2(ISHIKAWA)),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.99 * L_per_h_per_kg, volume=25.0 * L_per_kg,
            fu=0.23, kp_uu=1.0, brain_half_time=10 * minute,
            in_vivo_ki={"SERT": in_vivo_ki_from_ec50(PET_EC50["fluvoxamine"], "C15H21F3N2O2", 0.23,
                                                     1.0, R(TAKANO_2006 + ", fitted "
                                                            "(calibration)"))},
            routes={"po": Absorption(0.53, 0.4 * per_hour)},
            nominal_dose="100 mg", nominal_route="po",
            sources={"clearance": R("CL = V ln2 / t1/2 with t1/2 17.5 h: 15-20 h [R] (" + PERUCCA +
                                    "), 15 h (9-28 h) [R] (" + DEVANE_GILL + ")"),
                     "volume": R2(FLUVOXAMINE_LABEL),
                     "fu": R(PERUCCA + ": ~77 % bound"),
                     "kp_uu": U("1 (range 0.5-2.5; the rat's ECF/plasma 0.46 with the human fu "
                                "would give 2.0, " + GELDOF_2008 + "): passive; SERT occupancy "
                                "comes from the in-vivo Ki (PET EC50), so Kp,uu acts only at the "
                                "other targets"),
                     "brain_half_time": U(HUMAN_BRAIN),
                     "routes.po": R("incomplete F from first pass, Tmax 2-8 h [R] (" + PERUCCA +
                                    "); F 0.53 [R2] (" + FLUVOXAMINE_LABEL + "); ka 0.4/h")},
            notes="Steady state is 30-50 % above the single-dose prediction (non-linear, "
                  "Perucca 1994); the linear model follows single-dose kinetics."),
        "rat": SpeciesPK(
            species="rat",
            # Geldof 2007, per 240 g rat: CL 31.6 mL/min, V1 321 mL, V2 949 mL, Q2 33.7 mL/min,
            # V3 136 mL, Q3 1.0 mL/min; normalised to body weight here.
            clearance=31.6e-3 * 60 / 0.240 * L_per_h_per_kg,
            volume=_FLV_RAT_V1 * L_per_kg,
            peripherals=(Peripheral(0.949 / 0.240 * L_per_kg, 33.7e-3 * 60 / 0.240 * L_per_h_per_kg),
                         Peripheral(0.136 / 0.240 * L_per_kg, 1.0e-3 * 60 / 0.240 * L_per_h_per_kg)),
            fu=0.23, kp_uu=2.0, brain_half_time=3 * minute,
            in_vivo_ki={"SERT": affinity(0.691, R(GELDOF_2008 + ": EC50 0.22 ng/mL in brain ECF = "
                                                  "0.69 nM (MW 318.3); Bmax 95 % not modelled"))},
            routes={"iv": IV, "ip": Absorption(0.5, 3.0 * per_hour),
                    "sc": Absorption(0.9, 2.0 * per_hour), "po": Absorption(0.3, 1.5 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": R2(GELDOF_2007), "volume": R2(GELDOF_2007),
                     "peripherals": R2(GELDOF_2007),
                     "fu": U("0.23, the human value [R] (" + PERUCCA + ") (range 0.1-0.4)"),
                     "kp_uu": R("fu x Kp,uu = ECF/plasma = 0.22/0.48 = 0.46, the ratio of the ECF "
                                "and plasma EC50s (" + GELDOF_2008 + "); Kp,uu = 0.46/fu = 2.0 "
                                "with the [U] fu"),
                     "brain_half_time": R("3 min: occupancy maximal at the first 10-15 min "
                                          "sample (" + GELDOF_2008 + "); range 1-5 min"),
                     "routes.iv": R2(GELDOF_2007 + ": i.v. infusion data"),
                     "routes.ip": U("F 0.5 (range 0.3-0.8), ka 3/h"),
                     "routes.sc": U("F 0.9, ka 2/h"),
                     "routes.po": U("F 0.3 (range 0.1-0.5), ka 1.5/h")},
            notes="Plasma: Geldof 2007; brain ECF and SERT occupancy: Geldof 2008 (calibration, "
                  "tests/calibration/test_pk_rat.py)."),
    },
    notes="Dosed as the maleate.",
))


# --------------------------------------------------------------------------- 5-HT1A ligands
register(Drug(
    name="WAY-100635", aliases=("WAY100635", "WAY 100635", "WAY"),
    formula="C25H34N4O2", salt="maleate", salt_formula="C25H34N4O2.C4H4O4",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={"5-HT1A": affinity(0.37, R2(KHAWAJA + ": [3H]WAY-100635 Kd 0.37 nM, rat "
                                            "hippocampus"))},
    efficacy={"5-HT1A": efficacy(0.0, R2("silent antagonist (" + KHAWAJA + "; " + MARTIN_RUIZ +
                                         ")"))},
    pk={
        "rat": SpeciesPK(
            species="rat", clearance=2.197 * L_per_h_per_kg, volume=0.6276 * L_per_kg,
            peripherals=(Peripheral(1.726 * L_per_kg, 7.845 * L_per_h_per_kg),),
            fu=0.5, kp_uu=1.0, brain_half_time=1.5 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 4.0 * per_hour),
                    "sc": Absorption(0.9, 6.0 * per_hour), "po": Absorption(0.05, 2.0 * per_hour)},
            nominal_dose="0.1 mg/kg", nominal_route="sc",
            sources={"clearance": U("rapidly metabolised [R2]; t1/2 ~45 min (range 20-90 min; "
                                    "CL near hepatic blood flow). Clearance and volumes were "
                                    "fitted (calibration) for doses read as base and scaled by "
                                    "0.7845 (base/maleate) when the doses became the maleate, so "
                                    "every calibrated response is unchanged"),
                     "volume": U("central 0.63 L/kg (range 0.3-2)"),
                     "peripherals": U("1.7 L/kg, Q 7.8 L/h/kg: rapid distribution, Vss 2.4 L/kg "
                                      "(range 1-6)"),
                     "fu": U("0.5 (range 0.2-0.8)"), "kp_uu": U("1 (range 0.5-1.5): a PET tracer"),
                     "brain_half_time": U("1.5 min (range 1-5): 10 ug/kg i.v. reverses "
                                          "8-OH-DPAT within minutes [R2] (" + MARTIN_RUIZ + ")"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("F 0.5, ka 4/h"),
                     "routes.sc": U("F 0.9, ka 6/h: fast s.c. absorption"),
                     "routes.po": U("F 0.05 (extensive metabolism)")},
            notes="Calibration record: 3-10 ug/kg i.v. acts centrally within minutes (competitor "
                  "term >> the agonist term of 2 ug/kg 8-OH-DPAT; Martin-Ruiz 2001) and 0.1-1 "
                  "mg/kg s.c. gives competitor terms >> 1 for an hour or more."),
    },
    notes="Silent 5-HT1A antagonist. Dosed as the maleate.",
))

register(Drug(
    name="8-OH-DPAT", aliases=("8-hydroxy-DPAT", "8OHDPAT", "DPAT"),
    formula="C16H25NO", salt="hydrobromide", salt_formula="C16H25NO.HBr",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={"5-HT1A": affinity(0.5, R2("high-affinity state Kd 0.2-0.6 nM (rat brain "
                                           "[3H]8-OH-DPAT binding); 0.5 nM taken"))},
    efficacy={"5-HT1A": efficacy(1.0, R2("full agonist: 0.25-2 ug/kg i.v. silences DRN 5-HT "
                                         "neurons (" + MARTIN_RUIZ + ")"))},
    pk={
        "rat": SpeciesPK(
            species="rat", clearance=0.22 * L_per_h_per_kg, volume=0.467 * L_per_kg,
            fu=0.7, kp_uu=1.0, brain_half_time=3 * minute,
            in_vivo_ki={"5-HT1A": affinity(10.0, U(
                "functional (operational) KA of 8-OH-DPAT at the DRN 5-HT1A autoreceptor, fitted "
                "(calibration, tests/calibration/test_drn_autoreceptor.py) to the cumulative i.v. "
                "series of " + MARTIN_RUIZ + " (0.25-2 ug/kg silences DRN units, WAY-100635 10 "
                "ug/kg reverses; naive ED50 0.25-0.5 ug/kg): 20x the high-affinity binding Kd "
                "(0.5 nM), as the site's 5-HT KA (100 nM) lies 1-2 orders above 5-HT's "
                "high-affinity Ki: the operational KA of a full agonist lies above its "
                "high-affinity Kd (Black & Leff 1983 Proc R Soc Lond B 220:141); range 5-50 nM "
                "(KA 7-20 nM puts the ED50 in 0.25-0.5 ug/kg with this PK). Binding assays use "
                "the library Kd"))},
            routes={"iv": IV, "ip": Absorption(0.3, 4.0 * per_hour),
                    "sc": Absorption(0.9, 4.0 * per_hour), "po": Absorption(0.026, 2.0 * per_hour)},
            nominal_dose="1 ug/kg", nominal_route="iv",
            sources={"clearance": R("1.10 mL/min per rat (" + DPAT_PK + "), per kg for " +
                                    DPAT_PK_RAT),
                     "volume": R("0.14 L per rat, one compartment: kelim = CL/V = 0.47 /h, "
                                 "terminal t1/2 1.5 h (" + DPAT_PK + "), per kg for " + DPAT_PK_RAT
                                 + "; brain levels fall faster after s.c. (t1/2 26 min, " +
                                 PERRY_FULLER + ") [R], not modelled (cumulative i.v. series last "
                                 "minutes)"),
                     "fu": U("0.7 (range 0.4-0.9: small, moderately polar amine)"),
                     "kp_uu": U("1 (range 0.5-1.5)"),
                     "brain_half_time": U("3 min (range 1-5): onset within minutes after i.v. "
                                          "(" + MARTIN_RUIZ + ")"),
                     "routes.iv": U("i.v. bolus"),
                     "routes.ip": R("F 0.3 [U]: i.p. gives much lower brain levels than s.c. [R] "
                                    "(" + PERRY_FULLER + ")"),
                     "routes.sc": U("F 0.9, ka 4/h"),
                     "routes.po": R("oral F 2.6 % [R] (" + DPAT_PK + "); ka 2/h [U]")},
            notes="Plasma PK: Xenobiotica 1995 (sourced). The 5-HT1A agonist term uses the "
                  "functional KA (in-vivo Ki, calibration against Martin-Ruiz 2001); the "
                  "in-vitro Kd stays the library affinity (binding assays)."),
    },
    notes="5-HT1A full agonist (also 5-HT7; not modelled). Dosed as the hydrobromide.",
))


# --------------------------------------------------------------------------- 5-HT1B ligands
HOYER = ("Hoyer et al. 1994 Pharmacol Rev 46:157, Table 5 (affinities of 5-HT drugs; rodent "
         "5-HT1B column)")
SKINGLE = "Skingle et al. 1996 Behav Brain Res 73:157 (GR127935 review)"
SELKIRK = "Selkirk et al. 1998 Br J Pharmacol 125:202 (SB-224289)"
MILLAN_1B = ("Millan et al. 2002 Pharmacol Biochem Behav 71:589 ([3H]GR125,743 at rat frontal "
             "cortex 5-HT1B)")
KOE = ("Koe et al. 1992 Drug Dev Res 26:241 (CP-94,253); ~25x selectivity over 5-HT1D and ~40x "
       "over 5-HT1A as summarised in secondary sources")
#: Priors shared by the 5-HT1B tool compounds, whose rat PK is unpublished or not found.
_TOOL_PK_NOTE = ("Rat PK not found for this tool compound: every PK number is a prior in the range "
                 "of small lipophilic CNS amines in the rat (t1/2 0.5-5 h, Vss 1-10 L/kg, fu "
                 "0.05-0.7, Kp,uu 0.1-1, brain equilibration 2-30 min). In vivo it acts within "
                 "30-60 min of an i.p. or s.c. dose of 1-10 mg/kg and for a few hours, which "
                 "these priors reproduce.")

register(Drug(
    name="GR127935", aliases=("GR 127935", "GR-127935"),
    formula="C29H31N5O3", salt="hydrochloride", salt_formula="C29H31N5O3.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "5-HT1B": affinity(3.0, R2(HOYER + ": 3 nM at 5-HT1B and at 5-HT1D")),
        "5-HT1A": affinity(125.0, R2(HOYER + ": 125 nM")),
    },
    efficacy={
        "5-HT1B": efficacy(0.0, R(SKINGLE + ": blocks central terminal 5-HT1B/1D autoreceptors in "
                                  "vitro and in vivo; partial agonism reported in some "
                                  "recombinant systems (efficacy 0-0.3 [U]) is not modelled")),
        "5-HT1A": efficacy(0.0, U("no 5-HT1A agonism reported; it fails to affect 5-HT1A-mediated "
                                  "inhibition of raphe 5-HT release (" + SKINGLE + ")")),
    },
    pk={
        "rat": SpeciesPK(
            species="rat", clearance=2.5 * L_per_h_per_kg, volume=1.5 * L_per_kg,
            peripherals=(Peripheral(4.5 * L_per_kg, 6.0 * L_per_h_per_kg),),
            fu=0.1, kp_uu=0.3, brain_half_time=10 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour),
                    "sc": Absorption(0.9, 2.0 * per_hour), "po": Absorption(0.2, 1.0 * per_hour)},
            nominal_dose="5 mg/kg", nominal_route="sc",
            sources={"clearance": U("t1/2 ~2 h with Vss 6 L/kg (range 1-4 h); " + _TOOL_PK_NOTE),
                     "volume": U("central 1.5 L/kg (range 0.5-3)"),
                     "peripherals": U("4.5 L/kg, Q 6 L/h/kg: Vss 6 L/kg (range 2-10)"),
                     "fu": U("0.1 (range 0.03-0.3): lipophilic biphenyl carboxamide"),
                     "kp_uu": U("0.3 (range 0.1-1): a weak base with a large polar surface; "
                                "central effects need mg/kg doses despite a 3 nM Ki"),
                     "brain_half_time": U("10 min (range 3-30 min)"),
                     "routes.iv": U("i.v. bolus"),
                     "routes.ip": U("F 0.5 (range 0.3-0.8), ka 2/h"),
                     "routes.sc": U("F 0.9, ka 2/h"),
                     "routes.po": U("F 0.2 (range 0.05-0.5): orally active in guinea-pig "
                                    "(" + SKINGLE + ")")},
            notes=_TOOL_PK_NOTE),
    },
    notes="5-HT1B/1D antagonist, the usual tool for terminal 5-HT autoreceptors in rat "
          "microdialysis (1-10 mg/kg s.c. or i.p.); slow dissociation gives it a long action "
          "(not modelled). Dosed as the hydrochloride.",
))

register(Drug(
    name="SB-224289", aliases=("SB224289", "SB 224289", "SB-224289-A"),
    formula="C32H32N4O3", salt="hydrochloride", salt_formula="C32H32N4O3.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "5-HT1B": affinity(6.9, R(SELKIRK + ": pKi 8.16 +- 0.06 at human 5-HT1B; > 75-fold over "
                                  "every other 5-HT receptor. Rat 5-HT1B affinity not found: the "
                                  "human value is used for rat [U]")),
    },
    efficacy={
        "5-HT1B": efficacy(0.0, R(SELKIRK + ": negative intrinsic activity in [35S]GTPgammaS; a "
                                  "competitive antagonist of agonist responses; inverse agonism "
                                  "is modelled as 0")),
    },
    pk={
        "rat": SpeciesPK(
            species="rat", clearance=1.5 * L_per_h_per_kg, volume=1.0 * L_per_kg,
            peripherals=(Peripheral(4.0 * L_per_kg, 5.0 * L_per_h_per_kg),),
            fu=0.05, kp_uu=0.5, brain_half_time=15 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour),
                    "sc": Absorption(0.9, 1.5 * per_hour), "po": Absorption(0.3, 1.0 * per_hour)},
            nominal_dose="4 mg/kg", nominal_route="ip",
            sources={"clearance": U("t1/2 ~2.5 h with Vss 5 L/kg (range 1-5 h); " + _TOOL_PK_NOTE),
                     "volume": U("central 1 L/kg (range 0.5-3)"),
                     "peripherals": U("4 L/kg, Q 5 L/h/kg: Vss 5 L/kg (range 2-10)"),
                     "fu": U("0.05 (range 0.01-0.2): lipophilic biphenyl ketone"),
                     "kp_uu": U("0.5 (range 0.1-1)"),
                     "brain_half_time": U("15 min (range 3-30 min)"),
                     "routes.iv": U("i.v. bolus"),
                     "routes.ip": U("F 0.5 (range 0.3-0.8), ka 2/h"),
                     "routes.sc": U("F 0.9, ka 1.5/h"),
                     "routes.po": U("F 0.3 (range 0.1-0.6)")},
            notes=_TOOL_PK_NOTE),
    },
    notes="Selective 5-HT1B inverse agonist/antagonist (human 5-HT1B). Commercial form the "
          "hydrochloride (SB-224289-A); Selkirk 1998 used the oxalate.",
))

register(Drug(
    name="CP-94253", aliases=("CP-94,253", "CP94253", "CP 94253"),
    formula="C15H19N3O", salt="hydrochloride", salt_formula="C15H19N3O.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "5-HT1B": affinity(2.0, U(KOE + " [R2]; Ki 2 nM recalled from the primary paper, not "
                                  "verified (range 1-5 nM)")),
        "5-HT1A": affinity(89.0, U(KOE + " [R2]; Ki 89 nM recalled, consistent with the ~40x "
                                   "selectivity (range 50-200 nM)")),
    },
    efficacy={
        "5-HT1B": efficacy(1.0, R2(KOE + ": a 5-HT1B agonist in vivo (satiety, Lee & Simansky "
                                   "1997 Psychopharmacology 131:264)")),
        "5-HT1A": efficacy(1.0, U("agonist at 5-HT1 sites assumed (partial vs full unknown; range "
                                  "0.5-1); matters only above ~10 mg/kg")),
    },
    pk={
        "rat": SpeciesPK(
            species="rat", clearance=3.0 * L_per_h_per_kg, volume=1.5 * L_per_kg,
            peripherals=(Peripheral(3.0 * L_per_kg, 6.0 * L_per_h_per_kg),),
            fu=0.5, kp_uu=0.5, brain_half_time=10 * minute,
            routes={"iv": IV, "ip": Absorption(0.6, 3.0 * per_hour),
                    "sc": Absorption(0.9, 3.0 * per_hour), "po": Absorption(0.2, 1.5 * per_hour)},
            nominal_dose="5 mg/kg", nominal_route="ip",
            sources={"clearance": U("t1/2 ~1.2 h with Vss 4.5 L/kg (range 0.5-3 h); "
                                    + _TOOL_PK_NOTE),
                     "volume": U("central 1.5 L/kg (range 0.5-3)"),
                     "peripherals": U("3 L/kg, Q 6 L/h/kg: Vss 4.5 L/kg (range 2-10)"),
                     "fu": U("0.5 (range 0.2-0.8): small polar tryptamine-like base"),
                     "kp_uu": U("0.5 (range 0.1-1): centrally active after 2.5-10 mg/kg i.p. "
                                "(Monti et al. 1995 Neuropharmacology 34:1647)"),
                     "brain_half_time": U("10 min (range 2-30 min)"),
                     "routes.iv": U("i.v. bolus"),
                     "routes.ip": U("F 0.6 (range 0.3-0.9), ka 3/h"),
                     "routes.sc": U("F 0.9, ka 3/h"),
                     "routes.po": U("F 0.2 (range 0.05-0.5)")},
            notes=_TOOL_PK_NOTE),
    },
    notes="Selective, brain-penetrant 5-HT1B agonist given systemically (1-10 mg/kg i.p. or "
          "s.c.); CP-93,129 (rat 5-HT1B pKi 8.4, " + MILLAN_1B + ") is its analogue for local "
          "perfusion. Dosed as the hydrochloride.",
))
