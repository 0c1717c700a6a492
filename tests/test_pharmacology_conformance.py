"""Conformance of every registered drug record, and model identities of the PK/occupancy layer."""

from __future__ import annotations

import brian2
import numpy as np
import pytest

from raphe.circuits.inputs import FAST_INPUTS, RECEPTOR_TYPES, TRANSPORTERS
from raphe.circuits.pharmacology import (
    DRUGS, RECEPTOR_TARGETS, ROUTES, TARGETS, Dose, Regimen, describe_drugs, fast_inputs_from_concentrations,
    molar_mass, simulate_pk,
)
from raphe.circuits.pharmacology.model import BASE_ROUTES, MARKS, SpeciesPK

hour = 3600 * brian2.second
CONC = brian2.get_dimensions(brian2.nmolar)
PAIRS = [(name, sp) for name, d in DRUGS.items() for sp in d.pk]


def _mark_ok(src):
    return src is not None and src.mark in MARKS and len(src.source.strip()) > 3


def test_interface_names():
    # the library's targets derive from the circuit: its transporters and receptor types
    assert TARGETS[:4] == ("SERT", "DAT", "NET", "sigma-1")
    assert set(TARGETS) == set(TRANSPORTERS) | {"sigma-1"} | set(RECEPTOR_TYPES)
    assert RECEPTOR_TARGETS == tuple(RECEPTOR_TYPES) and "5-HT1B" in RECEPTOR_TARGETS
    assert {"sertraline", "desmethylsertraline", "paroxetine", "fluoxetine", "norfluoxetine",
            "citalopram", "escitalopram", "fluvoxamine", "WAY-100635", "8-OH-DPAT",
            "GR127935", "SB-224289", "CP-94253"} <= set(DRUGS)
    assert DRUGS.get("Zoloft") is DRUGS.get("SERTRALINE") is DRUGS.get("sertraline")
    assert DRUGS.get("sertraline").metabolites == ("desmethylsertraline",)
    assert DRUGS.get("fluoxetine").metabolites == ("norfluoxetine",)
    assert DRUGS.get("8-OH-DPAT").efficacy_at("5-HT1A") == 1.0
    assert DRUGS.get("WAY-100635").efficacy_at("5-HT1A") == 0.0
    assert DRUGS.get("GR127935").efficacy_at("5-HT1B") == 0.0
    assert DRUGS.get("CP-94253").efficacy_at("5-HT1B") == 1.0
    assert DRUGS.get("sertraline").ki("5-HT1A") is None
    assert DRUGS.get("sertraline").efficacy_at("5-HT1A") is None


def test_molar_mass():
    # PubChem: sertraline 306.2 g/mol, sertraline hydrochloride 342.7 g/mol
    d = DRUGS.get("sertraline")
    assert abs(float(d.mw_base / (brian2.gram / brian2.mole)) - 306.2) < 0.1
    assert abs(float(d.mw_salt / (brian2.gram / brian2.mole)) - 342.7) < 0.1
    assert abs(float(molar_mass("H2O") / (brian2.gram / brian2.mole)) - 18.015) < 0.01


@pytest.mark.parametrize("name", list(DRUGS))
def test_drug_record(name):
    d = DRUGS.get(name)
    assert d.name == name
    for key in ("formula",) + (("salt_formula",) if d.salt_formula else ()):
        assert _mark_ok(d.sources.get(key)), key
    assert float(d.mw_base / (brian2.gram / brian2.mole)) > 0
    assert d.mw_salt >= d.mw_base
    assert d.affinities, "a drug binds at least one target"
    for target, aff in d.affinities.items():
        assert target in TARGETS
        assert brian2.get_dimensions(aff.ki) == CONC
        assert 0 < float(aff.ki / brian2.nmolar) < 1e6
        assert aff.mark in MARKS and aff.source.strip()
        assert d.ki(target) == aff.ki
    # an intrinsic efficacy, with a source, exactly at the receptor targets the drug binds
    assert set(d.efficacy) == {t for t in d.affinities if t in RECEPTOR_TARGETS}
    for target, eff in d.efficacy.items():
        assert 0.0 <= eff.value <= 1.0 and _mark_ok(eff), (name, target)
    for met in d.metabolites:
        assert met in DRUGS
    assert d.pk and set(d.pk) <= {"rat", "human"}


