"""The drug library: one data record per compound, registered in :data:`DRUGS`.

Adding a compound is one :class:`~.model.Drug` record at the end of this file
(plus a test). Every number carries a mark ([R] primary, [R2] secondary, [U]
unverified prior) and a source; the [U] values are priors chosen to be
plausible, with the reasoning in ``notes``, and easy to change.

Affinities (human transporters) follow Tatsumi et al. 1997 (Eur J Pharmacol
340:249, PMID 9537821) as tabulated in literature.md section 1; sigma-1 values
from Ishikawa et al. 2007 (Biol Psychiatry 62:878); 5-HT1A ligands from
Khawaja 1995 (J Neurochem 64:2716, WAY-100635) and Martin-Ruiz 2001
(J Neurosci 21:9856, 8-OH-DPAT).

Pharmacokinetics (literature.md section 5): human sertraline from DeVane et al.
2002 (Clin Pharmacokinet 41:1247); rat fluoxetine/norfluoxetine from Caccia et
al. 1990 (Psychopharmacology 100:509); rat citalopram from the 1982 report
PMID 6959194; rat fluvoxamine from the 3-compartment model of Geldof et al.
2007 (Eur J Pharm Sci 30:45). Rat sertraline is not well published: its
parameters are priors (see the record's notes).

Calibration targets these records were tuned to (tests in
tests/test_pharmacology_calibration.py):

- human sertraline 50 mg/day p.o.: t1/2 22-36 h, Tmax 4.5-8.4 h, single-dose
  Cmax ~10 ng/mL, ~2x accumulation, SERT occupancy ~80 % at steady state
  (DeVane 2002; Meyer 2001 Am J Psychiatry 158:1843; Kreilgaard 2008 Br J
  Pharmacol 155:276);
- rat, free brain ECF: citalopram 2.5 mg/kg i.p. peak SERT occupancy ~85-97 %;
  sertraline 10 mg/kg i.p. near-complete SERT and 20-60 % DAT occupancy;
  WAY-100635 0.1-1 mg/kg s.c. competitor term >> 1 for about an hour;
  8-OH-DPAT 0.25-2 ug/kg i.v. agonist term of order 1-10.
"""

from __future__ import annotations

from raphe.circuits.pharmacology.model import (
    Absorption, Drug, Peripheral, R, R2, SpeciesPK, U, L_per_h_per_kg, L_per_kg, affinity,
    efficacy, hour, minute, per_hour,
)
from raphe.registry import Registry

#: Registry of :class:`~.model.Drug` records (case-insensitive, aliases allowed).
DRUGS: Registry[Drug] = Registry("drug")


def register(drug: Drug) -> Drug:
    """Add ``drug`` to :data:`DRUGS` (its aliases too)."""
    return DRUGS.register(drug.name, drug, aliases=drug.aliases)


# --------------------------------------------------------------------------- sources
TATSUMI = "Tatsumi et al. 1997 Eur J Pharmacol 340:249, PMID 9537821 (human transporters)"
ISHIKAWA = "Ishikawa et al. 2007 Biol Psychiatry 62:878 (sigma-1)"
DEVANE = "DeVane, Liston & Markowitz 2002 Clin Pharmacokinet 41:1247"
CACCIA = "Caccia et al. 1990 Psychopharmacology 100:509 (rat fluoxetine)"
CIT_RAT = "rat citalopram PK 1982, PMID 6959194"
GELDOF = "Geldof et al. 2007 Eur J Pharm Sci 30:45 (3-compartment model, per 240 g rat)"
FORMULA = "molecular formula (PubChem); MW computed with IUPAC atomic weights"
LABEL = "prescribing-information value recalled, not checked against the label"
OWENS = "Owens et al. 1997 JPET 283:1305 / 2001 Biol Psychiatry 50:345, recalled, not verified"

IV = Absorption(1.0)


