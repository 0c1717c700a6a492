"""Config loading, the typed schema, --set parsing and TOML writing."""

from __future__ import annotations

import tomllib

import brian2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raphe.errors import RapheInputError
from raphe.experiments import config as C

from test_microdialysis_standin import install


@pytest.fixture(autouse=True)
def _engine(monkeypatch):
    install(monkeypatch)


def _load(*sets, name="acute-microdialysis"):
    return C.load_config(name, overrides=list(sets))


MINE = ("acute-microdialysis", "citalopram-microdialysis", "way-pretreatment", "fluvoxamine-oral")


def test_builtins_listed_and_valid():
    names = dict(C.list_experiments())
    assert set(names) >= {"acute-microdialysis", "citalopram-microdialysis", "way-pretreatment",
                          "fluvoxamine-oral"}
    for name, desc in names.items():
        assert desc
        if name not in MINE:
            continue
        cfg = C.load_config(name)
        assert cfg.name == name and cfg.protocol.name == "microdialysis"
        assert tomllib.loads(cfg.effective_text) == cfg.raw


def test_acute_defaults():
    cfg = _load()
    v = cfg.validated
    assert [g.name for g in v.groups] == ["vehicle", "sertraline-10"]
    assert all(g.n == 6 for g in v.groups)
    assert v.md["sample_interval"] == 20 * 60 * brian2.second
    assert set(v.probes) == {"PFC", "NAc", "DRN"}
    assert cfg.seed == 20240501


@pytest.mark.parametrize("setting, key, words", [
    ("probe.flow_rte=1 uL/min", "probe.flow_rte", "did you mean 'flow_rate'"),          # unknown key
    ("microdialysis.sample_interval=20", "microdialysis.sample_interval", "needs a unit"),  # missing unit
    ("group.1.doses.0.amount=10 mg", "amount", "mg/kg"),                                 # mg for mg/kg
    ("microdialysis.baseline=60 uL", "microdialysis.baseline", "wrong kind of unit"),   # dimension
    ("cohort.n=0", "cohort.n", "at least 1"),                                             # range
    ("circuit.scale=nan", "circuit.scale", "finite"),                                     # NaN
    ("circuit.scale=inf", "circuit.scale", "finite"),                                     # inf
    ("probe.lod=nan fmol", "probe.lod", "fmol"),
    ("cohort.n=\"six\"", "cohort.n", "integer"),                                          # type
    ("microdialysis.regions=[\"PFC\", \"VTA\"]", "microdialysis.regions[1]", "DRN"),     # unknown region
    ("group.1.doses.0.drug=sertralin", "drug", "did you mean 'sertraline'?"),            # unknown drug
    ("microdialysis.duration=250 min", "microdialysis.duration", "whole number"),
    ("microdialysis.baseline_samples=4", "microdialysis.baseline_samples", "at most"),
    ("cohort.reference=saline", "cohort.reference", "vehicle"),
    ("experiment.protocol=microdialisys", "experiment.protocol", "microdialysis"),
    ("probe.recovery.5-HT=140 %", "probe.recovery.5-HT", "at most"),
    ("engine.windw=2 s", "engine.windw", "window"),
    ("group.0.name=veh icle", "group[0].name", "no spaces"),
])
def test_validation_errors_name_the_key(setting, key, words):
    with pytest.raises(RapheInputError) as err:
        _load(setting)
    msg = str(err.value)
    assert "\n" not in msg
    assert key in msg, msg
    assert words in msg, msg


def test_missing_required():
    raw = tomllib.loads((C.configs_dir() / "acute-microdialysis.toml").read_text())
    del raw["group"][1]["doses"][0]["amount"]
    from raphe.experiments.protocols import get_protocol
    with pytest.raises(RapheInputError, match=r"group\[1\]\.doses\[0\]\.amount"):
        get_protocol("microdialysis").validate(raw)


def test_unknown_experiment_and_bad_file(tmp_path):
    with pytest.raises(RapheInputError, match="acute-microdialysis"):
        C.load_config("acute-microdialisys")
    bad = tmp_path / "x.toml"
    bad.write_text("[experiment\nprotocol=")
    with pytest.raises(RapheInputError, match="valid TOML"):
        C.load_config(str(bad))
    with pytest.raises(RapheInputError):
        C.load_config(str(tmp_path / "missing.toml"))


