"""The response surface's interpolation and node planning, on synthetic windows (no spiking)."""

import numpy as np
import pytest

from raphe.circuits import default_circuit
from raphe.circuits.window import WindowResult
from raphe.experiments.engine import EngineSettings, ResponseSurface
from raphe.experiments.engine.clock import _speculate
from raphe.experiments.engine.coordinates import to_coord


def _linear(inputs):
    """A window whose readouts are linear in the surface coordinates (so interpolation is exact)."""
    x = float(to_coord("occupancy.SERT", inputs["occupancy.SERT"]))
    s = float(inputs["sensitivity.5-HT1A_somatodendritic"])
    return WindowResult({"DRN_5HT": 1.0 + 2.0 * x - s}, {"PFC.5-HT": 3.0 * x + 0.5 * s},
                        {"5-HT1A_somatodendritic": 0.2 * s}, 0.3 + 0.1 * x)


@pytest.fixture
def surface(tmp_path, monkeypatch):
    surface = ResponseSurface(default_circuit(scale=0.25, seed=5),
                              EngineSettings(cache=False, cache_dir=str(tmp_path)))
    runs = []

    def run(full, record_spikes):
        runs.append(dict(full))
        result = _linear(full)
        surface._store(full, record_spikes, result, disk=False)
        return result

    monkeypatch.setattr(surface, "_run", run)
    surface.runs = runs
    return surface


def test_interpolation_is_exact_for_readouts_linear_in_the_coordinates(surface):
    occ = np.linspace(0.0, 0.97, 501)
    sens = np.linspace(1.0, 0.55, 501)
    out = surface.interpolate({"occupancy.SERT": occ, "sensitivity.5-HT1A_somatodendritic": sens})
    x = to_coord("occupancy.SERT", occ)
    np.testing.assert_allclose(out["rates_hz"]["DRN_5HT"], 1.0 + 2.0 * x - sens, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out["concentrations_nM"]["PFC.5-HT"], 3.0 * x + 0.5 * sens, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out["drn_isi_cv"], 0.3 + 0.1 * x, rtol=0, atol=1e-12)
    # grid: 0.3 in -log10(1 - occupancy) up to 1.52 -> 6 levels; 0.1 in sensitivity over 0.55-1 -> 6 levels
    assert len(surface.runs) <= 6 * 6


def test_point_equals_the_trajectory_value(surface):
    traj = {"occupancy.SERT": np.array([0.2, 0.8, 0.93]), "sensitivity.5-HT1A_somatodendritic": np.array([1.0, 0.8, 0.62])}
    out = surface.interpolate(traj)
    for t in range(3):
        p = surface.point({k: float(v[t]) for k, v in traj.items()})
        assert p["concentrations_nM"]["PFC.5-HT"] == pytest.approx(out["concentrations_nM"]["PFC.5-HT"][t], abs=1e-12)


def test_missing_lists_only_nodes_not_yet_run(surface):
    traj = {"occupancy.SERT": np.linspace(0.0, 0.9, 50)}
    first = surface.missing(traj)
    assert first and all(set(n) <= {"occupancy.SERT"} for n in first)
    surface.interpolate(traj)
    assert surface.missing(traj) == []
    assert len(surface.runs) == len(first)


def test_speculation_runs_the_nodes_of_the_remaining_steps_at_the_current_slow_state(surface):
    occ = np.concatenate([np.zeros(3), np.linspace(0.5, 0.9, 20)])
    traj = {"occupancy.SERT": occ}
    slow = {"sensitivity.5-HT1A_somatodendritic": 0.85}
    _speculate(surface, {"occupancy.SERT": float(occ[3]), **slow}, traj, ["occupancy.SERT"], slow, 3)
    ahead = {"occupancy.SERT": occ[3:], "sensitivity.5-HT1A_somatodendritic": np.full(20, 0.85)}
    assert surface.runs and surface.missing(ahead) == []
    n = len(surface.runs)
    _speculate(surface, {"occupancy.SERT": float(occ[10]), **slow}, traj, ["occupancy.SERT"], slow, 10)
    assert len(surface.runs) == n  # nothing missing: nothing run


def test_a_trajectory_at_the_defaults_reads_the_drug_free_node(surface):
    traj = {"occupancy.SERT": np.zeros(7), "sensitivity.5-HT1A_somatodendritic": np.ones(7)}
    out = surface.interpolate(traj)
    np.testing.assert_array_equal(out["concentrations_nM"]["PFC.5-HT"], np.full(7, 0.5))
    assert len(surface.runs) == 1
    assert surface.point({})["rates_hz"]["DRN_5HT"] == 0.0


def test_kept_plans_and_node_keys_give_what_a_fresh_surface_gives(surface, tmp_path):
    """The slow clock's pattern (the nodes a point misses, then the point; the same nodes at the
    next steps) reuses the last plan and each node's key: the same readouts, keys and misses as
    a surface that computes everything afresh; ``missing`` hands out copies."""
    fresh = ResponseSurface(surface.circuit, EngineSettings(cache=False, cache_dir=str(tmp_path)))
    fresh._run = lambda full, record_spikes: (fresh._store(full, record_spikes, _linear(full), disk=False)
                                              or fresh._memory[fresh.key(full)])
    for occ, sens in ((0.5, 1.0), (0.5, 1.0), (0.62, 0.9), (0.5, 1.0), (0.0, 1.0)):
        point = {"occupancy.SERT": occ, "sensitivity.5-HT1A_somatodendritic": sens}
        missing = surface.missing({k: np.array([v]) for k, v in point.items()})
        for node in missing:
            node["occupancy.SERT"] = -1.0  # a caller's change stays with the caller
        got = surface.point(point)
        fresh._last_plan, fresh._node_keys, fresh._rows = None, {}, {}  # recompute everything
        assert got == fresh.point(point)
    *_, node_inputs, keys = surface._plan({"occupancy.SERT": np.array([0.62]),
                                           "sensitivity.5-HT1A_somatodendritic": np.array([0.9])})
    from raphe.experiments.engine.surface import _fulls

    assert keys == [surface.key(full) for full in _fulls(node_inputs)]
    assert all(n["occupancy.SERT"] >= 0 for n in node_inputs)