# --------------------------------------------------------------------------- SSRIs
register(Drug(
    name="sertraline", aliases=("Zoloft", "Lustral", "CP-51974"),
    formula="C17H17Cl2N", salt="hydrochloride", salt_formula="C17H17Cl2N.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(0.29, R(TATSUMI)),
        "DAT": affinity(25.0, R(TATSUMI + "; 25 +- 2 nM")),
        "NET": affinity(420.0, R2(TATSUMI)),
        "sigma-1": affinity(57.0, U("seed document (IC50 69.7 nM); primary (Ishikawa 2007) "
                                    "not checked")),
    },
    metabolites=("desmethylsertraline",),
    pk={
        "human": SpeciesPK(
            species="human",
            clearance=0.665 * L_per_h_per_kg, volume=24.0 * L_per_kg,
            fu=0.02, kp_uu=0.8, brain_half_time=60 * minute,
            routes={"po": Absorption(0.44, 0.45 * per_hour), "iv": IV},
            formation={"desmethylsertraline": 0.5},
            nominal_dose="50 mg", nominal_route="po",
            sources={
                "clearance": U("CL = V ln2 / t1/2 with t1/2 25 h, inside DeVane 2002's 22-36 h [R]"),
                "volume": U("Vd > 20 L/kg [R] (DeVane 2002); 24 L/kg chosen so that 50 mg p.o. gives "
                            "Cmax ~10-12 ng/mL with F 0.44"),
                "fu": R(DEVANE + ": plasma protein binding ~98 %"),
                "kp_uu": U("chosen so 80 % SERT occupancy needs ~22 ng/mL plasma, inside "
                           "Kreilgaard 2008's 20-48 ng/mL [R]; sertraline crosses the BBB "
                           "passively"),
                "brain_half_time": U("lipophilic amine, slow brain loading; irrelevant at "
                                     "steady state"),
                "routes.po": U("F 0.44 (absolute F unknown; >= 44 % quoted in label); ka 0.45/h "
                               "gives Tmax ~6 h, inside 4.5-8.4 h [R] (DeVane 2002)"),
                "routes.iv": U("no i.v. formulation; listed for simulations only"),
                "formation.desmethylsertraline": U("N-demethylation is the main pathway "
                                                   "(DeVane 2002); fraction chosen"),
            },
            notes="Tuned to DeVane 2002 (t1/2, Tmax, Cmax ~10 ng/mL after 50 mg, ~2x "
                  "accumulation), Meyer 2001 (~80 % SERT occupancy at 50 mg/day) and "
                  "Kreilgaard 2008 (20-48 ng/mL plasma for 80 %)."),
        "rat": SpeciesPK(
            species="rat",
            clearance=3.1 * L_per_h_per_kg, volume=20.0 * L_per_kg,
            fu=0.02, kp_uu=1.0, brain_half_time=30 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour),
                    "sc": Absorption(0.8, 1.0 * per_hour), "po": Absorption(0.2, 1.0 * per_hour)},
            formation={"desmethylsertraline": 0.4},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={
                "clearance": U("t1/2 ~4.5 h chosen like other SSRIs in rat (citalopram 3 h, "
                               "fluoxetine 5 h, literature.md 5); CL = V ln2 / t1/2"),
                "volume": U("lipophilic amine, Vd 20 L/kg chosen (human > 20 L/kg [R])"),
                "fu": U("human value 0.02 (DeVane 2002 [R]) assumed for rat"),
                "kp_uu": U("free brain = free plasma (passive BBB permeation; not a major P-gp "
                           "substrate); the total brain/plasma ratio ~40 in animals [R2] is "
                           "tissue binding (brain fu ~ fu_plasma/40), not free drug"),
                "brain_half_time": U("slow loading of a heavily tissue-bound brain; chosen"),
                "routes.iv": U("i.v. bolus"),
                "routes.ip": U("F 0.5 (hepatic first pass of i.p. dosing), ka 2/h: Tmax ~1.5 h"),
                "routes.sc": U("F 0.8, ka 1/h chosen"),
                "routes.po": U("F 0.2 chosen (extensive first pass), ka 1/h"),
                "formation.desmethylsertraline": U("chosen"),
            },
            notes="Rat sertraline PK is not well published (literature.md 5): all parameters are "
                  "priors. They were chosen so that 10 mg/kg i.p. (the common acute dose) gives "
                  "near-complete SERT occupancy and 20-60 % DAT occupancy in free brain ECF "
                  "(DAT Ki 25 nM), matching the reported rise of NAc/striatal DA (Kitaichi 2010). "
                  "Brain/plasma total ~40 [R2] is reproduced by tissue binding, not by free "
                  "drug: free brain ECF = Kp,uu x fu x plasma with Kp,uu 1."),
    },
    notes="Drug of interest. Given as the hydrochloride; doses in the literature are "
          "usually of the salt (use salt=True).",
))