@pytest.mark.parametrize("name,species", PAIRS)
def test_species_record(name, species):
    d = DRUGS.get(name)
    pk: SpeciesPK = d.pk[species]
    assert pk.species == species
    per_kg = brian2.liter / brian2.kgram
    assert brian2.get_dimensions(pk.clearance) == brian2.get_dimensions(per_kg / hour)
    assert brian2.get_dimensions(pk.volume) == brian2.get_dimensions(per_kg)
    assert float(pk.clearance / (per_kg / hour)) > 0 and float(pk.volume / per_kg) > 0
    assert 0 < pk.fu <= 1 and pk.kp_uu > 0
    assert float(pk.brain_half_time / brian2.second) > 0
    assert len(pk.peripherals) <= 2
    for p in pk.peripherals:
        assert float(p.volume / per_kg) > 0 and float(p.flow / (per_kg / hour)) > 0
    required = ["clearance", "volume", "fu", "kp_uu", "brain_half_time"]
    required += ["peripherals"] if pk.peripherals else []
    required += [f"routes.{r}" for r in pk.routes] + [f"formation.{m}" for m in pk.formation]
    for key in required:
        assert _mark_ok(pk.sources.get(key)), f"{name}/{species}: source of {key}"
    for target, aff in pk.in_vivo_ki.items():  # in-vivo Ki: sourced, at a target the drug binds
        assert target in d.affinities and aff.mark in MARKS and aff.source.strip()
        assert brian2.get_dimensions(aff.ki) == CONC and 0 < float(aff.ki / brian2.nmolar) < 1e6
    # fu and Kp,uu are dimensionless fractions/ratios (plain numbers), each with a source
    for key in ("fu", "kp_uu"):
        value = getattr(pk, key)
        assert isinstance(value, float) and not isinstance(value, brian2.Quantity), (name, key)
        assert _mark_ok(pk.sources.get(key)), (name, species, key)
    # a [U] prior states the range the literature allows (or what it was fitted to)
    for key in ("fu", "kp_uu", "brain_half_time"):
        src = pk.sources[key]
        if src.mark == "[U]":
            assert any(w in src.source for w in ("range", "fitted", "the parent",
                                                 "1-5 min", "2-30 min")), (name, species, key)
    for r, a in pk.routes.items():
        assert r in BASE_ROUTES
        if r == "iv":
            assert a.bioavailability == 1.0 and a.ka is None
        else:
            assert 0 < a.bioavailability <= 1 and float(a.ka * hour) > 0
    for met, fm in pk.formation.items():
        assert met in d.metabolites and 0 < fm <= 1
        assert species in DRUGS.get(met).pk
    if pk.routes:
        assert pk.nominal_dose and pk.nominal_route in pk.available_routes()
    t_half = float(pk.half_life() / hour)
    assert 0.1 < t_half < 500


@pytest.mark.parametrize("name,species", [p for p in PAIRS if DRUGS.get(p[0]).pk[p[1]].routes])
def test_nominal_dose_simulates(name, species):
    pk = DRUGS.get(name).pk[species]
    t = np.linspace(0, 48, 193) * hour
    res = simulate_pk(Dose(name, pk.nominal_dose, route=pk.nominal_route), species=species, times=t)
    assert set(res.fast_inputs) == set(FAST_INPUTS)
    assert set(res.occupancy) == set(TARGETS)
    assert name in res.plasma_ng_per_ml
    for table in (res.plasma_ng_per_ml, res.plasma_nM, res.brain_free_nM, res.fast_inputs):
        for k, v in table.items():
            assert v.shape == (len(t),), k
            assert np.all(np.isfinite(v)) and np.all(v >= 0), k
    for v in res.occupancy.values():
        assert np.all((v >= 0) & (v <= 1))
    assert res.plasma_ng_per_ml[name].max() > 0
    for target in DRUGS.get(name).affinities:
        assert res.occupancy[target].max() > 0


@pytest.mark.parametrize("route", ROUTES)
def test_every_route(route):
    kw = {"duration": "2 h"} if route in ("iv_infusion", "minipump") else {}
    amount = "10 mg/kg/day" if route == "minipump" else "1 mg/kg"
    res = simulate_pk(Dose("fluoxetine", amount, route=route, **kw),
                      times=np.linspace(0, 12, 49) * hour)
    assert res.plasma_ng_per_ml["fluoxetine"].max() > 0


