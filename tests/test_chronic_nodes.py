"""Surface nodes of a chronic protocol (issue 17: fewer windows for the same readouts).

On synthetic windows (no spiking): the slow clock's windows keep their spikes so that
recordings of unit rates at the same nodes run no window again, and a challenge that
moves one input on top of a treatment holds the inputs that stay put at their exact
values instead of running every node at every corner of their grid cell.
"""

import numpy as np
import pytest

from raphe.circuits import default_circuit
from raphe.circuits.pharmacology import Dose, Regimen
from raphe.circuits.window import WindowResult
from raphe.experiments.engine import EngineSettings, ResponseSurface, simulate_chronic
from raphe.experiments.engine.coordinates import to_coord

AGONIST = "agonist.5-HT1A"
SERT = "occupancy.SERT"
SENS = "sensitivity.5-HT1A_somatodendritic"
DRN = "DRN_5HT"
DAY = 86400.0


def _firing(full):
    """DRN firing: the agonist's effect grows with the autoreceptor's sensitivity (interacting,
    not multilinear), linear in the agonist's coordinate so that interpolation along it is exact."""
    return 2.0 * (1.0 + 0.3 * full[SERT]) * (1.0 - 0.5 * full[SENS] ** 2 * to_coord(AGONIST, full[AGONIST]))


def _surface(tmp_path, fn=_firing, **settings):
    circuit = default_circuit(scale=0.25, seed=5)
    surface = ResponseSurface(circuit, EngineSettings(cache=False, cache_dir=str(tmp_path), **settings))
    runs = []
    template = None

    def run(full, record_spikes):
        nonlocal template
        runs.append((dict(full), record_spikes))
        rate = fn(full)
        n = circuit.size(DRN)
        ids = np.arange(n) % 7  # 7 units fire, in proportion to the rate
        spikes = {DRN: (np.linspace(0.0, 1.0, n), ids)} if record_spikes else {}
        result = WindowResult({DRN: rate}, {"PFC.5-HT": 1.0 + full[SERT], "DRN.5-HT": 2.0 + full[SERT]},
                              {"5-HT1A_somatodendritic": 0.5 * full[SENS]}, 0.3, spikes=spikes)
        surface._store(full, record_spikes, result, disk=False)
        return result

    surface._run = run
    surface.runs = runs
    return surface


