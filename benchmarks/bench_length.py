"""Benchmark: engine cost against protocol length (4 h vs 28 days), side by side in one run.

Usage: python3 benchmarks/bench_length.py [--scale 1.0] [--seed 1] [--resolution-min 1]

One circuit, one subject, readouts every ``--resolution-min`` minutes in
every arm, each arm with its own empty response-surface cache (the compiled
circuit is loaded once beforehand and shared, so no arm pays for it):

- ``4 h``: sertraline 10 mg/kg i.p. once, 4 h (the acute protocol);
- ``28 d``: the same dose every 24 h for 28 days (672x the readouts);
- ``28 d chronic``: the same regimen on the slow clock (1 h steps) with
  5-HT1A autoreceptor desensitization and CREB/BDNF (one more surface dimension).

For each arm: wall time with a cold surface (windows run), wall time warm
(every window from the cache: PK + interpolation only), and the ratios to the
4 h arm. A continuous spiking simulation scales with protocol length; the
engine scales with the number of distinct surface nodes the protocol visits.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import brian2
import numpy as np

HOUR, DAY = 3600 * brian2.second, 86400 * brian2.second


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1, help="circuit seed")
    parser.add_argument("--resolution-min", type=float, default=1.0, help="readout spacing (min)")
    args = parser.parse_args()
    from raphe.circuits import default_circuit
    from raphe.circuits.pharmacology import Dose, Regimen
    from raphe.experiments.engine import (EngineSettings, ResponseSurface, fresh_surface_cache,
                                         simulate_chronic, simulate_subject)

    spec = default_circuit(scale=args.scale, seed=args.seed)
    res = args.resolution_min * 60 * brian2.second
    once = Regimen(doses=(Dose(drug="sertraline", amount="10 mg/kg", route="ip"),))
    daily = Regimen(doses=(Dose(drug="sertraline", amount="10 mg/kg", route="ip",
                                every=24 * HOUR, count=28),))

    def acute(settings, surface, hours):
        times = np.arange(0, hours * 3600 + 1e-6, float(res / brian2.second)) * brian2.second
        regimen = once if hours <= 24 else daily
        course = simulate_subject(circuit=spec, regimen=regimen, times=times, settings=settings,
                                  surface=surface)
        return len(times), course.concentrations_nM["PFC"]["5-HT"]

    def chronic(settings, surface, hours):
        course = simulate_chronic(circuit=spec, regimen=daily, duration=hours * HOUR, step=1 * HOUR,
                                  settings=settings, surface=surface)
        return course.engine_stats["slow_steps"], course.concentrations_nM["PFC.5-HT"]

    arms = [("4 h", acute, 4), ("28 d", acute, 28 * 24), ("28 d chronic", chronic, 28 * 24)]
    with tempfile.TemporaryDirectory() as tmp:
        def settings_for(name):
            return EngineSettings(cache_dir=fresh_surface_cache(os.path.join(tmp, name.replace(" ", "_"))))

        t0 = time.perf_counter()
        ResponseSurface(spec, settings_for("load")).evaluate({})
        print(f"x{args.scale:g} circuit ({spec.n_neurons} neurons): load/compile + first window "
              f"{time.perf_counter() - t0:.1f} s (not counted below)", flush=True)
        rows = []
        for name, fn, hours in arms:
            settings = settings_for(name)
            surface = ResponseSurface(spec, settings)
            t0 = time.perf_counter()
            n_points, pfc = fn(settings, surface, hours)
            cold = time.perf_counter() - t0
            windows = surface.windows_run
            t0 = time.perf_counter()
            fn(settings, ResponseSurface(spec, settings), hours)  # new surface: reads the disk cache
            warm = time.perf_counter() - t0
            rows.append((name, hours, n_points, windows, cold, warm))
            print(f"{name}: {n_points} readouts, {windows} windows, cold {cold:.1f} s, warm {warm:.2f} s, "
                  f"PFC 5-HT max {np.max(pfc):.2f} nM", flush=True)
    ref = rows[0]
    print(f"\n{'arm':<14}{'length':>8}{'readouts':>10}{'windows':>9}{'cold s':>9}{'warm s':>9}"
          f"{'cold/4h':>9}{'warm/4h':>9}")
    for name, hours, n_points, windows, cold, warm in rows:
        print(f"{name:<14}{hours / ref[1]:>7.0f}x{n_points:>10}{windows:>9}{cold:>9.1f}{warm:>9.2f}"
              f"{cold / ref[4]:>8.2f}x{warm / ref[5]:>8.1f}x")


if __name__ == "__main__":
    main()
