"""Benchmark: a 12-point dose-response sweep with 1 vs 2 local workers (goal: 1.7x on 2 cores).

Usage::

    python3 benchmarks/bench_sweep.py [--scale 0.25] [--duration "40 min"] [--points 12]
                                      [--repeats 1] [--dask]

Both arms run the same sweep (sertraline, log-spaced doses from 0.3 to 30 mg/kg, one
subject per dose) side by side in one invocation, each in freshly spawned worker
processes, with the response-surface disk cache off (``engine.cache = false``) so that
every task runs all of its spiking windows in both arms. The circuit is compiled once
beforehand (not timed), so the arms measure the reuse of the compiled circuit by new
worker processes. With ``--repeats`` > 1 the arm order alternates and medians are shown.

Also reported, per arm: tasks per worker process, how many tasks found the compiled
circuit already loaded in their process, and how many saw the standalone binary
relinked during the task (0 means every worker reused the machine's compiled build).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time

import numpy as np


def _doses(n: int) -> list[str]:
    return [f"{d:.3g} mg/kg" for d in np.logspace(np.log10(0.3), np.log10(30), n)]


def _digest(path) -> str:
    """SHA-256 of every dataset's name and bytes (attributes such as timings excluded)."""
    import hashlib

    import h5py

    h = hashlib.sha256()

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            v = obj[()]
            h.update(name.encode())
            h.update(v.tobytes() if isinstance(v, np.ndarray) and v.dtype.kind != "O" else repr(v).encode())
    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return h.hexdigest()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.25, help="circuit.scale (1.0 = full size)")
    parser.add_argument("--duration", default="40 min", help="microdialysis.duration")
    parser.add_argument("--points", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--dask", action="store_true", help="add a Dask LocalCluster x2 arm")
    parser.add_argument("--keep", metavar="DIR", help="keep the results files in DIR")
    args = parser.parse_args(argv)

    from raphe.experiments import sweep as S
    from raphe.experiments.executors import LocalExecutor, make_executor

    overrides = [f"circuit.scale={args.scale}", f"microdialysis.duration={args.duration}",
                 "engine.cache=false", *args.overrides]
    sw = S.load_sweep("dose-response", grid=["group.0.doses.0.amount=" + ",".join(_doses(args.points))],
                      overrides=overrides, subjects=1, seed=args.seed)
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}; load average {os.getloadavg()[0]:.2f}")
    print(f"sweep: {len(sw.points)} points x 1 subject; {' '.join(overrides)}")

    # compile once (untimed): the first window of the circuit in this process
    t = time.perf_counter()
    from raphe.circuits import default_circuit, run_window
    from raphe.experiments.cohort import shared_seed

    cfg = sw.configs[0]
    st = cfg.engine["settings"]
    circuit = default_circuit(scale=cfg.circuit["scale"], seed=shared_seed(sw.seed), dt=cfg.circuit["dt"])
    from raphe.circuits import standalone

    root = st.cache_dir or standalone.default_cache_dir()
    run_window(circuit, {}, warmup=st.warmup, duration=st.window, backend=st.backend,
               standalone_dir=os.path.join(root, "standalone"))
    print(f"compile (or load) of the circuit in this process: {time.perf_counter() - t:.1f} s")

    arms = [("local x1", lambda: LocalExecutor(1)), ("local x2", lambda: LocalExecutor(2))]
    if args.dask:
        arms.append(("dask x2", lambda: make_executor(dask_local=2)))
    times: dict[str, list] = {name: [] for name, _ in arms}
    outputs: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            tmp = args.keep
        for rep in range(args.repeats):
            order = arms if rep % 2 == 0 else arms[::-1]
            for name, make in order:
                out = os.path.join(tmp, f"{name.replace(' ', '')}-{rep}.h5")
                with make() as ex:
                    t = time.perf_counter()
                    res = S.run_sweep(sw, out, executor=ex)
                    wall = time.perf_counter() - t
                times[name].append(wall)
                outputs[f"{name}-{rep}"] = out
                pids = {}
                for s in res.task_stats:
                    pids[s["pid"]] = pids.get(s["pid"], 0) + 1
                reused = sum(bool(s["session_reused"]) for s in res.task_stats)
                rebuilt = sum(bool(s["binary_built"]) for s in res.task_stats)
                task_s = [s["seconds"] for s in res.task_stats]
                print(f"  {name}: {wall:.1f} s wall (tasks {res.seconds:.1f} s; per task median "
                      f"{statistics.median(task_s):.1f} s, max {max(task_s):.1f} s); "
                      f"{len(pids)} worker process(es) {sorted(pids.values())}; compiled circuit "
                      f"already loaded for {reused}/{len(task_s)} tasks; binary relinked during "
                      f"{rebuilt} task(s)")
        digests = {name: _digest(path) for name, path in outputs.items()}
    same = len(set(digests.values())) == 1
    print(f"identical datasets in every arm and repeat: {'yes' if same else 'NO'}")
    m1 = statistics.median(times["local x1"])
    m2 = statistics.median(times["local x2"])
    print(f"speed-up 2 workers vs 1: {m1 / m2:.2f}x  (local x1 {m1:.1f} s, local x2 {m2:.1f} s; goal 1.7x)")
    if args.dask:
        md = statistics.median(times["dask x2"])
        print(f"speed-up Dask LocalCluster x2 vs local x1: {m1 / md:.2f}x ({md:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
