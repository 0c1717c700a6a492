"""Benchmark: neuron-steps per second of the default circuit, and window API overhead.

Usage: python3 benchmarks/bench_window.py [--scale 1.0] [--seconds 6]

Reports, for the cpp_standalone back end, the time of a rerun window (compiled once)
as neuron-steps/s, and the overhead of ``run_window`` over running the same compiled
binary directly (``device.run`` with the same ``run_args``, then reading the same
monitors, as a plain Brian2 script would), measured side by side.
"""

from __future__ import annotations

import argparse
import statistics
import time

import brian2

from raphe.circuits import default_circuit, run_window
from raphe.circuits import standalone


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=6.0, help="biological seconds per window")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    spec = default_circuit(scale=args.scale, seed=1)
    warm, dur = 1.0 * brian2.second, (args.seconds - 1.0) * brian2.second
    t = time.perf_counter()
    run_window(spec, warmup=warm, duration=dur, backend="cpp_standalone")
    first = time.perf_counter() - t
    api, raw = [], []
    for k in range(args.repeats):
        t = time.perf_counter()
        run_window(spec, {"occupancy.SERT": 0.1 * k}, warmup=warm, duration=dur, backend="cpp_standalone")
        api.append(time.perf_counter() - t)
        _, directory, built = standalone.session()
        t = time.perf_counter()
        brian2.device.run(directory=directory, results_directory="bench-raw", with_output=False,
                          run_args={built.pools.inhib: [0.1 * k] * len(built.pools)})
        # a plain script reads the same monitors
        _ = (built.spike_monitor.t[:], built.spike_monitor.i[:], built.pool_monitor.C[:],
             built.v_monitor.v[:])
        raw.append(time.perf_counter() - t)
    steps = spec.n_neurons * args.seconds / float(spec.dt / brian2.second)
    a, r = statistics.median(api), statistics.median(raw)
    print(f"circuit: {spec.n_neurons} neurons, {args.seconds:g} s biological time, dt 0.1 ms")
    print(f"first window (build + compile, or reuse of a cached build): {first:.1f} s")
    print(f"cpp_standalone rerun via run_window: {a:.2f} s  -> {steps / a:.3g} neuron-steps/s")
    print(f"same binary via plain device.run:   {r:.2f} s")
    print(f"window API overhead: {100 * (a - r) / r:.1f} %")


if __name__ == "__main__":
    main()