register(Drug(
    name="desmethylsertraline", aliases=("norsertraline", "N-desmethylsertraline"),
    formula="C16H15Cl2N", salt="hydrochloride", salt_formula="C16H15Cl2N.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={"SERT": affinity(4.0, U("weak SSRI, 10-20x weaker than sertraline; 3-5 nM prior "
                                        "(issue brief)"))},
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.3 * L_per_h_per_kg, volume=30.0 * L_per_kg,
            fu=0.02, kp_uu=0.8, brain_half_time=60 * minute, routes={},
            sources={"clearance": U("t1/2 ~70 h, inside 62-104 h (DeVane 2002, not re-read)"),
                     "volume": U("as the parent"), "fu": U("as the parent"),
                     "kp_uu": U("as the parent"), "brain_half_time": U("as the parent")},
            notes="Formed from sertraline only; never dosed in humans."),
        "rat": SpeciesPK(
            species="rat", clearance=2.1 * L_per_h_per_kg, volume=30.0 * L_per_kg,
            fu=0.02, kp_uu=1.0, brain_half_time=30 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": U("t1/2 ~10 h chosen (longer than the parent, as in humans)"),
                     "volume": U("as the parent, a bit larger"), "fu": U("as the parent"),
                     "kp_uu": U("as the parent"), "brain_half_time": U("as the parent"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("as the parent")},
            notes="Priors only."),
    },
    notes="Active metabolite of sertraline; weak SERT inhibitor.",
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
        "sigma-1": affinity(1893.0, R(ISHIKAWA)),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.45 * L_per_h_per_kg, volume=13.0 * L_per_kg,
            fu=0.05, kp_uu=1.0, brain_half_time=60 * minute,
            routes={"po": Absorption(0.5, 0.4 * per_hour), "iv": IV},
            nominal_dose="20 mg", nominal_route="po",
            sources={"clearance": U("t1/2 ~21 h; " + LABEL), "volume": U("Vd 13 L/kg; " + LABEL),
                     "fu": U("95 % bound; " + LABEL), "kp_uu": U("assumed 1"),
                     "brain_half_time": U("chosen"),
                     "routes.po": U("F ~0.5, Tmax ~5 h; " + LABEL +
                                    " (paroxetine is non-linear via CYP2D6; linear approximation)"),
                     "routes.iv": U("for simulations only")}),
        "rat": SpeciesPK(
            species="rat", clearance=2.1 * L_per_h_per_kg, volume=15.0 * L_per_kg,
            fu=0.05, kp_uu=1.0, brain_half_time=20 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 2.0 * per_hour),
                    "sc": Absorption(0.8, 1.0 * per_hour), "po": Absorption(0.3, 1.0 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": U("t1/2 ~5 h chosen like other SSRIs in rat"),
                     "volume": U("15 L/kg chosen"), "fu": U("human value assumed"),
                     "kp_uu": U("assumed 1"), "brain_half_time": U("chosen"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("as sertraline"),
                     "routes.sc": U("as sertraline"), "routes.po": U("chosen")},
            notes="Priors only."),
    },
))

