"""Numerics (issue 8): extreme but valid inputs stay physical; failures are reported, not written.

Extreme inputs: dose 0 and 1000 mg/kg of every drug, 28-day regimens, every
transporter fully blocked, circuit scale 0.25-4, 28-day chronic protocols.
The bounds asserted are physical (finite, >= 0, occupancy and activation
<= 1), never model values, so the tests hold while the circuit is retuned.

Failures: a non-finite or negative state from a solver (PK matrix exponentials,
spiking window, slow adaptation clock, scipy BDF binding kinetics) raises
:class:`raphe.errors.SimulationError` naming the time and the state, and the
HDF5 writer refuses non-finite readouts, so no NaN reaches a results file.

The spiking tests use the shared small circuit (scale 0.25, seed 5) with the
engine's window lengths (2 s + 4 s), so they reuse its compiled program.
"""

from __future__ import annotations

import math
import re
import types

import brian2
import h5py
import numpy as np
import pytest

from raphe.circuits.adaptation import DAY, Adaptation
from raphe.circuits.inputs import FAST_INPUTS, RECEPTOR_TYPES, TRANSPORTERS
from raphe.circuits.pharmacology import DRUGS, Dose, Regimen, simulate_pk
from raphe.circuits.window import WindowResult
from raphe.errors import SimulationError

SECOND = brian2.second
HOUR = 3600 * SECOND
#: the engine's window (compiled once for the shared small circuit)
WARMUP, WINDOW = 2 * SECOND, 4 * SECOND


# ---------------------------------------------------------------- helpers


def _assert_physical(name, values, upper=math.inf):
    """Every value finite, >= 0 and <= upper (a physical bound, not a model value)."""
    arr = np.asarray(values, dtype=float)
    assert arr.size, name
    assert np.all(np.isfinite(arr)), f"{name}: non-finite {arr[~np.isfinite(arr)][:3]}"
    assert np.all(arr >= 0), f"{name}: negative, min {arr.min()!r}"
    assert np.all(arr <= upper), f"{name}: above {upper}, max {arr.max()!r}"


def _assert_pk_physical(res, label):
    for field in ("plasma_ng_per_ml", "plasma_nM", "brain_free_nM"):
        for drug, arr in getattr(res, field).items():
            _assert_physical(f"{label} {field}[{drug}]", arr)
    for target, arr in res.occupancy.items():
        _assert_physical(f"{label} occupancy[{target}]", arr, upper=1.0)
    for name, arr in res.fast_inputs.items():
        # the circuit accepts every fast input the PK produces (validate_inputs range)
        _assert_physical(f"{label} fast_inputs[{name}]", arr, upper=FAST_INPUTS[name].maximum)


def _assert_window_physical(res, label):
    for pop, v in res.rates_hz.items():
        _assert_physical(f"{label} rate {pop}", v)
    for pool, v in res.concentrations_nM.items():
        _assert_physical(f"{label} concentration {pool}", v)
    for site, v in res.receptor_activation.items():
        _assert_physical(f"{label} activation {site}", v, upper=1.0)
    for pop, v in res.mean_v_mV.items():
        assert math.isfinite(v), (label, pop, v)


def _regimens(drug: str, species: str, amount: float):
    """Every route the species record of ``drug`` has, at ``amount`` (mg/kg rat, mg human)."""
    unit = "mg/kg" if species == "rat" else "mg"
    for route in DRUGS.get(drug).species_pk(species).available_routes():
        if route == "minipump":
            yield route, Dose(drug, f"{amount:g} {unit}/day", route=route, duration="1 day")
        elif route == "iv_infusion":
            yield route, Dose(drug, f"{amount:g} {unit}", route=route, duration="1 h")
        else:
            yield route, Dose(drug, f"{amount:g} {unit}", route=route)


# ---------------------------------------------------------------- PK: extreme doses, 28 days


@pytest.mark.parametrize("drug", DRUGS.names())
def test_pk_dose_zero_and_1000_mg_per_kg_are_physical(drug):
    # protects: dose 0 and 1000 mg/kg (70 g in a human) of every drug give finite, non-negative PK
    for species in DRUGS.get(drug).pk:
        high = 1000.0 if species == "rat" else 70000.0  # 1000 mg/kg of a 70 kg human
        for amount in (0.0, high):
            for route, dose in _regimens(drug, species, amount):
                res = simulate_pk(dose, species=species)
                label = f"{drug} {amount:g} {species} {route}"
                _assert_pk_physical(res, label)
                if amount == 0:  # no drug: nothing in plasma or brain, nothing occupied
                    for arr in (*res.plasma_nM.values(), *res.brain_free_nM.values(),
                                *res.occupancy.values()):
                        assert np.all(np.asarray(arr) == 0), label


