"""Target occupancy and the circuit's fast inputs from free brain concentrations.

Every drug present competes for each target (Clark/Gaddum competitive
binding). With ``S = sum_i C_i / K_i`` over drugs i at free brain ECF
concentration ``C_i``, the fraction of the target occupied by drugs is
``S / (1 + S)`` (no endogenous ligand). The circuit adds its own endogenous
ligand, so for receptors it receives the drug terms, not the occupancy
(see :mod:`raphe.circuits.inputs`):

- ``occupancy.<transporter>`` = ``S / (1 + S)`` for every transporter of the circuit;
- ``agonist.<receptor>`` = ``sum_i e_i C_i / K_i``;
- ``competitor.<receptor>`` = ``sum_i (1 - e_i) C_i / K_i``;

for every receptor type of the circuit
(:data:`~.model.RECEPTOR_TARGETS`, the receptor registry's types), with ``e_i`` the drug's
intrinsic efficacy at that receptor (:meth:`~.model.Drug.efficacy_at`: 1 for
8-OH-DPAT at 5-HT1A, 0 for WAY-100635 at 5-HT1A or GR127935 at 5-HT1B). A
drug with a Ki but no efficacy at a receptor (possible only through an
``affinities`` override, e.g. a Ki measured by the binding panel) is treated
as a silent competitor (``e = 0``).

References
----------
Clark AJ (1933) The Mode of Action of Drugs on Cells; Gaddum JH (1937) J Physiol 89:7P
(competitive occupancy by several ligands).
Black JW, Leff P (1983) Proc R Soc Lond B 220:141 (efficacy in the operational model).
"""

from __future__ import annotations

import math
from typing import Mapping

import brian2
import numpy as np

from raphe.circuits.inputs import FAST_INPUTS, TRANSPORTERS
from raphe.circuits.pharmacology.library import DRUGS
from raphe.circuits.pharmacology.model import RECEPTOR_TARGETS, TARGETS, nM
from raphe.errors import RapheInputError, UnknownNameError

_CONC = brian2.get_dimensions(brian2.molar)


def affinity_table(drugs, affinities: Mapping | None = None, species: str | None = None
                   ) -> dict[tuple[str, str], float]:
    """Ki in nM for every (drug, target) pair that binds.

    In order of precedence: ``affinities`` overrides, the species' in-vivo Ki
    (:attr:`~.model.SpeciesPK.in_vivo_ki`, if ``species`` is given and the
    drug has a record for it), the library's in-vitro Ki.

    Parameters
    ----------
    drugs : iterable of str
        Drug names (aliases allowed).
    affinities : mapping (drug, target) -> Quantity or None, optional
        Overrides (a concentration); None removes a binding.
    species : str, optional
        Use this species' in-vivo Ki where a drug record has one.

    Returns
    -------
    dict
        ``{(drug, target): Ki_nM}``, registered drug names.
    """
    names = [DRUGS.canonical(d, field="drug") for d in drugs]
    table = {}
    for name in names:
        drug = DRUGS.get(name)
        for target, aff in drug.affinities.items():
            table[(name, target)] = float(aff.ki / nM)
        pk = drug.pk.get(species) if species is not None else None
        if pk is not None:
            for target, aff in pk.in_vivo_ki.items():
                table[(name, target)] = float(aff.ki / nM)
    for key, ki in (validate_affinities(affinities) or {}).items():
        if key[0] not in names:
            continue
        if ki is None:
            table.pop(key, None)
        else:
            table[key] = ki
    return table


def validate_affinities(affinities: Mapping | None) -> dict[tuple[str, str], float | None] | None:
    """Check an ``{(drug, target): Ki}`` override mapping; return Ki in nM (None kept)."""
    if affinities is None:
        return None
    if not isinstance(affinities, Mapping):
        raise RapheInputError("affinities", affinities, "a mapping {(drug, target): Ki}")
    out = {}
    for key, ki in affinities.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise RapheInputError("affinities", key, "keys (drug, target), e.g. ('sertraline', 'SERT')")
        drug = DRUGS.canonical(key[0], field="affinities.drug")
        if key[1] not in TARGETS:
            raise UnknownNameError("affinities.target", key[1], TARGETS)
        field = f"affinities[{drug}, {key[1]}]"
        if ki is None:
            out[(drug, key[1])] = None
            continue
        if not isinstance(ki, brian2.Quantity) or brian2.get_dimensions(ki) != _CONC:
            raise RapheInputError(field, ki, "a concentration like 0.29*nM")
        v = float(ki / nM)
        if not math.isfinite(v) or v <= 0:
            raise RapheInputError(field, ki, "a finite concentration greater than zero")
        out[(drug, key[1])] = v
    return out


