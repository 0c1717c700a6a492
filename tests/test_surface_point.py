"""The slow clock's fast path: ``ResponseSurface.point`` without unit rates and ``point_cached``
give exactly what the trajectory path (``interpolate`` at one time, ``missing``) gives, on
synthetic windows (no spiking); cached spikes read at their first look are the stored ones."""

import math

import brian2
import numpy as np
import pytest

from raphe.circuits import default_circuit
from raphe.circuits.window import WindowResult
from raphe.experiments.engine import EngineSettings, ResponseSurface, simulate_chronic
from raphe.experiments.engine.cache import WindowCache
from raphe.experiments.engine.coordinates import coord_of, defaults, to_coord

SERT, AUTO, STORE = "occupancy.SERT", "sensitivity.5-HT1A_somatodendritic", "store.5-HT"


def _curved(inputs):
    """A window whose readouts are curved in the surface coordinates (interpolation is not exact,
    so the order of the operations shows in the last bits); ISI CV NaN at some nodes."""
    x = float(to_coord(SERT, inputs[SERT]))
    s, f = float(inputs[AUTO]), float(inputs[STORE])
    return WindowResult({"DRN_5HT": 2.0 * math.exp(-x) * s ** 1.3, "PFC_pyr": 1.0 + math.sin(x) / 3},
                        {"PFC.5-HT": 1.7 * math.exp(x) * f / (0.5 + s), "NAc.DA": 4.0 + x * x},
                        {"5-HT1A_somatodendritic": min(1.0, 0.1 * math.exp(x) * s),
                         "5-HT1A_postsynaptic": 0.3 * x / (1 + x), "5-HT2A": 0.05 + 0.01 * x},
                        float("nan") if x > 1.0 else 0.4 + 0.05 * math.cos(3 * x + s))


def _stand_in(tmp_path, name, kind=ResponseSurface):
    surface = kind(default_circuit(scale=0.25, seed=5), EngineSettings(cache=False, cache_dir=str(tmp_path / name)))

    def run(full, record_spikes):
        result = _curved(full)
        surface._store(full, record_spikes, result, disk=False)
        return result

    surface._run = run
    return surface


class _Reference(ResponseSurface):
    """The per-point path before the fast one: ``interpolate`` at one time, ``missing`` of it."""

    def point(self, inputs, unit_rates=None, record_spikes=False):
        full = dict(defaults())
        full.update(inputs)
        res = self.interpolate({k: np.array([v]) for k, v in full.items()}, unit_rates=unit_rates,
                               record_spikes=record_spikes)
        out = {f: {k: float(v[0]) for k, v in res[f].items()}
               for f in ("rates_hz", "concentrations_nM", "receptor_activation")}
        out["drn_isi_cv"] = float(res["drn_isi_cv"][0])
        return out

    def point_cached(self, inputs, record_spikes=False):
        full = dict(defaults())
        full.update(inputs)
        return not self.missing({k: np.array([v]) for k, v in full.items()}, record_spikes)


def _reference(tmp_path, name):
    return _stand_in(tmp_path, name, _Reference)


def test_point_is_bit_identical_to_the_trajectory_path_and_counts_the_same_hits(tmp_path):
    fast, ref = _stand_in(tmp_path, "fast"), _reference(tmp_path, "ref")
    rng = np.random.default_rng(7)
    settings = fast.settings
    points = [{}, {SERT: 0.0}, {SERT: settings.min_effect / 10}, {AUTO: 1.0 + settings.min_sensitivity_change / 10}]
    for _ in range(200):
        p = {SERT: float(rng.choice([0.0, rng.uniform(0, 0.97)])), AUTO: float(rng.uniform(0.3, 1.2))}
        if rng.random() < 0.5:
            p[STORE] = float(rng.uniform(0.6, 1.0))
        points.append(p)
    points += points[:20]  # the same points again: kept plans and tables
    for p in points:
        for record_spikes in (False, True):
            assert fast.point_cached(p, record_spikes) == ref.point_cached(p, record_spikes)
            h0, r0 = fast.cache_hits, ref.cache_hits
            got, want = fast.point(p, record_spikes=record_spikes), ref.point(p, record_spikes=record_spikes)
            assert got == want  # exact: the same floats, keys and key order
            assert list(got["rates_hz"]) == list(want["rates_hz"])
            assert fast.cache_hits - h0 == ref.cache_hits - r0  # engine_stats of a run are the same
            assert fast.point_cached(p, record_spikes) and ref.point_cached(p, record_spikes)
    assert fast.windows_run == ref.windows_run and fast.nodes == ref.nodes