@pytest.mark.parametrize("drug", [d for d in DRUGS.names()
                                  if "rat" in DRUGS.get(d).pk and
                                  {"ip", "minipump"} <= set(DRUGS.get(d).species_pk("rat").available_routes())])
def test_pk_28_day_daily_and_minipump_are_physical(drug):
    # protects: 28-day daily i.p. (nominal and 1000 mg/kg) and 28-day minipumps stay finite and >= 0
    regimens = {
        "daily 10 mg/kg": Dose(drug, "10 mg/kg", route="ip", every="24 h", count=28),
        "daily 1000 mg/kg": Dose(drug, "1000 mg/kg", route="ip", every="24 h", count=28),
        "minipump 20 mg/kg/day": Dose(drug, "20 mg/kg/day", route="minipump", duration="28 day"),
        "minipump 1000 mg/kg/day": Dose(drug, "1000 mg/kg/day", route="minipump", duration="28 day"),
    }
    for label, dose in regimens.items():
        res = simulate_pk(dose, species="rat", times=np.linspace(0, 29 * 24, 4 * 29 * 24 + 1) * HOUR)
        _assert_pk_physical(res, f"{drug} {label}")


def test_pk_28_day_human_regimen_is_physical():
    # protects: a 28-day daily oral human regimen (absolute doses) stays finite and >= 0
    res = simulate_pk(Dose("sertraline", "50 mg", route="po", every="24 h", count=28), species="human")
    _assert_pk_physical(res, "human sertraline 28 d")


def test_pk_solver_failure_names_time_and_state(monkeypatch, tmp_path):
    # protects: a failed matrix exponential raises SimulationError with time and state, not NaN
    from raphe.circuits.pharmacology import pk

    monkeypatch.setenv("RAPHE_CACHE", str(tmp_path))  # (raphe.memo: the shared cache holds the real ones)
    monkeypatch.setattr(pk, "expm", lambda m: np.full_like(m, np.nan))
    with pytest.raises(SimulationError) as info:
        simulate_pk(Dose("citalopram", "10 mg/kg", route="ip"), species="rat")
    msg = str(info.value)
    assert re.search(r"at t = [0-9.e+-]+ h", msg), msg
    assert "citalopram central amount (nmol) = nan" in msg and "citalopram free brain" in msg, msg


# ---------------------------------------------------------------- binding kinetics (scipy BDF)


def _incubate(**kw):
    from raphe.experiments.binding import physics

    n = 3
    return physics.incubate(np.full(n, 0.1), np.full(n, 1.0), np.array([0.0, 1.0, 10.0]),
                            1e-3, 1e-3, 1e-2, 1e-2, np.linspace(0, 3600, 5), **kw)


def test_binding_solver_failure_names_time_and_state(monkeypatch):
    # protects: solve_ivp success=False raises SimulationError with the solver time and tube state
    from scipy.integrate import solve_ivp as real

    from raphe.experiments.binding import physics

    def failing(*args, **kw):
        sol = real(*args, **kw)
        sol.success, sol.message = False, "injected failure"
        return sol

    monkeypatch.setattr(physics, "solve_ivp", failing)
    with pytest.raises(SimulationError) as info:
        _incubate()
    msg = str(info.value)
    assert isinstance(info.value, RuntimeError)  # callers catching RuntimeError still do
    assert "injected failure" in msg
    t = float(re.search(r"incubation time t = ([0-9.e+-]+) s", msg).group(1))
    assert 0 < t <= 3600, msg
    assert "RL = [" in msg and "RI = [" in msg and re.search(r"It = \[ *0\. +1\. +10\.\]", msg), msg


def test_binding_non_finite_solution_is_refused(monkeypatch):
    # protects: a "successful" solve that returns NaN is refused, not passed on to the counts
    from scipy.integrate import solve_ivp as real

    from raphe.experiments.binding import physics

    def nan_y(*args, **kw):
        sol = real(*args, **kw)
        sol.y[:, -1] = np.nan
        return sol

    monkeypatch.setattr(physics, "solve_ivp", nan_y)
    with pytest.raises(SimulationError, match=r"incubation time t = .* RL = "):
        _incubate()
    monkeypatch.undo()
    RL, RI = _incubate()  # the unpatched solver gives finite states
    assert np.all(np.isfinite(RL)) and np.all(np.isfinite(RI))


