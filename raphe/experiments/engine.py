"""The multiscale engine: slow protocol clock + fast spiking windows.

The processes of a pharmacological protocol are well separated in time
(DESIGN.md): spikes, synapses and extracellular transmitter settle within
seconds; drug absorption and elimination take minutes to hours. The engine
therefore treats the fast circuit as quasi-steady given the slow inputs:

1. The pharmacology layer integrates the dosing regimen on the protocol clock
   and turns free brain concentrations into the circuit's drug-agnostic fast
   inputs (transporter occupancies, receptor agonist/competitor terms).
2. The fast readouts (rates, concentrations, receptor activations) are a
   *response surface* over those inputs: spiking windows are run at the nodes
   of a grid over the inputs the protocol actually visits and interpolated
   multilinearly in between. Coordinates are ``-log10(1 - occupancy)`` for
   transporters and ``log10(1 + term)`` for receptor terms, so nodes are
   dense where the response is steep (high occupancy).
3. Each window is cached on disk, keyed by the circuit's fingerprint, seed,
   back end and window durations, so repeated runs, subjects and groups
   sharing a circuit reuse it. Cache files are written atomically, so
   concurrent processes can share the cache.
4. Spike windows requested by the protocol are run directly at the exact
   inputs of that moment; comparing them with the interpolated surface gives
   the reported interpolation error.

5. Slow processes driven by fast readouts (receptor desensitization,
   CREB/BDNF; :mod:`raphe.circuits.adaptation`) are stepped on a slow clock
   by :func:`simulate_chronic`: at each step the fast readouts are
   interpolated from the surface at the current PK inputs *and* the current
   receptor sensitivities (``sensitivity.<site>`` fast inputs, one more
   surface dimension), and the slow state advances by one step.

6. The windows missing from one request (every node of a trajectory, the
   corners of a chronic step) can run side by side: with
   ``EngineSettings.workers = N`` this process and N - 1 spawned helper
   processes share them (:meth:`ResponseSurface.evaluate_many`). Windows are
   deterministic, so results do not depend on N; a helper that dies only
   costs time (its windows are rerun here).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import uuid
from concurrent.futures.process import BrokenProcessPool as _BrokenPool
from dataclasses import dataclass, field

import brian2
import numpy as np

from raphe.circuits.inputs import FAST_INPUTS, default_inputs
from raphe.circuits.spec import CircuitSpec, check_quantity
from raphe.circuits.window import BACKENDS, WindowResult, check_result, run_window
from raphe.errors import RapheInputError, SimulationError, UnknownNameError


@dataclass(frozen=True)
class EngineSettings:
    """Settings of the engine.

    Attributes
    ----------
    backend : str
        Brian2 back end of the spiking windows (``"cpp_standalone"`` compiles
        once and reruns; ``"numpy"`` needs no compiler; ``"cython"``).
    warmup : Quantity
        Discarded start of each window (the circuit and pools settle in ~1-2 s).
    window : Quantity
        Measured part of each window.
    grid_step : float
        Grid spacing in the transformed input coordinates (0.3 = a factor of
        two in free transporter, ``1 - occupancy``).
    min_effect : float
        Inputs whose largest deviation from their default in the protocol stays
        below this (occupancy or receptor term) are held at the default (they
        change no readout measurably).
    sensitivity_step : float
        Grid spacing of ``sensitivity.<site>`` inputs (linear coordinate; 1, the
        naive value, is always a node).
    min_sensitivity_change : float
        Sensitivities that stay within this of 1 are held at 1.
    cache : bool
        Keep windows in the on-disk cache.
    cache_dir : str
        Cache directory (default ``$RAPHE_CACHE`` or ``~/.cache/raphe``).
    workers : int
        Processes that run the missing surface nodes of one request side by
        side: this one plus ``workers - 1`` helper processes, each holding
        its own copy of the compiled circuit (loaded once, ~15 s). 2 on a
        2-core machine nearly halves a cold surface; results are identical
        for any number.
    """

    backend: str = "cpp_standalone"
    warmup: object = field(default_factory=lambda: 2 * brian2.second)
    window: object = field(default_factory=lambda: 4 * brian2.second)
    grid_step: float = 0.3
    min_effect: float = 0.05
    sensitivity_step: float = 0.1
    min_sensitivity_change: float = 0.01
    cache: bool = True
    cache_dir: str = ""
    workers: int = 1

    def __post_init__(self):
        if self.backend not in BACKENDS:
            raise UnknownNameError("engine.backend", self.backend, BACKENDS)
        check_quantity("engine.warmup", self.warmup, brian2.second)
        check_quantity("engine.window", self.window, brian2.second)
        if not (0 * brian2.second <= self.warmup <= 60 * brian2.second):
            raise RapheInputError("engine.warmup", self.warmup, "a duration in [0 s, 60 s]")
        if not (0.2 * brian2.second <= self.window <= 600 * brian2.second):
            raise RapheInputError("engine.window", self.window, "a duration in [0.2 s, 600 s]")
        if not (isinstance(self.grid_step, (int, float)) and 0.02 <= self.grid_step <= 2):
            raise RapheInputError("engine.grid_step", self.grid_step, "a number in [0.02, 2]")
        if not (isinstance(self.min_effect, (int, float)) and 0 <= self.min_effect < 0.5):
            raise RapheInputError("engine.min_effect", self.min_effect, "a number in [0, 0.5)")
        if not (isinstance(self.sensitivity_step, (int, float)) and 0.01 <= self.sensitivity_step <= 1
                and abs(round(1.0 / self.sensitivity_step) * self.sensitivity_step - 1.0) < 1e-9):
            raise RapheInputError("engine.sensitivity_step", self.sensitivity_step,
                                  "a number in [0.01, 1] that divides 1 (0.05, 0.1, 0.125, 0.2, 0.25 ...)")
        if not (isinstance(self.workers, int) and not isinstance(self.workers, bool)
                and 1 <= self.workers <= 64):
            raise RapheInputError("engine.workers", self.workers, "a whole number of processes in [1, 64]")
        if not (isinstance(self.min_sensitivity_change, (int, float))
                and 0 <= self.min_sensitivity_change < 0.5):
            raise RapheInputError("engine.min_sensitivity_change", self.min_sensitivity_change,
                                  "a number in [0, 0.5)")


def _is_sensitivity(name: str) -> bool:
    """Slow-state inputs (receptor sensitivities, store fills): default 1, linear grid."""
    return name.startswith(("sensitivity.", "store."))


def _default(name: str) -> float:
    return FAST_INPUTS[name].default


def _to_coord(name: str, value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, dtype=float)
    if _is_sensitivity(name):
        return np.clip(value, FAST_INPUTS[name].minimum, FAST_INPUTS[name].maximum)
    if name.startswith("occupancy."):
        return -np.log10(1.0 - np.clip(value, 0.0, 0.9999))
    return np.log10(1.0 + np.clip(value, 0.0, None))


def _from_coord(name: str, coord: float) -> float:
    if _is_sensitivity(name):
        return float(round(coord, 9))
    if name.startswith("occupancy."):
        return float(1.0 - 10.0 ** (-coord))
    return float(10.0 ** coord - 1.0)


class ResponseSurface:
    """Fast readouts memoized over fast inputs (one circuit, back end, window).

    Parameters
    ----------
    circuit : CircuitSpec
    settings : EngineSettings
    """

    def __init__(self, circuit: CircuitSpec, settings: EngineSettings):
        self.circuit = circuit
        self.settings = settings
        self.windows_run = 0
        self.cache_hits = 0
        self._memory: dict[str, dict] = {}
        root = settings.cache_dir or os.environ.get("RAPHE_CACHE") or \
            os.path.join(os.path.expanduser("~"), ".cache", "raphe")
        key = hashlib.sha256(repr((circuit.fingerprint(), circuit.seed, settings.backend,
                                   float(settings.warmup / brian2.second),
                                   float(settings.window / brian2.second))).encode()).hexdigest()[:16]
        self.directory = os.path.join(root, "surface", key)
        self.standalone_dir = os.path.join(root, "standalone")

    def _key(self, inputs: dict) -> str:
        # inputs at their default are left out, so keys made before an input
        # existed (or with a default of 0) stay valid
        text = json.dumps({k: round(v, 9) for k, v in sorted(inputs.items())
                           if round(v, 9) != _default(k)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def _lookup(self, full: dict, record_spikes: bool) -> WindowResult | None:
        """A cached window at ``full`` inputs (memory, then disk), or None."""
        plain = self._key(full)
        key = plain + ("-spikes" if record_spikes else "")
        for k in ((key,) if record_spikes else (key, plain + "-spikes")):
            if k in self._memory:
                return self._memory[k]
        path = os.path.join(self.directory, key + ".json")
        if self.settings.cache and os.path.exists(path):
            try:
                with open(path) as handle:
                    result = _from_json(json.load(handle))
                if record_spikes:
                    with np.load(os.path.join(self.directory, key + ".npz")) as data:
                        result.spikes = {pop: (data[f"{pop}/t"], data[f"{pop}/i"])
                                         for pop in result.rates_hz}
                self._memory[key] = result
                return result
            except (OSError, ValueError, KeyError, SimulationError):
                pass  # unreadable, partial or non-finite cache entry: recompute
        return None

    def _run(self, full: dict, record_spikes: bool) -> WindowResult:
        """Run the window at ``full`` inputs in this process and cache it."""
        result = run_window(self.circuit, full, warmup=self.settings.warmup,
                            duration=self.settings.window, backend=self.settings.backend,
                            record_spikes=record_spikes, standalone_dir=self.standalone_dir)
        self._store(full, record_spikes, result)
        return result

    def _store(self, full: dict, record_spikes: bool, result: WindowResult, disk: bool = True) -> None:
        plain = self._key(full)
        key = plain + ("-spikes" if record_spikes else "")
        self._memory[key] = result
        if not (self.settings.cache and disk):
            return
        os.makedirs(self.directory, exist_ok=True)
        tag = uuid.uuid4().hex[:8]
        if record_spikes:  # spikes first: the .json marks a complete entry
            tmp = os.path.join(self.directory, f".{key}.{tag}.npz")
            arrays = {}
            for pop, (t, i) in result.spikes.items():
                arrays[f"{pop}/t"], arrays[f"{pop}/i"] = t, i
            np.savez_compressed(tmp, **arrays)
            os.replace(tmp, os.path.join(self.directory, key + ".npz"))
        for k in ((key, plain) if record_spikes else (key,)):
            tmp = os.path.join(self.directory, f".{k}.{tag}.tmp")
            with open(tmp, "w") as handle:
                json.dump(_to_json(result), handle)
            os.replace(tmp, os.path.join(self.directory, k + ".json"))

    def evaluate(self, inputs: dict, record_spikes: bool = False) -> WindowResult:
        """Readouts at ``inputs``: from the cache, or by running a window.

        With ``record_spikes`` the window's spikes are cached too (``.npz``);
        a window run with spikes also serves later requests without them.
        """
        return self.evaluate_many([inputs], record_spikes=record_spikes)[0]

    def evaluate_many(self, inputs_list, record_spikes: bool = False, progress=None) -> list[WindowResult]:
        """Readouts at each of ``inputs_list``; missing windows run side by side.

        With ``settings.workers > 1`` the windows not in the cache are shared
        round-robin between this process and the helper processes
        (:func:`helper_pool`); otherwise they run here one after another.
        ``progress(1)`` is called per window obtained.
        """
        fulls = []
        for inputs in inputs_list:
            full = default_inputs()
            full.update(inputs)
            fulls.append(full)
        results: list = [None] * len(fulls)
        firsts, repeats, seen = [], [], {}  # windows to run; the same node again in this request
        for k, full in enumerate(fulls):
            hit = self._lookup(full, record_spikes)
            if hit is not None:
                self.cache_hits += 1
                results[k] = hit
                if progress is not None:
                    progress(1)
                continue
            key = self._key(full)
            if key in seen:
                repeats.append((k, seen[key]))
            else:
                seen[key] = k
                firsts.append(k)
        futures = {}
        workers = self.settings.workers
        if workers > 1 and firsts and (workers - 1) not in _HELPERS:
            self._start_helpers()  # windows are being run: let the helpers load the circuit meanwhile
        if workers > 1 and len(firsts) > 1:
            pool = helper_pool(workers - 1)
            mine = set(firsts[::workers])
            try:
                futures = {k: pool.submit(_helper_evaluate, self.circuit, self.settings, fulls[k], record_spikes)
                           for k in firsts if k not in mine}
            except RuntimeError:  # pool broken or shut down: run everything here
                _drop_helper_pool(workers - 1)
                futures = {}
        try:
            for k in firsts:
                if k in futures:
                    continue
                results[k] = self._run(fulls[k], record_spikes)
                self.windows_run += 1
                if progress is not None:
                    progress(1)
            for k, future in futures.items():
                try:
                    result, ran = future.result()
                except _BrokenPool:  # a helper died (killed, out of memory): run its windows here
                    _drop_helper_pool(workers - 1)
                    result, ran = self._run(fulls[k], record_spikes), True
                else:
                    self._store(fulls[k], record_spikes, result, disk=False)  # the helper wrote the disk cache
                if ran:
                    self.windows_run += 1
                else:
                    self.cache_hits += 1
                results[k] = result
                if progress is not None:
                    progress(1)
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise
        for k, first in repeats:
            results[k] = results[first]
            self.cache_hits += 1
            if progress is not None:
                progress(1)
        return results

    def _start_helpers(self) -> None:
        pool = helper_pool(self.settings.workers - 1)
        try:
            for _ in range(self.settings.workers - 1):
                pool.submit(_helper_load, self.circuit, self.settings)
        except RuntimeError:
            _drop_helper_pool(self.settings.workers - 1)

    def _step(self, name: str) -> float:
        return self.settings.sensitivity_step if _is_sensitivity(name) else self.settings.grid_step

    def active_inputs(self, trajectory: dict[str, np.ndarray]) -> list[str]:
        """The inputs of a trajectory that move away from their default (surface dimensions)."""
        out = []
        for n, arr in trajectory.items():
            if n not in FAST_INPUTS:
                continue
            limit = self.settings.min_sensitivity_change if _is_sensitivity(n) else self.settings.min_effect
            deviation = np.max(np.abs(np.asarray(arr, dtype=float) - _default(n)))
            if deviation >= max(limit, 1e-12):
                out.append(n)
        return out

    def interpolate(self, trajectory: dict[str, np.ndarray], progress=None,
                    unit_rates: str | None = None) -> dict:
        """Interpolated readouts along an input trajectory (arrays over time).

        Returns ``{"rates_hz": {...}, "concentrations_nM": {...},
        "receptor_activation": {...}, "drn_isi_cv": array}`` with one value per time.
        Inputs that stay at their default (within ``min_effect`` /
        ``min_sensitivity_change``) are held at the default.

        With ``unit_rates`` (a population name) the surface nodes are run with
        spikes recorded and ``"unit_rates_hz"`` (times x neurons: each neuron's
        rate in the window, interpolated like the other readouts) is added.
        """
        active = self.active_inputs(trajectory)
        n_t = len(next(iter(trajectory.values())))
        coords = {n: _to_coord(n, trajectory[n]) for n in active}
        lower = {n: np.floor(coords[n] / self._step(n) + 1e-9).astype(int) for n in active}
        frac = {n: np.clip(coords[n] / self._step(n) - lower[n], 0.0, 1.0) for n in active}
        corners = list(itertools.product((0, 1), repeat=len(active)))
        needed = set()
        for t in range(n_t):
            for c in corners:
                w = 1.0
                for k, n in enumerate(active):
                    w *= frac[n][t] if c[k] else 1.0 - frac[n][t]
                if w > 0 or c == corners[0]:
                    needed.add(tuple(int(lower[n][t]) + c[k] for k, n in enumerate(active)))
        needed = sorted(needed)
        node_inputs = [{n: _from_coord(n, node[k] * self._step(n)) for k, n in enumerate(active)}
                       for node in needed]
        values = dict(zip(needed, self.evaluate_many(node_inputs, record_spikes=unit_rates is not None,
                                                     progress=progress)))
        template = values[needed[0]]
        out = {"rates_hz": {k: np.zeros(n_t) for k in template.rates_hz},
               "concentrations_nM": {k: np.zeros(n_t) for k in template.concentrations_nM},
               "receptor_activation": {k: np.zeros(n_t) for k in template.receptor_activation},
               "drn_isi_cv": np.zeros(n_t)}
        units = {}
        if unit_rates is not None:
            size = self.circuit.size(unit_rates)
            dur = float(self.settings.window / brian2.second)
            for node, res in values.items():
                _, ids = res.spikes[unit_rates]
                units[node] = np.bincount(np.asarray(ids, dtype=int), minlength=size)[:size] / dur
            out["unit_rates_hz"] = np.zeros((n_t, size))
        for c in corners:
            w = np.ones(n_t)
            for k, n in enumerate(active):
                w = w * (frac[n] if c[k] else 1.0 - frac[n])
            if not np.any(w > 0) and c != corners[0]:
                continue
            nodes = [tuple(int(lower[n][t]) + c[k] for k, n in enumerate(active)) for t in range(n_t)]
            get = [values.get(nd) if w[t] > 0 or c == corners[0] else None for t, nd in enumerate(nodes)]
            for field_name in ("rates_hz", "concentrations_nM", "receptor_activation"):
                for key in out[field_name]:
                    vals = np.array([getattr(g, field_name)[key] if g is not None else 0.0 for g in get])
                    out[field_name][key] += w * vals
            cv = np.array([g.drn_isi_cv if g is not None else 0.0 for g in get])
            out["drn_isi_cv"] += w * np.nan_to_num(cv, nan=0.0)
            if unit_rates is not None:
                rows = np.array([units[nd] if g is not None else np.zeros(out["unit_rates_hz"].shape[1])
                                 for nd, g in zip(nodes, get)])
                out["unit_rates_hz"] += w[:, None] * rows
        return out

    def point(self, inputs: dict, unit_rates: str | None = None) -> dict:
        """Interpolated readouts at one input point (scalars; see :meth:`interpolate`)."""
        full = default_inputs()
        full.update(inputs)
        res = self.interpolate({k: np.array([v]) for k, v in full.items()}, unit_rates=unit_rates)
        out = {f: {k: float(v[0]) for k, v in res[f].items()}
               for f in ("rates_hz", "concentrations_nM", "receptor_activation")}
        out["drn_isi_cv"] = float(res["drn_isi_cv"][0])
        if unit_rates is not None:
            out["unit_rates_hz"] = res["unit_rates_hz"][0]
        return out


def fresh_surface_cache(directory) -> str:
    """Make ``directory`` an empty surface cache that shares this machine's compiled circuits.

    For measuring cold surfaces (benchmarks, tests) without paying for a compile:
    ``EngineSettings(cache_dir=fresh_surface_cache(path))`` runs every window
    but reuses the circuits compiled under ``$RAPHE_CACHE`` (``standalone/``).
    """
    from raphe.circuits.standalone import default_cache_dir

    compiled = os.path.join(default_cache_dir(), "standalone")
    os.makedirs(compiled, exist_ok=True)
    os.makedirs(directory)
    os.symlink(compiled, os.path.join(directory, "standalone"))
    return str(directory)


# ---------------------------------------------------------------- helper processes

_HELPERS: dict = {}
_HELPER_SURFACES: dict = {}


def helper_pool(n: int):
    """This process's pool of ``n`` helper processes for surface windows (started on first use).

    Helpers are spawned (not forked: a forked Brian2 device state is not
    safe), kept for the life of the process and shared by every surface, so
    each loads a compiled circuit once. :func:`shutdown_helpers` stops them.
    """
    pool = _HELPERS.get(n)
    if pool is None:
        import concurrent.futures as cf
        import multiprocessing

        pool = cf.ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))
        _HELPERS[n] = pool
    return pool


def _drop_helper_pool(n: int) -> None:
    pool = _HELPERS.pop(n, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def shutdown_helpers() -> None:
    """Stop every helper process of this process (they are restarted when needed)."""
    for n in list(_HELPERS):
        pool = _HELPERS.pop(n)
        pool.shutdown(wait=True, cancel_futures=True)


def _helper_load(circuit: CircuitSpec, settings: EngineSettings) -> None:
    """In a helper process: load the circuit's compiled windows (cpp_standalone) ahead of use."""
    if settings.backend == "cpp_standalone":
        from raphe.circuits.standalone import load

        load(circuit, warmup=settings.warmup, duration=settings.window,
             directory=ResponseSurface(circuit, settings).standalone_dir)