def test_subjects_and_seed_flags():
    cfg = C.load_config("acute-microdialysis", subjects=2, seed=7)
    assert all(g.n == 2 for g in cfg.validated.groups)
    assert cfg.seed == 7
    assert "cohort.n=2" in cfg.overrides
    with pytest.raises(RapheInputError):
        C.load_config("acute-microdialysis", subjects=0)


@pytest.mark.parametrize("text, path, value", [
    ("cohort.n=4", ["cohort", "n"], 4),
    ("microdialysis.sample_interval=30 min", ["microdialysis", "sample_interval"], "30 min"),
    ('microdialysis.sample_interval="30 min"', ["microdialysis", "sample_interval"], "30 min"),
    ("circuit.individual=true", ["circuit", "individual"], True),
    ('microdialysis.regions=["PFC"]', ["microdialysis", "regions"], ["PFC"]),
    ("probe.recovery.5-HT=39 %", ["probe", "recovery", "5-HT"], "39 %"),
    ("pharmacology.affinities=/tmp/a b.csv", ["pharmacology", "affinities"], "/tmp/a b.csv"),
    ("x.y=a=b", ["x", "y"], "a=b"),
])
def test_parse_set(text, path, value):
    assert C.parse_set(text) == (path, value)


@pytest.mark.parametrize("text", ["cohort.n", "=4", "cohort..n=4", " .x=1", "a b=1", "", "cohort.n:4"])
def test_parse_set_malformed(text):
    with pytest.raises(RapheInputError, match="--set"):
        C.parse_set(text)


def test_apply_set_into_array_and_errors():
    raw = {"group": [{"name": "a", "doses": [{"amount": "1 mg/kg"}]}], "x": 1}
    C.apply_set(raw, ["group", "0", "doses", "0", "amount"], "2 mg/kg")
    assert raw["group"][0]["doses"][0]["amount"] == "2 mg/kg"
    with pytest.raises(RapheInputError, match="array index"):
        C.apply_set(raw, ["group", "3", "name"], "b")
    with pytest.raises(RapheInputError):
        C.apply_set(raw, ["x", "y"], 2)


toml_scalars = st.one_of(
    st.booleans(), st.integers(-2**63, 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
toml_keys = st.text(min_size=1, max_size=10)
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(toml_keys, inner, max_size=4)), max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(toml_keys, st.one_of(
    toml_values,
    st.dictionaries(toml_keys, toml_values, max_size=4),
    st.lists(st.dictionaries(toml_keys, toml_values, max_size=3), min_size=1, max_size=3)),
    max_size=5))
def test_dumps_toml_round_trip(data):
    assert tomllib.loads(C.dumps_toml(data)) == data


_BASE = tomllib.loads((C.configs_dir() / "acute-microdialysis.toml").read_text())
_PATHS = [["cohort", "n"], ["circuit", "scale"], ["microdialysis", "sample_interval"],
          ["microdialysis", "baseline"], ["microdialysis", "regions"], ["probe", "flow_rate"],
          ["probe", "lod"], ["group", "1", "doses", "0", "amount"], ["group", "1", "doses", "0", "route"],
          ["group", "0", "name"], ["animal", "body_weight"], ["experiment", "seed"], ["bogus"],
          ["probe", "PFC", "membrane_length"], ["cohort", "variability", "clearance_cv"],
          ["microdialysis", "spike_windows"], ["experiment", "protocol"], ["group", "1", "doses"]]
_ANY = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=15),
                 st.sampled_from(["20 min", "10 mg/kg", "1 uL/min", "nan", "-5 min", "0.8 fmol", "mg",
                                  "1e999 min", "20 min min", "3 * min", "2**100 min"]),
                 st.lists(st.text(max_size=5), max_size=3))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(range(len(_PATHS))), _ANY), min_size=1, max_size=3))
def test_mutated_configs_raise_only_input_errors(mutations):
    import copy

    from raphe.experiments.protocols import get_protocol

    raw = copy.deepcopy(_BASE)
    try:
        for i, value in mutations:
            if value is None:
                continue
            C.apply_set(raw, list(_PATHS[i]), value)
        get_protocol("microdialysis").validate(raw)
    except RapheInputError as err:
        assert "\n" not in str(err)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_set_never_crashes(text):
    try:
        path, _ = C.parse_set(text)
        assert path and all(path)
    except RapheInputError:
        pass
