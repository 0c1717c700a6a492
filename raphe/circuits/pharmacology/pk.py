"""Linear compartmental pharmacokinetics to free brain ECF concentration.

Model (per compound, parameters from its :class:`~.model.SpeciesPK` record,
volumes and clearances per kg scaled by body weight)::

    depot_r' = -ka_r depot_r + inputs_r                   (ip, sc, po; minipump feeds sc)
    A1'      =  sum_r ka_r depot_r - (CL + sum Q_j)/V1 A1 + sum Q_j/V_j A_j + iv inputs
               + sum_parents fm CL_parent/V1_parent A1_parent     (metabolite formation)
    A_j'     =  Q_j/V1 A1 - Q_j/V_j A_j                  (0-2 peripheral compartments)
    C_brain' =  k_eq (Kp,uu fu A1/V1 - C_brain),  k_eq = ln 2 / brain_half_time

Doses enter as impulses (``F x dose`` into the depot, or the dose into A1 for
i.v.) or as zero-order rates (i.v. infusion into A1; the s.c. osmotic minipump
into the s.c. depot). The brain ECF is a concentration that follows unbound
plasma (its mass is negligible against the body), so at equilibrium free
brain = Kp,uu x unbound plasma. Outputs: total plasma (ng/mL and nM), free
brain ECF (nM), target occupancy and the circuit's fast inputs
(:mod:`.occupancy`).

The system is linear and time-invariant between events, so it is solved
exactly with matrix exponentials (scipy.linalg.expm of the matrix augmented
with the constant input rate), stepping through the merged grid of event and
output times and caching the propagator per step length: a 28-day daily
regimen costs a few milliseconds. The exponentials are kept on disk
(:mod:`raphe.memo`), so a rerun reads them without importing scipy.

References
----------
Geldof M et al. (2007) Eur J Pharm Sci 30:45 (rat fluvoxamine 3-compartment model).
DeVane CL et al. (2002) Clin Pharmacokinet 41:1247 (human sertraline).
Gabrielsson J, Weiner D (2016) Pharmacokinetic and Pharmacodynamic Data Analysis (compartment models).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import brian2
import numpy as np

from raphe.circuits.pharmacology.dosing import Dose, Regimen
from raphe.circuits.pharmacology.library import DRUGS
from raphe.circuits.pharmacology.model import (
    DEFAULT_BODY_WEIGHT, SPECIES, TARGETS, L_per_h_per_kg, L_per_kg, SpeciesPK, hour, per_hour,
)
from raphe.circuits.pharmacology.occupancy import (
    binding_terms, fast_inputs_from_concentrations, validate_affinities,
)
from raphe.errors import RapheInputError, SimulationError, UnknownNameError
from raphe.memo import call as memo_call

#: Keys of ``pk_scale`` (multiplicative between-subject factors applied to every drug).
PK_SCALE_KEYS = ("clearance", "volume", "ka", "bioavailability", "fu", "kp_uu")


def _scaled(pk: SpeciesPK, scale: Mapping[str, float]):
    """Per-kg numbers in L/h/kg, L/kg, 1/h with the subject's factors applied."""
    s = lambda k: float(scale.get(k, 1.0))  # noqa: E731
    cl = float(pk.clearance / L_per_h_per_kg) * s("clearance")
    v1 = float(pk.volume / L_per_kg) * s("volume")
    periph = [(float(p.volume / L_per_kg) * s("volume"), float(p.flow / L_per_h_per_kg))
              for p in pk.peripherals]
    fu = pk.fu * s("fu")
    kpuu = pk.kp_uu * s("kp_uu")
    keq = math.log(2) / float(pk.brain_half_time / hour)
    return cl, v1, periph, fu, kpuu, keq


def _plasma_matrix(pk: SpeciesPK, body_weight_kg: float, scale: Mapping[str, float]) -> np.ndarray:
    """Rate matrix (1/h) of the central + peripheral amounts of one compound."""
    cl, v1, periph, _, _, _ = _scaled(pk, scale)
    n = 1 + len(periph)
    a = np.zeros((n, n))
    a[0, 0] = -cl / v1
    for j, (vp, q) in enumerate(periph, start=1):
        a[0, 0] -= q / v1
        a[j, 0] += q / v1
        a[0, j] += q / vp
        a[j, j] -= q / vp
    return a


@dataclass
class _System:
    """The linear system of one dosed drug and its metabolites."""

    root: str
    compounds: list[str]                      # root first, then metabolites
    central: dict[str, int]                   # compound -> index of A1
    brain: dict[str, int]
    volume_L: dict[str, float]                # absolute central volume
    depots: dict[str, int] = field(default_factory=dict)   # route -> index
    matrix: np.ndarray | None = None


