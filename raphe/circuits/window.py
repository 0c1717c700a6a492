"""Run one fast spiking window of the circuit and return its window averages.

A window holds the fast inputs fixed, runs a warm-up (discarded: each run
starts from a fresh initial state; pools start near their steady state and
run faster during the warm-up, see ``builder.POOL_WARMUP_SPEEDUP``),
then a measured window whose averages are the readouts.

Back ends: ``"numpy"`` and ``"cython"`` (Brian2 runtime; a fresh network per
window) and ``"cpp_standalone"`` (compiled once per circuit and seed, then
rerun with new inputs through ``run_args``; see :mod:`raphe.circuits.standalone`).
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field

import brian2
import numpy as np

from raphe.circuits.builder import BuiltCircuit, build
from raphe.circuits.inputs import FAST_INPUTS, validate_inputs
from raphe.circuits.receptors import RECEPTORS
from raphe.circuits.spec import CircuitSpec, check_quantity
from raphe.errors import RapheInputError, SimulationError

BACKENDS = ("numpy", "cython", "cpp_standalone")


@dataclass
class WindowResult:
    """Window averages of one fast window.

    Attributes
    ----------
    rates_hz : dict
        Mean firing rate per population (Hz).
    concentrations_nM : dict
        Mean extracellular concentration per pool (``"PFC.5-HT"``: nM).
    receptor_activation : dict
        Mean efficacy-weighted agonist occupancy ``rho`` (0..1) per receptor
        site, population and terminal sites alike (see :mod:`raphe.circuits.receptors`).
    drn_isi_cv : float
        Mean ISI coefficient of variation of DRN 5-HT neurons (NaN if too few spikes).
    mean_v_mV : dict
        Mean membrane potential per recorded population (mV).
    spikes : dict
        Population -> (spike times in s from the start of the measured window, neuron indices).
    inputs : dict
        The fast inputs used.
    """

    rates_hz: dict
    concentrations_nM: dict
    receptor_activation: dict
    drn_isi_cv: float
    mean_v_mV: dict = field(default_factory=dict)
    spikes: dict = field(default_factory=dict)
    inputs: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-friendly readouts (the keys of ``raphe window --json``)."""
        out = {
            "rates_hz": {k: float(v) for k, v in self.rates_hz.items()},
            "concentrations_nM": {k: float(v) for k, v in self.concentrations_nM.items()},
            "receptor_activation": {k: float(v) for k, v in self.receptor_activation.items()},
            "drn_isi_cv": None if math.isnan(self.drn_isi_cv) else float(self.drn_isi_cv),
        }
        if self.mean_v_mV:
            out["mean_v_mV"] = {k: float(v) for k, v in self.mean_v_mV.items()}
        return out


def isi_cv(times_s: np.ndarray, ids: np.ndarray, min_intervals: int = 3) -> float:
    """Mean over neurons of the ISI coefficient of variation."""
    cvs = []
    order = np.lexsort((times_s, ids))
    times_s, ids = times_s[order], ids[order]
    for nid in np.unique(ids):
        t = times_s[ids == nid]
        if len(t) > min_intervals:
            isi = np.diff(t)
            cvs.append(np.std(isi) / np.mean(isi))
    return float(np.mean(cvs)) if cvs else float("nan")


def _check_durations(warmup, duration):
    check_quantity("window.warmup", warmup, brian2.second)
    check_quantity("window.duration", duration, brian2.second)
    if warmup < 0 * brian2.second:
        raise RapheInputError("window.warmup", warmup, "a duration >= 0 s")
    if duration <= 0 * brian2.second:
        raise RapheInputError("window.duration", duration, "a duration > 0 s")


@contextlib.contextmanager
def _runtime_target(backend: str):
    """Run on Brian2's runtime device with ``backend`` code generation, then restore.

    A cpp_standalone session may be active in this process (compiled windows);
    it is put back afterwards so both back ends can alternate.
    """
    import importlib

    devices = importlib.import_module("brian2.devices.device")  # the module, not the proxy

    old_target = brian2.prefs.codegen.target
    old_device = devices.active_device
    devices.active_device = devices.all_devices["runtime"]
    brian2.prefs.codegen.target = backend
    try:
        yield
    finally:
        brian2.prefs.codegen.target = old_target
        devices.active_device = old_device