def test_the_plan_of_one_point_is_the_trajectory_plan_bit_for_bit(tmp_path):
    """``_point_grid`` (the slow clock's plan of one point, in Python floats) gives ``_plan``'s
    weights, node indices, nodes, node inputs and keys exactly: off-grid points, points on a node
    (and 1e-12 below one), no active input, one to three active inputs."""
    fast, ref = _stand_in(tmp_path, "fast"), _stand_in(tmp_path, "ref")
    step = fast.settings.grid_step
    rng = np.random.default_rng(11)
    on_node = 1.0 - 10.0 ** (-2 * step)  # SERT occupancy at the grid's third node
    points = [{}, {SERT: on_node}, {SERT: 1.0 - 10.0 ** (-2 * step + 1e-12)}, {AUTO: 0.5}, {STORE: 0.75, AUTO: 1.0}]
    for _ in range(300):
        p = {SERT: float(rng.uniform(0, 0.999)), AUTO: float(rng.uniform(0.2, 1.3)),
             STORE: float(rng.uniform(0.5, 1.0))}
        points.append({k: v for k, v in p.items() if rng.random() < 0.8})
    for p in points + points[:50]:  # again: the kept cells
        full = dict(defaults())
        full.update(p)
        active = fast._point_active(full)
        trajectory = {n: np.array([full[n]]) for n in active} if active else {"": np.zeros(1)}
        got = fast._point_grid(full, active)
        want = ref._plan(trajectory, active)
        assert got[0] == want[0] and got[1] == want[1] == 1 and got[4] == want[4]
        for a, b in ((got[2], want[2]), (got[3], want[3])):
            assert a.shape == b.shape and a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)
        assert got[5] == want[5] and got[6] == want[6]


def test_coord_of_one_value_is_to_coord_bit_for_bit():
    """The slow clock's coordinate of one value equals ``to_coord`` of a one-element array exactly,
    inside and at the clipped ends of every kind of input."""
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.uniform(-0.5, 2.5, 3000), 10.0 ** rng.uniform(-12, 4, 3000),
                             [0.0, -0.0, 1.0, 0.9999, 0.99999, 2.0, 2.0000001, -1e-300, 5e-324]])
    for name in (SERT, AUTO, STORE, "agonist.5-HT1A"):
        for v in values:
            want = to_coord(name, np.array([v]))[0]
            assert np.float64(coord_of(name, float(v))).tobytes() == want.tobytes(), (name, v)


def test_a_node_stored_again_is_read_again(tmp_path):
    """The kept table of a plan's nodes follows the windows in memory (a node stored again, e.g.
    with spikes or by a helper, is what the next point reads)."""
    surface = _stand_in(tmp_path, "s")
    p = {SERT: 0.5, AUTO: 0.8}
    before = surface.point(p)
    for key, result in list(surface._memory.items()):
        surface._memory[key] = WindowResult({k: 2 * v for k, v in result.rates_hz.items()},
                                            result.concentrations_nM, result.receptor_activation,
                                            result.drn_isi_cv)
    after = surface.point(p)
    assert after["rates_hz"]["DRN_5HT"] == pytest.approx(2 * before["rates_hz"]["DRN_5HT"], rel=1e-12)
    assert after["concentrations_nM"] == before["concentrations_nM"]


def test_slow_clock_with_the_fast_point_equals_the_trajectory_path(tmp_path):
    """A week of a citalopram minipump on the slow clock: every state, input and readout and the
    engine's counts are the same whichever path interpolates the steps."""
    from raphe.circuits.pharmacology import Dose, Regimen

    pump = Regimen((Dose("citalopram", "20 mg/kg/day", route="minipump", duration="7 day"),))
    courses = []
    for surface in (_stand_in(tmp_path, "fast"), _reference(tmp_path, "ref")):
        courses.append(simulate_chronic(circuit=surface.circuit, regimen=pump, duration=7 * 86400 * brian2.second,
                                        settings=surface.settings, surface=surface, record_spikes=True))
    fast, ref = courses
    assert fast.engine_stats == ref.engine_stats
    for name in ("state", "inputs", "rates_hz", "concentrations_nM", "receptor_activation"):
        a, b = getattr(fast, name), getattr(ref, name)
        assert list(a) == list(b)
        for key in a:
            np.testing.assert_array_equal(a[key], b[key], err_msg=f"{name}.{key}")
    assert fast.state[AUTO][-1] < 0.9  # the stand-in's activation rises under the drug: desensitized


