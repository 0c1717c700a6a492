"""Frozen, validated specifications of the virtual animal's circuit.

Specs describe; :mod:`raphe.circuits.builder` builds. Every physical number is
a Brian2 quantity with a source; validation happens on construction, so a bad
spec fails before any Brian2 object exists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Mapping

import brian2
import numpy as np

from raphe.errors import RapheInputError, UnknownNameError


@dataclass(frozen=True)
class Param:
    """A parameter value with its provenance.

    Attributes
    ----------
    value : Quantity
        The value, with a Brian2 unit (dimensionless numbers are floats).
    source : str
        Citation (author year, journal, PMID/DOI) or the reasoning behind it.
    mark : str
        ``"R"`` read in a primary source, ``"R2"`` secondary, ``"U"`` unverified prior.
    """

    value: object
    source: str
    mark: str = "U"

    def __post_init__(self):
        if self.mark not in ("R", "R2", "U"):
            raise RapheInputError("Param.mark", self.mark, "one of 'R', 'R2', 'U'")


def P(value, source: str, mark: str = "U") -> Param:
    """Shorthand for :class:`Param`."""
    return Param(value, source, mark)


def check_quantity(field_name: str, value, like) -> None:
    """Raise RapheInputError unless ``value`` has the dimension of ``like`` and is finite."""
    if isinstance(value, bool) or not isinstance(value, (brian2.Quantity, int, float, np.number)):
        raise RapheInputError(field_name, value, f"a quantity with the unit of {like!r}")
    if brian2.get_dimensions(value) != brian2.get_dimensions(like):
        raise RapheInputError(field_name, value, f"a quantity with the unit of {like!r} (wrong unit)")
    if not np.all(np.isfinite(np.asarray(value))):
        raise RapheInputError(field_name, value, "a finite value")


@dataclass(frozen=True)
class ReceptorSite:
    """A receptor of a registered type expressed by a population.

    Attributes
    ----------
    receptor : str
        Registered receptor site name (see :mod:`raphe.circuits.receptors`).
    gmax : Param
        Maximal conductance at full activation and sensitivity 1 (siemens).
    """

    receptor: str
    gmax: Param


@dataclass(frozen=True)
class TerminalAutoreceptor:
    """A release-controlling (``"release"`` effector) receptor site on a pool's terminals.

    Release per spike is scaled by ``1 - imax*a`` with ``a`` the site's
    operational-model response (see :mod:`raphe.circuits.receptors`).

    Attributes
    ----------
    receptor : str
        Registered receptor site name (effector ``"release"``).
    imax : Param
        Largest fractional inhibition of release per spike (0..1).
    """

    receptor: str
    imax: Param

    def __post_init__(self):
        v = self.imax.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
            raise RapheInputError(f"autoreceptor {self.receptor}.imax", v, "a fraction in [0, 1]")


@dataclass(frozen=True)
class CytosolicPool:
    """A pool's impulse-independent release drawn from a cytosolic pool that reuptake feeds.

    Non-exocytotic release is ``tonic*f_cyt`` with the cytosolic fill ``f_cyt``
    relaxing towards ``(1 - reuptake_share) + reuptake_share*J/J0``, ``J`` the
    transporter's uptake flux and ``J0`` its basal value (Best, Nijhout & Reed 2010
    Theor Biol Med Model 7:34: cytosolic 5-HT is supplied by synthesis and by SERT
    reuptake, and removed by MAO and vesicular uptake). So the impulse-independent
    release falls when the transporter is blocked or release stops.

    Attributes
    ----------
    reuptake_share : Param
        Fraction of the basal cytosolic supply that comes from reuptake.
    """

    reuptake_share: Param

    def __post_init__(self):
        v = self.reuptake_share.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
            raise RapheInputError("cytosol.reuptake_share", v, "a fraction in [0, 1]")


@dataclass(frozen=True)
class ReleasableStore:
    """A pool's releasable transmitter store, depleted when transporter recycling stops.

    The store's fill (fast input ``store.<transmitter>``, 1 = naive) scales all of
    the pool's release; it is slow state, moved over days by
    :class:`raphe.circuits.adaptation.StoreDepletion` towards
    ``(1 - recycling) + recycling*U/U0`` with ``U/U0`` the transporter's uptake flux
    relative to the naive animal (Best, Nijhout & Reed 2010 Theor Biol Med Model
    7:34: vesicular 5-HT is refilled from cytosolic 5-HT supplied by synthesis and
    by SERT reuptake).

    Attributes
    ----------
    recycling : Param
        Fraction of the naive supply of releasable transmitter that comes from reuptake.
    """

    recycling: Param

    def __post_init__(self):
        v = self.recycling.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < 1:
            raise RapheInputError("store.recycling", v, "a fraction in [0, 1)")


@dataclass(frozen=True)
class PopulationSpec:
    """One neuron population of the circuit.

    Attributes
    ----------
    name : str
        Unique name (``"DRN_5HT"``), a valid identifier.
    region : str
        Brain region (``"DRN"``, ``"PFC"``, ``"NAc"``, ``"VTA"``, ``"LC"``).
    description : str
        One line.
    size : int
        Number of neurons at circuit scale 1.
    params : dict[str, Param]
        Membrane parameters (see :data:`raphe.circuits.populations.base.MEMBRANE`).
    heterogeneity : dict[str, float]
        Coefficient of variation of per-neuron draws (Gaussian, truncated at 3 SD).
    receptors : tuple[ReceptorSite, ...]
        Receptor sites (activation from the region's transmitter pools).
    background_rate : Param
        Total rate of independent excitatory background (Poisson) input.
    background_weight : Param
        Conductance increment of each background event.
    transmitter : str or None
        Monoamine released by this population's spikes (``"5-HT"``, ``"DA"``, ``"NE"``).
    baseline_rate : tuple[Quantity, Quantity]
        Documented baseline firing range (for tests and docs).
    baseline_source : str
        Source of that range.
    """

    name: str
    region: str
    description: str
    size: int
    params: Mapping[str, Param]
    heterogeneity: Mapping[str, float]
    receptors: tuple[ReceptorSite, ...]
    background_rate: Param
    background_weight: Param
    transmitter: str | None
    baseline_rate: tuple
    baseline_source: str

    def __post_init__(self):
        from raphe.circuits.populations.base import PARAM_UNITS  # local: avoid cycle

        if not self.name.isidentifier():
            raise RapheInputError("population.name", self.name, "a valid identifier")
        if isinstance(self.size, bool) or not isinstance(self.size, (int, np.integer)) or self.size < 1:
            raise RapheInputError(f"{self.name}.size", self.size, "a positive integer")
        for key, p in self.params.items():
            if key not in PARAM_UNITS:
                raise UnknownNameError(f"{self.name}.params", key, PARAM_UNITS)
            check_quantity(f"{self.name}.params.{key}", p.value, PARAM_UNITS[key])
        missing = set(PARAM_UNITS) - set(self.params)
        if missing:
            raise RapheInputError(f"{self.name}.params", sorted(missing)[0], "every membrane parameter to be given")
        for key, cv in self.heterogeneity.items():
            if key not in self.params:
                raise UnknownNameError(f"{self.name}.heterogeneity", key, self.params)
            if not (isinstance(cv, (int, float)) and math.isfinite(cv) and 0 <= cv < 1):
                raise RapheInputError(f"{self.name}.heterogeneity.{key}", cv, "a coefficient of variation in [0, 1)")
        check_quantity(f"{self.name}.background_rate", self.background_rate.value, brian2.Hz)
        check_quantity(f"{self.name}.background_weight", self.background_weight.value, brian2.nS)
        if self.background_rate.value < 0 * brian2.Hz:
            raise RapheInputError(f"{self.name}.background_rate", self.background_rate.value, "a rate >= 0 Hz")


@dataclass(frozen=True)
class ProjectionSpec:
    """Synaptic projection between two populations (fixed expected in-degree).

    Attributes
    ----------
    source, target : str
        Population names.
    kind : str
        ``"exc"`` (increments ``ge``) or ``"inh"`` (increments ``gi``).
    indegree : int
        Expected number of presynaptic partners per target neuron, independent
        of circuit scale so rates do not change with scale.
    weight : Param
        Conductance increment per presynaptic spike (siemens).
    delay : Param
        Synaptic delay.
    """

    source: str
    target: str
    kind: str
    indegree: int
    weight: Param
    delay: Param

    def __post_init__(self):
        name = f"projection {self.source}->{self.target}"
        if self.kind not in ("exc", "inh"):
            raise RapheInputError(f"{name}.kind", self.kind, "'exc' or 'inh'")
        if isinstance(self.indegree, bool) or not isinstance(self.indegree, (int, np.integer)) or self.indegree < 0:
            raise RapheInputError(f"{name}.indegree", self.indegree, "an integer >= 0")
        check_quantity(f"{name}.weight", self.weight.value, brian2.nS)
        check_quantity(f"{name}.delay", self.delay.value, brian2.ms)
        if self.weight.value < 0 * brian2.nS:
            raise RapheInputError(f"{name}.weight", self.weight.value, "a conductance >= 0 nS")


@dataclass(frozen=True)
class PoolSpec:
    """Extracellular transmitter pool of a region (volume transmission).

    ``dC/dt = tonic + release - Vmax*C/(Km*(1 + inhibition) + C) - k_diff*C``,
    with ``inhibition = occupancy/(1 - occupancy)`` of the transporter, i.e.
    ``Km_app = Km * (1 + sum_i C_i/Ki)``. ``release`` is an increment per
    spike of every releasing neuron, scaled by ``1 - Imax*a`` of the pool's
    terminal autoreceptor if it has one, derived so that the pool sits at
    ``basal`` when the releasing population fires at ``nominal_rate``;
    ``tonic`` (impulse-independent, non-exocytotic) release is not
    autoreceptor-controlled.

    Attributes
    ----------
    region, transmitter : str
    transporter : str
        ``"SERT"``, ``"DAT"`` or ``"NET"``.
    releasing_population : str
    basal : Param
        Basal extracellular concentration (the calibration target).
    nominal_rate : Param
        Baseline rate of the releasing population used to derive release per spike.
    km, vmax : Param
        Michaelis-Menten constants of the transporter.
    k_diff : Param
        Transporter-independent first-order clearance (diffusion, other uptake),
        keeping full blockade bounded.
    tonic_fraction : Param
        Fraction of basal release that is impulse-independent.
    autoreceptor : TerminalAutoreceptor or None
        Terminal autoreceptor controlling release per spike (default none).
    store : ReleasableStore or None
        Releasable store scaling all release by the fast input ``store.<transmitter>``
        (default none: release independent of it).
    cytosol : CytosolicPool or None
        Cytosolic pool that scales the impulse-independent release (default none:
        ``tonic`` constant).
    """

    region: str
    transmitter: str
    transporter: str
    releasing_population: str
    basal: Param
    nominal_rate: Param
    km: Param
    vmax: Param
    k_diff: Param
    tonic_fraction: Param
    autoreceptor: TerminalAutoreceptor | None = None
    store: ReleasableStore | None = None
    cytosol: CytosolicPool | None = None

    @property
    def name(self) -> str:
        return f"{self.region}.{self.transmitter}"

    @property
    def reuptake_share(self) -> float:
        """The cytosolic pool's reuptake share (0 without one: constant tonic release)."""
        return 0.0 if self.cytosol is None else float(self.cytosol.reuptake_share.value)

    def __post_init__(self):
        n = f"pool {self.region}.{self.transmitter}"
        if self.transporter not in ("SERT", "DAT", "NET"):
            raise UnknownNameError(f"{n}.transporter", self.transporter, ("SERT", "DAT", "NET"))
        for key, like in (("basal", brian2.nM), ("km", brian2.nM), ("vmax", brian2.nM / brian2.second),
                          ("k_diff", brian2.Hz), ("nominal_rate", brian2.Hz)):
            p = getattr(self, key)
            check_quantity(f"{n}.{key}", p.value, like)
            if p.value <= 0 * like:
                raise RapheInputError(f"{n}.{key}", p.value, "a positive value")
        tf = self.tonic_fraction.value
        if not (isinstance(tf, (int, float)) and 0 <= tf < 1):
            raise RapheInputError(f"{n}.tonic_fraction", tf, "a fraction in [0, 1)")
        # the reuptake-fed tonic release is a positive feedback (more 5-HT, more uptake, more
        # cytosolic 5-HT): it must stay below the uptake it comes from, else no steady state
        c0, km, vmax = self.basal.value, self.km.value, self.vmax.value
        j0 = vmax * c0 / (km + c0)
        gain = tf * self.reuptake_share * float((j0 + self.k_diff.value * c0) / j0)
        if gain >= 0.95:
            raise RapheInputError(f"{n}.cytosol.reuptake_share", self.reuptake_share,
                                  f"a share with tonic_fraction*share*(1 + k_diff*C0/J0) < 0.95 (is {gain:.2f})")
        if self.autoreceptor is not None:
            from raphe.circuits.receptors import RECEPTORS  # local: avoid cycle

            rec = RECEPTORS.get(self.autoreceptor.receptor, field=f"{n}.autoreceptor")
            if rec.effector != "release" or rec.transmitter != self.transmitter:
                raise RapheInputError(f"{n}.autoreceptor", self.autoreceptor.receptor,
                                      f"a release-controlling site for {self.transmitter}")


#: generators of the membrane noise (:attr:`CircuitSpec.noise`)
NOISE_GENERATORS = ("brian2", "ziggurat")


@dataclass(frozen=True)
class CircuitSpec:
    """The whole circuit: populations, projections, pools, scale, seed, timestep.

    Build the default with :func:`raphe.circuits.default_circuit`.

    Attributes
    ----------
    populations : tuple[PopulationSpec, ...]
    projections : tuple[ProjectionSpec, ...]
    pools : tuple[PoolSpec, ...]
    scale : float
        Multiplies every population size (in-degrees are fixed, so rates do not depend on it).
    seed : int
        Seed of the virtual animal (connectivity, per-neuron parameters, noise).
    dt : Quantity
        Integration time step.
    noise : str
        Generator of the membrane noise in compiled (cpp_standalone) windows:
        ``"ziggurat"`` (the default: the same N(0, 1) numbers as Brian2's, drawn about twice
        as fast per window; see :mod:`raphe.circuits.noise`) or ``"brian2"`` (Brian2's polar
        Box-Muller; a different realization for a seed). Runtime back ends always use Brian2's.
    """

    populations: tuple[PopulationSpec, ...]
    projections: tuple[ProjectionSpec, ...]
    pools: tuple[PoolSpec, ...]
    scale: float = 1.0
    seed: int = 1
    dt: object = field(default_factory=lambda: 0.1 * brian2.ms)
    noise: str = "ziggurat"

    def __post_init__(self):
        if self.noise not in NOISE_GENERATORS:
            raise RapheInputError("circuit.noise", self.noise, f"one of {', '.join(NOISE_GENERATORS)}")
        if isinstance(self.scale, bool) or not isinstance(self.scale, (int, float)) or \
                not math.isfinite(self.scale) or not 0.01 <= self.scale <= 16:
            raise RapheInputError("circuit.scale", self.scale, "a number in [0.01, 16]")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or \
                not 0 <= self.seed < 2**32:
            raise RapheInputError("circuit.seed", self.seed, "an integer in [0, 2**32)")
        check_quantity("circuit.dt", self.dt, brian2.ms)
        if not 0.01 * brian2.ms <= self.dt <= 0.5 * brian2.ms:
            raise RapheInputError("circuit.dt", self.dt, "a time step in [0.01 ms, 0.5 ms]")
        names = [p.name for p in self.populations]
        if len(set(names)) != len(names):
            raise RapheInputError("circuit.populations", names, "unique population names")
        for proj in self.projections:
            for end in (proj.source, proj.target):
                if end not in names:
                    raise UnknownNameError(f"projection {proj.source}->{proj.target}", end, names)
        for pool in self.pools:
            if pool.releasing_population not in names:
                raise UnknownNameError(f"pool {pool.name}.releasing_population",
                                       pool.releasing_population, names)

    def population(self, name: str) -> PopulationSpec:
        for p in self.populations:
            if p.name == name:
                return p
        raise UnknownNameError("population", name, [p.name for p in self.populations])

    def size(self, name: str) -> int:
        """Number of neurons of population ``name`` at this scale (at least 1)."""
        return max(1, int(round(self.population(name).size * self.scale)))

    @property
    def n_neurons(self) -> int:
        return sum(self.size(p.name) for p in self.populations)

    def with_(self, **changes) -> "CircuitSpec":
        """A copy with fields changed (validated again)."""
        return replace(self, **changes)

    def fingerprint(self) -> str:
        """Stable hash of everything that determines the circuit's behaviour.

        Covers the spec and the builder's model code (equations, update and
        release statements), so caches keyed by it go stale when either changes.
        """
        import hashlib

        from raphe.circuits.builder import model_code

        return hashlib.sha256((repr(self) + model_code(self)).encode()).hexdigest()[:16]
