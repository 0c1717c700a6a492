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

Slow processes driven by fast readouts (receptor desensitization) plug in
between evaluation times (issue: chronic treatment).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import uuid
from dataclasses import dataclass, field

import brian2
import numpy as np

from raphe.circuits.inputs import FAST_INPUTS, TRANSPORTERS, default_inputs
from raphe.circuits.spec import CircuitSpec, check_quantity
from raphe.circuits.window import BACKENDS, WindowResult, run_window
from raphe.errors import RapheInputError, UnknownNameError


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
        Inputs whose largest value in the protocol stays below this (occupancy
        or receptor term) are treated as 0 (they change no readout measurably).
    cache : bool
        Keep windows in the on-disk cache.
    cache_dir : str
        Cache directory (default ``$RAPHE_CACHE`` or ``~/.cache/raphe``).
    """

    backend: str = "cpp_standalone"
    warmup: object = field(default_factory=lambda: 2 * brian2.second)
    window: object = field(default_factory=lambda: 4 * brian2.second)
    grid_step: float = 0.3
    min_effect: float = 0.05
    cache: bool = True
    cache_dir: str = ""

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


def _to_coord(name: str, value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, dtype=float)
    if name.startswith("occupancy."):
        return -np.log10(1.0 - np.clip(value, 0.0, 0.9999))
    return np.log10(1.0 + np.clip(value, 0.0, None))


def _from_coord(name: str, coord: float) -> float:
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
        text = json.dumps({k: round(v, 9) for k, v in sorted(inputs.items()) if v}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def evaluate(self, inputs: dict, record_spikes: bool = False) -> WindowResult:
        """Readouts at ``inputs``: from the cache, or by running a window."""
        full = default_inputs()
        full.update(inputs)
        key = self._key(full)
        if not record_spikes:
            if key in self._memory:
                self.cache_hits += 1
                return _from_json(self._memory[key])
            path = os.path.join(self.directory, key + ".json")
            if self.settings.cache and os.path.exists(path):
                try:
                    with open(path) as handle:
                        data = json.load(handle)
                    self._memory[key] = data
                    self.cache_hits += 1
                    return _from_json(data)
                except (OSError, ValueError):
                    pass  # unreadable cache entry: recompute
        result = run_window(self.circuit, full, warmup=self.settings.warmup,
                            duration=self.settings.window, backend=self.settings.backend,
                            record_spikes=record_spikes, standalone_dir=self.standalone_dir)
        self.windows_run += 1
        data = _to_json(result)
        self._memory[key] = data
        if self.settings.cache:
            os.makedirs(self.directory, exist_ok=True)
            tmp = os.path.join(self.directory, f".{key}.{uuid.uuid4().hex[:8]}.tmp")
            with open(tmp, "w") as handle:
                json.dump(data, handle)
            os.replace(tmp, os.path.join(self.directory, key + ".json"))
        return result

    def interpolate(self, trajectory: dict[str, np.ndarray], progress=None) -> dict:
        """Interpolated readouts along an input trajectory (arrays over time).

        Returns ``{"rates_hz": {...}, "concentrations_nM": {...},
        "receptor_activation": {...}, "drn_isi_cv": array}`` with one value per time.
        """
        active = [n for n, arr in trajectory.items()
                  if n in FAST_INPUTS and np.max(np.abs(arr)) >= self.settings.min_effect]
        n_t = len(next(iter(trajectory.values())))
        step = self.settings.grid_step
        coords = {n: _to_coord(n, trajectory[n]) for n in active}
        lower = {n: np.floor(coords[n] / step).astype(int) for n in active}
        frac = {n: coords[n] / step - lower[n] for n in active}
        corners = list(itertools.product((0, 1), repeat=len(active)))
        needed = set()
        for t in range(n_t):
            for c in corners:
                needed.add(tuple(int(lower[n][t]) + c[k] for k, n in enumerate(active)))
        needed = sorted(needed)
        values = {}
        for node in needed:
            inputs = {n: _from_coord(n, node[k] * step) for k, n in enumerate(active)}
            values[node] = self.evaluate(inputs)
            if progress is not None:
                progress(1)
        template = values[needed[0]]
        out = {"rates_hz": {k: np.zeros(n_t) for k in template.rates_hz},
               "concentrations_nM": {k: np.zeros(n_t) for k in template.concentrations_nM},
               "receptor_activation": {k: np.zeros(n_t) for k in template.receptor_activation},
               "drn_isi_cv": np.zeros(n_t)}
        weights_total = np.zeros(n_t)
        for c in corners:
            w = np.ones(n_t)
            for k, n in enumerate(active):
                w = w * (frac[n] if c[k] else 1.0 - frac[n])
            nodes = [tuple(int(lower[n][t]) + c[k] for k, n in enumerate(active)) for t in range(n_t)]
            for field_name in ("rates_hz", "concentrations_nM", "receptor_activation"):
                for key in out[field_name]:
                    vals = np.array([getattr(values[nd], field_name)[key] for nd in nodes])
                    out[field_name][key] += w * vals
            cv = np.array([values[nd].drn_isi_cv for nd in nodes])
            out["drn_isi_cv"] += w * np.nan_to_num(cv, nan=0.0)
            weights_total += w
        return out


def _to_json(r: WindowResult) -> dict:
    return {"rates_hz": r.rates_hz, "concentrations_nM": r.concentrations_nM,
            "receptor_activation": r.receptor_activation,
            "drn_isi_cv": None if np.isnan(r.drn_isi_cv) else r.drn_isi_cv, "inputs": r.inputs}


def _from_json(d: dict) -> WindowResult:
    cv = d.get("drn_isi_cv")
    return WindowResult(dict(d["rates_hz"]), dict(d["concentrations_nM"]), dict(d["receptor_activation"]),
                        float("nan") if cv is None else float(cv), inputs=dict(d.get("inputs", {})))


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


class _NoDrug:
    """PK result of a vehicle subject: every fast input is 0."""

    def __init__(self, times):
        n = len(times)
        self.time = times
        self.plasma_ng_per_ml, self.plasma_nM, self.brain_free_nM = {}, {}, {}
        self.occupancy = {t: np.zeros(n) for t in ("SERT", "DAT", "NET", "sigma-1", "5-HT1A")}
        self.fast_inputs = {name: np.zeros(n) for name in FAST_INPUTS}


def simulate_subject(*, circuit: CircuitSpec, regimen=None, species: str = "rat", body_weight=None,
                     pk_scale=None, affinities=None, times, seed: int = 0,
                     settings: EngineSettings | None = None, spike_windows=(), progress=None
                     ) -> SubjectTimecourse:
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

    Returns
    -------
    SubjectTimecourse
    """
    settings = settings or EngineSettings()
    check_quantity("times", times, brian2.second)
    times = np.asarray(times / brian2.second) * brian2.second
    if regimen is None:
        pk = _NoDrug(times)
    else:
        from raphe.circuits.pharmacology import simulate_pk

        pk = simulate_pk(regimen, species=species, body_weight=body_weight, times=times,
                         pk_scale=pk_scale, affinities=affinities)
    trajectory = {name: np.asarray(pk.fast_inputs.get(name, np.zeros(len(times))), dtype=float)
                  for name in FAST_INPUTS}
    surface = ResponseSurface(circuit, settings)
    readouts = surface.interpolate(trajectory, progress=progress)
    concentrations: dict = {}
    for pool, arr in readouts["concentrations_nM"].items():
        region, analyte = pool.split(".", 1)
        concentrations.setdefault(region, {})[analyte] = arr
    spikes, errors = [], []
    t_s = np.asarray(times / brian2.second)
    for t0 in spike_windows:
        check_quantity("spike_windows", t0, brian2.second)
        idx = int(np.argmin(np.abs(t_s - float(t0 / brian2.second))))
        inputs = {name: float(arr[idx]) for name, arr in trajectory.items() if arr[idx] > 0}
        direct = surface.evaluate(inputs, record_spikes=True)
        if progress is not None:
            progress(1)
        offset = float(t0 / brian2.second)
        spikes.append((t0, {pop: ((t + offset) * brian2.second, i) for pop, (t, i) in direct.spikes.items()}))
        for pool, value in direct.concentrations_nM.items():
            interp = readouts["concentrations_nM"][pool][idx]
            if value > 0:
                errors.append(abs(interp - value) / value)
    stats = {"windows_run": surface.windows_run, "cache_hits": surface.cache_hits,
             "surface_nodes": surface.windows_run + surface.cache_hits,
             "interpolation_error_max": float(max(errors)) if errors else float("nan"),
             "backend": settings.backend}
    return SubjectTimecourse(times, concentrations, readouts["rates_hz"], readouts["receptor_activation"],
                             readouts["drn_isi_cv"], pk, spikes, stats)
