"""The throughput limit: a hand-written Brian2 script of the same circuit vs raphe's window.

``raw_window`` below uses Brian2 only (no raphe): one NeuronGroup of the default circuit's
2,230 neurons (scale 1) with the same membrane equation, nine receptor activations updated
every 1 ms through linked pool concentrations, eight extracellular pools with
Michaelis-Menten uptake and release per spike (one ``Synapses`` object), the same 13
projections (expected in-degree, weight, delay, copied as plain numbers from the default
circuit; one ``Synapses`` object per kind, exc and inh, as raphe builds them) and the same
monitors (all spikes, pool concentrations at 1 ms, 20 membrane potentials at 1 ms). Each side
is compiled once (cpp_standalone, ``-j2``), then the same 6-s window (dt 0.1 ms) is rerun
``--repeats`` times, each side in its own process, one side after the other.

Reported per side: code generation (Python, wall), compile (``make``: wall and the CPU time
of the compiler processes), number of code objects, and the rerun median (wall and CPU time
of the binary, from ``getrusage(RUSAGE_CHILDREN)``; CPU time is the figure to compare on a
shared machine).

Arms: ``raw`` (the script), ``raw-no-noise`` (``--no-noise``: the same without the membrane
noise term, to price the Gaussian draws), ``raphe`` (this checkout, its default circuit: the
ziggurat noise generator), ``raphe-brian2-noise`` (this checkout, ``CircuitSpec(noise="brian2")``:
Brian2's own generator, as the raw script), and ``baseline`` (``--baseline DIR``: raphe imported
from another source tree, e.g. ``git archive main``, with its default circuit).

    python benchmarks/bench_raw_brian2.py --repeats 3 --no-noise --baseline /tmp/main-src
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

SIZES = {"DRN_5HT": 300, "DRN_GABA": 80, "PFC_E": 800, "PFC_I": 200, "NAc_D1": 300, "NAc_D2": 300,
         "VTA_DA": 150, "LC_NE": 100}
# (source, target, exc?, in-degree, weight nS, delay ms): the default circuit's projections
PROJECTIONS = [("PFC_E", "PFC_E", 1, 40, 0.25, 1.5), ("PFC_E", "PFC_I", 1, 60, 0.4, 1.0),
               ("PFC_I", "PFC_E", 0, 30, 1.0, 1.0), ("PFC_I", "PFC_I", 0, 20, 1.0, 1.0),
               ("PFC_E", "DRN_GABA", 1, 40, 0.4, 5.0), ("PFC_E", "DRN_5HT", 1, 20, 0.15, 5.0),
               ("DRN_GABA", "DRN_5HT", 0, 15, 0.4, 1.0), ("PFC_E", "NAc_D1", 1, 60, 0.4, 4.0),
               ("PFC_E", "NAc_D2", 1, 60, 0.4, 4.0), ("NAc_D1", "NAc_D1", 0, 10, 0.3, 1.0),
               ("NAc_D2", "NAc_D1", 0, 10, 0.3, 1.0), ("NAc_D2", "NAc_D2", 0, 10, 0.3, 1.0),
               ("DRN_5HT", "VTA_DA", 1, 20, 0.5, 3.0)]
# pool: (releasing population, region of the readers)
POOLS = [("DRN_5HT", "DRN"), ("DRN_5HT", "PFC"), ("DRN_5HT", "NAc"), ("DRN_5HT", "LC"),
         ("VTA_DA", "NAc"), ("VTA_DA", "VTA"), ("LC_NE", "PFC"), ("LC_NE", "LC")]
REGION = {"DRN_5HT": "DRN", "DRN_GABA": "DRN", "PFC_E": "PFC", "PFC_I": "PFC", "NAc_D1": "NAc",
          "NAc_D2": "NAc", "VTA_DA": "VTA", "LC_NE": "LC"}
WARMUP_S, WINDOW_S = 2.0, 4.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_make():
    """Wrap the device's ``compile_source`` (make) to record its wall and CPU time."""
    import brian2 as b2

    device = b2.get_device()
    original = device.compile_source
    record = {}

    def compile_source(*args, **kwargs):
        t0, c0 = time.perf_counter(), _children_cpu()
        try:
            return original(*args, **kwargs)
        finally:
            record["make_s"], record["make_cpu_s"] = time.perf_counter() - t0, _children_cpu() - c0

    device.compile_source = compile_source
    return record