def _build_system(root: str, species: str, bw: float, scale: Mapping[str, float],
                  routes: set[str]) -> _System:
    compounds: list[str] = []
    stack = [root]
    while stack:  # depth-first over the metabolite tree
        name = stack.pop(0)
        if name in compounds:
            continue
        compounds.append(name)
        # metabolites this species forms (the record's formation), in the drug's order
        formed = DRUGS.get(name).species_pk(species).formation
        stack.extend(m for m in DRUGS.get(name).metabolites if formed.get(m, 0) > 0)
    blocks = []
    idx = 0
    central, brain, vol = {}, {}, {}
    for name in compounds:
        pk = DRUGS.get(name).species_pk(species)
        n = 1 + len(pk.peripherals)
        central[name] = idx
        brain[name] = idx + n
        blocks.append((name, pk, idx, n))
        idx += n + 1
    sys_ = _System(root, compounds, central, brain, vol)
    depot_routes = sorted({"sc" if r == "minipump" else r for r in routes} & {"ip", "sc", "po"})
    for r in depot_routes:
        sys_.depots[r] = idx
        idx += 1
    a = np.zeros((idx, idx))
    for name, pk, i0, n in blocks:
        cl, v1, _, fu, kpuu, keq = _scaled(pk, scale)
        a[i0:i0 + n, i0:i0 + n] = _plasma_matrix(pk, bw, scale)
        vol[name] = v1 * bw
        b = brain[name]
        a[b, i0] = keq * kpuu * fu / (v1 * bw)
        a[b, b] = -keq
        for met, fm in pk.formation.items():
            if met in central:
                a[central[met], i0] += fm * cl / v1
    root_pk = DRUGS.get(root).species_pk(species)
    for r, j in sys_.depots.items():
        ka = float(root_pk.routes[r].ka / per_hour) * float(scale.get("ka", 1.0))
        a[j, j] = -ka
        a[central[root], j] = ka
    sys_.matrix = a
    return sys_


def _labels(sys_: _System) -> list[str]:
    """Names of the state variables of a system (for error messages)."""
    labels = [f"x[{i}]" for i in range(sys_.matrix.shape[0])]
    for name in sys_.compounds:
        n_plasma = sys_.brain[name] - sys_.central[name]
        labels[sys_.central[name]] = f"{name} central amount (nmol)"
        for j in range(1, n_plasma):
            labels[sys_.central[name] + j] = f"{name} peripheral {j} amount (nmol)"
        labels[sys_.brain[name]] = f"{name} free brain (nM)"
    for route, i in sys_.depots.items():
        labels[i] = f"{sys_.root} {route} depot (nmol)"
    return labels


def _events(sys_: _System, doses: list[Dose], species: str, body_weight, scale):
    """Impulses ``[(t_h, index, nmol)]`` and rate steps ``[(t_h, index, delta nmol/h)]``."""
    impulses, steps = [], []
    pk = DRUGS.get(sys_.root).species_pk(species)
    f_scale = float(scale.get("bioavailability", 1.0))
    for d in doses:
        bolus, rate, dur = d.rate_and_duration(body_weight)
        if d.route in ("iv", "iv_infusion"):
            index, f, lag = sys_.central[sys_.root], 1.0, 0.0
        else:
            r = "sc" if d.route == "minipump" else d.route
            absorption = pk.routes[r]
            index = sys_.depots[r]
            f = absorption.bioavailability * f_scale
            lag = float(absorption.lag / hour)
        for t in d.times():
            th = float(t / hour) + lag
            if bolus is not None:
                if bolus > 0:
                    impulses.append((th, index, f * bolus))
            elif rate > 0:
                steps.append((th, index, f * rate))
                steps.append((th + dur, index, -f * rate))
    return impulses, steps


def expm(a: np.ndarray) -> np.ndarray:
    """``scipy.linalg.expm(a)`` (scipy imported at the first call)."""
    from scipy.linalg import expm as scipy_expm

    return scipy_expm(a)


