"""Where a window's time goes: Brian2's ``profiling_summary`` of one full-scale window.

Builds the default circuit as the engine does (cpp_standalone, warm-up with fast pools,
the engine's monitors), compiles it with profiling into a fresh directory and runs
it once; prints the code objects that cost the most and their share.

    python benchmarks/profile_window.py [--scale 1.0] [--warmup 2] [--window 4] [--show 25]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import brian2

from raphe.circuits.builder import build
from raphe.circuits.circuit import default_circuit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--warmup", type=float, default=2.0, help="s")
    parser.add_argument("--window", type=float, default=4.0, help="s")
    parser.add_argument("--show", type=int, default=25)
    args = parser.parse_args()
    spec = default_circuit(scale=args.scale, seed=1)
    warmup, window = args.warmup * brian2.second, args.window * brian2.second
    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "project")
        brian2.set_device("cpp_standalone", directory=project, build_on_run=False)
        brian2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]  # as the engine (2 cores)
        brian2.seed(spec.seed)
        built = build(spec, {}, record_v="DRN_5HT", fast_pools_until=warmup)
        built.network.run(warmup + window, profile=True)
        t0 = time.perf_counter()
        brian2.device.build(directory=project, compile=True, run=True, with_output=False)
        wall = time.perf_counter() - t0
        info = built.network.profiling_info
        total = sum(float(t) for _, t in info)
        steps = int(round(float((warmup + window) / spec.dt)))
        print(f"{spec.n_neurons} neurons, {steps} steps; binary {brian2.device._last_run_time:.2f} s "
              f"({spec.n_neurons * steps / brian2.device._last_run_time:.3g} neuron-steps/s); "
              f"build+compile+run {wall:.1f} s; load average {os.getloadavg()[0]:.1f}")
        print(f"profiled code objects: {total:.2f} s\n")
        print("| code object | s | share |\n|---|---|---|")
        for name, t in sorted(info, key=lambda x: -float(x[1]))[:args.show]:
            print(f"| {name} | {float(t):.3f} | {100 * float(t) / total:.1f} % |")


if __name__ == "__main__":
    main()