register(Drug(
    name="fluoxetine", aliases=("Prozac", "LY-110140"),
    formula="C17H18F3NO", salt="hydrochloride", salt_formula="C17H18F3NO.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(0.8, R2(TATSUMI)),
        "NET": affinity(240.0, R2(TATSUMI)),
        "DAT": affinity(3600.0, R2(TATSUMI)),
        "sigma-1": affinity(240.0, U("Ishikawa 2007 / Narita 1996 table, recalled, not verified")),
    },
    metabolites=("norfluoxetine",),
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.45 * L_per_h_per_kg, volume=30.0 * L_per_kg,
            fu=0.06, kp_uu=1.0, brain_half_time=60 * minute,
            routes={"po": Absorption(0.8, 0.3 * per_hour), "iv": IV},
            formation={"norfluoxetine": 0.6},
            nominal_dose="20 mg", nominal_route="po",
            sources={"clearance": U("t1/2 ~2 d after a single dose (1-3 d); " + LABEL),
                     "volume": U("Vd 20-40 L/kg; " + LABEL), "fu": U("94 % bound; " + LABEL),
                     "kp_uu": U("assumed 1"), "brain_half_time": U("chosen"),
                     "routes.po": U("F >= 0.6-0.8, Tmax 6-8 h; " + LABEL),
                     "routes.iv": U("for simulations only"),
                     "formation.norfluoxetine": U("N-demethylation, main active pathway; chosen")}),
        "rat": SpeciesPK(
            species="rat", clearance=3.5 * L_per_h_per_kg, volume=25.0 * L_per_kg,
            fu=0.12, kp_uu=1.0, brain_half_time=20 * minute,
            routes={"iv": IV, "ip": Absorption(0.6, 2.0 * per_hour),
                    "sc": Absorption(0.8, 1.0 * per_hour), "po": Absorption(0.38, 1.0 * per_hour)},
            formation={"norfluoxetine": 0.6},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": R(CACCIA + ": t1/2 ~5 h; CL = V ln2 / t1/2 with the chosen V"),
                     "volume": U("25 L/kg chosen (lipophilic amine)"),
                     "fu": R(CACCIA + ": fu 0.10-0.15"),
                     "kp_uu": U("assumed 1"), "brain_half_time": U("chosen"),
                     "routes.iv": U("i.v. bolus"),
                     "routes.ip": U("F 0.6 chosen (first pass), ka 2/h"),
                     "routes.sc": U("chosen"),
                     "routes.po": R(CACCIA + ": oral F ~0.38 at 5 mg/kg; ka 1/h chosen [U]"),
                     "formation.norfluoxetine": U("chosen")},
            notes="Half-lives from Caccia 1990 (fluoxetine ~5 h, norfluoxetine ~15 h); volumes "
                  "chosen."),
    },
))

register(Drug(
    name="norfluoxetine", aliases=("desmethylfluoxetine", "seproxetine"),
    formula="C16H16F3NO", salt="hydrochloride", salt_formula="C16H16F3NO.HCl",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(1.0, U("~1 nM, equipotent with fluoxetine (issue brief; " + OWENS + ")")),
        "NET": affinity(1400.0, U(OWENS)),
        "DAT": affinity(400.0, U(OWENS)),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.1 * L_per_h_per_kg, volume=30.0 * L_per_kg,
            fu=0.06, kp_uu=1.0, brain_half_time=60 * minute, routes={},
            sources={"clearance": U("t1/2 ~9 d (4-16 d); " + LABEL), "volume": U("as parent"),
                     "fu": U("as parent"), "kp_uu": U("as parent"),
                     "brain_half_time": U("as parent")},
            notes="Formed from fluoxetine only."),
        "rat": SpeciesPK(
            species="rat", clearance=1.39 * L_per_h_per_kg, volume=30.0 * L_per_kg,
            fu=0.1, kp_uu=1.0, brain_half_time=20 * minute,
            routes={"iv": IV, "ip": Absorption(0.6, 2.0 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": R(CACCIA + ": norfluoxetine t1/2 ~15 h; CL = V ln2 / t1/2"),
                     "volume": U("30 L/kg chosen"), "fu": U("as parent"),
                     "kp_uu": U("assumed 1"), "brain_half_time": U("as parent"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("as parent")}),
    },
    notes="Active metabolite of fluoxetine.",
))