# ---------------------------------------------------------------- window guard (no Brian2 run)


def _fake_built(spec):
    return types.SimpleNamespace(spec=spec, pool_index={p.name: k for k, p in enumerate(spec.pools)})


def _raw_window(spec, n=6001):
    """Monitor data of a quiet 6 s window: pools at their basal level, no spikes."""
    t = np.arange(n) * 1e-3
    c = np.array([[float(p.basal.value / brian2.nM)] * n for p in spec.pools])
    spikes = {p.name: (np.zeros(0), np.zeros(0, dtype=int)) for p in spec.populations}
    return t, c, spikes


def test_window_with_nan_pool_names_time_pool_and_inputs():
    # protects: a pool going NaN mid-window raises SimulationError with window time, pool, value, inputs
    from raphe.circuits import default_circuit
    from raphe.circuits.inputs import validate_inputs
    from raphe.circuits.window import summarize

    spec = default_circuit(scale=0.25, seed=5)
    t, c, spikes = _raw_window(spec)
    c[[p.name for p in spec.pools].index("PFC.5-HT"), 2500:] = np.nan
    inputs = validate_inputs({"occupancy.SERT": 1.0})
    with pytest.raises(SimulationError) as info:
        summarize(_fake_built(spec), inputs, WARMUP, WINDOW, t, c, spikes)
    msg = str(info.value)
    assert "window time 2.5000 s" in msg and "pool PFC.5-HT" in msg and "nan" in msg, msg
    assert "'occupancy.SERT': 1.0" in msg, msg
    # a negative concentration is refused the same way
    t, c, spikes = _raw_window(spec)
    c[0, 10] = -1e-3
    with pytest.raises(SimulationError, match=r"window time 0.0100 s .*concentration = -0.001"):
        summarize(_fake_built(spec), inputs, WARMUP, WINDOW, t, c, spikes)


def test_window_result_check_names_variable_value_and_inputs():
    # protects: any non-finite/negative window readout (rate, activation) is refused with its name
    from raphe.circuits.window import check_result

    good = WindowResult({"DRN_5HT": 1.0}, {"PFC.5-HT": 1.0}, {"5-HT1A_somatodendritic": 0.2}, 0.3,
                        inputs={"occupancy.SERT": 0.9})
    check_result(good, "t")
    for field, key, bad in (("rates_hz", "DRN_5HT", float("nan")), ("rates_hz", "DRN_5HT", -1.0),
                            ("concentrations_nM", "PFC.5-HT", float("inf")),
                            ("receptor_activation", "5-HT1A_somatodendritic", 1.5)):
        res = WindowResult(dict(good.rates_hz), dict(good.concentrations_nM),
                           dict(good.receptor_activation), 0.3, inputs=dict(good.inputs))
        getattr(res, field)[key] = bad
        with pytest.raises(SimulationError) as info:
            check_result(res, "window time 2-6 s")
        msg = str(info.value)
        assert msg.startswith("window time 2-6 s") and f"{field}[{key}] = {bad!r}" in msg, msg
        assert "'occupancy.SERT': 0.9" in msg, msg


def test_continuous_run_with_nan_pool_names_time_pool_and_inputs():
    # protects: the continuous reference run refuses a NaN pool, naming run time, pool and chunk inputs
    from raphe.circuits.continuous import _collect
    from raphe.circuits.inputs import validate_inputs

    t = np.arange(30000) * 1e-3  # warm-up chunk + two 10 s chunks
    c = np.full((1, t.size), 0.8)
    c[0, 25000:] = np.nan  # 15 s after the warm-up: second chunk
    built = types.SimpleNamespace(
        pool_monitor=types.SimpleNamespace(t=t * SECOND, C=c * brian2.nM), pool_index={"PFC.5-HT": 0},
        spike_monitor=types.SimpleNamespace(t=np.zeros(0) * SECOND, i=np.zeros(0, dtype=int)),
        offsets={"DRN_5HT": (0, 10)})
    schedule = [validate_inputs({"occupancy.SERT": o}) for o in (0.5, 0.5, 0.9)]
    with pytest.raises(SimulationError) as info:
        _collect(built, 10 * SECOND, schedule)
    msg = str(info.value)
    assert "continuous run time 15.0000 s: pool PFC.5-HT concentration = nan" in msg, msg
    assert "{'occupancy.SERT': 0.9}" in msg, msg