def summarize(built: BuiltCircuit, inputs: dict, warmup, duration, pool_t, pool_c, spikes_raw,
              v_trace=None, record_spikes=False) -> WindowResult:
    """Window averages from raw monitor data (shared by every back end).

    ``pool_t`` (s), ``pool_c`` (nM, pools x samples), ``spikes_raw``
    {pop: (t_s, i)}, ``v_trace`` (pop, mean v over time in mV) or None.
    """
    spec = built.spec
    t0 = float(warmup / brian2.second)
    dur = float(duration / brian2.second)
    sel = pool_t >= t0 - 1e-9
    conc = {}
    for pool in spec.pools:
        full_trace = pool_c[built.pool_index[pool.name]]
        k = first_unphysical(full_trace)
        if k is not None:
            before = float(full_trace[k - 1]) if k else None
            raise SimulationError(
                f"window time {pool_t[k]:.4f} s (warm-up {t0:g} s + {dur:g} s): pool {pool.name} "
                f"concentration = {float(full_trace[k])!r} nM (sample before: {before!r} nM); "
                f"inputs {_changed_inputs(inputs)}")
        conc[pool.name] = float(np.mean(full_trace[sel]))
    rates, spikes, cv = {}, {}, float("nan")
    for pop in spec.populations:
        t, i = spikes_raw[pop.name]
        keep = t >= t0
        rates[pop.name] = float(np.sum(keep) / (spec.size(pop.name) * dur))
        if record_spikes:
            spikes[pop.name] = (t[keep] - t0, i[keep].astype(np.int64))
        if pop.name == "DRN_5HT":
            cv = isi_cv(t[keep], i[keep])
    activation = {}
    from raphe.circuits.builder import autoreceptor_inputs, terminal_sites

    for pool_name, rec in terminal_sites(spec).items():
        pool = next(p for p in spec.pools if p.name == pool_name)
        ag, comp, _ = autoreceptor_inputs(pool, inputs)
        trace = pool_c[built.pool_index[pool_name]][sel]
        activation[rec.name] = float(np.mean(rec.occupancy(trace, ag, comp)))
    for pop in spec.populations:
        for site in pop.receptors:
            rec = RECEPTORS.get(site.receptor)
            key = f"{pop.region}.{rec.transmitter}"
            trace = pool_c[built.pool_index[key]][sel]
            act = rec.activation(trace, inputs[f"agonist.{rec.receptor_type}"],
                                 inputs[f"competitor.{rec.receptor_type}"])
            activation[rec.name] = float(np.mean(act))
    mean_v = {}
    if v_trace is not None:
        name, tv, vv = v_trace
        mean_v[name] = float(np.mean(vv[tv >= t0]))
    result = WindowResult(rates, conc, activation, cv, mean_v, spikes, dict(inputs))
    check_result(result, f"window time {t0:g}-{t0 + dur:g} s")
    return result


def first_unphysical(trace: np.ndarray) -> int | None:
    """Index of the first non-finite or negative sample of a concentration trace, or None."""
    bad = ~np.isfinite(trace) | (trace < 0)
    return int(np.argmax(bad)) if bad.any() else None


def _changed_inputs(inputs: dict) -> dict:
    """The inputs that differ from their default (``{}``: the drug-free naive circuit)."""
    return {k: v for k, v in inputs.items() if k not in FAST_INPUTS or v != FAST_INPUTS[k].default}