def _helper_evaluate(circuit: CircuitSpec, settings: EngineSettings, full: dict, record_spikes: bool):
    """In a helper process: the window at ``full`` (cached or run) and whether it was run."""
    import dataclasses

    settings = dataclasses.replace(settings, workers=1)
    surface = ResponseSurface(circuit, settings)
    surface = _HELPER_SURFACES.setdefault((surface.directory, repr(settings)), surface)
    runs = surface.windows_run
    result = surface.evaluate(full, record_spikes=record_spikes)
    return result, surface.windows_run > runs


def _to_json(r: WindowResult) -> dict:
    return {"rates_hz": r.rates_hz, "concentrations_nM": r.concentrations_nM,
            "receptor_activation": r.receptor_activation,
            "drn_isi_cv": None if np.isnan(r.drn_isi_cv) else r.drn_isi_cv, "inputs": r.inputs}


def _from_json(d: dict) -> WindowResult:
    cv = d.get("drn_isi_cv")
    result = WindowResult(dict(d["rates_hz"]), dict(d["concentrations_nM"]), dict(d["receptor_activation"]),
                          float("nan") if cv is None else float(cv), inputs=dict(d.get("inputs", {})))
    check_result(result, "cached window")  # NaN read back from an old cache entry: recompute
    return result


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
        self.occupancy = {t: np.zeros(n) for t in ("SERT", "DAT", "NET", "sigma-1", "5-HT1A")}
        self.fast_inputs = {name: np.zeros(n) for name in FAST_INPUTS if not _is_sensitivity(name)}


