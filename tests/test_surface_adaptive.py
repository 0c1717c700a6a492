"""Adaptive node placement (raphe.experiments.engine.adaptive), on synthetic windows (no spiking)."""

import numpy as np
import pytest

from raphe.circuits import default_circuit
from raphe.circuits.window import WindowResult
from raphe.experiments.engine import EngineSettings, ResponseSurface
from raphe.experiments.engine.adaptive import Planner
from raphe.experiments.engine.coordinates import to_coord

AGONIST = "agonist.5-HT1A"


def _window(fn):
    def make(full):
        rate, conc = fn(full)
        return WindowResult({"DRN_5HT": rate}, {"PFC.5-HT": conc}, {"5-HT1A_somatodendritic": 0.5}, 0.3)
    return make


def _surface(tmp_path, fn, **settings):
    surface = ResponseSurface(default_circuit(scale=0.25, seed=5),
                              EngineSettings(cache=False, cache_dir=str(tmp_path), **settings))
    runs = []
    make = _window(fn)

    def run(full, record_spikes):
        runs.append(dict(full))
        result = make(full)
        surface._store(full, record_spikes, result, disk=False)
        return result

    surface._run = run
    surface.runs = runs
    return surface


def _agonist(full):
    """Firing halves at an agonist term of 0.05 (like 8-OH-DPAT at the autoreceptor)."""
    term = full[AGONIST]
    return 2.0 / (1.0 + term / 0.05), 1.0 + 0.5 * term


def _occupancy(full):
    """5-HT rises as 1 / (1 - occupancy) (steep at high occupancy), firing falls."""
    occ = full["occupancy.SERT"]
    return 2.0 * (1.0 - occ) + 0.2, 1.0 / (1.0 - occ)


def _max_error(surface, traj, fn):
    out = surface.interpolate(traj)
    n = len(next(iter(traj.values())))
    worst = 0.0
    for t in range(n):
        full = {k: float(v[t]) for k, v in traj.items()}
        full.setdefault("occupancy.SERT", 0.0)
        full.setdefault(AGONIST, 0.0)
        rate, conc = fn(full)
        worst = max(worst, abs(out["rates_hz"]["DRN_5HT"][t] - rate) / max(rate, 0.5),
                    abs(out["concentrations_nM"]["PFC.5-HT"][t] - conc) / max(conc, 0.1))
    return worst


def test_steep_agonist_response_is_refined_below_the_grid_step(tmp_path):
    # cumulative doses: the agonist term steps through 0.01 ... 0.16 (each held for the same time)
    traj = {AGONIST: np.repeat([0.0, 0.01, 0.02, 0.04, 0.08, 0.16], 10)}
    uniform = _surface(tmp_path / "u", _agonist, adaptive=False)
    adaptive = _surface(tmp_path / "a", _agonist)
    err_uniform = _max_error(uniform, traj, _agonist)
    err_adaptive = _max_error(adaptive, traj, _agonist)
    assert err_uniform > 0.3  # one cell of 0.3 in log10(1 + term) spans the whole response
    assert err_adaptive < 0.1 < err_uniform
    coords = sorted(to_coord(AGONIST, r[AGONIST]) for r in adaptive.runs)
    assert min(np.diff(coords)) < 0.3 / 4  # nodes finer than the grid step where it is steep


IP_DOSE = np.concatenate([np.zeros(15), [0.6, 0.85], np.linspace(0.97, 0.955, 46)])  # baseline, rise, plateau


def test_a_trajectory_that_passes_through_a_flat_range_gets_coarse_cells(tmp_path):
    def flat(full):  # linear in the coordinate: every cell exact
        x = to_coord("occupancy.SERT", full["occupancy.SERT"])
        return 2.0 - x, 1.0 + 2.0 * x

    traj = {"occupancy.SERT": IP_DOSE}
    uniform = _surface(tmp_path / "u", flat, adaptive=False)
    adaptive = _surface(tmp_path / "a", flat)
    assert _max_error(adaptive, traj, flat) < 1e-9
    _max_error(uniform, traj, flat)
    assert len(adaptive.runs) < len(uniform.runs)


def test_where_the_protocol_dwells_a_steep_response_is_held_to_the_tolerance(tmp_path):
    traj = {"occupancy.SERT": IP_DOSE}
    uniform = _surface(tmp_path / "u", _occupancy, adaptive=False)
    adaptive = _surface(tmp_path / "a", _occupancy, tolerance=0.02)
    plateau = slice(17, None)
    exact = 1.0 / (1.0 - IP_DOSE[plateau])
    err_a = np.max(np.abs(adaptive.interpolate(traj)["concentrations_nM"]["PFC.5-HT"][plateau] - exact) / exact)
    err_u = np.max(np.abs(uniform.interpolate(traj)["concentrations_nM"]["PFC.5-HT"][plateau] - exact) / exact)
    assert err_a < 0.02 < err_u  # 5-HT ~ 1 / (1 - occupancy): the uniform 0.3 grid is ~5 % off there