def _code_objects(project: str) -> int:
    return sum(name.endswith(".cpp") for name in os.listdir(os.path.join(project, "code_objects")))


def _timed_runs(run, repeats: int) -> tuple[list, list]:
    walls, cpus = [], []
    for k in range(repeats):
        t0, c0 = time.perf_counter(), _children_cpu()
        run(k)
        walls.append(time.perf_counter() - t0)
        cpus.append(_children_cpu() - c0)
    return walls, cpus


def raw_window(directory: str, repeats: int, noise: bool = True) -> dict:
    """Build, compile and rerun the hand-written network; times of each rerun (s)."""
    import brian2 as b2
    import numpy as np

    b2.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    b2.seed(1)
    n = sum(SIZES.values())
    offsets, start = {}, 0
    for name, size in SIZES.items():
        offsets[name] = (start, start + size)
        start += size
    eqs = """
    dv/dt = (gL*(EL - v) + ge*(Ee - v) + gi*(Ei - v) + gahp*(EK - v) + I_drive + gE_rec - g_rec*v)/Cm NOISE : volt (unless refractory)
    dge/dt = -ge/tau_e + rate_bg*w_bg : siemens
    dgi/dt = -gi/tau_i : siemens
    dgahp/dt = -gahp/tau_ahp : siemens
    Cm : farad (constant)
    gL : siemens (constant)
    EL : volt (constant)
    v_th : volt
    v_reset : volt (constant)
    delta_ahp : siemens (constant)
    tau_ahp : second (constant)
    I_drive : amp (constant)
    sigma : volt (constant)
    t_ref : second (constant)
    rate_bg : hertz (constant)
    w_bg : siemens (constant)
    C_a : mmolar (linked)
    C_b : mmolar (linked)
    C_c : mmolar (linked)
    g_rec : siemens
    gE_rec : amp
    """
    sites = [("a", 1), ("a", 2), ("a", 3), ("a", 4), ("b", 5), ("b", 6), ("b", 7), ("c", 8), ("a", 9)]
    for _, k in sites:
        eqs += f"gmax{k} : siemens (constant)\nsens{k} : 1\n"
    acts = [f"act{k} = (C_{c}/({k}*nM))/(1 + C_{c}/({k}*nM))" for c, k in sites]
    terms = [f"gmax{k}*(sens{k}*2*act{k})/(1 + sens{k}*2*act{k})" for _, k in sites]
    code = "\n".join(acts + ["g_rec = " + " + ".join(terms),
                             "gE_rec = " + " + ".join(f"{t}*(-90*mV)" for t in terms)])
    eqs = eqs.replace("NOISE", "+ sigma*sqrt(2*gL/Cm)*xi" if noise else "")
    ns = {"Ee": 0 * b2.mV, "Ei": -80 * b2.mV, "EK": -90 * b2.mV, "tau_e": 5 * b2.ms, "tau_i": 10 * b2.ms}
    g = b2.NeuronGroup(n, eqs, threshold="v > v_th", reset="v = v_reset; gahp += delta_ahp",
                       refractory="t_ref", method="euler", namespace=ns, name="neurons")
    g.run_regularly(code, dt=1 * b2.ms, when="before_groups")
    rng = np.random.default_rng(1)
    g.Cm, g.gL, g.EL = 200 * b2.pF, 10 * b2.nS, -65 * b2.mV
    g.v_th, g.v_reset = -50 * b2.mV, -60 * b2.mV
    g.delta_ahp, g.tau_ahp, g.t_ref = 2 * b2.nS, 150 * b2.ms, 2 * b2.ms
    g.I_drive = rng.uniform(120, 170, n) * b2.pA
    g.sigma, g.rate_bg, g.w_bg = 2 * b2.mV, 1000 * b2.Hz, 0.1 * b2.nS
    for _, k in sites:
        setattr(g, f"gmax{k}", rng.uniform(0, 1, n) * b2.nS)
        setattr(g, f"sens{k}", 1.0)
    g.v = rng.uniform(-60, -50, n) * b2.mV
    pools = b2.NeuronGroup(len(POOLS), """
    dC/dt = speed*(tonic - Vmax*C/(Km*(1 + inhib) + C) - k_diff*C) : mmolar
    dar/dt = speed*(ar_target - ar)/(20*second) : 1
    ar_target = (C/(10*nM))/(1 + C/(10*nM)) : 1
    release_scale = 1 - 0.9*ar*imax : 1
    speed = 1 + 7*int(t < 2*second) : 1
    tonic : mmolar/second (constant)
    Vmax : mmolar/second (constant)
    Km : mmolar (constant)
    k_diff : 1/second (constant)
    imax : 1 (constant)
    inhib : 1
    """, method="euler", name="pools")
    pools.tonic, pools.Vmax, pools.Km, pools.k_diff = 1 * b2.nM / b2.second, 500 * b2.nM / b2.second, 170 * b2.nM, 0.12 * b2.Hz
    pools.C = 2 * b2.nM
    objects = [g, pools]
    rel = b2.Synapses(g, pools, "q : mmolar (constant)",
                      on_pre="C_post += q*speed_post*release_scale_post", name="release")
    rel.connect(i=np.concatenate([np.arange(*offsets[src]) for src, _ in POOLS]),
                j=np.concatenate([np.full(SIZES[src], k) for k, (src, _) in enumerate(POOLS)]))
    rel.q = 0.05 * b2.nM
    objects.append(rel)
    index = {"a": np.zeros(n, int), "b": np.zeros(n, int), "c": np.zeros(n, int)}
    for name, (a, z) in offsets.items():
        region = REGION[name]
        index["a"][a:z] = next(k for k, (s, r) in enumerate(POOLS) if s == "DRN_5HT" and r == region) \
            if any(s == "DRN_5HT" and r == region for s, r in POOLS) else 0
        index["b"][a:z] = next((k for k, (s, r) in enumerate(POOLS) if s == "VTA_DA" and r == region), 4)
        index["c"][a:z] = next((k for k, (s, r) in enumerate(POOLS) if s == "LC_NE" and r == region), 6)
    for c in "abc":
        setattr(g, f"C_{c}", b2.linked_var(pools, "C", index=index[c]))
    for exc in (1, 0):
        parts = []
        for src, tgt, e, indeg, w, delay in PROJECTIONS:
            if e != exc:
                continue
            a, z = offsets[src]
            c, d = offsets[tgt]
            pre, post = np.nonzero(rng.random((z - a, d - c)) < min(1.0, indeg / (z - a)))
            parts.append((pre + a, post + c, np.full(len(pre), w), np.full(len(pre), delay)))
        syn = b2.Synapses(g, g, "w : siemens (constant)", on_pre=f"{'ge' if exc else 'gi'}_post += w",
                          name=f"syn_{'exc' if exc else 'inh'}")
        syn.connect(i=np.concatenate([p[0] for p in parts]), j=np.concatenate([p[1] for p in parts]))
        syn.w = np.concatenate([p[2] for p in parts]) * b2.nS
        syn.delay = np.concatenate([p[3] for p in parts]) * b2.ms
        objects.append(syn)
    spikes = b2.SpikeMonitor(g, name="spikes")
    pool_mon = b2.StateMonitor(pools, "C", record=True, dt=1 * b2.ms, name="pool_monitor")
    a, _ = offsets["DRN_5HT"]
    v_mon = b2.StateMonitor(g, "v", record=np.arange(a, a + 20), dt=1 * b2.ms, name="v_monitor")
    net = b2.Network(*objects, spikes, pool_mon, v_mon)
    net.run((WARMUP_S + WINDOW_S) * b2.second)
    make = _timed_make()
    t0 = time.perf_counter()
    b2.device.build(directory=directory, compile=True, run=False)
    build_s = time.perf_counter() - t0

    def run(k):
        b2.device.run(directory=directory, results_directory=f"results{k}", with_output=False,
                      run_args={pools.inhib: 0.1 * k})

    walls, cpus = _timed_runs(run, repeats)
    rate = len(spikes.t) / (n * (WARMUP_S + WINDOW_S))
    return {"codegen_s": build_s - make["make_s"], **make, "runs_s": walls, "runs_cpu_s": cpus, "neurons": n,
            "code_objects": _code_objects(directory),
            "mean_rate_hz": rate}


