"""Warm wall time of a `raphe run` job (every window a cache hit), arms interleaved.

Each round runs every arm once, in turn, on one warm cache (``RAPHE_CACHE``, or
``--cache``); the median over rounds is reported with the ratio to the first arm,
next to two floors: a Python process that only imports brian2, and one that imports
only Brian2's units as the ``raphe`` command does (``raphe.brian2_deferred``; a warm
run needs nothing else of Brian2). Interleaving makes the arms see the same machine load.
Bytecode caching is on (``PYTHONDONTWRITEBYTECODE`` removed), as on a user's machine.

    python benchmarks/bench_warm.py acute-microdialysis \
        --arm "ec63360=env PYTHONPATH=/path/to/ec63360-checkout raphe" --arm "this=raphe"
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import tempfile

from bench_main_job import timed  # same directory: benchmarks are run as scripts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment")
    parser.add_argument("--arm", action="append", required=True, metavar="LABEL=COMMAND",
                        help="a label and the raphe command (with extra options) to run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache", default=os.environ.get("RAPHE_CACHE"), help="a warm cache")
    args = parser.parse_args()
    env = dict(os.environ, RAPHE_CACHE=args.cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("RAPHE_JOBS", None)
    with tempfile.TemporaryDirectory() as tmp:
        arms = []
        for k, arm in enumerate(args.arm):
            label, command = arm.split("=", 1)
            base = shlex.split(command)
            cmd = base + ["run", args.experiment, "--out", os.path.join(tmp, f"out-{k}.h5"), "--quiet"]
            arms.append((label, cmd))
        arms.append(("floor: python -c 'import brian2'", [sys.executable, "-c", "import brian2"]))
        arms.append(("floor: Brian2's units only (raphe.brian2_deferred.defer())",
                     [sys.executable, "-c", "from raphe import brian2_deferred; brian2_deferred.defer()"]))
        for _, cmd in arms:  # fill the cache (and the bytecode caches) first
            timed(cmd, env)
        times = {label: [] for label, _ in arms}
        loads = []
        for _ in range(args.rounds):
            loads.append(os.getloadavg()[0])
            for label, cmd in arms:
                times[label].append(timed(cmd, env))
    first = statistics.median(times[arms[0][0]])
    print(f"load average {min(loads):.1f}-{max(loads):.1f} over {args.rounds} rounds\n")
    print("| arm | warm median (s) | range (s) | ratio to first |\n|---|---|---|---|")
    for label, _ in arms:
        t = times[label]
        print(f"| {label} | {statistics.median(t):.2f} | {min(t):.2f}-{max(t):.2f} | "
              f"{statistics.median(t) / first:.2f} |")


if __name__ == "__main__":
    main()