def test_cached_spikes_read_at_the_first_look_are_the_stored_ones(tmp_path):
    cache = WindowCache(str(tmp_path / "c"))
    rng = np.random.default_rng(1)
    spikes = {pop: (np.sort(rng.uniform(0, 3, 50)), rng.integers(0, 20, 50)) for pop in ("DRN_5HT", "PFC_pyr")}
    result = WindowResult({"DRN_5HT": 1.0, "PFC_pyr": 2.0}, {"PFC.5-HT": 1.5}, {"5-HT2A": 0.1}, 0.5,
                          spikes=spikes, inputs={SERT: 0.5})
    cache.save("k-spikes", "k", True, result)
    loaded = cache.load("k-spikes", True)
    assert sorted(loaded.spikes) == sorted(spikes) and len(loaded.spikes) == 2
    for pop, (t, i) in spikes.items():
        np.testing.assert_array_equal(loaded.spikes[pop][0], t)
        np.testing.assert_array_equal(loaded.spikes[pop][1], i)
        assert not loaded.spikes[pop][0].flags.writeable
    again = cache.load("k-spikes", True)
    assert again.spikes["DRN_5HT"][0] is loaded.spikes["DRN_5HT"][0]  # read once per process
    assert cache.load("k", False).spikes == {}


def test_cached_spikes_are_read_population_by_population(tmp_path):
    """Looking at one population reads only its arrays; every population read later (or all at
    once) is the stored one, and every caller's mapping shares the arrays read."""
    cache = WindowCache(str(tmp_path / "c"))
    rng = np.random.default_rng(2)
    spikes = {pop: (np.sort(rng.uniform(0, 3, 40)), rng.integers(0, 20, 40)) for pop in ("DRN_5HT", "PFC_pyr", "LC_NE")}
    result = WindowResult({pop: 1.0 for pop in spikes}, {"PFC.5-HT": 1.5}, {"5-HT2A": 0.1}, 0.5,
                          spikes=spikes, inputs={SERT: 0.5})
    cache.save("k-spikes", "k", True, result)
    first = cache.load("k-spikes", True)
    drn = first.spikes["DRN_5HT"]
    assert sorted(first.spikes._file._data) == ["DRN_5HT"]  # the others are not read yet
    second = cache.load("k-spikes", True)
    assert second.spikes["DRN_5HT"][0] is drn[0]
    everything = dict(second.spikes.items())
    assert list(everything) == list(spikes) and everything["DRN_5HT"][0] is drn[0]
    for pop, (t, i) in spikes.items():
        np.testing.assert_array_equal(everything[pop][0], t)
        np.testing.assert_array_equal(everything[pop][1], i)
        assert first.spikes[pop][1] is everything[pop][1]
    with pytest.raises(KeyError):
        first.spikes["VTA_DA"]
    second.spikes["DRN_5HT"] = (np.zeros(1), np.zeros(1, dtype=int))  # a caller's own copy only
    assert first.spikes["DRN_5HT"][0] is drn[0] and len(second.spikes["DRN_5HT"][0]) == 1


def test_a_spike_file_without_a_population_is_recomputed(tmp_path):
    cache = WindowCache(str(tmp_path / "c"))
    result = WindowResult({"DRN_5HT": 1.0, "PFC_pyr": 2.0}, {"PFC.5-HT": 1.5}, {"5-HT2A": 0.1}, 0.5,
                          spikes={"DRN_5HT": (np.zeros(1), np.zeros(1, dtype=int))})
    cache.save("k-spikes", "k", True, result)
    assert cache.load("k-spikes", True) is None


@pytest.mark.parametrize("field_name, value, ok", [
    ("rates_hz", 0.0, True), ("rates_hz", -1e-300, False), ("rates_hz", float("nan"), False),
    ("rates_hz", float("inf"), False), ("rates_hz", 1e308, True),
    ("concentrations_nM", -0.5, False), ("concentrations_nM", float("nan"), False),
    ("receptor_activation", 1.0 + 1e-9, True), ("receptor_activation", 1.0 + 1e-8, False),
    ("receptor_activation", float("nan"), False)])
def test_the_slow_clock_readout_check_sends_every_unphysical_readout_to_check_result(field_name, value, ok):
    """``_physical`` is True only where ``check_result`` passes (its bounds); an overflowing sum
    only sends the readouts to ``check_result``."""
    from raphe.circuits.window import check_result
    from raphe.errors import SimulationError
    from raphe.experiments.engine.clock import _physical

    r = {"rates_hz": {"DRN_5HT": 1.0, "LC_NE": 2.0}, "concentrations_nM": {"PFC.5-HT": 0.4},
         "receptor_activation": {"5-HT2A": 0.3}, "drn_isi_cv": 0.5}
    r[field_name] = dict(r[field_name], extra=value)
    assert _physical(r) is ok
    assert not _physical(dict(r, rates_hz=dict(r["rates_hz"], huge=1e308, huge2=1e308)))
    if not ok:
        with pytest.raises(SimulationError, match="extra"):
            check_result(WindowResult(r["rates_hz"], r["concentrations_nM"], r["receptor_activation"], 0.5), "t")