def _solve(matrix: np.ndarray, impulses, steps, t_out: np.ndarray, labels=None) -> np.ndarray:
    """States at ``t_out`` (hours, sorted) of ``x' = A x + b(t)`` with impulses.

    ``labels`` names the state variables in the :class:`SimulationError`
    raised if a state is not finite or clearly negative (more than round-off).
    """
    n = matrix.shape[0]
    events: dict[float, list] = {}
    for t, i, amount in impulses:
        events.setdefault(t, []).append(("impulse", i, amount))
    for t, i, delta in steps:
        events.setdefault(t, []).append(("rate", i, delta))
    grid = np.union1d(t_out, np.fromiter(events.keys(), float, len(events))).tolist()
    out_index = {t: k for k, t in enumerate(t_out.tolist())}
    result = np.zeros((len(t_out), n))
    x = np.zeros(n)
    b = np.zeros(n)
    b_key = b.tobytes()
    cache: dict = {}
    aug = np.zeros((n + 1, n + 1))
    aug[:n, :n] = matrix
    t_cur = grid[0]
    active = False
    max_rate = 0.0
    for t in grid:
        dt = t - t_cur
        if dt > 0 and active:
            key = (round(dt, 12), b_key)
            prop = cache.get(key)
            if prop is None:
                aug[:n, n] = b
                (e,) = memo_call("expm", expm, aug * dt)
                prop = (e[:n, :n].copy(), e[:n, n].copy())
                cache[key] = prop
            x = prop[0] @ x + prop[1]
        t_cur = t
        todo = events.get(t)
        if todo:
            active = True
            for kind, i, v in todo:
                if kind == "impulse":
                    x[i] += v
                else:
                    b[i] += v
                    max_rate = max(max_rate, abs(v))
            b[np.abs(b) < 1e-12 * max_rate] = 0.0  # infusion on/off round-off
            b_key = b.tobytes()
        k = out_index.get(t)
        if k is not None:
            result[k] = x
    _check_states(result, t_out, labels)
    np.maximum(result, 0.0, out=result)  # round-off below zero
    return result


def _check_states(result: np.ndarray, t_out: np.ndarray, labels=None) -> None:
    """SimulationError naming the time and state if the solution is not finite and >= 0.

    Amounts below zero by more than 1e-9 of the largest value of that state are
    not round-off of the matrix exponential.
    """
    finite = np.isfinite(result)
    scale = np.max(np.where(finite, np.abs(result), 0.0), axis=0)
    bad = ~finite | (result < -1e-9 * scale - 1e-300)
    if not np.any(bad):
        return
    k, j = (int(i[0]) for i in np.nonzero(bad))
    labels = list(labels) if labels is not None else [f"x[{i}]" for i in range(result.shape[1])]
    state = ", ".join(f"{n} = {v:.6g}" for n, v in zip(labels, result[k]))
    raise SimulationError(f"PK solution failed at t = {t_out[k]:g} h: {labels[j]} = {float(result[k, j])!r} "
                          f"(expected finite, >= 0); state: {state}")


@dataclass(frozen=True)
class PKResult:
    """Time course of a regimen.

    Attributes
    ----------
    time : Quantity
        The requested times.
    species : str
    body_weight : Quantity
    regimen : Regimen
    plasma_ng_per_ml, plasma_nM, brain_free_nM : dict drug -> ndarray
        Total plasma and free brain ECF concentrations; metabolites have their own keys.
    occupancy : dict target -> ndarray
        Fraction (0..1) of each target in :data:`TARGETS` occupied by all drugs present.
    fast_inputs : dict name -> ndarray
        Every fast input of :mod:`raphe.circuits.inputs`.
    """

    time: brian2.Quantity
    species: str
    body_weight: brian2.Quantity
    regimen: Regimen
    plasma_ng_per_ml: dict
    plasma_nM: dict
    brain_free_nM: dict
    occupancy: dict
    fast_inputs: dict

    @property
    def time_h(self) -> np.ndarray:
        return np.asarray(self.time / hour, dtype=float)

    def to_dict(self) -> dict:
        """JSON-ready dict: ``time_h``, ``plasma_ng_per_ml``, ``plasma_nM``,
        ``brain_free_nM``, ``occupancy`` ({target: list}) and ``fast_inputs``."""
        lst = lambda d: {k: np.asarray(v, float).tolist() for k, v in d.items()}  # noqa: E731
        return {
            "species": self.species,
            "body_weight_kg": float(self.body_weight / brian2.kgram),
            "time_h": self.time_h.tolist(),
            "plasma_ng_per_ml": lst(self.plasma_ng_per_ml),
            "plasma_nM": lst(self.plasma_nM),
            "brain_free_nM": lst(self.brain_free_nM),
            "occupancy": lst(self.occupancy),
            "fast_inputs": lst(self.fast_inputs),
        }


def _validate_scale(pk_scale) -> dict[str, float]:
    if pk_scale is None:
        return {}
    if not isinstance(pk_scale, Mapping):
        raise RapheInputError("pk_scale", pk_scale, "a mapping like {'clearance': 1.1}")
    out = {}
    for k, v in pk_scale.items():
        if k not in PK_SCALE_KEYS:
            raise UnknownNameError("pk_scale", k, PK_SCALE_KEYS)
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise RapheInputError(f"pk_scale.{k}", v, "a positive number") from None
        if isinstance(v, bool) or not math.isfinite(f) or f <= 0:
            raise RapheInputError(f"pk_scale.{k}", v, "a finite factor greater than zero")
        out[k] = f
    return out