def _as_nM(value, drug: str) -> np.ndarray:
    if isinstance(value, brian2.Quantity):
        if brian2.get_dimensions(value) != _CONC:
            raise RapheInputError(f"conc_nM[{drug}]", value, "a concentration (nM)")
        return np.asarray(value / nM, dtype=float)
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise RapheInputError(f"conc_nM[{drug}]", "non-finite or negative values",
                              "finite concentrations >= 0 in nM")
    return arr


def binding_terms(conc_nM: Mapping, affinities: Mapping | None = None, species: str | None = None):
    """``S``, agonist and competitor terms per target.

    Parameters
    ----------
    conc_nM : mapping drug -> array
        Free brain ECF concentrations (nM floats or concentration quantities).
    affinities : mapping, optional
        Ki overrides, see :func:`affinity_table`.
    species : str, optional
        Use the species' in-vivo Ki where the library has one.

    Returns
    -------
    total, agonist, competitor : dict target -> ndarray
        ``sum C/K``, ``sum e C/K`` and ``sum (1-e) C/K`` per target.
    """
    conc = {DRUGS.canonical(d, field="drug"): _as_nM(c, d) for d, c in conc_nM.items()}
    shape = np.broadcast_shapes(*(c.shape for c in conc.values())) if conc else ()
    table = affinity_table(conc, affinities, species)
    total = {t: np.zeros(shape) for t in TARGETS}
    agonist = {t: np.zeros(shape) for t in TARGETS}
    competitor = {t: np.zeros(shape) for t in TARGETS}
    for (drug, target), ki in table.items():
        ratio = conc[drug] / ki
        total[target] = total[target] + ratio
        eff = DRUGS.get(drug).efficacy_at(target) if target in RECEPTOR_TARGETS else None
        e = 0.0 if eff is None else float(eff)
        agonist[target] = agonist[target] + e * ratio
        competitor[target] = competitor[target] + (1.0 - e) * ratio
    return total, agonist, competitor


def occupancy_from_concentrations(conc_nM: Mapping, affinities: Mapping | None = None,
                                  species: str | None = None) -> dict[str, np.ndarray]:
    """Fraction of each target in :data:`TARGETS` occupied by the drugs (0..1)."""
    total, _, _ = binding_terms(conc_nM, affinities, species)
    return {t: s / (1.0 + s) for t, s in total.items()}


def fast_inputs_from_concentrations(conc_nM: Mapping, affinities: Mapping | None = None,
                                    species: str | None = None) -> dict[str, np.ndarray]:
    """The circuit's fast inputs from free brain ECF concentrations.

    Parameters
    ----------
    conc_nM : mapping drug -> array
        Free brain ECF concentration per drug (nM).
    affinities : mapping (drug, target) -> Quantity, optional
        Ki overrides.
    species : str, optional
        Use the species' in-vivo Ki where the library has one.

    Returns
    -------
    dict
        Every name of :data:`raphe.circuits.inputs.FAST_INPUTS` -> array
        (zeros where no drug acts).
    """
    total, agonist, competitor = binding_terms(conc_nM, affinities, species)
    shape = next(iter(total.values())).shape
    out = {name: np.full(shape, FAST_INPUTS[name].default) for name in FAST_INPUTS}
    for t in TRANSPORTERS:
        if t in total:
            out[f"occupancy.{t}"] = total[t] / (1.0 + total[t])
    for r in RECEPTOR_TARGETS:
        out[f"agonist.{r}"] = agonist[r]
        out[f"competitor.{r}"] = competitor[r]
    return out
