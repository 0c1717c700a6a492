"""One continuous spiking simulation with inputs that change over time.

The reference against which the engine's quasi-steady-state approximation is
checked: a single network, never restarted, run in chunks with the fast
inputs updated between chunks (piecewise constant, e.g. every 10 s, while the
inputs themselves change on the minutes scale of pharmacokinetics).
Works with every back end; with ``cpp_standalone`` the input changes are
compiled into the program (one build per schedule).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import brian2
import numpy as np

from raphe.circuits.builder import add_input_schedule, build
from raphe.circuits.inputs import FAST_INPUTS, validate_inputs
from raphe.circuits.spec import CircuitSpec, check_quantity
from raphe.circuits.window import BACKENDS, _runtime_target, first_unphysical, split_spikes
from raphe.errors import RapheInputError, SimulationError, UnknownNameError


@dataclass
class ContinuousResult:
    """Raw traces of a continuous run (time 0 = first chunk, after the warm-up).

    Attributes
    ----------
    pool_t : ndarray
        Sample times of the pools (s).
    pool_c : dict
        Pool name -> concentration trace (nM).
    spikes : dict
        Population -> (times in s, neuron indices).
    sizes : dict
        Population -> number of neurons.
    """

    pool_t: np.ndarray
    pool_c: dict
    spikes: dict
    sizes: dict

    def average(self, t0: float, t1: float) -> dict:
        """Mean rates (Hz) and concentrations (nM) over ``[t0, t1)`` seconds."""
        sel = (self.pool_t >= t0) & (self.pool_t < t1)
        conc = {k: float(np.mean(v[sel])) for k, v in self.pool_c.items()}
        rates = {}
        for pop, (t, _) in self.spikes.items():
            rates[pop] = float(np.sum((t >= t0) & (t < t1)) / (self.sizes[pop] * (t1 - t0)))
        return {"rates_hz": rates, "concentrations_nM": conc}


def run_continuous(spec: CircuitSpec, chunk_inputs: list[dict], *, chunk=10 * brian2.second,
                   backend: str = "cpp_standalone", directory: str | None = None) -> ContinuousResult:
    """Run the circuit continuously through a sequence of input chunks.

    The first chunk's inputs are also applied during one extra chunk of
    warm-up before time 0 (excluded from the results).

    Parameters
    ----------
    spec : CircuitSpec
    chunk_inputs : list of dict
        Fast inputs of each successive chunk.
    chunk : Quantity
        Duration of each chunk (inputs are piecewise constant).
    backend : {"numpy", "cython", "cpp_standalone"}
    directory : str, optional
        Standalone project directory (default: one per schedule in the cache).
    """
    check_quantity("continuous.chunk", chunk, brian2.second)
    if not chunk_inputs:
        raise RapheInputError("continuous.chunk_inputs", chunk_inputs, "at least one chunk")
    if backend not in BACKENDS:
        raise UnknownNameError("backend", backend, BACKENDS)
    schedule = [validate_inputs(c, field=f"chunk_inputs[{k}]") for k, c in enumerate(chunk_inputs)]
    schedule = [schedule[0]] + schedule  # warm-up chunk
    total = chunk * len(schedule)
    if backend == "cpp_standalone":
        import hashlib

        from raphe.circuits.standalone import activate_standalone, compile_project, default_cache_dir

        key = hashlib.sha256(repr((spec.fingerprint(), spec.seed, repr(schedule),
                                   float(chunk / brian2.second))).encode()).hexdigest()[:16]
        project = directory or os.path.join(default_cache_dir(), "continuous", key)
        activate_standalone(project)
        brian2.seed(spec.seed)
        built = build(spec, schedule[0], record_v=None)
        add_input_schedule(built, schedule, chunk)
        built.network.run(total)
        compile_project(project, run=True)
        return _collect(built, chunk, schedule)
    with _runtime_target(backend):
        brian2.seed(spec.seed)
        built = build(spec, schedule[0], record_v=None)
        add_input_schedule(built, schedule, chunk)
        built.network.run(total)
        return _collect(built, chunk, schedule)


def _collect(built, chunk, schedule=None) -> ContinuousResult:
    """Read the monitors (time 0 = end of the warm-up chunk); refuse a non-finite or negative pool."""
    t0 = float(chunk / brian2.second)
    pool_t = np.asarray(built.pool_monitor.t / brian2.second) - t0
    c = np.asarray(built.pool_monitor.C / brian2.nM)
    pool_c = {name: c[k] for name, k in built.pool_index.items()}
    for name, trace in pool_c.items():
        k = first_unphysical(trace)
        if k is not None:
            inputs = {}
            if schedule:  # the inputs of the chunk in which it happened
                current = schedule[min(int(pool_t[k] // t0) + 1, len(schedule) - 1)]
                inputs = {n: v for n, v in current.items() if v != FAST_INPUTS[n].default}
            raise SimulationError(f"continuous run time {pool_t[k]:.4f} s: pool {name} concentration = "
                                  f"{float(trace[k])!r} nM; inputs {inputs}")
    spikes = split_spikes(built.offsets, np.asarray(built.spike_monitor.t / brian2.second) - t0,
                          np.asarray(built.spike_monitor.i))
    sizes = {name: b - a for name, (a, b) in built.offsets.items()}
    return ContinuousResult(pool_t, pool_c, spikes, sizes)