def default_times(regimen: Regimen, after=24 * hour, points: int = 2001) -> brian2.Quantity:
    """An output grid from the first dose (or 0) to ``after`` past the last administration."""
    start = min(0.0, float(regimen.first_dose_time / hour))
    end = float(regimen.last_dose_end / hour) + float(after / hour)
    return np.linspace(start, end, points) * hour


def simulate_pk(regimen, species: str = "rat", body_weight=None, times=None,
                pk_scale: Mapping[str, float] | None = None,
                affinities: Mapping | None = None) -> PKResult:
    """Plasma, free brain ECF, occupancy and fast inputs of a regimen over time.

    Parameters
    ----------
    regimen : Regimen, Dose or sequence of Dose
    species : str
        ``"rat"`` or ``"human"``.
    body_weight : Quantity, optional
        Default 0.3 kg (rat) or 70 kg (human).
    times : Quantity array, optional
        Output times (protocol time, 0 = reference); default: from the first
        dose (or 0) to 24 h after the last, 2001 points.
    pk_scale : mapping, optional
        Multiplicative per-subject factors for every drug: keys ``clearance``,
        ``volume``, ``ka``, ``bioavailability``, ``fu``, ``kp_uu``.
    affinities : mapping (drug, target) -> Quantity, optional
        Ki overrides of the library (None removes a binding).

    Returns
    -------
    PKResult

    Raises
    ------
    RapheInputError
        Before anything is computed, for an unknown species, a route the
        species lacks, a dose of the wrong unit kind, bad times or factors.
    """
    regimen = Regimen.of(regimen)
    if species not in SPECIES:
        raise UnknownNameError("species", species, SPECIES)
    regimen.validate(species)
    for name in regimen.drugs:  # metabolites formed need records for the species too
        for met in DRUGS.get(name).species_pk(species).formation:
            DRUGS.get(met).species_pk(species)
    if body_weight is None:
        body_weight = DEFAULT_BODY_WEIGHT[species]
    if not isinstance(body_weight, brian2.Quantity) or \
            brian2.get_dimensions(body_weight) != brian2.get_dimensions(brian2.kgram) or \
            not np.isfinite(float(body_weight / brian2.kgram)) or float(body_weight / brian2.kgram) <= 0:
        raise RapheInputError("body_weight", body_weight, "a mass greater than zero, like 0.3*kgram")
    scale = _validate_scale(pk_scale)
    validate_affinities(affinities)
    if times is None:
        times = default_times(regimen)
    if not isinstance(times, brian2.Quantity) or \
            brian2.get_dimensions(times) != brian2.get_dimensions(brian2.second):
        raise RapheInputError("times", times, "a time array like np.linspace(0, 24, 97)*hour")
    t_h = np.atleast_1d(np.asarray(times / hour, dtype=float))
    if t_h.ndim != 1 or t_h.size == 0 or not np.all(np.isfinite(t_h)):
        raise RapheInputError("times", times, "a non-empty 1-D array of finite times")
    bw = float(body_weight / brian2.kgram)

    order = np.argsort(t_h, kind="stable")
    t_sorted, inverse = np.unique(t_h[order], return_inverse=True)
    plasma_nM: dict[str, np.ndarray] = {}
    brain: dict[str, np.ndarray] = {}
    for root in regimen.drugs:
        doses = [d for d in regimen.doses if d.drug == root]
        sys_ = _build_system(root, species, bw, scale, {d.route for d in doses})
        impulses, steps = _events(sys_, doses, species, body_weight, scale)
        states = _solve(sys_.matrix, impulses, steps, t_sorted, labels=_labels(sys_))
        for name in sys_.compounds:
            p = states[:, sys_.central[name]] / sys_.volume_L[name]
            c = states[:, sys_.brain[name]]
            plasma_nM[name] = plasma_nM.get(name, 0.0) + p
            brain[name] = brain.get(name, 0.0) + c
    unsort = np.empty_like(order)
    unsort[order] = np.arange(len(order))
    back = lambda arr: arr[inverse][unsort]  # noqa: E731
    plasma_nM = {k: back(v) for k, v in plasma_nM.items()}
    brain = {k: back(v) for k, v in brain.items()}
    plasma_ng = {k: v * float(DRUGS.get(k).mw_base / (brian2.gram / brian2.mole)) / 1000.0
                 for k, v in plasma_nM.items()}
    total, _, _ = binding_terms(brain, affinities, species)
    occupancy = {t: total[t] / (1.0 + total[t]) for t in TARGETS}
    fast = fast_inputs_from_concentrations(brain, affinities, species)
    return PKResult(time=times, species=species, body_weight=body_weight, regimen=regimen,
                    plasma_ng_per_ml=plasma_ng, plasma_nM=plasma_nM, brain_free_nM=brain,
                    occupancy=occupancy, fast_inputs=fast)
