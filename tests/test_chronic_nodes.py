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


# ---- geometric nodes along the agonist (the chronic 8-OH-DPAT challenge)

#: cumulative 8-OH-DPAT series of the chronic challenge: each dose doubles the last (Chaput 1986;
#: Le Poul 1995), as in raphe/experiments/configs/chronic-ssri.toml
DOSES = np.array([0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
#: the agonist's receptor term at the samples 1.5 min after each dose (8-OH-DPAT i.v., rat, from the
#: PK of the chronic challenge; grows ~2x per dose), and the pre-challenge sample (0)
TERMS = np.array([0.0, 0.0332, 0.0955, 0.2088, 0.4281, 0.8621, 1.7274, 3.4562, 6.9128])


def _hill(full):
    """Firing suppressed by the agonist with a Hill slope of 1.3, half at a term of 0.04 / sensitivity
    (the naive autoreceptor: 8-OH-DPAT's ED50 lies inside the first grid cell, term 0 to 1)."""
    x = (full[AGONIST] * full[SENS] / 0.04) ** 1.3
    return 2.0 * (1.0 + 0.3 * full[SERT]) * (1.0 - 0.97 * x / (1.0 + x))


def _agonist_challenge(sens, reps=4):
    n = len(TERMS) * reps
    return {AGONIST: np.repeat(TERMS, reps), SERT: np.full(n, 1 - 10 ** -1.61), SENS: np.full(n, sens)}


def _ed50(percent):
    from raphe.analysis.ephys import fit_ed50

    return fit_ed50(DOSES, percent).ed50


def _percent(rates, reps=4):
    per_sample = rates.reshape(len(TERMS), reps)[:, 0]
    return 100.0 * per_sample[1:] / per_sample[0]


def test_geometric_agonist_nodes_sit_at_powers_of_four_of_the_term_and_hold_the_rest_near_theirs(tmp_path):
    traj = _agonist_challenge(sens=1.0)
    surface = _surface(tmp_path, fn=_hill, agonist_octaves=2)
    surface.interpolate(traj, unit_rates=DRN)
    terms = sorted(full[AGONIST] for full, _ in surface.runs)
    # 0, then 2**-6 (below the smallest positive term, 0.033) ... 2**4 (above the largest, 6.9)
    assert terms == [0.0] + [2.0 ** k for k in range(-6, 5, 2)]
    assert all(spikes for _, spikes in surface.runs)
    for full, _ in surface.runs:  # the held occupancy at the nearest node of the finest cell (0.3 / 16)
        assert abs(to_coord(SERT, full[SERT]) - to_coord(SERT, traj[SERT][0])) <= 0.3 / 32 + 1e-9
        assert full[SENS] == 1.0
    # node count bound: the 0 node and one per factor 4 of the positive terms' range (7.7 factors of 2),
    # plus one at each end for the alignment of the powers of 4: far fewer than one per sample
    assert len(surface.runs) <= 1 + int(np.ceil(np.log2(TERMS[-1] / TERMS[1]) / 2)) + 2 < len(TERMS)


def test_geometric_agonist_nodes_interpolate_in_the_log_of_the_term(tmp_path):
    # a readout linear in log2(term) between the positive nodes is interpolated exactly
    def loglinear(full):
        return 3.0 - 0.1 * np.log2(max(full[AGONIST], 2.0 ** -6)) + 0.0 * full[SENS]

    traj = {AGONIST: np.array([0.0, 0.02, 0.05, 0.3, 1.0, 5.0]), SERT: np.zeros(6), SENS: np.ones(6)}
    surface = _surface(tmp_path, fn=loglinear, agonist_octaves=2)
    out = surface.interpolate(traj, unit_rates=DRN)
    truth = np.array([loglinear({AGONIST: t, SENS: 1.0}) for t in traj[AGONIST]])
    assert np.max(np.abs(out["rates_hz"][DRN][1:] - truth[1:])) < 1e-9
    assert out["rates_hz"][DRN][0] == pytest.approx(loglinear({AGONIST: 0.0, SENS: 1.0}))  # on the 0 node


@pytest.mark.parametrize("octaves", [2, 3])
@pytest.mark.parametrize("sens", [1.0, 0.17])  # naive; desensitized as after 21 days of citalopram
def test_geometric_agonist_nodes_give_the_challenge_ed50_within_a_fraction_of_a_dose_step(tmp_path, sens,
                                                                                          octaves):
    traj = _agonist_challenge(sens)
    truth = np.array([_hill({SERT: traj[SERT][t], SENS: sens, AGONIST: traj[AGONIST][t]})
                      for t in range(len(traj[AGONIST]))])
    exact = _ed50(_percent(truth))
    geometric = _surface(tmp_path / "g", fn=_hill, agonist_octaves=octaves)
    ed50 = _ed50(_percent(geometric.interpolate(traj, unit_rates=DRN)["rates_hz"][DRN]))
    uniform = _surface(tmp_path / "u", fn=_hill)
    ed50_u = _ed50(_percent(uniform.interpolate(traj, unit_rates=DRN)["rates_hz"][DRN]))
    # cumulative doses double at each step (Chaput 1986; Le Poul 1995), so an electrophysiologist
    # resolves an ED50 to about a dose step (2x); 15 % is well under it (log2(1.15) = 0.2 step)
    assert abs(ed50 / exact - 1) < 0.15
    if sens == 1.0:  # the uniform grid's first cell (term 0 to 1) holds the naive response: off by > 2x
        assert ed50_u / exact > 2.0


def test_agonist_octaves_is_checked():
    from raphe.errors import RapheInputError

    with pytest.raises(RapheInputError, match="agonist_octaves"):
        EngineSettings(agonist_octaves=-1)
    with pytest.raises(RapheInputError, match="agonist_octaves"):
        EngineSettings(agonist_octaves=True)


def test_the_chronic_challenge_surface_places_geometric_nodes_in_the_same_cache(tmp_path):
    from raphe.experiments.protocols.chronic import AGONIST_OCTAVES, challenge_surface

    surface = _surface(tmp_path)
    challenge = challenge_surface(surface)
    assert challenge.settings.agonist_octaves == AGONIST_OCTAVES > 0
    assert challenge.directory == surface.directory
    adaptive = _surface(tmp_path / "a", adaptive_unit_rates=True)
    assert challenge_surface(adaptive) is adaptive


def test_animals_whose_held_inputs_share_a_finest_cell_node_share_the_challenge_nodes(tmp_path):
    # two treated rats: occupancy and sensitivity a little apart (less than half the finest cell)
    surface = _surface(tmp_path, fn=_hill, agonist_octaves=2)
    surface.interpolate(_agonist_challenge(sens=0.1695), unit_rates=DRN)
    first = len(surface.runs)
    other = _agonist_challenge(sens=0.1698)
    other[SERT] = np.full(len(other[SERT]), 1 - 10 ** -1.6128)
    surface.interpolate(other, unit_rates=DRN)
    assert len(surface.runs) == first
    # a rat farther away (sensitivity 0.1641: another node of the finest cell, 0.1 / 16) has its own
    surface.interpolate(_agonist_challenge(sens=0.1641), unit_rates=DRN)
    assert len(surface.runs) == 2 * first
    snapped = surface.snapped({SENS: 0.1695, SERT: 1 - 10 ** -1.6128})
    assert snapped[SENS] == pytest.approx(0.16875)  # 27 x 0.1 / 16
    assert to_coord(SERT, snapped[SERT]) == pytest.approx(86 * 0.3 / 16)
