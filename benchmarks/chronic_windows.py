"""Which spiking windows a cold `chronic-ssri` run computes, and how accurate its readouts are.

    python benchmarks/chronic_windows.py count OUT.h5 FRESH_CACHE [KEY=VALUE ...]
    python benchmarks/chronic_windows.py exact OUT.h5 CACHE_TO_COPY FRESH_CACHE [KEY=VALUE ...]
    python benchmarks/chronic_windows.py compare REF.h5 OTHER.h5 [OTHER.h5 ...]

``count`` runs the experiment in this process (``--jobs 1``) with an empty surface cache (the
compiled circuit under ``$RAPHE_CACHE`` is shared) and prints the windows run by requester (slow
clock, recording days, direct spike windows, 8-OH-DPAT challenge, citalopram challenge), with
their inputs in surface coordinates in ``OUT.h5.windows.json``. ``exact`` is the reference for
the challenges that record unit rates: every sample time is a window at its exact inputs
(starting from a copy of a cache, so only those windows run). ``compare`` prints, per group and
readout of ``/summary/chronic``, the largest difference from the reference file.
"""

from __future__ import annotations

import collections
import inspect
import json
import os
import shutil
import sys
import time

import numpy as np

READOUTS = [("firing_hz_mean", "Hz"), ("firing_percent_control_mean", "pp"), ("PFC_5HT_mean", "nM"),
            ("NAc_5HT_mean", "nM"), ("DRN_5HT_mean", "nM"), ("PFC_5HT_percent_control_mean", "pp"),
            ("NAc_5HT_percent_control_mean", "pp"), ("DRN_5HT_percent_control_mean", "pp"),
            ("PFC_NE_percent_control_mean", "pp"), ("NAc_DA_percent_control_mean", "pp"),
            ("CREB_mean", "fold"), ("BDNF_mean", "fold"), ("sensitivity_5HT1A_auto_mean", "1"),
            ("agonist_challenge/percent_baseline_mean", "pp"),
            ("ssri_challenge/PFC.5-HT_percent_mean", "pp"), ("ssri_challenge/DRN_5HT_rate_percent_mean", "pp")]


def _requester() -> str:
    """Who asked for the window being run (from the call stack)."""
    names = []
    for frame in inspect.stack()[2:]:
        name = os.path.basename(frame.filename)
        if name == "chronic.py" and frame.function == "simulate":
            lines, first = inspect.getsourcelines(frame.frame.f_code)
            k = frame.frame.f_lineno - first
            text = lines[k]
            call = "".join(lines[max(k - 1, 0):k + 2])  # a call over two lines: either may be reported
            if "simulate_chronic" in names:
                return "slow clock"
            if "simulate_subject" in names:
                return "8-OH-DPAT challenge" if "unit_rates" in call else "citalopram challenge"
            if "record_spikes=True" in text:
                return "direct spike window (recording day)"
            return "recording day"
        if name == "clock.py":
            names.append(frame.function)
    return "other"


def count(out, cache, overrides):
    import raphe
    from raphe.experiments.engine import fresh_surface_cache
    from raphe.experiments.engine.coordinates import defaults, to_coord
    from raphe.experiments.engine.surface import ResponseSurface

    log = []
    run = ResponseSurface._run

    def logged(self, full, record_spikes):
        base = defaults()
        coords = {k: round(float(to_coord(k, v)), 4) for k, v in full.items() if round(v, 9) != base[k]}
        log.append({"requester": _requester(), "spikes": record_spikes, "coords": coords})
        return run(self, full, record_spikes)

    ResponseSurface._run = logged
    t0 = time.perf_counter()
    raphe.run("chronic-ssri", out=out, jobs=1, cache_dir=fresh_surface_cache(cache), overrides=overrides)
    print(f"{len(log)} windows in {time.perf_counter() - t0:.0f} s")
    for (who, spikes), n in sorted(collections.Counter((w["requester"], w["spikes"]) for w in log).items()):
        print(f"  {n:4d}  {who}{' (spikes)' if spikes else ''}")
    with open(out + ".windows.json", "w") as f:
        json.dump(log, f, indent=0)


def exact(out, source, cache, overrides):
    import brian2

    import raphe
    from raphe.experiments.engine.coordinates import defaults
    from raphe.experiments.engine.surface import ResponseSurface

    interpolate = ResponseSurface.interpolate

    def direct(self, trajectory, progress=None, unit_rates=None, **kw):
        n_t = len(next(iter(trajectory.values())))
        if unit_rates is None or n_t < 2:
            return interpolate(self, trajectory, progress=progress, unit_rates=unit_rates, **kw)
        base = defaults()
        res = self.evaluate_many([{k: float(v[t]) for k, v in trajectory.items() if k in base}
                                  for t in range(n_t)], record_spikes=True)
        o = {f: {k: np.array([getattr(r, f)[k] for r in res]) for k in getattr(res[0], f)}
             for f in ("rates_hz", "concentrations_nM", "receptor_activation")}
        o["drn_isi_cv"] = np.array([r.drn_isi_cv for r in res])
        size = self.circuit.size(unit_rates)
        dur = float(self.settings.window / brian2.second)
        o["unit_rates_hz"] = np.vstack([np.bincount(np.asarray(r.spikes[unit_rates][1], dtype=int),
                                                    minlength=size)[:size] / dur for r in res])
        return o

    ResponseSurface.interpolate = direct
    shutil.copytree(source, cache, symlinks=True)
    raphe.run("chronic-ssri", out=out, jobs=1, cache_dir=cache, overrides=overrides)


def compare(ref_path, others):
    import h5py

    ref = h5py.File(ref_path, "r")
    for path in others:
        f = h5py.File(path, "r")
        print(f"== {path} vs {ref_path}")
        for g in ("vehicle", "citalopram-20"):
            for key, unit in READOUTS:
                a = ref[f"summary/chronic/{g}/{key}"][()]
                b = f[f"summary/chronic/{g}/{key}"][()]
                d = float(np.nanmax(np.abs(a - b)))
                if d > 0:
                    print(f"  {g:14s} {key:42s} max |diff| {d:8.4f} {unit}")
            ra, fa = ref[f"summary/chronic/{g}/agonist_challenge"], f[f"summary/chronic/{g}/agonist_challenge"]
            print(f"  {g:14s} 8-OH-DPAT ED50 {fa.attrs['ed50']:.3f} (ref {ra.attrs['ed50']:.3f}) ug/kg, "
                  f"% of baseline at the top dose {fa['percent_baseline_mean'][-1]:.2f} "
                  f"(ref {ra['percent_baseline_mean'][-1]:.2f})")


if __name__ == "__main__":
    cmd, rest = sys.argv[1], sys.argv[2:]
    if cmd == "count":
        count(rest[0], rest[1], rest[2:])
    elif cmd == "exact":
        exact(rest[0], rest[1], rest[2], rest[3:])
    elif cmd == "compare":
        compare(rest[0], rest[1:])
    else:
        raise SystemExit(__doc__)