_CIT_RAT = SpeciesPK(
    species="rat", clearance=4.9 * L_per_h_per_kg, volume=8.0 * L_per_kg,
    peripherals=(Peripheral(13.2 * L_per_kg, 15.0 * L_per_h_per_kg),),
    fu=0.2, kp_uu=0.5, brain_half_time=3 * minute,
    routes={"iv": IV, "ip": Absorption(0.6, 3.0 * per_hour),
            "sc": Absorption(0.9, 2.0 * per_hour), "po": Absorption(0.5, 1.0 * per_hour)},
    nominal_dose="10 mg/kg", nominal_route="ip",
    sources={"clearance": R(CIT_RAT + ": CL ~4.9 L/h/kg"),
             "volume": U("central 8 L/kg chosen; Vss = 8 + 13.2 = 21.2 L/kg = CL t1/2 / ln2 with "
                         "CL 4.9 L/h/kg and t1/2 ~3 h [R] (" + CIT_RAT + ")"),
             "peripherals": U("13.2 L/kg, Q 15 L/h/kg: a distribution phase (half-time ~20 min) "
                              "of a lipophilic amine, chosen so cumulative i.v. doses 2 min apart "
                              "act as in Chaput 1986 (ED50 0.23 mg/kg [R])"),
             "fu": U("0.2 (human 80 % bound); the brief allows 0.2-0.5"),
             "kp_uu": U("0.5: citalopram is a P-gp substrate in rodents (brain levels rise in "
                        "mdr1a/b knockout mice); chosen so 2.5 mg/kg i.p. gives ~95 % peak SERT "
                        "occupancy"),
             "brain_half_time": U("3 min: fast equilibration of a moderately lipophilic drug "
                                  "(i.v. citalopram suppresses DRN firing within 1-2 min, Chaput "
                                  "1986); chosen"),
             "routes.iv": U("i.v. bolus"),
             "routes.ip": U("F 0.6 (first pass), ka 3/h: Tmax ~0.7 h"),
             "routes.sc": U("chosen"), "routes.po": U("chosen")},
    notes="CL and t1/2 from PMID 6959194; absorption, fu and Kp,uu are priors tuned to the "
          "circuit's calibration (2.5 mg/kg i.p. raises dialysate 5-HT to 245-280 %).")

register(Drug(
    name="citalopram", aliases=("Celexa", "Cipramil", "Lu 10-171"),
    formula="C20H21FN2O", salt="hydrobromide", salt_formula="C20H21FN2O.HBr",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(1.2, R2(TATSUMI)),
        "NET": affinity(4070.0, R2(TATSUMI)),
        "DAT": affinity(28100.0, R2(TATSUMI)),
        "sigma-1": affinity(292.0, U("Ishikawa 2007 / Narita 1996 table, recalled, not verified")),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.24 * L_per_h_per_kg, volume=12.0 * L_per_kg,
            fu=0.2, kp_uu=0.5, brain_half_time=30 * minute,
            routes={"po": Absorption(0.8, 0.6 * per_hour), "iv": IV},
            nominal_dose="20 mg", nominal_route="po",
            sources={"clearance": U("t1/2 ~35 h; " + LABEL), "volume": U("Vd ~12 L/kg; " + LABEL),
                     "fu": U("80 % bound; " + LABEL), "kp_uu": U("as in rat (P-gp substrate)"),
                     "brain_half_time": U("chosen"),
                     "routes.po": U("F 0.8, Tmax ~4 h; " + LABEL),
                     "routes.iv": U("i.v. citalopram exists; F 1")}),
        "rat": _CIT_RAT,
    },
    notes="Racemate; the S-enantiomer is escitalopram. Usually dosed as the hydrobromide.",
))

register(Drug(
    name="escitalopram", aliases=("Lexapro", "Cipralex", "S-citalopram"),
    formula="C20H21FN2O", salt="oxalate", salt_formula="C20H21FN2O.C2H2O4",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(1.1, R2(TATSUMI.replace("Tatsumi et al. 1997", "literature.md table "
                                                 "(escitalopram row)"))),
        "NET": affinity(7800.0, U(OWENS)),
        "DAT": affinity(27400.0, U(OWENS)),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=0.3 * L_per_h_per_kg, volume=12.0 * L_per_kg,
            fu=0.44, kp_uu=0.5, brain_half_time=30 * minute,
            routes={"po": Absorption(0.8, 0.45 * per_hour)},
            nominal_dose="10 mg", nominal_route="po",
            sources={"clearance": U("t1/2 27-32 h; " + LABEL), "volume": U("Vd ~12 L/kg; " + LABEL),
                     "fu": U("56 % bound; " + LABEL), "kp_uu": U("as citalopram"),
                     "brain_half_time": U("chosen"),
                     "routes.po": U("F 0.8, Tmax ~5 h; " + LABEL)}),
        "rat": SpeciesPK(
            species="rat", clearance=_CIT_RAT.clearance, volume=_CIT_RAT.volume,
            fu=_CIT_RAT.fu, kp_uu=_CIT_RAT.kp_uu, brain_half_time=_CIT_RAT.brain_half_time,
            routes=_CIT_RAT.routes, nominal_dose="5 mg/kg", nominal_route="ip",
            sources={k: U("citalopram's rat value assumed for the S-enantiomer: " + str(v))
                     for k, v in _CIT_RAT.sources.items()},
            notes="Rat escitalopram PK assumed equal to citalopram's."),
    },
))