def test_engine_recomputes_a_nan_cache_entry(monkeypatch, tmp_path):
    # protects: a NaN read back from an old surface-cache entry is recomputed, not interpolated
    import json
    import os

    from raphe.circuits import default_circuit
    from raphe.circuits.inputs import default_inputs
    from raphe.experiments import engine

    surface = engine.ResponseSurface(default_circuit(scale=0.25, seed=5),
                                     engine.EngineSettings(cache_dir=str(tmp_path)))
    key = surface.key(default_inputs())
    os.makedirs(surface.directory)
    with open(os.path.join(surface.directory, f"{key}.json"), "w") as handle:
        json.dump({"rates_hz": {"DRN_5HT": float("nan")}, "concentrations_nM": {"PFC.5-HT": 1.0},
                   "receptor_activation": {}, "drn_isi_cv": None, "inputs": {}}, handle)
    fresh = WindowResult({"DRN_5HT": 1.0}, {"PFC.5-HT": 1.0}, {}, 0.3)
    monkeypatch.setattr(engine.surface, "run_window", lambda *a, **k: fresh)
    assert surface.evaluate({}) is fresh and surface.windows_run == 1


def test_nan_pk_input_is_refused_before_the_surface(monkeypatch):
    # protects: a NaN fast input from PK raises SimulationError with protocol time and input name
    import raphe.circuits.pharmacology as pharm
    from raphe.experiments import engine

    real = pharm.simulate_pk

    def bad_pk(*args, **kw):
        res = real(*args, **kw)
        res.fast_inputs["occupancy.SERT"][3] = np.nan
        return res

    monkeypatch.setattr(pharm, "simulate_pk", bad_pk)
    times = np.arange(6) * HOUR
    with pytest.raises(SimulationError, match=r"protocol time 3 h: fast input occupancy.SERT = nan .*citalopram"):
        engine.pk_and_trajectory(Regimen((Dose("citalopram", "10 mg/kg"),)), "rat", None, times,
                                  None, None)


# ---------------------------------------------------------------- slow clock guards (fake surface)


class _FakeSurface:
    """Stands in for a ResponseSurface: constant readouts, NaN from call ``bad_call`` on."""

    def __init__(self, bad_call=None, field="receptor_activation", key="5-HT1A_somatodendritic"):
        self.windows_run = self.cache_hits = 0
        self._memory = {}
        self.calls, self.bad_call, self.field, self.key = 0, bad_call, field, key

    def point(self, inputs):
        self.calls += 1
        sites = ("5-HT1A_somatodendritic", "5-HT1A_postsynaptic", "5-HT2A", "alpha2_autoreceptor")
        out = {"rates_hz": {"DRN_5HT": 1.0}, "concentrations_nM": {"PFC.5-HT": 0.8},
               "receptor_activation": {s: 0.2 for s in sites}, "drn_isi_cv": 0.3}
        if self.bad_call is not None and self.calls >= self.bad_call:
            out[self.field][self.key] = float("nan")
        return out


def test_chronic_nan_readout_names_slow_clock_time_and_state():
    # protects: a NaN readout during a chronic run raises SimulationError with the day and variable
    from raphe.circuits import default_circuit
    from raphe.experiments.engine import simulate_chronic

    circuit = default_circuit(scale=0.25, seed=5)
    # call 1 is the drug-free reference; call k + 2 is slow step k: NaN at step 30 (day 1.25)
    surface = _FakeSurface(bad_call=32, field="rates_hz", key="DRN_5HT")
    with pytest.raises(SimulationError) as info:
        simulate_chronic(circuit=circuit, regimen=None, duration=2 * DAY, surface=surface)
    msg = str(info.value)
    assert "slow clock t = 1.25 day (30 h)" in msg and "rates_hz[DRN_5HT] = nan" in msg, msg


def test_adaptation_refuses_nan_instead_of_clamping():
    # protects: NaN activation no longer silently becomes s_min via min/max; state named in the error
    adaptation = Adaptation()
    state = adaptation.initial_state()
    ref = {"5-HT1A_somatodendritic": 0.2, "5-HT1A_postsynaptic": 0.15, "5-HT2A": 0.02}
    act = dict(ref, **{"5-HT1A_somatodendritic": float("nan")})
    with pytest.raises(SimulationError, match=r"activation of 5-HT1A_somatodendritic = nan"):
        adaptation.step(state, act, ref, 3600.0)
    new = adaptation.step(state, ref, ref, 3600.0)
    assert all(math.isfinite(v) for v in new.values())