def raphe_window(directory: str, repeats: int, noise: str | None = None) -> dict:
    """The same window through raphe (default circuit, scale 1; ``noise``: its generator, None: the default)."""
    import brian2 as b2

    from raphe.circuits import default_circuit, run_window

    spec = default_circuit(scale=1.0, seed=5)
    if noise is not None:  # a baseline checkout may predate CircuitSpec.noise
        spec = spec.with_(noise=noise)
    warm, dur = WARMUP_S * b2.second, WINDOW_S * b2.second
    b2.set_device("cpp_standalone", build_on_run=False)  # the device raphe's standalone module reuses
    make = _timed_make()
    t0 = time.perf_counter()
    run_window(spec, warmup=warm, duration=dur, backend="cpp_standalone", standalone_dir=directory)
    first = time.perf_counter() - t0
    if "make_s" not in make:
        raise RuntimeError("raphe did not compile: the benchmark needs an empty directory")
    results = []

    def run(k):
        results.append(run_window(spec, {"occupancy.SERT": 0.1 * (k + 1)}, warmup=warm, duration=dur,
                                  backend="cpp_standalone", standalone_dir=directory))

    walls, cpus = _timed_runs(run, repeats)
    res = results[-1]
    rate = sum(res.rates_hz[p.name] * spec.size(p.name) for p in spec.populations) / spec.n_neurons
    project = next(os.path.join(directory, d) for d in os.listdir(directory)
                   if os.path.isdir(os.path.join(directory, d, "code_objects")))
    return {"first_s": first, **make, "runs_s": walls, "runs_cpu_s": cpus, "neurons": spec.n_neurons,
            "code_objects": _code_objects(project),
            "mean_rate_hz": rate}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-noise", action="store_true", help="add the raw arm without membrane noise")
    parser.add_argument("--baseline", help="source tree of a baseline raphe (e.g. `git archive main`)")
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        if args.side.startswith("raw"):
            out = raw_window(args.dir, args.repeats, noise=args.side == "raw")
        else:
            out = raphe_window(args.dir, args.repeats, noise="brian2" if args.side == "raphe-brian2-noise" else None)
        print(json.dumps(out))
        return
    sides = (["raw"] + (["raw-no-noise"] if args.no_noise else []) + ["raphe", "raphe-brian2-noise"]
             + (["baseline"] if args.baseline else []))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for side in sides:
            env = dict(os.environ)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            if side == "baseline":
                env["PYTHONPATH"] = os.path.abspath(args.baseline)
            load = os.getloadavg()[0]
            proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--side", side, "--dir",
                                   f"{tmp}/{side}", "--repeats", str(args.repeats)],
                                  capture_output=True, text=True, env=env, cwd=tmp)
            if proc.returncode:
                sys.exit(f"arm {side} failed:\n{proc.stderr[-3000:]}")
            out[side] = json.loads(proc.stdout.strip().splitlines()[-1])
            out[side]["load"] = load
    steps = (WARMUP_S + WINDOW_S) / 1e-4
    print("| arm | code objects | codegen (s) | make wall (s) | make CPU (s) | rerun wall median (s) "
          "| rerun CPU median (s) | neuron-steps/s (CPU) | mean rate (Hz) | load at start |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for side, r in out.items():
        codegen = r.get("codegen_s", r.get("first_s", 0) - r["make_s"] - statistics.median(r["runs_s"]))
        cpu = statistics.median(r["runs_cpu_s"])
        print(f"| {side} | {r['code_objects']} | {codegen:.1f} | {r['make_s']:.1f} | {r['make_cpu_s']:.1f} "
              f"| {statistics.median(r['runs_s']):.2f} | {cpu:.2f} | {r['neurons'] * steps / cpu:.3g} "
              f"| {r['mean_rate_hz']:.2f} | {r['load']:.1f} |")
    for side in out:
        if side != "raw":
            ratio = statistics.median(out[side]["runs_cpu_s"]) / statistics.median(out["raw"]["runs_cpu_s"])
            print(f"{side} / raw (rerun CPU): {ratio:.2f}")
    if "baseline" in out:
        for side in ("raphe", "raphe-brian2-noise"):
            ratio = statistics.median(out["baseline"]["runs_cpu_s"]) / statistics.median(out[side]["runs_cpu_s"])
            print(f"throughput {side} / baseline (rerun CPU): {ratio:.2f}x")
            ratio = out["baseline"]["make_cpu_s"] / out[side]["make_cpu_s"]
            print(f"compile CPU baseline / {side}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