register(Drug(
    name="fluvoxamine", aliases=("Luvox", "Faverin", "DU-23000"),
    formula="C15H21F3N2O2", salt="maleate", salt_formula="C15H21F3N2O2.C4H4O4",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={
        "SERT": affinity(2.2, R2(TATSUMI)),
        "NET": affinity(1300.0, R2(TATSUMI)),
        "DAT": affinity(9200.0, R2(TATSUMI)),
        "sigma-1": affinity(36.0, R(ISHIKAWA)),
    },
    pk={
        "human": SpeciesPK(
            species="human", clearance=1.1 * L_per_h_per_kg, volume=25.0 * L_per_kg,
            fu=0.23, kp_uu=1.0, brain_half_time=30 * minute,
            routes={"po": Absorption(0.53, 0.4 * per_hour)},
            nominal_dose="100 mg", nominal_route="po",
            sources={"clearance": U("t1/2 ~15.6 h; " + LABEL), "volume": U("Vd ~25 L/kg; " + LABEL),
                     "fu": U("77 % bound; " + LABEL), "kp_uu": U("assumed 1"),
                     "brain_half_time": U("chosen"),
                     "routes.po": U("F 0.53, Tmax 3-8 h; " + LABEL)}),
        "rat": SpeciesPK(
            species="rat",
            # Geldof 2007, per 240 g rat: CL 31.6 mL/min, V1 321 mL, V2 949 mL, Q2 33.7 mL/min,
            # V3 136 mL, Q3 1.0 mL/min; normalised to body weight here.
            clearance=31.6e-3 * 60 / 0.240 * L_per_h_per_kg,
            volume=0.321 / 0.240 * L_per_kg,
            peripherals=(Peripheral(0.949 / 0.240 * L_per_kg, 33.7e-3 * 60 / 0.240 * L_per_h_per_kg),
                         Peripheral(0.136 / 0.240 * L_per_kg, 1.0e-3 * 60 / 0.240 * L_per_h_per_kg)),
            fu=0.2, kp_uu=1.0, brain_half_time=15 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 3.0 * per_hour),
                    "sc": Absorption(0.9, 2.0 * per_hour), "po": Absorption(0.3, 1.5 * per_hour)},
            nominal_dose="10 mg/kg", nominal_route="ip",
            sources={"clearance": R2(GELDOF), "volume": R2(GELDOF),
                     "peripherals": R2(GELDOF),
                     "fu": U("~0.2 (human 77 % bound) assumed for rat"),
                     "kp_uu": U("assumed 1; Geldof 2008 (Pharm Res 25:792) has a brain model not "
                                "used here"),
                     "brain_half_time": U("chosen"),
                     "routes.iv": R2(GELDOF + ": i.v. infusion data"),
                     "routes.ip": U("F 0.5, ka 3/h chosen"), "routes.sc": U("chosen"),
                     "routes.po": U("chosen")},
            notes="Plasma: Geldof 2007 3-compartment model, scaled per kg of a 240 g rat."),
    },
))


