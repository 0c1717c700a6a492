"""Conformance of registered components and validation of specs (no simulation)."""

import math

import brian2
import pytest

from raphe.circuits import default_circuit, validate_inputs
from raphe.circuits.builder import circuit_equations, release_per_spike, steady_state_concentration
from raphe.circuits.populations import load_all
from raphe.circuits.receptors import RECEPTORS
from raphe.circuits.spec import P, PopulationSpec
from raphe.errors import RapheInputError, UnknownNameError

POPULATIONS = load_all()


@pytest.mark.parametrize("name", POPULATIONS.names())
def test_every_population_parameter_has_unit_and_source(name):
    spec = POPULATIONS.get(name)
    for key, param in spec.params.items():
        assert param.source and param.mark in ("R", "R2", "U"), key
    assert spec.baseline_source
    for site in spec.receptors:
        assert site.receptor in RECEPTORS
        assert brian2.get_dimensions(site.gmax.value) == brian2.get_dimensions(brian2.nS)


@pytest.mark.parametrize("name", RECEPTORS.names())
def test_every_receptor_follows_competitive_occupancy(name):
    rec = RECEPTORS.get(name)
    k = float(rec.k_endogenous.value / brian2.nM)
    assert rec.activation(k) == pytest.approx(0.5)           # half-active at C = K
    assert rec.activation(0.0, agonist=1e6) > 0.999          # saturating agonist
    assert rec.activation(k, competitor=1e6) < 1e-5          # competitor displaces the transmitter
    circuit = default_circuit()
    if rec.effector == "conductance":
        assert f"act_{rec.identifier}" in str(circuit_equations(circuit))
    else:  # a terminal autoreceptor: used by a pool of its transmitter
        assert any(p.autoreceptor is not None and p.autoreceptor.receptor == name for p in circuit.pools)


@pytest.mark.parametrize("name", RECEPTORS.names())
def test_operational_model_keeps_maximal_effect_while_reserve_lasts(name):
    """Black & Leff 1983: lowering tau shifts potency first; E/Em = s*tau*rho/(1 + s*tau*rho)."""
    rec = RECEPTORS.get(name)
    tau = float(rec.tau.value)
    k = float(rec.k_endogenous.value / brian2.nM)
    assert rec.response(0.0, agonist=1e6) == pytest.approx(tau / (1 + tau), rel=1e-4)
    # with the endogenous ligand absent, E/Em = s*tau*a/(1 + a + s*tau*a) for an agonist term a
    a = 0.7
    assert rec.response(0.0, agonist=a, sensitivity=0.5) == pytest.approx(
        0.5 * tau * a / (1 + a + 0.5 * tau * a))
    # a competitor shifts, a sensitivity below 1 lowers potency (EC50 = K/(1 + s*tau) in x units)
    ec50 = lambda s: 1.0 / (1.0 + s * tau)  # noqa: E731
    assert ec50(0.3) > ec50(1.0)
    assert rec.response(k, competitor=1e6) < 1e-5


def test_receptor_lists_derive_from_the_registry():
    from raphe.circuits.inputs import FAST_INPUTS, receptor_types, sensitivity_sites
    from raphe.circuits.receptors import ReceptorType, register_receptor

    assert set(sensitivity_sites()) == set(RECEPTORS.names())
    assert {RECEPTORS.get(n).receptor_type for n in RECEPTORS.names()} == set(receptor_types())
    name = "5-HT7_test_site"
    register_receptor(ReceptorType(name, "5-HT7", "5-HT", P(5 * brian2.nM, "test"), P(-90 * brian2.mV, "test"),
                                   "a test site"))
    try:
        assert f"sensitivity.{name}" in FAST_INPUTS
        assert "agonist.5-HT7" in FAST_INPUTS and "competitor.5-HT7" in FAST_INPUTS
        assert RECEPTORS.get(name).identifier == "htr7_test_site"
    finally:  # leave the registry as it was for the other tests
        RECEPTORS._items.pop(name)
        RECEPTORS._aliases.pop(name.lower())
    assert f"sensitivity.{name}" not in FAST_INPUTS


def test_pools_sit_at_basal_level_at_nominal_rate():
    for pool in default_circuit().pools:
        c = steady_state_concentration(pool, 0.0)
        assert c == pytest.approx(float(pool.basal.value / brian2.nM), rel=1e-6)
        q, _ = release_per_spike(pool, 100)
        assert float(q / brian2.nM) > 0


def test_full_blockade_is_bounded():
    for pool in default_circuit().pools:
        assert math.isfinite(steady_state_concentration(pool, 1.0))


def _population(**changes):
    base = dict(POPULATIONS.get("LC_NE").__dict__)
    base.update(changes)
    return PopulationSpec(**base)


def test_wrong_unit_names_the_field():
    params = dict(POPULATIONS.get("LC_NE").params)
    params["gL"] = P(3 * brian2.mV, "typo")
    with pytest.raises(RapheInputError, match=r"LC_NE.params.gL"):
        _population(params=params)


def test_negative_size_names_the_field():
    with pytest.raises(RapheInputError, match=r"LC_NE.size.*-5"):
        _population(size=-5)


def test_non_finite_value_is_rejected():
    params = dict(POPULATIONS.get("LC_NE").params)
    params["I_drive"] = P(float("nan") * brian2.pA, "bad")
    with pytest.raises(RapheInputError, match="I_drive"):
        _population(params=params)


def test_unknown_population_lists_valid_names():
    with pytest.raises(UnknownNameError, match="DRN_5HT"):
        POPULATIONS.get("DRN_5-HT")


def test_unknown_input_lists_valid_names_and_range_is_checked():
    with pytest.raises(UnknownNameError, match="occupancy.SERT"):
        validate_inputs({"SERT": 0.5})
    with pytest.raises(RapheInputError, match=r"occupancy.SERT.*\[0, 1\]"):
        validate_inputs({"occupancy.SERT": 1.5})
    with pytest.raises(RapheInputError):
        validate_inputs({"agonist.5-HT1A": float("inf")})


def test_bad_scale_and_seed():
    with pytest.raises(RapheInputError, match="circuit.scale"):
        default_circuit(scale=-1)
    with pytest.raises(RapheInputError, match="circuit.seed"):
        default_circuit(seed=-3)


def test_duplicate_registration_is_an_error():
    with pytest.raises(RapheInputError, match="already"):
        POPULATIONS.register("LC_NE", POPULATIONS.get("LC_NE"))