def _challenge(sert=1 - 10 ** -1.61, sens=0.1691, n=40):
    """Cumulative agonist doses on top of a steady occupancy and a desensitized receptor."""
    return {AGONIST: np.repeat([0.0, 0.4, 1.2, 3.0, 6.0], n // 5), SERT: np.full(n, sert), SENS: np.full(n, sens)}


def test_a_challenge_holds_the_inputs_that_stay_put_at_their_exact_values(tmp_path):
    traj = _challenge()
    held = _surface(tmp_path / "h")  # defaults: the uniform grid along the agonist
    out = held.interpolate(traj, unit_rates=DRN)
    # one window per agonist node (0, 0.3, 0.6, 0.9), not 2 x 2 corners of the (SERT, sensitivity) cell
    assert len(held.runs) == 4
    for full, _ in held.runs:
        assert full[SERT] == pytest.approx(traj[SERT][0], abs=1e-9)
        assert full[SENS] == pytest.approx(traj[SENS][0], abs=1e-9)
    # exact along the held inputs; the response is linear in the agonist's coordinate below 0.9
    truth = np.array([_firing({SERT: traj[SERT][t], SENS: traj[SENS][t], AGONIST: traj[AGONIST][t]})
                      for t in range(len(traj[AGONIST]))])
    inside = to_coord(AGONIST, traj[AGONIST]) <= 0.9
    assert np.max(np.abs(out["rates_hz"][DRN][inside] - truth[inside])) < 1e-9


def test_interpolating_across_the_sensitivity_cell_would_cost_more_windows_and_be_less_accurate(tmp_path):
    # the same challenge with the sensitivity moving (by more than the finest cell, 0.1 / 16): gridded
    traj = _challenge()
    traj[SENS] = np.linspace(0.1691, 0.1691 + 0.007, len(traj[SENS]))
    gridded = _surface(tmp_path / "g")
    out = gridded.interpolate(traj, unit_rates=DRN)
    assert len(gridded.runs) == 8  # 4 agonist nodes x sensitivity 0.1 and 0.2
    assert {round(full[SENS], 9) for full, _ in gridded.runs} == {0.1, 0.2}
    truth = np.array([_firing({SERT: traj[SERT][t], SENS: traj[SENS][t], AGONIST: traj[AGONIST][t]})
                      for t in range(len(traj[AGONIST]))])
    assert np.max(np.abs(out["rates_hz"][DRN] - truth)) > 5e-4  # bilinear across an interaction


def test_an_input_that_moves_within_the_finest_cell_is_held_at_its_mean(tmp_path):
    # an agonist competing at SERT lowers the treatment's occupancy a little
    traj = _challenge()
    wobble = 0.3 / 16 * 0.9  # in the coordinate: within grid_step / 2**refine_levels
    c = to_coord(SERT, traj[SERT][0])
    traj[SERT] = 1 - 10 ** -(c - np.linspace(0, wobble, len(traj[SERT])))
    surface = _surface(tmp_path)  # defaults: the uniform grid along the agonist
    assert surface.held_inputs(traj, [SERT, SENS, AGONIST]) == {
        SERT: pytest.approx(float(np.mean(traj[SERT])), abs=1e-9), SENS: pytest.approx(0.1691)}
    surface.interpolate(traj, unit_rates=DRN)  # as the agonist challenge does
    assert len(surface.runs) == 4  # agonist 0, 0.3, 0.6 and 0.9, at the held occupancy
    # a little more and it is gridded again (both ends of its cell)
    traj[SERT] = 1 - 10 ** -(c - np.linspace(0, 0.3 / 16 * 1.1, len(traj[SERT])))
    assert SERT not in surface.held_inputs(traj, [SERT, SENS, AGONIST])


def test_single_points_and_speculation_keep_the_uniform_grid(tmp_path):
    surface = _surface(tmp_path)
    point = {SERT: 1 - 10 ** -1.61, SENS: 0.43}
    assert surface.held_inputs({k: np.array([v]) for k, v in point.items()}, [SERT, SENS]) == {}
    surface.point(point)
    assert {round(full[SENS], 9) for full, _ in surface.runs} == {0.4, 0.5}
    assert {round(float(to_coord(SERT, full[SERT])), 6) for full, _ in surface.runs} == {1.5, 1.8}
    # the slow clock's look-ahead (slow state held for the remaining steps) asks for grid nodes
    # (those at sensitivity 0.4 are there already)
    ahead = {SERT: np.full(10, 1 - 10 ** -1.61), SENS: np.full(10, 0.33)}
    assert {round(m[SENS], 9) for m in surface.missing(ahead)} == {0.3}
    assert len(surface.missing(ahead)) == 2


def test_unit_rates_at_a_node_the_slow_clock_ran_with_spikes_need_no_window(tmp_path):
    surface = _surface(tmp_path)
    point = {SERT: 1 - 10 ** -1.61, SENS: 0.43}
    plain = surface.point(point, record_spikes=True)
    ran = len(surface.runs)
    assert ran == 4 and all(spikes for _, spikes in surface.runs)
    again = surface.point(point, unit_rates=DRN)
    assert len(surface.runs) == ran  # every node was there, with spikes
    assert again["rates_hz"] == plain["rates_hz"]
    assert again["unit_rates_hz"].shape == (default_circuit(scale=0.25, seed=5).size(DRN),)
    # a node run without spikes is run again for unit rates (the spikes are not in the cache)
    other = _surface(tmp_path / "o")
    other.point(point)
    other.point(point, unit_rates=DRN)
    assert len(other.runs) == 8


def test_the_slow_clock_keeps_spikes_when_asked_and_its_readouts_do_not_change(tmp_path):
    pump = Regimen((Dose("citalopram", "20 mg/kg/day", route="minipump", duration="3 day"),))
    courses = {}
    for keep in (False, True):
        surface = _surface(tmp_path / str(keep))
        courses[keep] = simulate_chronic(circuit=surface.circuit, regimen=pump, duration=2 * DAY * _s(),
                                         step=6 * 3600 * _s(), settings=surface.settings, surface=surface,
                                         record_spikes=keep)
        assert all(spikes == keep for _, spikes in surface.runs)
    for field in ("rates_hz", "concentrations_nM"):
        for key, value in courses[False].__dict__[field].items():
            assert np.array_equal(value, courses[True].__dict__[field][key]), key


def _s():
    import brian2

    return brian2.second


def _steep(full):
    """Firing halves at an agonist term of 0.05 x the sensitivity (8-OH-DPAT at the autoreceptor)."""
    return 2.0 * (1.0 + 0.3 * full[SERT]) / (1.0 + full[AGONIST] * full[SENS] / 0.05)


def test_a_challenge_with_unit_rates_places_adaptive_nodes_along_the_agonist_only(tmp_path):
    # cumulative doses on top of the treatment: the response is steep well inside the first grid cell
    traj = _challenge()
    traj[AGONIST] = np.repeat([0.0, 0.05, 0.1, 0.2, 0.4], 8)
    surface = _surface(tmp_path, fn=_steep, adaptive_unit_rates=True)
    out = surface.interpolate(traj, unit_rates=DRN)
    assert all(spikes for _, spikes in surface.runs)
    for full, _ in surface.runs:  # the held inputs at their values, every node
        assert full[SERT] == pytest.approx(traj[SERT][0], abs=1e-9)
        assert full[SENS] == pytest.approx(traj[SENS][0], abs=1e-9)
    coords = sorted(float(to_coord(AGONIST, full[AGONIST])) for full, _ in surface.runs)
    assert min(np.diff(coords)) <= 0.3 / 4 + 1e-9  # finer than the grid step where it is steep
    truth = np.array([_steep({SERT: traj[SERT][t], SENS: traj[SENS][t], AGONIST: traj[AGONIST][t]})
                      for t in range(len(traj[AGONIST]))])
    err = np.max(np.abs(out["rates_hz"][DRN] - truth) / truth)
    # the uniform grid (the default for unit rates) puts every dose in the first cell and is far off
    uniform = _surface(tmp_path / "u", fn=_steep)
    out_u = uniform.interpolate(traj, unit_rates=DRN)
    err_u = np.max(np.abs(out_u["rates_hz"][DRN] - truth) / truth)
    assert err < 0.1 < err_u


def test_a_challenge_keeps_its_nodes_spikes_when_asked(tmp_path):
    # the citalopram challenge's nodes can be another group's slow-clock nodes, which keep spikes
    from raphe.experiments.engine import simulate_subject

    shot = Regimen((Dose("citalopram", "10 mg/kg", route="ip"),))
    times = np.arange(0, 7200, 600) * _s()
    out = {}
    for keep in (False, True):
        surface = _surface(tmp_path / str(keep))
        out[keep] = simulate_subject(circuit=surface.circuit, regimen=shot, times=times, settings=surface.settings,
                                     surface=surface, record_spikes=keep)
        assert surface.runs and all(spikes == keep for _, spikes in surface.runs)
    assert np.array_equal(out[False].rates_hz[DRN], out[True].rates_hz[DRN])
