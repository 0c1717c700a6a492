"""Cold and warm wall time of a `raphe run` job, for several installs side by side.

Each arm runs the job with an empty cache (`RAPHE_CACHE` a fresh directory: includes the
one-off compile of the circuit), then again with that cache warm. Arms run one after the
other in this one process, so they see the same machine load (printed).

    python benchmarks/bench_main_job.py acute-microdialysis \
        --arm "main=/path/to/baseline-venv/bin/raphe" --arm "this=raphe" --arm "this, --jobs 1=raphe --jobs 1"

(for a baseline checkout in the same venv, a script ``PYTHONPATH=<checkout> exec raphe "$@"``)
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import tempfile
import time


def timed(cmd, env):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return dt


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment")
    parser.add_argument("--arm", action="append", required=True, metavar="LABEL=COMMAND",
                        help="a label and the raphe command (with extra options) to run")
    parser.add_argument("--warm", type=int, default=2, help="warm repeats (median)")
    parser.add_argument("--keep", metavar="DIR", help="keep the caches and outputs in DIR (else a temporary one)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            tmp = args.keep
        for k, arm in enumerate(args.arm):
            label, command = arm.split("=", 1)
            cache = os.path.join(tmp, f"cache-{k}")
            os.makedirs(cache)
            env = dict(os.environ, RAPHE_CACHE=cache)
            env.pop("RAPHE_JOBS", None)
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as on a user's machine
            base = shlex.split(command)
            cmd = base[:1] + ["run", args.experiment, "--out", os.path.join(tmp, f"out-{k}.h5"), "--quiet"] + base[1:]
            load = os.getloadavg()[0]
            cold = timed(cmd, env)
            warm = sorted(timed(cmd, env) for _ in range(args.warm))[args.warm // 2]
            rows.append((label, cold, warm, load))
            print(f"{label}: cold {cold:.1f} s, warm {warm:.2f} s (load average {load:.1f} at start)", flush=True)
    print("\n| arm | cold (s) | warm (s) | load at start |\n|---|---|---|---|")
    for label, cold, warm, load in rows:
        print(f"| {label} | {cold:.1f} | {warm:.2f} | {load:.1f} |")


if __name__ == "__main__":
    main()
