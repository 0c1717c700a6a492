"""Benchmark: the engine against a continuous spiking simulation of the same protocol.

Usage: python3 benchmarks/bench_engine.py [--scale 1.0] [--segment 60]

Measures, side by side in one run:
- the wall time of a continuous spiking run of ``--segment`` seconds of the
  acute-microdialysis protocol's first minutes (sertraline 10 mg/kg i.p.), then
  extrapolates it linearly (time is linear in biological duration) to the
  whole 5 h protocol (1 h baseline + 4 h);
- the wall time of the engine simulating the whole 5 h protocol for one subject
  with an empty surface cache (cold) and again with the cache filled (warm).
Prints the speedups (continuous-extrapolated / engine).
"""

from __future__ import annotations

import argparse
import tempfile
import time

import brian2
import numpy as np

from raphe.circuits import default_circuit
from raphe.circuits.continuous import run_continuous
from raphe.circuits.pharmacology import Dose, Regimen, simulate_pk
from raphe.experiments.engine import EngineSettings, simulate_subject


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--segment", type=float, default=60.0, help="continuous seconds measured")
    args = parser.parse_args()
    circuit = default_circuit(scale=args.scale, seed=1)
    regimen = Regimen((Dose("sertraline", "10 mg/kg", route="ip"),))
    protocol_s = 5 * 3600.0
    chunk = 10.0
    mids = (np.arange(0, args.segment, chunk) + chunk / 2) * brian2.second
    pk = simulate_pk(regimen, species="rat", times=mids)
    chunks = [{k: float(v[i]) for k, v in pk.fast_inputs.items() if v[i] > 0} for i in range(len(mids))]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        run_continuous(circuit, chunks, chunk=chunk * brian2.second, directory=f"{tmp}/cont")
        first = time.perf_counter() - t
        t = time.perf_counter()
        run_continuous(circuit, chunks, chunk=chunk * brian2.second, directory=f"{tmp}/cont")
        cont = time.perf_counter() - t  # compiled: simulation + I/O only
        settings = EngineSettings(cache_dir=f"{tmp}/cache")
        times = np.arange(-60.0, 240.0 + 1, 1.0) * 60 * brian2.second
        t = time.perf_counter()
        res = simulate_subject(circuit=circuit, regimen=regimen, times=times, settings=settings)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        simulate_subject(circuit=circuit, regimen=regimen, times=times, settings=settings)
        warm = time.perf_counter() - t
    per_bio_s = cont / (args.segment + chunk)
    extrapolated = per_bio_s * (protocol_s + chunk)
    print(f"circuit: {circuit.n_neurons} neurons (scale {args.scale:g}); protocol 5 h, sertraline 10 mg/kg i.p.")
    print(f"continuous: {args.segment:g} s measured in {cont:.1f} s (first call incl. compile {first:.1f} s)"
          f" -> 5 h extrapolated {extrapolated / 60:.1f} min")
    print(f"engine cold: {cold:.1f} s ({res.engine_stats['windows_run']} windows incl. compile); warm: {warm:.2f} s")
    print(f"speedup cold: {extrapolated / cold:.0f}x; warm: {extrapolated / warm:.0f}x")


if __name__ == "__main__":
    main()
