"""Benchmark: a 21-day chronic protocol with DRN firing recorded on four days.

Usage: python3 benchmarks/bench_chronic.py [--scale 1.0] [--seed 1] [--subjects 1] [--jobs 1 2]

Runs the built-in ``chronic-ssri`` experiment (citalopram 20 mg/kg/day by
minipump vs vehicle, 21 days, firing and 5-HT on days 2, 7, 14, 21, an
8-OH-DPAT dose-response on day 21 and an acute citalopram challenge on day
14) through the normal runner, once per ``--jobs`` value with an empty
response-surface cache (cold: every spiking window is run; the circuit is
compiled once per machine and loaded into this process before the arms, so
no arm pays for it, while ``--jobs 2``'s helper loads its own copy inside
its arm), side by side in one run, then once warm, and prints:

- wall time of each run, and the ratio of the cold arms (``--jobs 2`` runs
  the missing windows of each request in 2 processes);
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


def run(args, out, cache, jobs):
    import raphe

    exp = raphe.experiment("chronic-ssri").replace(circuit={"scale": args.scale, "seed": args.seed})
    t0 = time.perf_counter()
    raphe.run(exp, out=out, subjects=args.subjects, seed=3, jobs=jobs, cache_dir=cache)
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1, help="circuit seed")
    parser.add_argument("--subjects", type=int, default=1, help="subjects per group")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="arms (raphe run --jobs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        import brian2

        from raphe.circuits import default_circuit, standalone
        from raphe.experiments.engine import EngineSettings, fresh_surface_cache

        # load (or compile) the circuit in this process first, so that neither arm pays for it
        s = EngineSettings()
        t0 = time.perf_counter()
        standalone.load(default_circuit(scale=args.scale, seed=args.seed), warmup=s.warmup, duration=s.window,
                        directory=os.path.join(fresh_surface_cache(os.path.join(tmp, "load")), "standalone"))
        loaded = standalone.session()[0]
        print(f"circuit loaded in {time.perf_counter() - t0:.1f} s (not counted)", flush=True)
        colds = []
        for jobs in args.jobs:
            cache = fresh_surface_cache(os.path.join(tmp, f"cache-{jobs}"))
            out = os.path.join(tmp, f"cold-{jobs}.h5")
            colds.append((jobs, run(args, out, cache, jobs), out))
            print(f"cold, --jobs {jobs}: {colds[-1][1]:.1f} s (circuit loaded beforehand reused: "
                  f"{standalone.session()[0] == loaded})", flush=True)
        warm = run(args, os.path.join(tmp, "warm.h5"), cache, 1)
        with h5py.File(colds[0][2], "r") as h5:
            windows = sum(int(h5[f"subjects/{s}/engine_stats"].attrs["windows_run"]) for s in h5["subjects"])
            steps = sum(int(h5[f"subjects/{s}/engine_stats"].attrs["slow_steps"]) for s in h5["subjects"])
            nodes = max(int(h5[f"subjects/{s}/engine_stats"].attrs["distinct_nodes"]) for s in h5["subjects"])
            n_sub = len(h5["subjects"])
            days = len(h5["summary/chronic/vehicle/day"][()])
            n_doses = len(h5["summary/chronic/vehicle/agonist_challenge/dose"][()]) + 1
            n_ssri = len(h5["summary/chronic/vehicle/ssri_challenge/time_min"][()])
            reference = h5["summary/chronic"]
            same = True
            for _, _, path in colds[1:]:
                with h5py.File(path, "r") as other:
                    same = same and _same(reference, other["summary/chronic"])
    points = steps + n_sub * (days + n_doses + n_ssri)
    window_s = float((s.warmup + s.window) / brian2.second)
    jobs1, cold1, _ = colds[0]
    per_window = cold1 / max(windows, 1)
    print(f"scale {args.scale}, circuit seed {args.seed}, {n_sub} subjects (2 groups)")
    for jobs, cold, _ in colds:
        print(f"cold run, --jobs {jobs}: {cold:.1f} s wall ({cold1 / cold:.2f}x the --jobs {jobs1} arm)")
    print(f"results identical across arms: {same}")
    print(f"{windows} spiking windows run ({per_window:.1f} s per window incl. overheads, --jobs {jobs1})")
    print(f"warm run: {warm:.1f} s wall (all windows from the cache)")
    print(f"evaluation points asked for: {points} (slow steps {steps} + recordings/challenges); "
          f"distinct surface nodes of the largest subject: {nodes}")
    print(f"the surface ran {windows} windows for {points} evaluation points "
          f"({points / max(windows, 1):.0f}x fewer)")
    print(f"a continuous spiking run of 21 days at {per_window / window_s:.2f} s per simulated second "
          f"would take ~{21 * 86400 * per_window / window_s / 86400:.0f} days of wall time")


def _same(a, b) -> bool:
    """Every dataset of two summary groups equal (NaN equal to NaN)."""
    import numpy as np

    names = []
    a.visit(lambda n: names.append(n) if isinstance(a[n], h5py.Dataset) else None)
    return all(n in b and np.array_equal(a[n][()], b[n][()], equal_nan=a[n].dtype.kind == "f") for n in names)


if __name__ == "__main__":
    main()