# ---------------------------------------------------------------- HDF5 store


def test_store_refuses_nan_readouts_naming_the_dataset(tmp_path):
    # protects: write_array and SONATA spikes refuse NaN/inf with SimulationError naming the dataset
    from raphe.io import store

    with h5py.File(tmp_path / "a.h5", "w") as h5:
        g = h5.require_group("subjects/citalopram-01/rate")
        with pytest.raises(SimulationError, match=r"dataset /subjects/citalopram-01/rate/DRN_5HT .*nan"):
            store.write_array(g, "DRN_5HT", [1.0, np.nan, 2.0], "Hz")
        with pytest.raises(SimulationError, match=r"dataset /x .*inf"):
            store.write_array(h5, "x", [np.inf], "nM")
        with pytest.raises(SimulationError, match=r"/spikes/DRN_5HT/timestamps"):
            store.write_sonata_spikes(h5, "DRN_5HT", [1.0, np.nan], [0, 1])
        assert "DRN_5HT" not in g and "x" not in h5 and "spikes" not in h5
        store.write_array(h5, "pb", [np.nan, 100.0], "percent", nan_ok=True)  # explicit "undefined"


def test_run_with_nan_readout_fails_cleanly_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    # protects: a NaN subject readout stops `raphe run` with exit 1 naming the dataset; no final file
    import test_microdialysis_standin as standin
    from test_cli_run import TINY

    from raphe.experiments import cli
    from raphe.experiments.protocols import microdialysis as proto

    standin.install(monkeypatch)

    def nan_subject(**kw):
        res = standin.fake_simulate_subject(**kw)
        if kw["regimen"] is not None:
            res.rates_hz["DRN_5HT"] = res.rates_hz["DRN_5HT"].copy()
            res.rates_hz["DRN_5HT"][2] = np.nan
        return res

    monkeypatch.setattr(proto, "_simulate", nan_subject)
    cfg = tmp_path / "tiny.toml"
    cfg.write_text(TINY)
    out = tmp_path / "res" / "tiny.h5"
    rc = cli.main(["run", str(cfg), "--out", str(out), "--quiet", "--no-plot"])
    err = capsys.readouterr().err
    assert rc == 1, err
    assert "Traceback" not in err and "rate/DRN_5HT" in err and "non-finite" in err, err
    assert not out.exists()
    assert not (out.parent / f".{out.name}.partial").exists()


# ---------------------------------------------------------------- spiking windows (cpp_standalone)


@pytest.fixture(scope="module")
def small():
    from raphe.circuits import default_circuit

    return default_circuit(scale=0.25, seed=5)


@pytest.mark.parametrize("occupancy", [1.0, 0.999999])
def test_every_transporter_blocked_window_is_physical(small, occupancy):
    # protects: SERT = DAT = NET fully blocked gives finite, non-negative rates and concentrations
    from raphe.circuits import run_window

    inputs = {f"occupancy.{t}": occupancy for t in TRANSPORTERS}
    res = run_window(small, inputs, warmup=WARMUP, duration=WINDOW, backend="cpp_standalone")
    _assert_window_physical(res, f"all transporters at {occupancy}")


def test_extreme_receptor_terms_and_sensitivities_window_is_physical(small):
    # protects: full block plus huge agonist/competitor terms and sensitivity 0 or 2 stay physical
    from raphe.circuits import run_window
    from raphe.circuits.inputs import SENSITIVITY_SITES

    inputs = {f"occupancy.{t}": 1.0 for t in TRANSPORTERS}
    for k, r in enumerate(RECEPTOR_TYPES):  # 1e6 ~ 1000 mg/kg 8-OH-DPAT or WAY-100635 (see PK test)
        inputs[f"agonist.{r}"] = 1e6 if k % 2 == 0 else 0.0
        inputs[f"competitor.{r}"] = 1e6
    for k, site in enumerate(SENSITIVITY_SITES):
        inputs[f"sensitivity.{site}"] = 0.0 if k % 2 == 0 else 2.0
    res = run_window(small, inputs, warmup=WARMUP, duration=WINDOW, backend="cpp_standalone")
    _assert_window_physical(res, "extreme receptor terms")