def _pk_and_trajectory(regimen, species, body_weight, times, pk_scale, affinities, fixed_inputs=None):
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
        if _is_sensitivity(name):
            trajectory[name] = np.full(n, _default(name))
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
                     surface: "ResponseSurface | None" = None) -> SubjectTimecourse:
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

    Returns
    -------
    SubjectTimecourse
    """
    settings = settings or EngineSettings()
    check_quantity("times", times, brian2.second)
    times = np.asarray(times / brian2.second) * brian2.second
    pk, trajectory = _pk_and_trajectory(regimen, species, body_weight, times, pk_scale, affinities,
                                        fixed_inputs)
    surface = surface or ResponseSurface(circuit, settings)
    runs0, hits0 = surface.windows_run, surface.cache_hits
    readouts = surface.interpolate(trajectory, progress=progress, unit_rates=unit_rates)
    concentrations: dict = {}
    for pool, arr in readouts["concentrations_nM"].items():
        region, analyte = pool.split(".", 1)
        concentrations.setdefault(region, {})[analyte] = arr
    spikes, errors = [], []
    t_s = np.asarray(times / brian2.second)
    indices, direct_inputs = [], []
    for t0 in spike_windows:
        check_quantity("spike_windows", t0, brian2.second)
        idx = int(np.argmin(np.abs(t_s - float(t0 / brian2.second))))
        indices.append(idx)
        direct_inputs.append({name: float(arr[idx]) for name, arr in trajectory.items()
                              if arr[idx] != _default(name)})
    directs = surface.evaluate_many(direct_inputs, record_spikes=True, progress=progress)
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
                     progress=None) -> ChronicTimecourse:
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
    pk, trajectory = _pk_and_trajectory(regimen, species, body_weight, times, pk_scale, affinities)
    surface = surface or ResponseSurface(circuit, settings)
    runs0, hits0 = surface.windows_run, surface.cache_hits
    reference_point = surface.point({})
    reference = reference_point["receptor_activation"]
    state = adaptation.initial_state()
    history = {k: np.zeros(n) for k in state}
    inputs_hist = {k: np.array(v, dtype=float) for k, v in trajectory.items()}
    readouts = None
    drug_names = [k for k in trajectory if not _is_sensitivity(k)]
    for k in range(n):
        for key, value in state.items():
            history[key][k] = value
        point = {name: float(trajectory[name][k]) for name in drug_names}
        point.update(adaptation.fast_inputs(state))
        for name, value in point.items():
            inputs_hist[name][k] = value
        before = surface.windows_run + surface.cache_hits
        r = surface.point(point)
        if progress is not None:
            progress(surface.windows_run + surface.cache_hits - before)
        when = f"slow clock t = {k * dt_s / 86400:g} day ({k * dt_s / 3600:g} h)"
        check_result(WindowResult(r["rates_hz"], r["concentrations_nM"], r["receptor_activation"],
                                  r["drn_isi_cv"], inputs=point), f"{when}, interpolated readouts")
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
                raise SimulationError(f"{when}, adaptation step: {err}; slow state {state}") from err
    runs, hits = surface.windows_run - runs0, surface.cache_hits - hits0
    stats = {"windows_run": runs, "cache_hits": hits, "slow_steps": n,
             "step_s": dt_s, "backend": settings.backend,
             "distinct_nodes": len(surface._memory)}
    return ChronicTimecourse(times, history, inputs_hist, readouts["rates_hz"], readouts["concentrations_nM"],
                             readouts["receptor_activation"], reference, pk, stats)
