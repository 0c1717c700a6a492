"""Radioligands, unlabelled reference ligands and the standard assay of each target.

These are the *bench* data of the virtual binding laboratory: what a
pharmacologist reads off a radioligand's data sheet and the methods section of
the assay paper (Kd, specific activity, tissue, receptor density, incubation).
The test drugs' own affinities live in :mod:`raphe.circuits.pharmacology` and
are never read into a result: the assays recover them from counts.

Every physical number is a Brian2 quantity with a source and a mark:
**[R]** read in the primary source, **[R2]** read in a secondary source,
**[U]** unverified prior (chosen to be typical; change freely).

Sources
-------
- [3H]paroxetine, rat cortex: Kd 0.15 +- 0.01 nM, Bmax 549 fmol/mg protein at
  22 C [R] (Habert et al. 1985 Eur J Pharmacol 118:107, PMID 2935409).
- [3H]WIN 35,428 at DAT: Kd 3.2 nM, single site [R] (Aloyo et al. 1995
  J Pharmacol Exp Ther 273).
- [3H]citalopram: 10-30x lower affinity than [3H]paroxetine [R]; Kd ~1-2 nM [U].
- [3H]WAY-100635, rat hippocampus: Kd 0.37 nM [R] (Khawaja et al. 1995
  J Neurochem 64:2716, PMID 7760052).
- [3H]8-OH-DPAT: high-affinity state Kd 0.2-0.6 nM [R]; 0.5 nM used here.
- [3H]GR125,743 at rat 5-HT1B, frontal cortex homogenates: Kd 0.6 nM, Bmax
  160 fmol/mg protein, association half-time 3.4 min at 0.8 nM, > 90 %
  specific binding [R] (Millan et al. 2002 Pharmacol Biochem Behav 71:589).
  The association rate constant follows from these: ``kobs = kon (L + Kd)``,
  so ``kon = ln 2 / (3.4 min x 1.4 nM) = 2.4e6 /M/s``.
- [3H]nisoxetine at NET and [3H](+)-pentazocine at sigma-1: Kd chosen to be
  typical of the literature and marked [U] (Tejani-Butt 1992 J Pharmacol Exp
  Ther 260:427 reports [3H]nisoxetine Kd ~0.7 nM in rat cortex; DeHaven-Hudkins
  et al. 1992 Eur J Pharmacol 227:371 report [3H](+)-pentazocine Kd of a few nM
  in guinea-pig brain; both unverified here).
- Association rate constants: 1e6-1e8 /M/s is the usual range for small
  ligands at membrane receptors (Motulsky & Mahan 1984 Mol Pharmacol 25:1,
  PMID 6708928) [U]; each value below is a prior. Dissociation follows as
  ``koff = Kd * kon``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import brian2

from raphe.registry import Registry

nM = brian2.nmolar
#: association rate constant unit, 1/(M s)
PER_MOLAR_SECOND = 1.0 / (brian2.molar * brian2.second)
#: receptor density unit, fmol per mg protein
FMOL_PER_MG = 1e-15 * brian2.mole / brian2.mgram
#: the curie (3.7e10 disintegrations per second)
CURIE = 3.7e10 * brian2.Hz
#: specific activity unit, Ci/mmol
CI_PER_MMOL = CURIE / (1e-3 * brian2.mole)
#: counts per minute as a rate
CPM = brian2.Hz / 60.0
ZERO_CELSIUS = 273.15 * brian2.kelvin


def celsius(value: float) -> brian2.Quantity:
    """A temperature given in degrees Celsius, as a Brian2 quantity (kelvin)."""
    return ZERO_CELSIUS + value * brian2.kelvin


@dataclass(frozen=True)
class Radioligand:
    """A tritiated radioligand as described on its data sheet.

    Attributes
    ----------
    name : str
        ``"[3H]paroxetine"``.
    target : str
        Target it labels (one of ``TARGETS``).
    kd : Quantity
        Equilibrium dissociation constant at the incubation temperature.
    kon : Quantity
        Association rate constant (1/(M s)); ``koff = kd * kon``.
    specific_activity : Quantity
        Ci/mmol (Brian2: activity per amount).
    source : str
        Citation and marks of ``kd``, ``kon`` and ``specific_activity``.
    """

    name: str
    target: str
    kd: brian2.Quantity
    kon: brian2.Quantity
    specific_activity: brian2.Quantity
    source: str

    @property
    def koff(self) -> brian2.Quantity:
        """Dissociation rate constant ``kd * kon`` (1/s)."""
        return self.kd * self.kon


@dataclass(frozen=True)
class ReferenceLigand:
    """An unlabelled ligand used to define non-specific binding.

    Attributes
    ----------
    name : str
        Name as written in configs.
    ki : dict
        Target -> Ki (Quantity). A target missing here is not bound.
    kon : Quantity
        Association rate constant (1/(M s)).
    source : str
        Citation and marks.
    """

    name: str
    ki: dict
    kon: brian2.Quantity
    source: str


@dataclass(frozen=True)
class StandardAssay:
    """The standard competition assay of one target (membranes + radioligand).

    Attributes
    ----------
    target : str
        Target name.
    radioligand : str
        Name in :data:`RADIOLIGANDS`.
    radioligand_concentration : Quantity
        Concentration added per tube (typically at or below Kd).
    tissue : str
        Membrane source.
    bmax : Quantity
        Receptor density, fmol/mg protein.
    protein : Quantity
        Membrane protein per tube.
    volume : Quantity
        Incubation volume per tube.
    incubation : Quantity
        Incubation time.
    temperature : Quantity
        Incubation temperature (kelvin).
    nsb_reference : str
        Unlabelled ligand that defines non-specific binding (a
        :data:`REFERENCE_LIGANDS` name or a library drug).
    nsb_concentration : Quantity
        Its concentration in the NSB tubes.
    nonspecific_fraction : float
        Fraction of the free radioligand retained by filter and membranes
        after washing (non-specific binding), per tube [U].
    source : str
        Citation and marks.
    """

    target: str
    radioligand: str
    radioligand_concentration: brian2.Quantity
    tissue: str
    bmax: brian2.Quantity
    protein: brian2.Quantity
    volume: brian2.Quantity
    incubation: brian2.Quantity
    temperature: brian2.Quantity
    nsb_reference: str
    nsb_concentration: brian2.Quantity
    nonspecific_fraction: float
    source: str

    def with_(self, **changes) -> "StandardAssay":
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class BenchConstants:
    """Filtration, washing and scintillation counting, shared by every assay.

    Attributes
    ----------
    wash_time : Quantity
        Time from the start of filtration to the end of the last wash
        (3 x 4 mL ice-cold buffer, about 10 s) [U].
    wash_temperature : Quantity
        Temperature of the wash buffer (ice-cold, 4 C) [U].
    q10_koff : float
        Temperature coefficient of dissociation, 2.5 per 10 C [U]
        (typical of ligand-receptor dissociation; Weiland & Molinoff 1981
        Life Sci 29:313).
    efficiency : float
        Tritium counting efficiency in scintillation cocktail, 0.45 [U]
        (typical 0.35-0.55).
    efficiency_cv : float
        Vial-to-vial quench variation of the efficiency, 0.02 [U].
    background : Quantity
        Counter background, 25 cpm [U].
    count_time : Quantity
        Counting time per vial, 2 min [U].
    """

    wash_time: brian2.Quantity = field(default_factory=lambda: 10 * brian2.second)
    wash_temperature: brian2.Quantity = field(default_factory=lambda: celsius(4.0))
    q10_koff: float = 2.5
    efficiency: float = 0.45
    efficiency_cv: float = 0.02
    background: brian2.Quantity = field(default_factory=lambda: 25 * CPM)
    count_time: brian2.Quantity = field(default_factory=lambda: 120 * brian2.second)


@dataclass(frozen=True)
class Variability:
    """Assay-to-assay and tube-to-tube variability (coefficients of variation).

    All [U]: typical of a competent laboratory (pipetting CV 1-3 %, membrane
    preparations differing by 10-20 % in receptor content).

    Attributes
    ----------
    bmax_cv : float
        Between membrane preparations (per assay), 0.15.
    nonspecific_cv : float
        Non-specific fraction, per assay, 0.2.
    radioligand_cv : float
        Radioligand dilution error, per assay, 0.05 (the bench measures the
        concentration actually added by counting aliquots).
    pipetting_cv : float
        Per tube, on membrane and test-compound volumes, 0.02.
    """

    bmax_cv: float = 0.15
    nonspecific_cv: float = 0.2
    radioligand_cv: float = 0.05
    pipetting_cv: float = 0.02


NONE = Variability(0.0, 0.0, 0.0, 0.0)

RADIOLIGANDS: Registry[Radioligand] = Registry("radioligand")
REFERENCE_LIGANDS: Registry[ReferenceLigand] = Registry("reference ligand")
STANDARD_ASSAYS: dict[str, StandardAssay] = {}

for _rl in (
    Radioligand("[3H]paroxetine", "SERT", 0.15 * nM, 1e7 * PER_MOLAR_SECOND,
                20 * CI_PER_MMOL,
                "Kd [R] Habert 1985 Eur J Pharmacol 118:107 (PMID 2935409); kon [U]; "
                "specific activity [U] (commercial 15-25 Ci/mmol)"),
    Radioligand("[3H]citalopram", "SERT", 1.5 * nM, 1e7 * PER_MOLAR_SECOND,
                80 * CI_PER_MMOL,
                "Kd [U] (10-30x weaker than [3H]paroxetine [R]); kon [U]; "
                "specific activity [U]"),
    Radioligand("[3H]WIN 35,428", "DAT", 3.2 * nM, 1e7 * PER_MOLAR_SECOND,
                85 * CI_PER_MMOL,
                "Kd [R] Aloyo 1995 J Pharmacol Exp Ther 273; kon [U]; "
                "specific activity [U] (commercial 76-87 Ci/mmol)"),
    Radioligand("[3H]nisoxetine", "NET", 0.7 * nM, 1e7 * PER_MOLAR_SECOND,
                80 * CI_PER_MMOL,
                "Kd [U] (Tejani-Butt 1992 J Pharmacol Exp Ther 260:427, unverified); "
                "kon [U]; specific activity [U]"),
    Radioligand("[3H](+)-pentazocine", "sigma-1", 3.0 * nM, 1e7 * PER_MOLAR_SECOND,
                35 * CI_PER_MMOL,
                "Kd [U] (DeHaven-Hudkins 1992 Eur J Pharmacol 227:371, unverified); "
                "kon [U]; specific activity [U]"),
    Radioligand("[3H]WAY-100635", "5-HT1A", 0.37 * nM, 1e7 * PER_MOLAR_SECOND,
                80 * CI_PER_MMOL,
                "Kd [R] Khawaja 1995 J Neurochem 64:2716 (PMID 7760052); kon [U]; "
                "specific activity [U]"),
    Radioligand("[3H]8-OH-DPAT", "5-HT1A", 0.5 * nM, 1e7 * PER_MOLAR_SECOND,
                150 * CI_PER_MMOL,
                "Kd [R] (high-affinity state 0.2-0.6 nM); kon [U]; specific activity [U]"),
    Radioligand("[3H]GR125,743", "5-HT1B", 0.6 * nM, 2.4e6 * PER_MOLAR_SECOND,
                80 * CI_PER_MMOL,
                "Kd [R] Millan et al. 2002 Pharmacol Biochem Behav 71:589 (rat frontal cortex); "
                "kon [R] from its association half-time (3.4 min at 0.8 nM); specific activity "
                "[U] (commercial 70-90 Ci/mmol)"),
):
    RADIOLIGANDS.register(_rl.name, _rl,
                          aliases=(_rl.name.replace("[3H]", "3H-"), _rl.name.replace("[3H]", "")))

for _ref in (
    ReferenceLigand("GBR 12909", {"DAT": 1.0 * nM}, 1e7 * PER_MOLAR_SECOND,
                    "Ki at DAT ~1 nM [U] (Andersen 1989 Eur J Pharmacol 166:493)"),
    ReferenceLigand("desipramine", {"NET": 0.8 * nM, "SERT": 17.6 * nM}, 1e7 * PER_MOLAR_SECOND,
                    "Ki [R2] Tatsumi 1997 Eur J Pharmacol 340:249 (PMID 9537821)"),
    ReferenceLigand("haloperidol", {"sigma-1": 3.0 * nM}, 1e7 * PER_MOLAR_SECOND,
                    "Ki at sigma-1 2-4 nM [U]"),
    ReferenceLigand("serotonin", {"5-HT1A": 2.0 * nM, "5-HT1B": 5.0 * nM}, 1e7 * PER_MOLAR_SECOND,
                    "Ki at 5-HT1A (high-affinity state) ~1-3 nM [U]; at rat 5-HT1B low nM "
                    "(pKi ~8-8.5) [U]"),
    ReferenceLigand("imipramine", {"SERT": 1.4 * nM, "NET": 37 * nM}, 1e7 * PER_MOLAR_SECOND,
                    "Ki [R2] Tatsumi 1997 Eur J Pharmacol 340:249 (PMID 9537821)"),
):
    REFERENCE_LIGANDS.register(_ref.name, _ref,
                               aliases=("5-HT",) if _ref.name == "serotonin" else ())

_um = brian2.umolar
for _sa in (
    StandardAssay("SERT", "[3H]paroxetine", 0.1 * nM, "rat cortex membranes",
                  549 * FMOL_PER_MG, 0.04 * brian2.mgram, 2 * brian2.mliter,
                  60 * 60 * brian2.second, celsius(22.0), "imipramine", 10 * _um, 0.004,
                  "Kd/Bmax [R] Habert 1985 (PMID 2935409); protein, volume, incubation, "
                  "NSB definition [U]"),
    StandardAssay("DAT", "[3H]WIN 35,428", 2.0 * nM, "rat striatum membranes",
                  1500 * FMOL_PER_MG, 0.02 * brian2.mgram, 0.5 * brian2.mliter,
                  120 * 60 * brian2.second, celsius(4.0), "GBR 12909", 10 * _um, 0.004,
                  "Kd [R] Aloyo 1995; Bmax, protein, volume, incubation (2 h, 0-4 C) [U]"),
    StandardAssay("NET", "[3H]nisoxetine", 0.5 * nM, "rat frontal cortex membranes",
                  200 * FMOL_PER_MG, 0.1 * brian2.mgram, 1 * brian2.mliter,
                  120 * 60 * brian2.second, celsius(22.0), "desipramine", 10 * _um, 0.004,
                  "all [U] except the design (Tejani-Butt 1992)"),
    StandardAssay("sigma-1", "[3H](+)-pentazocine", 3.0 * nM, "guinea-pig brain membranes",
                  700 * FMOL_PER_MG, 0.05 * brian2.mgram, 0.5 * brian2.mliter,
                  120 * 60 * brian2.second, celsius(37.0), "haloperidol", 10 * _um, 0.003,
                  "all [U] (DeHaven-Hudkins 1992 design)"),
    StandardAssay("5-HT1A", "[3H]WAY-100635", 0.3 * nM, "rat hippocampus membranes",
                  300 * FMOL_PER_MG, 0.05 * brian2.mgram, 1 * brian2.mliter,
                  60 * 60 * brian2.second, celsius(22.0), "serotonin", 10 * _um, 0.004,
                  "Kd [R] Khawaja 1995 (PMID 7760052); Bmax, protein, volume, incubation [U]"),
    StandardAssay("5-HT1B", "[3H]GR125,743", 0.5 * nM, "rat frontal cortex membranes",
                  160 * FMOL_PER_MG, 0.1 * brian2.mgram, 1 * brian2.mliter,
                  60 * 60 * brian2.second, celsius(22.0), "serotonin", 10 * _um, 0.004,
                  "Kd, Bmax and tissue [R] Millan et al. 2002 Pharmacol Biochem Behav 71:589; "
                  "protein, volume, incubation (60 min, > 5 dissociation half-times of 8 min), "
                  "NSB definition (10 uM 5-HT) [U]"),
):
    STANDARD_ASSAYS[_sa.target] = _sa


def assay_targets() -> tuple[str, ...]:
    """Targets of the drug library that have a standard assay, in the library's order.

    The binding panel's ``targets = "all"`` means these: a target without a
    radioligand and membranes here (for example a receptor type the circuit
    has but no drug binds) is not assayed.
    """
    from raphe.circuits.pharmacology import TARGETS
    return tuple(t for t in TARGETS if t in STANDARD_ASSAYS)

#: default association rate constant of a test drug when neither the drug
#: library nor :data:`DRUG_KON` gives one [U]
DEFAULT_KON = 1e7 * PER_MOLAR_SECOND

#: association rate constants of library drugs (1/(M s)), all [U]: chosen in
#: the usual 1e6-1e8 /M/s range (Motulsky & Mahan 1984, PMID 6708928);
#: ``koff = Ki * kon`` at each target.
DRUG_KON: dict[str, brian2.Quantity] = {
    "sertraline": 1e7 * PER_MOLAR_SECOND,
    "paroxetine": 1e7 * PER_MOLAR_SECOND,
    "fluoxetine": 1e7 * PER_MOLAR_SECOND,
    "citalopram": 2e7 * PER_MOLAR_SECOND,
    "escitalopram": 2e7 * PER_MOLAR_SECOND,
    "fluvoxamine": 2e7 * PER_MOLAR_SECOND,
    "gr127935": 1e7 * PER_MOLAR_SECOND,
    "sb-224289": 1e7 * PER_MOLAR_SECOND,
    "cp-94253": 1e7 * PER_MOLAR_SECOND,
}


def drug_kon(drug) -> brian2.Quantity:
    """Association rate constant of a library drug: its own ``kon`` if the
    library gives one, else :data:`DRUG_KON`, else :data:`DEFAULT_KON` [U]."""
    kon = getattr(drug, "kon", None)
    if callable(kon):
        kon = None
    if kon is not None:
        return kon
    return DRUG_KON.get(str(getattr(drug, "name", drug)).lower(), DEFAULT_KON)
