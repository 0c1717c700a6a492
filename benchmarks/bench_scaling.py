"""Benchmark: window cost against circuit size (x0.5, x1, x2, x4), side by side in one run.

Usage: python3 benchmarks/bench_scaling.py [--scales 0.5 1 2 4] [--seed 1]

For each scale: the one-off build (code generation + compile, or load of a
cached build) and the median of 3 warm reruns of the default engine window
(2 s warm-up + 4 s), with neuron-steps per second and the cost relative to x1.
"""

from __future__ import annotations

import argparse
import statistics
import time

import brian2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.5, 1.0, 2.0, 4.0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from raphe.circuits import default_circuit, run_window

    warmup, window = 2 * brian2.second, 4 * brian2.second
    rows = []
    for scale in args.scales:
        spec = default_circuit(scale=scale, seed=args.seed)
        t0 = time.perf_counter()
        run_window(spec, {}, warmup=warmup, duration=window)
        build = time.perf_counter() - t0
        runs = []
        for occ in (0.0, 0.5, 0.9):
            t0 = time.perf_counter()
            run_window(spec, {"occupancy.SERT": occ}, warmup=warmup, duration=window)
            runs.append(time.perf_counter() - t0)
        med = statistics.median(runs)
        steps = float((warmup + window) / spec.dt)
        rows.append((scale, spec.n_neurons, build, med, spec.n_neurons * steps / med))
        print(f"x{scale:g}: {spec.n_neurons} neurons, first window (build) {build:.1f} s, "
              f"warm window {med:.2f} s, {spec.n_neurons * steps / med:.3g} neuron-steps/s", flush=True)
    ref = next((r for r in rows if r[0] == 1.0), rows[0])
    for scale, n, build, med, rate in rows:
        print(f"x{scale:g}: warm window {med / ref[3]:.2f}x the x{ref[0]:g} cost for {n / ref[1]:.2f}x the neurons")


if __name__ == "__main__":
    main()
