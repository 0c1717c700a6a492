"""Record types of the drug library: drugs, affinities, per-species PK.

A drug is *data*: one :class:`Drug` record (see :mod:`.library`) holding its
molecular formula (molecular weights are computed from it), its affinities per
target, its intrinsic efficacy at every receptor target it binds, its active
metabolites and one :class:`SpeciesPK` record per species. Every physical number is a
Brian2 quantity (or a dimensionless fraction) and carries a :class:`Source`
with a mark:

``[R]``
    read in the primary abstract or text;
``[R2]``
    read in a secondary source (review, published model code);
``[U]``
    unverified, a prior only (chosen and documented, easy to change).

The PK model that uses these records is described in :mod:`.pk`.

Targets
-------
The library's targets derive from the circuit's fast inputs
(:mod:`raphe.circuits.inputs`): the transporters (their input is an
occupancy), every receptor type of the circuit (inputs ``agonist.<type>`` and
``competitor.<type>``, built from each ligand's Ki and intrinsic efficacy),
and binding sites the circuit does not model (sigma-1: occupancy only).

References
----------
Tatsumi M et al. (1997) Eur J Pharmacol 340:249-258, PMID 9537821 (Ki values).
DeVane CL et al. (2002) Clin Pharmacokinet 41:1247-1266 (sertraline PK).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import brian2

from raphe.circuits.inputs import TRANSPORTERS
from raphe.circuits.receptors import receptor_types
from raphe.registry import LiveNames

#: Transporters among the targets (their fast input is an occupancy).
TRANSPORTER_TARGETS = tuple(TRANSPORTERS)
#: Receptor targets (the circuit's receptor types): their ligands carry an intrinsic efficacy.
#: Live: a receptor type registered later (by a plugin) is a target from then on.
RECEPTOR_TARGETS = LiveNames(receptor_types)
#: Binding sites without a circuit input (occupancy is reported, nothing else).
OTHER_TARGETS = ("sigma-1",)
#: Targets of the library, in display order (live, as :data:`RECEPTOR_TARGETS`).
TARGETS = LiveNames(lambda: TRANSPORTER_TARGETS + OTHER_TARGETS + receptor_types())
#: Species with PK records, and their default body weights.
SPECIES = ("rat", "human")
DEFAULT_BODY_WEIGHT = MappingProxyType({
    "rat": 0.3 * brian2.kgram,     # the default adult rat
    "human": 70 * brian2.kgram,    # reference adult
})
#: Routes a species record can name (``iv_infusion`` needs ``iv``; ``minipump`` needs ``sc``).
BASE_ROUTES = ("iv", "ip", "sc", "po")
ROUTES = ("iv", "iv_infusion", "ip", "sc", "po", "minipump")
MARKS = ("[R]", "[R2]", "[U]")

# Units used in the records.
hour = 3600 * brian2.second
minute = 60 * brian2.second
nM = brian2.nmolar
g_per_mol = brian2.gram / brian2.mole
L_per_kg = brian2.liter / brian2.kgram
L_per_h_per_kg = brian2.liter / hour / brian2.kgram
per_hour = 1 / hour


@dataclass(frozen=True)
class Source:
    """Where a number comes from.

    Parameters
    ----------
    mark : str
        ``"[R]"``, ``"[R2]"`` or ``"[U]"``.
    source : str
        Author year, journal, PMID/DOI, or the reasoning for a chosen value.
    """

    mark: str
    source: str

    def __str__(self) -> str:
        return f"{self.mark} {self.source}"


def R(source: str) -> Source:
    """A figure read in the primary source."""
    return Source("[R]", source)


def R2(source: str) -> Source:
    """A figure read in a secondary source."""
    return Source("[R2]", source)


def U(source: str) -> Source:
    """An unverified prior (say why it was chosen)."""
    return Source("[U]", source)


@dataclass(frozen=True)
class Affinity:
    """Equilibrium inhibition constant at one target.

    Parameters
    ----------
    ki : Quantity
        Inhibition (or dissociation) constant, a concentration (nM).
    mark : str
        ``"[R]"``, ``"[R2]"`` or ``"[U]"``.
    source : str
        Citation.
    """

    ki: brian2.Quantity
    mark: str
    source: str


def affinity(ki_nM: float, src: Source) -> Affinity:
    """``affinity(0.29, R("Tatsumi 1997"))`` -> an :class:`Affinity` of 0.29 nM."""
    return Affinity(ki_nM * nM, src.mark, src.source)


@dataclass(frozen=True)
class Efficacy:
    """Intrinsic efficacy of a ligand at one receptor target.

    Parameters
    ----------
    value : float
        0..1: 1 a full agonist (as the endogenous transmitter), 0 a silent
        antagonist (inverse agonists are modelled as 0), in between a partial
        agonist.
    mark : str
        ``"[R]"``, ``"[R2]"`` or ``"[U]"``.
    source : str
        Citation.
    """

    value: float
    mark: str
    source: str


def efficacy(value: float, src: Source) -> Efficacy:
    """``efficacy(1.0, R("Martin-Ruiz 2001"))`` -> an :class:`Efficacy` of 1."""
    return Efficacy(float(value), src.mark, src.source)


@dataclass(frozen=True)
class Absorption:
    """Input by one route.

    Parameters
    ----------
    bioavailability : float
        Fraction of the dose reaching the systemic circulation (1 for i.v.).
    ka : Quantity or None
        First-order absorption rate constant (1/time); None for i.v.
    lag : Quantity
        Absorption lag time.
    """

    bioavailability: float
    ka: brian2.Quantity | None = None
    lag: brian2.Quantity = field(default_factory=lambda: 0 * brian2.second)


@dataclass(frozen=True)
class Peripheral:
    """A peripheral plasma compartment (volume per kg, inter-compartmental clearance per kg)."""

    volume: brian2.Quantity
    flow: brian2.Quantity


@dataclass(frozen=True)
class SpeciesPK:
    """Linear PK of one compound in one species, normalised to body weight.

    Parameters
    ----------
    species : str
        ``"rat"`` or ``"human"``.
    clearance : Quantity
        Systemic clearance per kg body weight (L/h/kg).
    volume : Quantity
        Central volume per kg (L/kg); for a one-compartment model the volume of
        distribution.
    peripherals : tuple of Peripheral
        0-2 peripheral compartments.
    fu : float
        Unbound fraction in plasma.
    kp_uu : float
        Unbound brain ECF / unbound plasma ratio at equilibrium.
    brain_half_time : Quantity
        Half-time of brain ECF equilibration with unbound plasma.
    in_vivo_ki : mapping str -> Affinity
        Free brain ECF concentration giving half-maximal target occupancy in
        vivo in this species, per target, where a study measured it (ex vivo
        binding or PET against a free brain or ECF concentration). It replaces
        the drug's in-vitro Ki for this species; targets not listed use the
        in-vitro Ki (free brain concentrations predict in-vivo SERT occupancy
        from in-vitro affinity: Bundgaard et al. 2012 Xenobiotica 42:256).
    routes : mapping str -> Absorption
        Available base routes (``iv``, ``ip``, ``sc``, ``po``).
    formation : mapping str -> float
        Active metabolite name -> fraction of the parent's clearance that forms it (molar).
    nominal_dose : str or None
        A typical dose (``"10 mg/kg"``) for defaults and conformance tests;
        None for a metabolite that is never given.
    nominal_route : str or None
        Route of the nominal dose.
    sources : mapping str -> Source
        One entry per number: ``clearance``, ``volume``, ``peripherals``
        (if any), ``fu``, ``kp_uu``, ``brain_half_time``, ``routes.<route>``,
        ``formation.<metabolite>``.
    notes : str
        Reasoning behind chosen ([U]) values.
    """

    species: str
    clearance: brian2.Quantity
    volume: brian2.Quantity
    fu: float
    kp_uu: float
    brain_half_time: brian2.Quantity
    routes: Mapping[str, Absorption]
    sources: Mapping[str, Source]
    peripherals: tuple[Peripheral, ...] = ()
    formation: Mapping[str, float] = field(default_factory=dict)
    in_vivo_ki: Mapping[str, Affinity] = field(default_factory=dict)
    nominal_dose: str | None = None
    nominal_route: str | None = None
    notes: str = ""

    def __post_init__(self):
        object.__setattr__(self, "routes", MappingProxyType(dict(self.routes)))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))
        object.__setattr__(self, "formation", MappingProxyType(dict(self.formation)))
        object.__setattr__(self, "in_vivo_ki", MappingProxyType(dict(self.in_vivo_ki)))
        object.__setattr__(self, "peripherals", tuple(self.peripherals))
        for target in self.in_vivo_ki:
            if target not in TARGETS:
                from raphe.errors import UnknownNameError
                raise UnknownNameError(f"{self.species} in_vivo_ki target", target, TARGETS)

    def available_routes(self) -> tuple[str, ...]:
        """All routes this record supports, including ``iv_infusion`` and ``minipump``."""
        out = []
        for r in ROUTES:
            if r in self.routes or (r == "iv_infusion" and "iv" in self.routes) or \
                    (r == "minipump" and "sc" in self.routes):
                out.append(r)
        return tuple(out)

    def half_life(self) -> brian2.Quantity:
        """Terminal elimination half-life implied by the compartment parameters."""
        import numpy as np

        from raphe.circuits.pharmacology.pk import _plasma_matrix
        a = _plasma_matrix(self, 1.0, {})
        slowest = -max(np.linalg.eigvals(a).real)
        return np.log(2) / slowest * hour


_ATOMIC_MASS = {  # IUPAC standard atomic weights (conventional values), g/mol
    "C": 12.011, "H": 1.008, "N": 14.007, "O": 15.999, "F": 18.998,
    "Cl": 35.45, "Br": 79.904, "S": 32.06, "I": 126.904,
}


def molar_mass(formula: str) -> brian2.Quantity:
    """Molar mass of a formula such as ``"C17H17Cl2N.HCl"`` or ``"C20H21FN2O.C2H2O4"``.

    Parts separated by ``.`` are added; a part may start with a count
    (``"0.5H2O"``).

    Returns
    -------
    Quantity
        In g/mol.
    """
    total = 0.0
    for part in formula.split("."):
        m = re.fullmatch(r"(\d+(?:\.\d+)?)?([A-Za-z0-9]+)", part.strip())
        if not m:
            raise ValueError(f"bad formula part {part!r}")
        count = float(m.group(1)) if m.group(1) else 1.0
        mass = 0.0
        for symbol, n in re.findall(r"([A-Z][a-z]?)(\d*)", m.group(2)):
            mass += _ATOMIC_MASS[symbol] * (int(n) if n else 1)
        total += count * mass
    return total * g_per_mol


@dataclass(frozen=True)
class Drug:
    """One compound of the library.

    Parameters
    ----------
    name : str
        Registered name (``"sertraline"``).
    aliases : tuple of str
        Other names (brand names, codes); lookup is case-insensitive.
    formula : str
        Molecular formula of the free base.
    salt : str or None
        Name of the usual salt (``"hydrochloride"``), None if given as base.
    salt_formula : str or None
        Formula of the salt (``"C17H17Cl2N.HCl"``).
    affinities : mapping str -> Affinity
        Ki per target (keys from :data:`TARGETS`); a missing target means
        "not a ligand".
    efficacy : mapping str -> Efficacy
        Intrinsic efficacy per receptor target (keys from
        :data:`RECEPTOR_TARGETS`): one entry for every receptor target in
        ``affinities``, none for transporters or other sites.
    metabolites : tuple of str
        Names of active metabolite records formed from this drug.
    pk : mapping str -> SpeciesPK
        PK record per species.
    sources : mapping str -> Source
        For ``formula`` and ``salt_formula`` (the molecular weights).
    notes : str
    """

    name: str
    formula: str
    affinities: Mapping[str, Affinity]
    pk: Mapping[str, SpeciesPK]
    sources: Mapping[str, Source]
    aliases: tuple[str, ...] = ()
    salt: str | None = None
    salt_formula: str | None = None
    efficacy: Mapping[str, Efficacy] = field(default_factory=dict)
    metabolites: tuple[str, ...] = ()
    notes: str = ""
    mw_base: brian2.Quantity = field(init=False)
    mw_salt: brian2.Quantity = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "affinities", MappingProxyType(dict(self.affinities)))
        object.__setattr__(self, "efficacy", MappingProxyType(dict(self.efficacy)))
        self._check_targets()
        object.__setattr__(self, "pk", MappingProxyType(dict(self.pk)))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "metabolites", tuple(self.metabolites))
        object.__setattr__(self, "mw_base", molar_mass(self.formula))
        object.__setattr__(self, "mw_salt", molar_mass(self.salt_formula)
                           if self.salt_formula else molar_mass(self.formula))

    def _check_targets(self) -> None:
        """Targets known; an efficacy in 0..1 for exactly the receptor targets bound."""
        from raphe.errors import RapheInputError, UnknownNameError
        for target in self.affinities:
            if target not in TARGETS:
                raise UnknownNameError(f"drug {self.name}.affinities target", target, TARGETS)
        for target, eff in self.efficacy.items():
            field_ = f"drug {self.name}.efficacy[{target}]"
            if target not in RECEPTOR_TARGETS:
                raise UnknownNameError(f"drug {self.name}.efficacy target", target,
                                       RECEPTOR_TARGETS)
            if target not in self.affinities:
                raise RapheInputError(field_, eff, f"no efficacy: {self.name} has no Ki at {target}")
            if not isinstance(eff, Efficacy) or not 0.0 <= eff.value <= 1.0:
                raise RapheInputError(field_, eff, "an Efficacy with a value from 0 to 1")
        for target in self.affinities:
            if target in RECEPTOR_TARGETS and target not in self.efficacy:
                raise RapheInputError(f"drug {self.name}.efficacy[{target}]", None,
                                      f"an intrinsic efficacy (0..1) at {target}, where it has "
                                      f"a Ki")

    def efficacy_at(self, target: str) -> float | None:
        """Intrinsic efficacy at a receptor ``target``, or None if the drug does not bind it."""
        eff = self.efficacy.get(target)
        return None if eff is None else eff.value

    def ki(self, target: str) -> brian2.Quantity | None:
        """Ki at ``target`` (a concentration), or None if the drug does not bind it."""
        if target not in TARGETS:
            from raphe.errors import UnknownNameError
            raise UnknownNameError("target", target, TARGETS)
        a = self.affinities.get(target)
        return None if a is None else a.ki

    def species_pk(self, species: str) -> SpeciesPK:
        """The PK record for ``species`` (RapheInputError if there is none)."""
        from raphe.errors import RapheInputError
        if species not in self.pk:
            raise RapheInputError(
                "species", species,
                f"a species with PK data for {self.name} (available: {', '.join(self.pk)})")
        return self.pk[species]