def test_describe_drugs_lists_everything():
    text = describe_drugs()
    for name in DRUGS:
        assert name in text
    assert "0.29 [R2]" in text and "Zoloft" in text


# --------------------------------------------------------------------------- model identities
def _auc(res, name):
    t = res.time_h
    return np.trapezoid(res.plasma_nM[name], t) if hasattr(np, "trapezoid") else \
        np.trapz(res.plasma_nM[name], t)


def test_iv_bolus_auc_is_dose_over_clearance_and_scales_with_pk_scale():
    d = DRUGS.get("citalopram")
    t = np.linspace(0, 60, 12001) * hour
    dose_nmol = 1e-3 * 0.3 / float(d.mw_base / (brian2.gram / brian2.mole)) * 1e9  # 1 mg/kg
    cl_L_h = float(d.pk["rat"].clearance * hour / (brian2.liter / brian2.kgram)) * 0.3
    res = simulate_pk(Dose("citalopram", "1 mg/kg", route="iv"), times=t)
    assert _auc(res, "citalopram") == pytest.approx(dose_nmol / cl_L_h, rel=1e-3)
    res2 = simulate_pk(Dose("citalopram", "1 mg/kg", route="iv"), times=t,
                       pk_scale={"clearance": 2.0})
    assert _auc(res2, "citalopram") == pytest.approx(dose_nmol / cl_L_h / 2, rel=1e-3)


def test_long_infusion_reaches_rate_over_clearance_and_brain_equilibrium():
    d = DRUGS.get("citalopram")
    pk = d.pk["rat"]
    rate_mg_kg_day = 20.0
    res = simulate_pk(Dose("citalopram", f"{rate_mg_kg_day} mg/kg/day", route="minipump",
                           duration="10 days"), times=np.array([9 * 24.0]) * hour)
    f = pk.routes["sc"].bioavailability
    cl = float(pk.clearance * hour / (brian2.liter / brian2.kgram))  # L/h/kg
    css_ng_ml = f * rate_mg_kg_day / 24 / cl * 1000 / 1000 * 1000  # mg/L -> ng/mL
    assert res.plasma_ng_per_ml["citalopram"][0] == pytest.approx(css_ng_ml, rel=1e-4)
    assert res.brain_free_nM["citalopram"][0] == pytest.approx(
        pk.kp_uu * pk.fu * res.plasma_nM["citalopram"][0], rel=1e-4)


def test_linearity_salt_and_time_order():
    t = np.array([6.0, 1.0, 3.0, 0.0]) * hour  # unsorted on purpose
    base = simulate_pk(Dose("sertraline", "5 mg/kg", route="ip"), times=t)
    double = simulate_pk(Dose("sertraline", "10 mg/kg", route="ip"), times=t)
    salt = simulate_pk(Dose("sertraline", "10 mg/kg", route="ip", salt=True), times=t)
    np.testing.assert_allclose(double.plasma_nM["sertraline"], 2 * base.plasma_nM["sertraline"])
    d = DRUGS.get("sertraline")
    np.testing.assert_allclose(salt.plasma_nM["sertraline"],
                               double.plasma_nM["sertraline"] * float(d.mw_base / d.mw_salt))
    p = base.plasma_nM["sertraline"]
    assert p[3] == 0 and p[1] > 0 and p[2] > 0 and p[0] > 0
    repeated = simulate_pk(Dose("sertraline", "5 mg/kg", route="ip", every="24 h", count=2),
                           times=np.array([1.0, 25.0]) * hour)
    single = simulate_pk(Dose("sertraline", "5 mg/kg", route="ip"),
                         times=np.array([1.0, 25.0]) * hour)
    s = single.plasma_nM["sertraline"]
    assert repeated.plasma_nM["sertraline"][1] == pytest.approx(s[1] + s[0], rel=1e-9)


