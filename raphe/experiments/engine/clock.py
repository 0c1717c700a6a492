"""The protocol clock: PK on the slow clock, fast readouts from the surface, slow adaptation.

:func:`simulate_subject` runs one subject's regimen on the protocol clock
(minutes to hours); :func:`simulate_chronic` steps days to weeks of dosing
with receptor desensitization and CREB/BDNF driven by the fast readouts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import brian2
import numpy as np

from raphe.circuits.inputs import FAST_INPUTS
from raphe.circuits.spec import CircuitSpec, check_quantity
from raphe.circuits.window import WindowResult, check_result
from raphe.errors import RapheInputError, SimulationError, UnknownNameError
from raphe.experiments.engine.coordinates import default_of, is_sensitivity
from raphe.experiments.engine.settings import EngineSettings
from raphe.experiments.engine.surface import ResponseSurface


@dataclass
class SubjectTimecourse:
    """What the engine returns for one subject (see :func:`simulate_subject`)."""

    time: object
    concentrations_nM: dict
    rates_hz: dict
    receptor_activation: dict
    drn_isi_cv: np.ndarray
    pk: object
    spikes: list
    engine_stats: dict
    unit_rates_hz: np.ndarray | None = None
    inputs: dict | None = None


class _NoDrug:
    """PK result of a vehicle subject: every fast input is 0."""

    def __init__(self, times):
        n = len(times)
        self.time = times
        self.plasma_ng_per_ml, self.plasma_nM, self.brain_free_nM = {}, {}, {}
        from raphe.circuits.pharmacology import TARGETS

        self.occupancy = {t: np.zeros(n) for t in TARGETS}
        self.fast_inputs = {name: np.zeros(n) for name in FAST_INPUTS if not is_sensitivity(name)}


def pk_and_trajectory(regimen, species, body_weight, times, pk_scale, affinities, fixed_inputs=None):
    """PK of a regimen and the fast-input trajectory it gives (sensitivities from ``fixed_inputs``).

    The pharmacology layer knows nothing of sensitivities (slow state): they
    are taken from ``fixed_inputs`` or held at their default (1).
    """
    if regimen is None:
        pk = _NoDrug(times)
    else:
        from raphe.circuits.pharmacology import simulate_pk

        pk = simulate_pk(regimen, species=species, body_weight=body_weight, times=times,
                         pk_scale=pk_scale, affinities=affinities)
    n = len(times)
    trajectory = {}
    for name in FAST_INPUTS:
        if is_sensitivity(name):
            trajectory[name] = np.full(n, default_of(name))
        else:
            trajectory[name] = np.asarray(pk.fast_inputs.get(name, np.zeros(n)), dtype=float)
    for name, value in (fixed_inputs or {}).items():
        if name not in FAST_INPUTS:
            raise UnknownNameError("fixed_inputs name", name, FAST_INPUTS)
        trajectory[name] = np.broadcast_to(np.asarray(value, dtype=float), (n,)).copy()
        if not np.all(np.isfinite(trajectory[name])):
            raise RapheInputError(f"fixed_inputs.{name}", value, "finite numbers")
    t_s = np.asarray(times / brian2.second, dtype=float)
    for name, arr in trajectory.items():  # PK output: a failure must not reach the surface as NaN
        bad = ~np.isfinite(arr) | (arr < 0)
        if name not in (fixed_inputs or {}) and np.any(bad):
            k = int(np.argmax(bad))
            raise SimulationError(f"protocol time {t_s[k] / 3600:g} h: fast input {name} = {float(arr[k])!r} "
                                  f"from the PK of {', '.join(getattr(regimen, 'drugs', ()))}")
    return pk, trajectory


def simulate_subject(*, circuit: CircuitSpec, regimen=None, species: str = "rat", body_weight=None,
                     pk_scale=None, affinities=None, times, seed: int = 0,
                     settings: EngineSettings | None = None, spike_windows=(), progress=None,
                     fixed_inputs: dict | None = None, unit_rates: str | None = None,
                     surface: "ResponseSurface | None" = None, record_spikes: bool = False) -> SubjectTimecourse:
    """Simulate one virtual subject on the protocol clock.

    Parameters
    ----------
    circuit : CircuitSpec
        The subject's circuit (its seed fixes connectivity, parameters and noise).
    regimen : Regimen or None
        Dosing regimen (``None``: vehicle, no drug).
    species, body_weight, pk_scale, affinities
        Passed to :func:`raphe.circuits.pharmacology.simulate_pk`.
    times : Quantity array
        Protocol times (0 = first dose) at which readouts are wanted.
    seed : int
        The subject's seed (recorded; the circuit's own seed drives the spiking).
    settings : EngineSettings
    spike_windows : sequence of Quantity
        Protocol times at which a spike raster window is recorded directly.
    progress : callable, optional
        Called with 1 per spiking window evaluated.
    fixed_inputs : dict, optional
        Fast inputs held at a value (scalar) or given over ``times`` (array) on
        top of the regimen's, e.g. ``{"sensitivity.5-HT1A_somatodendritic": 0.4}``
        for an animal adapted by chronic treatment (see :func:`simulate_chronic`).
    unit_rates : str, optional
        Population whose per-neuron rates are returned as
        ``SubjectTimecourse.unit_rates_hz`` (times x neurons), interpolated
        from surface nodes run with spikes (virtual single-unit recording).
    surface : ResponseSurface, optional
        Reuse a surface (its in-memory cache) across calls; it must belong to
        ``circuit`` and ``settings``.
    record_spikes : bool
        Keep the spikes of the surface nodes (as :func:`simulate_chronic`'s), so that a node
        shared with a request for unit rates is not run again.

    Returns
    -------
    SubjectTimecourse
    """
    settings = settings or EngineSettings()
    check_quantity("times", times, brian2.second)
    times = np.asarray(times / brian2.second) * brian2.second
    pk, trajectory = pk_and_trajectory(regimen, species, body_weight, times, pk_scale, affinities,
                                        fixed_inputs)
    surface = surface or ResponseSurface(circuit, settings)
    runs0, hits0 = surface.windows_run, surface.cache_hits
    spikes, errors = [], []
    t_s = np.asarray(times / brian2.second)
    indices, direct_inputs = [], []
    for t0 in spike_windows:
        check_quantity("spike_windows", t0, brian2.second)
        idx = int(np.argmin(np.abs(t_s - float(t0 / brian2.second))))
        indices.append(idx)
        direct_inputs.append({name: float(arr[idx]) for name, arr in trajectory.items()
                              if arr[idx] != default_of(name)})
    # the spike windows first: one at a surface node (the drug-free baseline) then serves the
    # surface too, instead of the node being run once without spikes and once with them
    directs = surface.evaluate_many(direct_inputs, record_spikes=True, progress=progress)
    readouts = surface.interpolate(trajectory, progress=progress, unit_rates=unit_rates,
                                   record_spikes=record_spikes)
    concentrations: dict = {}
    for pool, arr in readouts["concentrations_nM"].items():
        region, analyte = pool.split(".", 1)
        concentrations.setdefault(region, {})[analyte] = arr
    for t0, idx, direct in zip(spike_windows, indices, directs):
        offset = float(t0 / brian2.second)
        spikes.append((t0, {pop: ((t + offset) * brian2.second, i) for pop, (t, i) in direct.spikes.items()}))
        for pool, value in direct.concentrations_nM.items():
            interp = readouts["concentrations_nM"][pool][idx]
            if value > 0:
                errors.append(abs(interp - value) / value)
    runs, hits = surface.windows_run - runs0, surface.cache_hits - hits0
    stats = {"windows_run": runs, "cache_hits": hits, "surface_nodes": runs + hits,
             "interpolation_error_max": float(max(errors)) if errors else float("nan"),
             "backend": settings.backend}
    return SubjectTimecourse(times, concentrations, readouts["rates_hz"], readouts["receptor_activation"],
                             readouts["drn_isi_cv"], pk, spikes, stats,
                             unit_rates_hz=readouts.get("unit_rates_hz"), inputs=trajectory)


# ---------------------------------------------------------------- chronic treatment


@dataclass
class ChronicTimecourse:
    """What :func:`simulate_chronic` returns for one subject.

    Attributes
    ----------
    time : Quantity array
        Slow-clock times (0 = start of treatment).
    state : dict
        Slow state over time: ``sensitivity.<site>``, ``signal``, ``CREB``, ``BDNF``.
    inputs : dict
        Fast inputs over time (PK and sensitivities).
    rates_hz, concentrations_nM, receptor_activation : dict
        Interpolated fast readouts over time (``concentrations_nM`` keyed ``"PFC.5-HT"``).
    reference_activation : dict
        Drug-free activations of the naive animal (the adaptation's reference).
    pk : PKResult
    engine_stats : dict
    """

    time: object
    state: dict
    inputs: dict
    rates_hz: dict
    concentrations_nM: dict
    receptor_activation: dict
    reference_activation: dict
    pk: object
    engine_stats: dict

    def state_at(self, t) -> dict:
        """Slow state at protocol time ``t`` (linear interpolation)."""
        ts = np.asarray(self.time / brian2.second)
        x = float(t / brian2.second)
        return {k: float(np.interp(x, ts, v)) for k, v in self.state.items()}


def simulate_chronic(*, circuit: CircuitSpec, regimen=None, duration, step=None, adaptation=None,
                     species: str = "rat", body_weight=None, pk_scale=None, affinities=None,
                     settings: EngineSettings | None = None, surface: ResponseSurface | None = None,
                     progress=None, record_spikes: bool = False) -> ChronicTimecourse:
    """Chronic treatment on the slow clock: PK, fast readouts and adaptation over days.

    At each slow step the fast readouts are interpolated from the response
    surface at the PK's fast inputs and the current sensitivities; the
    adaptation state (:class:`raphe.circuits.adaptation.Adaptation`) then
    advances by one step, driven by those receptor activations relative to
    the drug-free activations of the naive animal. Surface nodes are shared
    by every step, subject and group of a circuit, so a 21-day protocol costs
    a few dozen windows.

    Parameters
    ----------
    circuit : CircuitSpec
    regimen : Regimen or None
        Chronic regimen (``None``: vehicle).
    duration : Quantity
        Length of the treatment (e.g. ``21 * day``).
    step : Quantity
        Slow-clock step (default 1 h: resolves the daily PK cycle of i.p. dosing).
    adaptation : Adaptation
        The slow adaptation model (default: 5-HT1A autoreceptor desensitization and CREB/BDNF).
    species, body_weight, pk_scale, affinities
        As for :func:`simulate_subject`.
    settings : EngineSettings
    surface : ResponseSurface, optional
        Reuse a surface across calls.
    progress : callable, optional
        Called with 1 per surface node evaluated.
    record_spikes : bool
        Keep the spikes of the slow clock's windows (the simulation is the same; only the
        spikes are stored). A protocol that reads unit rates at these nodes later (recording
        days, challenges on top of the treatment) then reuses them instead of running each
        node a second time with spikes.

    Returns
    -------
    ChronicTimecourse
    """
    from raphe.circuits.adaptation import Adaptation

    settings = settings or EngineSettings()
    adaptation = adaptation or Adaptation()
    step = step if step is not None else 3600 * brian2.second
    check_quantity("duration", duration, brian2.second)
    check_quantity("step", step, brian2.second)
    dt_s = float(step / brian2.second)
    dur_s = float(duration / brian2.second)
    if dt_s <= 0 or dur_s <= 0 or dur_s / dt_s > 1e5:
        raise RapheInputError("step/duration", (step, duration),
                              "positive, with at most 100000 steps")
    n = int(math.floor(dur_s / dt_s + 1e-9)) + 1
    times = np.arange(n) * dt_s * brian2.second
    pk, trajectory = pk_and_trajectory(regimen, species, body_weight, times, pk_scale, affinities)
    surface = surface or ResponseSurface(circuit, settings)
    runs0, hits0 = surface.windows_run, surface.cache_hits
    spikes = {"record_spikes": True} if record_spikes else {}  # (a stand-in surface may not take it)
    reference_point = surface.point({}, **spikes)
    reference = reference_point["receptor_activation"]
    state = adaptation.initial_state()
    history = {k: np.zeros(n) for k in state}
    inputs_hist = {k: np.array(v, dtype=float) for k, v in trajectory.items()}
    readouts = None
    drug_names = [k for k in trajectory if not is_sensitivity(k)]
    # each step's drug inputs as floats (the PK's values; inputs_hist holds them already)
    columns = [(name, trajectory[name].tolist()) for name in drug_names]

    def when(k: int) -> str:
        return f"slow clock t = {k * dt_s / 86400:g} day ({k * dt_s / 3600:g} h)"

    for k in range(n):
        for key, value in state.items():
            history[key][k] = value
        point = {name: column[k] for name, column in columns}
        slow = adaptation.fast_inputs(state)
        point.update(slow)
        for name, value in slow.items():
            inputs_hist[name][k] = value
        before = surface.windows_run + surface.cache_hits
        if settings.workers > 1:
            _speculate(surface, point, trajectory, drug_names, slow, k, record_spikes)
        r = surface.point(point, **spikes)
        if progress is not None:
            progress(surface.windows_run + surface.cache_hits - before)
        if not _physical(r):  # check_result's message, naming the readout
            check_result(WindowResult(r["rates_hz"], r["concentrations_nM"], r["receptor_activation"],
                                      r["drn_isi_cv"], inputs=point), f"{when(k)}, interpolated readouts")
        if readouts is None:
            readouts = {f: {key: np.zeros(n) for key in r[f]}
                        for f in ("rates_hz", "concentrations_nM", "receptor_activation")}
        for f in readouts:
            for key, value in r[f].items():
                readouts[f][key][k] = value
        if k < n - 1:
            try:
                state = adaptation.step(state, r["receptor_activation"], reference, dt_s, inputs=point,
                                        concentrations=r["concentrations_nM"],
                                        reference_concentrations=reference_point["concentrations_nM"])
            except SimulationError as err:
                raise SimulationError(f"{when(k)}, adaptation step: {err}; slow state {state}") from err
    runs, hits = surface.windows_run - runs0, surface.cache_hits - hits0
    stats = {"windows_run": runs, "cache_hits": hits, "slow_steps": n,
             "step_s": dt_s, "backend": settings.backend,
             "distinct_nodes": surface.nodes}
    return ChronicTimecourse(times, history, inputs_hist, readouts["rates_hz"], readouts["concentrations_nM"],
                             readouts["receptor_activation"], reference, pk, stats)


def _physical(r: dict) -> bool:
    """True when every readout of ``r`` passes :func:`check_result` surely (finite, >= 0, activations
    <= 1); otherwise :func:`check_result` decides (and names the readout). A sum is NaN or inf if
    any term is, so this costs a sum, a min and a max per field instead of a test per readout."""
    for field_name, high in (("rates_hz", math.inf), ("concentrations_nM", math.inf),
                             ("receptor_activation", 1.0 + 1e-9)):
        values = r[field_name].values()
        if values and not (math.isfinite(sum(values)) and min(values) >= 0.0 and max(values) <= high):
            return False
    return True


def _speculate(surface: ResponseSurface, point: dict, trajectory: dict, drug_names: list, slow: dict,
               k: int, record_spikes: bool = False) -> None:
    """When the nodes of slow step ``k`` are missing, run in one batch (every helper busy) the
    missing nodes of all remaining steps with the slow state held at its current value.

    The drug inputs of every step are known from the PK; only the slow state is not, and it
    moves across a grid cell over days, so the batch is the nodes the next days need.
    Readouts do not change (each node's window is the same whoever runs it and when).
    """
    if surface.point_cached(point, record_spikes):
        return
    ahead = {name: np.asarray(trajectory[name][k:], dtype=float) for name in drug_names}
    n = len(next(iter(ahead.values()))) if ahead else 1
    for name, value in slow.items():
        ahead[name] = np.full(n, float(value))
    batch = surface.missing(ahead, record_spikes)
    if len(batch) > 1:
        surface.evaluate_many(batch, record_spikes=record_spikes)
