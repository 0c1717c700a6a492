"""Benchmark: a 21-day chronic protocol with DRN firing recorded on four days.

Usage: python3 benchmarks/bench_chronic.py [--scale 1.0] [--seed 1] [--cache DIR] [--subjects 1]

Runs the built-in ``chronic-ssri`` experiment (citalopram 20 mg/kg/day by
minipump vs vehicle, 21 days, firing and 5-HT on days 2, 7, 14, 21, an
8-OH-DPAT dose-response on day 21 and an acute citalopram challenge on day
14) through the normal runner, once with an empty response-surface cache
(cold: every spiking window is run; the circuit's compile is cached per
machine unless ``--cache`` points to an empty directory) and once warm, and
prints:

- wall time of each run;
- spiking windows actually run vs. the evaluation points the protocol asked
  for (slow-clock steps x groups x subjects + recordings + challenge
  readings): what the response surface saves;
- the time one continuous spiking simulation of 21 days would take at the
  measured seconds per window-second (extrapolated, for scale).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import h5py


def run(args, out, cache):
    from raphe.experiments import cli

    argv = ["run", "chronic-ssri", "--out", out, "--subjects", str(args.subjects), "--seed", "3",
            "--set", f"circuit.scale={args.scale}", "--set", f"circuit.seed={args.seed}",
            "--no-plot", "--quiet", "--cache-dir", cache]
    t0 = time.perf_counter()
    assert cli.main(argv) == 0
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1, help="circuit seed")
    parser.add_argument("--subjects", type=int, default=1, help="subjects per group")
    parser.add_argument("--cache", default="", help="cache directory (default: a fresh temporary "
                        "surface cache; compiled circuits from $RAPHE_CACHE are reused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or os.path.join(tmp, "cache")
        if not args.cache:  # reuse compiled circuits, start with an empty surface
            src = os.path.join(os.environ.get("RAPHE_CACHE") or os.path.expanduser("~/.cache/raphe"),
                               "standalone")
            os.makedirs(cache, exist_ok=True)
            if os.path.isdir(src):
                os.symlink(src, os.path.join(cache, "standalone"))
        cold = run(args, os.path.join(tmp, "cold.h5"), cache)
        warm = run(args, os.path.join(tmp, "warm.h5"), cache)
        with h5py.File(os.path.join(tmp, "cold.h5"), "r") as h5:
            windows = sum(int(h5[f"subjects/{s}/engine_stats"].attrs["windows_run"]) for s in h5["subjects"])
            steps = sum(int(h5[f"subjects/{s}/engine_stats"].attrs["slow_steps"]) for s in h5["subjects"])
            nodes = max(int(h5[f"subjects/{s}/engine_stats"].attrs["distinct_nodes"]) for s in h5["subjects"])
            n_sub = len(h5["subjects"])
            days = len(h5["summary/chronic/vehicle/day"][()])
            n_doses = len(h5[f"summary/chronic/vehicle/agonist_challenge/dose"][()]) + 1
            n_ssri = len(h5["summary/chronic/vehicle/ssri_challenge/time_min"][()])
    points = steps + n_sub * (days + n_doses + n_ssri)
    import brian2

    from raphe.experiments.engine import EngineSettings

    s = EngineSettings()
    window_s = float((s.warmup + s.window) / brian2.second)
    per_window = cold / max(windows, 1)
    print(f"scale {args.scale}, circuit seed {args.seed}, {n_sub} subjects (2 groups)")
    print(f"cold run: {cold:.1f} s wall, {windows} spiking windows run "
          f"({per_window:.1f} s per window incl. overheads)")
    print(f"warm run: {warm:.1f} s wall (all windows from the cache)")
    print(f"evaluation points asked for: {points} (slow steps {steps} + recordings/challenges); "
          f"distinct surface nodes of the largest subject: {nodes}")
    print(f"the surface ran {windows} windows for {points} evaluation points "
          f"({points / max(windows, 1):.0f}x fewer)")
    print(f"a continuous spiking run of 21 days at {per_window / window_s:.2f} s per simulated second "
          f"would take ~{21 * 86400 * per_window / window_s / 86400:.0f} days of wall time")


if __name__ == "__main__":
    main()