def test_two_drug_regimen_with_pretreatment():
    reg = Regimen((Dose("WAY-100635", "0.1 mg/kg", route="sc", time="-20 min"),
                   Dose("citalopram", "2.5 mg/kg", route="ip", time=0 * brian2.second)))
    assert float(reg.first_dose_time / brian2.second) == -1200
    t = np.linspace(-0.5, 4, 91) * hour
    res = simulate_pk(reg, times=t)
    assert set(res.plasma_ng_per_ml) == {"WAY-100635", "citalopram"}
    before = t / hour < -1 / 3
    assert np.all(res.fast_inputs["competitor.5-HT1A"][before] == 0)
    at0 = np.argmin(abs(t / hour))
    assert res.fast_inputs["competitor.5-HT1A"][at0] > 1
    assert res.occupancy["SERT"][at0] == 0


def test_competitive_sum_and_fast_input_terms():
    # 8-OH-DPAT at its Ki and WAY-100635 at its Ki: agonist term 1, competitor term 1
    conc = {"8-OH-DPAT": np.array([0.5]), "WAY-100635": np.array([0.37])}
    fi = fast_inputs_from_concentrations(conc)
    assert set(fi) == set(FAST_INPUTS)
    assert fi["agonist.5-HT1A"][0] == pytest.approx(1.0)
    assert fi["competitor.5-HT1A"][0] == pytest.approx(1.0)
    assert fi["occupancy.SERT"][0] == 0
    # two SERT inhibitors each at Ki: S = 2, occupancy 2/3
    fi = fast_inputs_from_concentrations({"sertraline": 0.29 * brian2.nmolar,
                                          "citalopram": 1.2 * brian2.nmolar})
    assert float(fi["occupancy.SERT"]) == pytest.approx(2 / 3)
    # an override of the Ki (e.g. from a binding-results file)
    fi = fast_inputs_from_concentrations({"sertraline": 1.0},
                                         affinities={("sertraline", "SERT"): 1.0 * brian2.nmolar})
    assert float(fi["occupancy.SERT"]) == pytest.approx(0.5)


def test_fast_inputs_for_every_receptor_type_from_per_target_efficacy():
    # every receptor type of the circuit gets its agonist and competitor term
    fi = fast_inputs_from_concentrations({"sertraline": np.array([1.0])})
    for r in RECEPTOR_TYPES:
        assert fi[f"agonist.{r}"][0] == 0 and fi[f"competitor.{r}"][0] == 0
    # a 5-HT1B antagonist at its Ki: competitor term 1 at 5-HT1B only; its 5-HT1A Ki is 125 nM
    gr = DRUGS.get("GR127935")
    c = float(gr.ki("5-HT1B") / brian2.nmolar)
    fi = fast_inputs_from_concentrations({"GR127935": np.array([c])})
    assert fi["competitor.5-HT1B"][0] == pytest.approx(1.0)
    assert fi["agonist.5-HT1B"][0] == 0
    assert fi["competitor.5-HT1A"][0] == pytest.approx(c / float(gr.ki("5-HT1A") / brian2.nmolar))
    # a 5-HT1B agonist: agonist term, no competitor term, at each receptor it binds
    cp = DRUGS.get("CP-94253")
    c = float(cp.ki("5-HT1B") / brian2.nmolar)
    fi = fast_inputs_from_concentrations({"CP-94253": np.array([c])})
    assert fi["agonist.5-HT1B"][0] == pytest.approx(1.0) and fi["competitor.5-HT1B"][0] == 0
    assert fi["agonist.5-HT1A"][0] > 0 and fi["competitor.5-HT1A"][0] == 0
    # agonist + antagonist compete at one site: terms add per drug
    fi = fast_inputs_from_concentrations({"CP-94253": np.array([c]),
                                          "SB-224289": DRUGS.get("SB-224289").ki("5-HT1B")})
    assert fi["agonist.5-HT1B"][0] == pytest.approx(1.0)
    assert fi["competitor.5-HT1B"][0] == pytest.approx(1.0)


def test_a_partial_agonist_splits_its_term(monkeypatch):
    from raphe.circuits.pharmacology import Drug, R, efficacy, occupancy
    from raphe.circuits.pharmacology.model import affinity
    from raphe.registry import Registry
    drug = Drug(name="test-partial-1B", formula="C10H12N2O",
                affinities={"5-HT1B": affinity(10.0, R("test"))},
                efficacy={"5-HT1B": efficacy(0.3, R("test"))}, pk={},
                sources={"formula": R("test")})
    registry = Registry("drug")
    registry.register(drug.name, drug)
    monkeypatch.setattr(occupancy, "DRUGS", registry)
    fi = fast_inputs_from_concentrations({"test-partial-1B": np.array([10.0])})
    assert fi["agonist.5-HT1B"][0] == pytest.approx(0.3)
    assert fi["competitor.5-HT1B"][0] == pytest.approx(0.7)