def test_inputs_that_do_not_interact_are_combined_additively_with_fewer_nodes(tmp_path):
    def separate(full):
        x = to_coord("occupancy.SERT", full["occupancy.SERT"])
        y = to_coord("occupancy.DAT", full["occupancy.DAT"])
        return 1.0 + x, 2.0 + 3.0 * y

    traj = {"occupancy.SERT": np.concatenate([np.zeros(10), np.linspace(0.9, 0.97, 40)]),
            "occupancy.DAT": np.concatenate([np.zeros(10), np.linspace(0.2, 0.35, 40)])}
    adaptive = _surface(tmp_path / "a", separate)
    uniform = _surface(tmp_path / "u", separate, adaptive=False)
    out = adaptive.interpolate(traj)
    ref = uniform.interpolate(traj)
    assert adaptive.last_plan["additive"]
    assert len(adaptive.runs) < len(uniform.runs)
    np.testing.assert_allclose(out["concentrations_nM"]["PFC.5-HT"], ref["concentrations_nM"]["PFC.5-HT"],
                               atol=1e-12)


def test_interacting_inputs_fall_back_to_the_tensor_grid(tmp_path):
    def product(full):
        x = to_coord("occupancy.SERT", full["occupancy.SERT"])
        y = to_coord("occupancy.DAT", full["occupancy.DAT"])
        return 1.0 + x * y * 4.0, 1.0 + x * y

    traj = {"occupancy.SERT": np.concatenate([np.zeros(10), np.linspace(0.9, 0.97, 40)]),
            "occupancy.DAT": np.concatenate([np.zeros(10), np.linspace(0.2, 0.35, 40)])}
    adaptive = _surface(tmp_path / "a", product)
    out = adaptive.interpolate(traj)
    assert not adaptive.last_plan["additive"]
    x = to_coord("occupancy.SERT", traj["occupancy.SERT"])
    y = to_coord("occupancy.DAT", traj["occupancy.DAT"])
    # bilinear in the coordinates: exact on the tensor grid
    np.testing.assert_allclose(out["concentrations_nM"]["PFC.5-HT"], 1.0 + x * y, atol=1e-9)


INPUTS4 = ("occupancy.SERT", "occupancy.DAT", "occupancy.NET", AGONIST)


def _interacting4(full):
    """Four inputs whose effects multiply (no additive combination is close)."""
    p = 1.0
    for name in INPUTS4:
        p = p * (1.0 + 2.0 * to_coord(name, full[name]))
    return 1.0 + p, 0.5 * p


def test_a_short_trajectory_in_many_interacting_inputs_runs_a_window_at_each_time(tmp_path, monkeypatch):
    # a drug acting on four targets at once, sampled 6 times (a quick microdialysis run): the
    # tensor grid needs 2**4 corners per cell, more windows than there are distinct times
    rise = np.array([0.0, 0.3, 0.6, 0.8, 0.9, 0.9])
    traj = {"occupancy.SERT": rise, "occupancy.DAT": 0.4 * rise, "occupancy.NET": 0.6 * rise,
            AGONIST: 0.2 * rise}
    adaptive = _surface(tmp_path / "a", _interacting4)
    out = adaptive.interpolate(traj)
    assert not adaptive.last_plan["additive"] and adaptive.last_plan["direct"]
    for t in range(len(rise)):  # each time is a window at its own inputs: exact
        full = {n: float(traj[n][t]) for n in INPUTS4}
        rate, conc = _interacting4(full)
        assert out["concentrations_nM"]["PFC.5-HT"][t] == pytest.approx(conc, rel=1e-12)
        assert out["rates_hz"]["DRN_5HT"][t] == pytest.approx(rate, rel=1e-12)
    distinct = {tuple(round(float(traj[n][t]), 12) for n in INPUTS4) for t in range(len(rise))}
    at_times = [r for r in adaptive.runs if tuple(round(r[n], 12) for n in INPUTS4) in distinct]
    assert len(at_times) == len(distinct) == 5
    # the same trajectory on the tensor grid (direct placement switched off) needs more windows
    monkeypatch.setattr(Planner, "distinct_times", lambda self: 10 ** 9)
    tensor = _surface(tmp_path / "t", _interacting4)
    tensor.interpolate(traj)
    assert not tensor.last_plan["direct"]
    assert len(adaptive.runs) < len(tensor.runs)


def test_the_plan_does_not_depend_on_what_the_cache_already_holds(tmp_path):
    traj = {AGONIST: np.repeat([0.0, 0.01, 0.03, 0.1], 8), "occupancy.SERT": np.repeat([0.0, 0.5, 0.8, 0.9], 8)}
    fresh = _surface(tmp_path / "f", _agonist)
    ref = fresh.interpolate(traj)
    warm = _surface(tmp_path / "w", _agonist)
    warm.interpolate({AGONIST: np.linspace(0.0, 0.3, 50)})  # other nodes first
    warm.interpolate({"occupancy.SERT": np.linspace(0.0, 0.99, 50)})
    again = warm.interpolate(traj)
    for field in ("rates_hz", "concentrations_nM"):
        for key in ref[field]:
            np.testing.assert_array_equal(again[field][key], ref[field][key])


@pytest.mark.parametrize("field,value", [("tolerance", 0.0), ("dwell", 0.0), ("coarse_levels", 7),
                                         ("refine_levels", -1), ("adaptive", "yes")])
def test_bad_adaptive_settings_name_the_field(field, value):
    from raphe.errors import RapheInputError

    with pytest.raises(RapheInputError, match=f"engine.{field}"):
        EngineSettings(**{field: value})