def check_result(result: WindowResult, when: str) -> None:
    """Raise :class:`SimulationError` unless every readout of ``result`` is physical.

    Rates, concentrations and receptor activations must be finite and >= 0
    (activations also <= 1); mean potentials finite. ``when`` names the time
    (window or protocol time) for the message, which also gives the variable,
    its value and the window's inputs.
    """
    checks = (("rates_hz", "Hz", 0.0, math.inf), ("concentrations_nM", "nM", 0.0, math.inf),
              ("receptor_activation", "", 0.0, 1.0 + 1e-9), ("mean_v_mV", "mV", -math.inf, math.inf))
    for field_name, unit, low, high in checks:
        for key, value in getattr(result, field_name).items():
            v = float(value)
            if not (math.isfinite(v) and low <= v <= high):
                raise SimulationError(
                    f"{when}: {field_name}[{key}] = {v!r} {unit}".rstrip()
                    + f" (expected finite, in [{low:g}, {high:g}]); inputs {_changed_inputs(result.inputs)}")


def run_window(spec: CircuitSpec, inputs=None, *, warmup=2 * brian2.second, duration=3 * brian2.second,
               backend: str = "cpp_standalone", record_spikes: bool = False, ttx: bool = False,
               record_v: str | None = "DRN_5HT", standalone_dir: str | None = None) -> WindowResult:
    """Run one window of the circuit with fixed fast inputs.

    Parameters
    ----------
    spec : CircuitSpec
        The circuit (its ``seed`` fixes connectivity, parameters and noise).
    inputs : dict, optional
        Fast inputs by name (``{"occupancy.SERT": 0.9}``); missing ones are 0.
    warmup, duration : Quantity
        Discarded warm-up and measured window.
    backend : {"numpy", "cython", "cpp_standalone"}
    record_spikes : bool
        Return the spikes of the measured window.
    ttx : bool
        A slice with TTX: spiking blocked and the in-vivo tonic drive removed,
        e.g. to measure receptor-driven potentials as in slice recordings of DRN
        neurons (Aghajanian & Lakoski 1984; Williams, Colmers & Pan 1988).
    record_v : str, optional
        Population whose mean membrane potential is returned (default DRN 5-HT
        neurons; 20 cells sampled every ms).
    standalone_dir : str, optional
        Build directory for ``cpp_standalone`` (default: a per-user cache).

    Returns
    -------
    WindowResult
    """
    inputs = validate_inputs(inputs or {})
    _check_durations(warmup, duration)
    if backend not in BACKENDS:
        from raphe.errors import UnknownNameError

        raise UnknownNameError("backend", backend, BACKENDS)
    if record_v is not None:
        spec.population(record_v)  # raises for an unknown name
    if backend == "cpp_standalone":
        from raphe.circuits.standalone import run_standalone_window

        return run_standalone_window(spec, inputs, warmup=warmup, duration=duration,
                                     record_spikes=record_spikes, ttx=ttx, record_v=record_v,
                                     directory=standalone_dir)
    with _runtime_target(backend):
        brian2.seed(spec.seed)
        built = build(spec, inputs, ttx=ttx, record_v=record_v, fast_pools_until=warmup)
        built.network.run(warmup + duration)
        return collect(built, inputs, warmup, duration, record_spikes)


def split_spikes(offsets: dict, t: np.ndarray, i: np.ndarray) -> dict:
    """Split spikes of the one neuron group into populations (local indices)."""
    out = {}
    for name, (a, b) in offsets.items():
        sel = (i >= a) & (i < b)
        out[name] = (t[sel], i[sel] - a)
    return out


def collect(built: BuiltCircuit, inputs, warmup, duration, record_spikes) -> WindowResult:
    """Read a finished network's monitors into a :class:`WindowResult`."""
    pool_t = np.asarray(built.pool_monitor.t / brian2.second)
    pool_c = np.asarray(built.pool_monitor.C / brian2.nM)
    t_all = np.asarray(built.spike_monitor.t / brian2.second)
    i_all = np.asarray(built.spike_monitor.i)
    spikes_raw = split_spikes(built.offsets, t_all, i_all)
    v_trace = None
    if built.v_monitor is not None:
        first = int(built.v_monitor.record[0])
        name = next(n for n, (a, b) in built.offsets.items() if a <= first < b)
        v_trace = (name, np.asarray(built.v_monitor.t / brian2.second),
                   np.asarray(np.mean(built.v_monitor.v / brian2.mV, axis=0)))
    return summarize(built, inputs, warmup, duration, pool_t, pool_c, spikes_raw, v_trace, record_spikes)
