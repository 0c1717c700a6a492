"""The Python API: experiment objects, raphe.run / raphe.load / Results (stand-in engine, fast)."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

import raphe
from raphe.errors import RapheInputError, ResultsFileError
from raphe.experiments import cli
from raphe.units import kg, mg, minute

import test_microdialysis_standin as standin
from test_cli_run import TINY


@pytest.fixture(autouse=True)
def _engine(monkeypatch):
    standin.install(monkeypatch)


def tiny_experiment(**changes):
    kwargs = dict(
        name="tiny", description="two small groups", seed=11, circuit={"scale": 0.05},
        regions=["PFC", "NAc", "DRN"], baseline=40 * minute, duration=60 * minute,
        sample_interval=20 * minute, baseline_samples=2, spike_windows=[-10 * minute, 30 * minute],
        subjects=2,
        groups=[raphe.Group("vehicle"),
                raphe.Group("citalopram", [raphe.Dose("citalopram", 2.5 * mg / kg, route="ip")],
                            label="citalopram 2.5 mg/kg i.p.")])
    kwargs.update(changes)
    return raphe.Microdialysis(**kwargs)


def _datasets(path):
    out = {}
    with h5py.File(path, "r") as h5:
        h5.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out


def test_object_equals_its_toml_and_round_trips(tmp_path):
    exp = tiny_experiment()
    from_toml = raphe.Microdialysis.from_toml(TINY)
    assert exp.run_config.validated == from_toml.run_config.validated
    again = raphe.Experiment.from_toml(exp.to_toml())
    assert again == exp and isinstance(again, raphe.Microdialysis)
    path = tmp_path / "x.toml"
    exp.save(path)
    assert raphe.Experiment.from_toml(str(path)) == exp


def test_builtin_experiments_as_objects_round_trip():
    from raphe.experiments.config import builtin_names

    for name in builtin_names():
        exp = raphe.experiment(name)
        assert type(exp).protocol == exp.run_config.protocol.name
        assert raphe.Experiment.from_toml(exp.to_toml()) == exp


def test_bad_object_is_a_one_line_error_naming_the_key():
    with pytest.raises(RapheInputError) as err:
        tiny_experiment(sample_interval=20)
    assert "microdialysis.sample_interval" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(RapheInputError, match=r"did you mean 'flow_rate'"):
        tiny_experiment(probe={"flow_rte": "1 uL/min"})
    with pytest.raises(RapheInputError, match="dose.drug"):
        raphe.Dose("sertralin", 10 * mg / kg)


def test_run_three_ways_identical(tmp_path, monkeypatch):
    toml = tmp_path / "tiny.toml"
    toml.write_text(TINY)
    a = tmp_path / "cli.h5"
    assert cli.main(["run", str(toml), "--out", str(a), "--quiet", "--no-plot"]) == 0
    res = raphe.run(tiny_experiment(), out=tmp_path / "api.h5")
    res_name = raphe.run(str(toml), out=tmp_path / "path.h5")
    da, db, dc = _datasets(a), _datasets(res.path), _datasets(res_name.path)
    assert da.keys() == db.keys() == dc.keys()
    for k in da:
        np.testing.assert_array_equal(da[k], db[k], err_msg=k)
        np.testing.assert_array_equal(da[k], dc[k], err_msg=k)


def test_results_frames(tmp_path):
    res = raphe.run(tiny_experiment(), out=tmp_path / "r.h5", seed=3)
    assert res.seed == 3 and res.protocol == "microdialysis" and res.path.exists()
    data = res.data
    for col in ("group", "subject", "region", "analyte", "time", "value", "unit"):
        assert col in data.columns
    pb = data[(data.measure == "percent_baseline") & (data.region == "NAc") & (data.analyte == "5-HT")]
    assert set(pb.group) == {"vehicle", "citalopram"} and set(pb.unit) == {"percent"}
    assert len(pb) == 2 * 2 * 5  # groups x subjects x vials
    summary = res.summary
    row = summary[(summary.group == "citalopram") & (summary.region == "NAc") & (summary.analyte == "5-HT")]
    # the summary is the mean of the subjects' samples
    mean = pb[pb.group == "citalopram"].groupby("time").value.mean().to_numpy()
    np.testing.assert_allclose(row["mean"].to_numpy(), mean)
    conc = res.timeseries("concentration")
    assert {"region", "analyte", "time", "value", "unit"} <= set(conc.columns) and set(conc.unit) == {"nM"}
    assert len(res.subjects) == 4
    png = res.plot()
    assert png.exists() and png.stat().st_size > 10000
    loaded = raphe.load(res.path)
    assert loaded.experiment == res.experiment
    assert loaded.summary.equals(res.summary)
    assert "complete and valid" in loaded.inspect()
    with loaded.open() as h5:
        assert h5.attrs["complete"] and "summary/microdialysis" in h5


def test_load_refuses_bad_files(tmp_path):
    with pytest.raises(ResultsFileError, match="no such file"):
        raphe.load(tmp_path / "missing.h5")
    older = tmp_path / "older.h5"
    raphe.run(tiny_experiment(subjects=1), out=older)
    with h5py.File(older, "a") as h5:
        h5.attrs["schema_version"] = 0
    with pytest.raises(ResultsFileError, match="schema version 0"):
        raphe.load(older)


def test_import_raphe_is_light():
    import subprocess
    import sys

    code = ("import sys, raphe; heavy = [m for m in ('brian2', 'pandas', 'pydantic', 'h5py', 'scipy') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_schema_command_prints_json_schema(capsys):
    import json

    assert cli.main(["schema", "microdialysis"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"microdialysis", "probe", "group", "cohort"} <= set(schema["properties"])
    base = schema["$defs"]["MicrodialysisSection"]["properties"]["baseline"]
    assert base["type"] == "string" and base["examples"] == ["60 min"]
    assert schema["$defs"]["Circuit"]["additionalProperties"] is False
    assert cli.main(["schema", "microdialisys"]) == 2
    err = capsys.readouterr().err
    assert "PROTOCOL" in err and "microdialysis" in err and len(err.strip().splitlines()) == 1


def test_replace_and_group_objects():
    exp = tiny_experiment()
    other = exp.replace(subjects=3, circuit={"dt": "0.05 ms"})
    assert other.cohort.n == 3 and other.circuit.scale == 0.05 and exp.cohort.n == 2
    with pytest.raises(RapheInputError, match=r"group.name"):
        raphe.Group("veh icle")


def test_sweep_of_another_protocol_in_python(tmp_path):
    """Sweeps run every protocol on the skeleton: here the binding panel over two assay counts."""
    exp = raphe.experiment("binding-panel").replace(
        drugs=["sertraline"], targets=["SERT"], saturation=False, kinetics=False)
    res = raphe.sweep(exp, {"binding.n_assays": [1, 2]}, jobs=1, out=tmp_path / "b.h5", seed=4)
    assert res.protocol == "sweep"
    table = res.summary
    assert list(table["binding.n_assays"]) == [1, 2]
    with h5py.File(res.path, "r") as h5:
        assert h5.attrs["sweep_protocol"] == "binding"
        for p, n in (("p000", 1), ("p001", 2)):
            assays = [k for k in h5[f"points/{p}/binding/SERT/sertraline"] if k.startswith("assay_")]
            assert len(assays) == n
            assert "summary/binding" in h5[f"points/{p}"]
    assert res.plot().exists()


def test_doses_of_the_salt_load_from_toml_and_python():
    """Built-in configs may say ``salt = true`` on a dose (the amount is of the salt form)."""
    cfg = raphe.configure("acute-microdialysis", overrides=["group.1.doses.0.salt=true"])
    dose = cfg.validated.groups[1].doses[0]
    assert dose.salt and dose.base_fraction() < 1
    exp = raphe.experiment("acute-microdialysis").replace(
        groups=[raphe.Group("vehicle"), raphe.Group("sertraline-10", [raphe.Dose("sertraline", "10 mg/kg",
                                                                                salt=True)])])
    assert raphe.Experiment.from_toml(exp.to_toml()).group[1].doses[0].salt is True


def test_validation_adapter_runs_through_the_public_api(tmp_path, monkeypatch):
    """The validation suite's runs (a dict config, overrides) go through raphe.run and are memoized."""
    import h5py

    import raphe
    from raphe.validation import adapter

    calls = []
    real = raphe.run
    monkeypatch.setattr(raphe, "run", lambda *a, **k: calls.append(k) or real(*a, **k))
    config = {"experiment": {"name": "adapter-binding", "protocol": "binding", "seed": 3},
              "binding": {"drugs": ["citalopram"], "targets": ["SERT"], "n_assays": 1, "kinetics": False}}
    runs = adapter.Runs(tmp_path, jobs=1)
    first = runs.run(config, ["binding.replicates=2"], label="b")
    assert runs.run(config, ["binding.replicates=2"], label="b") == first and len(calls) == 1
    with h5py.File(first, "r") as h5:
        assert h5.attrs["complete"] and h5.attrs["protocol"] == "binding"
    assert "replicates = 2" in raphe.load(first).config_toml  # the override ran
    assert not first.with_suffix(".png").exists()  # the suite draws no figures