@pytest.mark.parametrize("scale", [0.25, 1.0, 4.0])
def test_circuit_builds_at_scale(scale):
    # protects: the circuit spec and Brian2 network build at scale 0.25-4 (no run)
    import gc

    from brian2.utils.logger import catch_logs

    from raphe.circuits import default_circuit
    from raphe.circuits.builder import build
    from raphe.circuits.window import _runtime_target

    spec = default_circuit(scale=scale, seed=5)
    sizes = {p.name: spec.size(p.name) for p in spec.populations}
    assert all(n >= 1 for n in sizes.values()), sizes
    with _runtime_target("numpy"), catch_logs():  # built, never run: silence "unused object"
        brian2.seed(spec.seed)
        built = build(spec)
        assert len(built.neurons) == sum(sizes.values())
        assert len(built.pools) == len(spec.pools)
        c0 = np.asarray(built.pools.C / brian2.nM)
        _assert_physical(f"initial pools at scale {scale}", c0)
        synapses = [o for o in built.network.objects if isinstance(o, brian2.Synapses)]
        assert synapses and all(len(s) > 0 for s in synapses if s.name.startswith("release_"))
        del built, synapses
        gc.collect()


def test_window_at_scale_quarter_is_physical(small):
    # protects: a drug-free window of the smallest circuit (scale 0.25) gives physical readouts
    from raphe.circuits import run_window

    res = run_window(small, {}, warmup=WARMUP, duration=WINDOW, backend="cpp_standalone")
    _assert_window_physical(res, "scale 0.25")


# ---------------------------------------------------------------- slow: 28-day chronic protocols


def _assert_chronic_physical(res, label):
    for field in ("rates_hz", "concentrations_nM"):
        for key, arr in getattr(res, field).items():
            _assert_physical(f"{label} {field}[{key}]", arr)
    for key, arr in res.receptor_activation.items():
        _assert_physical(f"{label} activation[{key}]", arr, upper=1.0)
    for key, arr in res.state.items():
        if key == "signal":  # relative excess signalling: may be negative, must be finite
            assert np.all(np.isfinite(arr)), (label, key)
        else:  # sensitivities, CREB, BDNF
            _assert_physical(f"{label} {key}", arr, upper=2.0 if key.startswith("sensitivity.") else math.inf)
    for key, arr in res.inputs.items():
        _assert_physical(f"{label} input {key}", arr, upper=FAST_INPUTS[key].maximum)
    assert len(res.time) == 28 * 24 + 1


@pytest.mark.slow
def test_chronic_28_day_minipump_is_physical(small):
    # protects: 28 days of citalopram 20 mg/kg/day by minipump keep every slow and fast output physical
    from raphe.experiments.engine import EngineSettings, simulate_chronic

    pump = Regimen((Dose("citalopram", "20 mg/kg/day", route="minipump", duration="28 day"),))
    res = simulate_chronic(circuit=small, regimen=pump, duration=28 * DAY,
                           settings=EngineSettings(backend="cpp_standalone"))
    _assert_chronic_physical(res, "citalopram minipump 28 d")


@pytest.mark.slow
def test_chronic_28_day_1000_mg_per_kg_daily_is_physical(small):
    # protects: 28 daily i.p. doses of 1000 mg/kg citalopram keep every output physical
    from raphe.experiments.engine import EngineSettings, simulate_chronic

    daily = Regimen((Dose("citalopram", "1000 mg/kg", route="ip", every="24 h", count=28),))
    # a coarse (valid) grid: this checks bounds, not accuracy (the nodes still reach the largest
    # inputs the regimen gives); 113 windows, against 239 with grid_step 0.6 and sensitivity_step 0.25
    settings = EngineSettings(backend="cpp_standalone", grid_step=1.2, sensitivity_step=0.5)
    res = simulate_chronic(circuit=small, regimen=daily, duration=28 * DAY, settings=settings)
    _assert_chronic_physical(res, "citalopram 1000 mg/kg/day i.p. 28 d")


# ---------------------------------------------------------------- slow: the largest circuit


@pytest.mark.slow
def test_window_at_scale_four_is_physical():
    # protects: a short window of the 4x circuit (8,920 neurons) gives physical readouts
    from raphe.circuits import default_circuit, run_window

    big = default_circuit(scale=4, seed=5)
    res = run_window(big, {"occupancy.SERT": 1.0}, warmup=0.5 * SECOND, duration=1 * SECOND,
                     backend="cpp_standalone")
    _assert_window_physical(res, "scale 4")
    assert set(res.rates_hz) == {p.name for p in big.populations}
