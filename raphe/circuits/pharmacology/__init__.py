"""Pharmacology: drug library, dosing, pharmacokinetics, occupancy -> fast inputs.

"Give drug X at dose Y by route Z" becomes a free brain ECF concentration over
time (linear compartment PK, :mod:`.pk`) and then the drug-agnostic fast
inputs of the circuit (transporter occupancies, receptor agonist and
competitor terms, :mod:`.occupancy` and :mod:`raphe.circuits.inputs`).

>>> from raphe.circuits.pharmacology import Dose, simulate_pk
>>> res = simulate_pk(Dose("sertraline", "10 mg/kg", route="ip"), species="rat")
>>> peak_sert = res.occupancy["SERT"].max()

Modules
-------
model
    Record types (:class:`Drug`, :class:`SpeciesPK`, :class:`Affinity`, marks).
library
    The records (one per compound) and the :data:`DRUGS` registry.
dosing
    :class:`Dose` and :class:`Regimen` (routes, schedules, salt/base).
pk
    :func:`simulate_pk` (matrix-exponential solution of the linear model).
occupancy
    Competitive binding of every drug present; :func:`fast_inputs_from_concentrations`.
enantiomers
    R-citalopram, S-/R-norfluoxetine; racemic citalopram as a mixture (:func:`racemate_regimen`).
pet
    The virtual PET/SPECT readout (tracer ceilings, test-retest noise) and human in-vivo
    SERT Ki from PET plasma EC50s.

References
----------
Tatsumi M et al. (1997) Eur J Pharmacol 340:249, PMID 9537821 (Ki at SERT, NET, DAT).
DeVane CL et al. (2002) Clin Pharmacokinet 41:1247 (sertraline PK).
Meyer JH et al. (2001) Am J Psychiatry 158:1843 (paroxetine and citalopram: [11C]DASB plateau ~85 %).
Parsey RV et al. (2006) Biol Psychiatry 59:821 (sertraline plasma KD 1.9 ng/mL, [11C]DASB).
Kreilgaard M et al. (2008) Br J Pharmacol 155:276 (plasma for 80 % SERT occupancy).
Geldof M et al. (2007) Eur J Pharm Sci 30:45 (rat fluvoxamine PK model).
Caccia S et al. (1990) Psychopharmacology 100:509 (rat fluoxetine/norfluoxetine).
Khawaja X et al. (1995) J Neurochem 64:2716; Martin-Ruiz R et al. (2001) J Neurosci 21:9856.
"""

from __future__ import annotations

import brian2

from raphe.circuits.pharmacology.dosing import Dose, Regimen
from raphe.circuits.pharmacology.library import DRUGS, register
from raphe.circuits.pharmacology import enantiomers as _enantiomers  # noqa: F401  (registers)
from raphe.circuits.pharmacology.model import (
    R2, RECEPTOR_TARGETS, ROUTES, SPECIES, TARGETS, Absorption, Affinity, Drug, Efficacy,
    Peripheral, R, Source, SpeciesPK, U, affinity, efficacy, molar_mass,
)
from raphe.circuits.pharmacology.occupancy import (
    affinity_table, fast_inputs_from_concentrations, occupancy_from_concentrations,
)
from raphe.circuits.pharmacology.pk import PK_SCALE_KEYS, PKResult, default_times, simulate_pk

__all__ = [
    "DRUGS", "TARGETS", "RECEPTOR_TARGETS", "ROUTES", "SPECIES", "PK_SCALE_KEYS",
    "Dose", "Regimen", "simulate_pk", "PKResult", "default_times",
    "fast_inputs_from_concentrations", "occupancy_from_concentrations", "affinity_table",
    "Drug", "SpeciesPK", "Affinity", "Efficacy", "Absorption", "Peripheral", "Source",
    "affinity", "efficacy", "molar_mass", "R", "R2", "U",
    "register", "describe_drugs",
]


def describe_drugs() -> str:
    """A readable table of the library: name, aliases, Ki per target with marks,
    efficacy per receptor target, PK species.

    Columns are the targets that at least one drug binds. Used by ``raphe list drugs``.
    """
    targets = [t for t in TARGETS if any(t in d.affinities for _, d in DRUGS.items())]
    head = ["drug", *(f"{t} Ki (nM)" for t in targets), "efficacy", "PK", "aliases"]
    rows = []
    for name, drug in DRUGS.items():
        cells = [name]
        for t in targets:
            a = drug.affinities.get(t)
            cells.append("-" if a is None else f"{float(a.ki / brian2.nmolar):g} {a.mark}")
        cells.append(", ".join(f"{t} {e.value:g}" for t, e in drug.efficacy.items()) or "-")
        cells.append(", ".join(drug.pk))
        cells.append(", ".join(drug.aliases))
        rows.append(cells)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    lines = [fmt(head), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]
    lines.append("")
    lines.append("Marks: [R] primary source, [R2] secondary, [U] unverified prior. "
                 "'-' = not a ligand. Intrinsic efficacy per receptor: 1 full agonist, "
                 "0 silent antagonist.")
    return "\n".join(lines)
