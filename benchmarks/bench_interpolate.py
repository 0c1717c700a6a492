"""Interpolation of surface readouts along a long trajectory: this checkout vs a baseline commit.

No spiking: the surface's windows are synthetic (a smooth function of the node's inputs,
cached in memory like real windows at the first call), so only the interpolation (and the
cache look-ups it makes) is timed. The baseline's ``ResponseSurface.interpolate`` is taken
from ``git show <commit>:raphe/experiments/engine/surface.py`` and run side by side on the
same surface and trajectory (alternating, medians); the outputs must agree.

    python benchmarks/bench_interpolate.py --readouts 40000 --baseline 32ab195
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
import types
from pathlib import Path

import numpy as np

from raphe.circuits import default_circuit
from raphe.circuits.window import WindowResult
from raphe.experiments.engine import EngineSettings
from raphe.experiments.engine.surface import ResponseSurface


def synthetic_surface(tmp):
    # the uniform grid (adaptive=False): the baseline's nodes, so the same interpolation is timed
    surface = ResponseSurface(default_circuit(scale=0.25, seed=5),
                              EngineSettings(cache=False, cache_dir=tmp, adaptive=False))

    def run(full, record_spikes):  # a window's stand-in, cached in memory as a real one
        occ = full.get("occupancy.SERT", 0.0)
        sens = full.get("sensitivity.5-HT1A_somatodendritic", 1.0)
        rates = {f"pop{k}": 1.0 + k * occ + 0.1 * sens for k in range(8)}
        conc = {f"pool{k}": 2.0 / (1.0 - occ) + k * sens for k in range(8)}
        act = {f"site{k}": occ * sens / (1 + k) for k in range(20)}
        result = WindowResult(rates, conc, act, 0.5 + 0.1 * occ)
        surface._store(full, record_spikes, result, disk=False)
        return result

    surface._run = run  # as the engine's tests stub it
    return surface


def trajectory(n):
    t = np.linspace(0, 28, n)
    occ = 0.9 * (1 - np.exp(-t)) * (0.9 + 0.1 * np.sin(2 * np.pi * t))
    sens = 1 - 0.5 * (1 - np.exp(-t / 7))
    return {"occupancy.SERT": occ, "sensitivity.5-HT1A_somatodendritic": sens}


def baseline_interpolate(commit):
    root = Path(__file__).resolve().parents[1]
    text = subprocess.run(["git", "show", f"{commit}:raphe/experiments/engine/surface.py"], cwd=root,
                          check=True, capture_output=True, text=True).stdout
    module = types.ModuleType("baseline_surface")
    exec(compile(text, "baseline_surface.py", "exec"), module.__dict__)
    return module.ResponseSurface.interpolate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readouts", type=int, default=40000)
    parser.add_argument("--baseline", default="32ab195")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        surface = synthetic_surface(tmp)
        traj = trajectory(args.readouts)
        old = baseline_interpolate(args.baseline)
        times = {"baseline": [], "this checkout": []}
        results = {}
        for _ in range(args.repeats):
            for name, fn in (("baseline", lambda: old(surface, traj)), ("this checkout", lambda: surface.interpolate(traj))):
                t0 = time.perf_counter()
                results[name] = fn()
                times[name].append(time.perf_counter() - t0)
        diff = max(float(np.max(np.abs(results["baseline"][f][k] - results["this checkout"][f][k])))
                   for f in ("rates_hz", "concentrations_nM", "receptor_activation") for k in results["baseline"][f])
        base, new = statistics.median(times["baseline"]), statistics.median(times["this checkout"])
        print(f"{args.readouts} readouts, 2 active inputs, 36 readouts per time")
        print(f"baseline {args.baseline}: {base:.3f} s; this checkout: {new:.4f} s; speed-up {base / new:.1f}x; "
              f"largest difference {diff:.3g}")


if __name__ == "__main__":
    main()