# --------------------------------------------------------------------------- 5-HT1A ligands
register(Drug(
    name="WAY-100635", aliases=("WAY100635", "WAY 100635", "WAY"),
    formula="C25H34N4O2", salt="maleate", salt_formula="C25H34N4O2.C4H4O4",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={"5-HT1A": affinity(0.37, R("Khawaja 1995 J Neurochem 64:2716: [3H]WAY-100635 Kd "
                                           "0.37 nM, rat hippocampus"))},
    efficacy={"5-HT1A": efficacy(0.0, R("silent antagonist (Khawaja 1995; Martin-Ruiz 2001 "
                                        "J Neurosci 21:9856)"))},
    pk={
        "rat": SpeciesPK(
            species="rat", clearance=2.8 * L_per_h_per_kg, volume=0.8 * L_per_kg,
            peripherals=(Peripheral(2.2 * L_per_kg, 10.0 * L_per_h_per_kg),),
            fu=0.5, kp_uu=1.0, brain_half_time=1.5 * minute,
            routes={"iv": IV, "ip": Absorption(0.5, 4.0 * per_hour),
                    "sc": Absorption(0.9, 6.0 * per_hour), "po": Absorption(0.05, 2.0 * per_hour)},
            nominal_dose="0.1 mg/kg", nominal_route="sc",
            sources={"clearance": U("rapidly metabolised [R]; t1/2 ~45 min chosen (CL near "
                                    "hepatic blood flow)"),
                     "volume": U("central 0.8 L/kg chosen"),
                     "peripherals": U("2.2 L/kg, Q 10 L/h/kg: rapid distribution (Vss 3 L/kg) "
                                      "chosen"),
                     "fu": U("0.5 chosen"), "kp_uu": U("assumed 1"),
                     "brain_half_time": U("1.5 min: a PET tracer that reaches brain within "
                                          "minutes; WAY-100635 10 ug/kg i.v. reverses 8-OH-DPAT "
                                          "within minutes (Martin-Ruiz 2001 [R]); chosen"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("chosen"),
                     "routes.sc": U("fast s.c. absorption chosen"),
                     "routes.po": U("low oral F assumed (extensive metabolism)")},
            notes="Chosen so that 3-10 ug/kg i.v. acts centrally within minutes (competitor term "
                  ">> the agonist term of 2 ug/kg 8-OH-DPAT, Martin-Ruiz 2001) and "
                  "0.1-1 mg/kg s.c. gives competitor terms >> 1 for an hour or more "
                  "(literature.md 5)."),
    },
    notes="Silent 5-HT1A antagonist. Usually dosed as the maleate.",
))

register(Drug(
    name="8-OH-DPAT", aliases=("8-hydroxy-DPAT", "8OHDPAT", "DPAT"),
    formula="C16H25NO", salt="hydrobromide", salt_formula="C16H25NO.HBr",
    sources={"formula": R2(FORMULA), "salt_formula": R2(FORMULA)},
    affinities={"5-HT1A": affinity(0.5, R("high-affinity state Kd 0.2-0.6 nM (literature.md 1); "
                                          "0.5 nM taken"))},
    efficacy={"5-HT1A": efficacy(1.0, R("full agonist: 0.25-2 ug/kg i.v. silences DRN 5-HT "
                                        "neurons (Martin-Ruiz 2001 J Neurosci 21:9856)"))},
    pk={
        "rat": SpeciesPK(
            species="rat", clearance=3.9 * L_per_h_per_kg, volume=1.0 * L_per_kg,
            peripherals=(Peripheral(4.0 * L_per_kg, 4.0 * L_per_h_per_kg),),
            fu=0.7, kp_uu=1.0, brain_half_time=3 * minute,
            routes={"iv": IV, "ip": Absorption(0.3, 4.0 * per_hour),
                    "sc": Absorption(0.9, 4.0 * per_hour), "po": Absorption(0.026, 2.0 * per_hour)},
            nominal_dose="1 ug/kg", nominal_route="iv",
            sources={"clearance": U("gives a terminal plasma t1/2 ~1.5 h [R] with the chosen volumes"),
                     "volume": U("central 1.0 L/kg chosen"),
                     "peripherals": U("4 L/kg, Q 4 L/h/kg chosen: a distribution phase so brain "
                                      "levels fall faster than the terminal plasma phase (brain "
                                      "t1/2 ~26 min after s.c. [R])"),
                     "fu": U("0.7 chosen (small, moderately polar amine)"),
                     "kp_uu": U("assumed 1"),
                     "brain_half_time": U("onset within minutes after i.v. (Martin-Ruiz 2001)"),
                     "routes.iv": U("i.v. bolus"), "routes.ip": U("chosen"),
                     "routes.sc": U("chosen"),
                     "routes.po": R("oral F 0.026 (literature.md 5); ka chosen [U]")},
            notes="Chosen so 0.25-2 ug/kg i.v. gives agonist terms of order 1-10 at 5-HT1A."),
    },
    notes="5-HT1A full agonist (also 5-HT7; not modelled). Usually the hydrobromide.",
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