@pytest.mark.parametrize("kwargs,field", [
    ({"affinities": {"5-HT1B": "aff"}, "efficacy": {}}, "drug x.efficacy[5-HT1B]"),
    ({"affinities": {"SERT": "aff"}, "efficacy": {"SERT": 0.0}}, "drug x.efficacy target"),
    ({"affinities": {}, "efficacy": {"5-HT1B": 0.0}}, "drug x.efficacy[5-HT1B]"),
    ({"affinities": {"5-HT1B": "aff"}, "efficacy": {"5-HT1B": 1.5}}, "drug x.efficacy[5-HT1B]"),
    ({"affinities": {"5-HT9": "aff"}, "efficacy": {}}, "drug x.affinities target"),
])
def test_bad_efficacy_names_the_field(kwargs, field):
    from raphe.circuits.pharmacology import Drug, R, efficacy
    from raphe.circuits.pharmacology.model import affinity
    from raphe.errors import RapheInputError
    aff = affinity(1.0, R("test"))
    affinities = {t: aff for t in kwargs["affinities"]}
    eff = {t: efficacy(v, R("test")) for t, v in kwargs["efficacy"].items()}
    with pytest.raises(RapheInputError) as err:
        Drug(name="x", formula="C2H6O", affinities=affinities, efficacy=eff, pk={},
             sources={"formula": R("test")})
    assert err.value.field == field


def test_affinity_override_in_simulate_pk():
    t = np.linspace(0, 4, 17) * hour
    dose = Dose("sertraline", "10 mg/kg", route="ip")
    a = simulate_pk(dose, times=t)
    b = simulate_pk(dose, times=t, affinities={("sertraline", "DAT"): 2500 * brian2.nmolar})
    assert b.occupancy["DAT"].max() < a.occupancy["DAT"].max() / 10
    c = simulate_pk(dose, times=t, affinities={("Zoloft", "DAT"): None,
                                               ("desmethylsertraline", "DAT"): None})
    assert c.occupancy["DAT"].max() == 0


def test_result_to_dict_is_json_ready():
    import json
    res = simulate_pk(Dose("sertraline", "10 mg/kg"), times=np.linspace(0, 2, 5) * hour)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["time_h"] == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert set(d["occupancy"]) == set(TARGETS)
    assert set(d["plasma_ng_per_ml"]) == {"sertraline", "desmethylsertraline"}


def test_species_in_vivo_ki_replaces_the_in_vitro_ki(monkeypatch):
    # a species' in-vivo Ki (free brain EC50) is used for that species only; a user's
    # affinities override still wins
    from raphe.circuits.pharmacology import Drug, R, SpeciesPK, occupancy
    from raphe.circuits.pharmacology.model import affinity
    from raphe.registry import Registry
    pk = SpeciesPK(species="rat", clearance=1 * brian2.liter / brian2.kgram / hour,
                   volume=1 * brian2.liter / brian2.kgram, fu=1.0, kp_uu=1.0,
                   brain_half_time=60 * brian2.second, routes={}, sources={},
                   in_vivo_ki={"SERT": affinity(1.0, R("test"))})
    drug = Drug(name="test-ssri", formula="C10H12N2O",
                affinities={"SERT": affinity(4.0, R("test"))}, pk={"rat": pk},
                sources={"formula": R("test")})
    registry = Registry("drug")
    registry.register(drug.name, drug)
    monkeypatch.setattr(occupancy, "DRUGS", registry)
    conc = {"test-ssri": np.array([1.0])}
    assert fast_inputs_from_concentrations(conc)["occupancy.SERT"][0] == pytest.approx(0.2)
    assert fast_inputs_from_concentrations(conc, species="rat")["occupancy.SERT"][0] == \
        pytest.approx(0.5)
    assert fast_inputs_from_concentrations(conc, species="human")["occupancy.SERT"][0] == \
        pytest.approx(0.2)
    over = {("test-ssri", "SERT"): 3.0 * brian2.nmolar}
    assert fast_inputs_from_concentrations(conc, over, species="rat")["occupancy.SERT"][0] == \
        pytest.approx(0.25)
