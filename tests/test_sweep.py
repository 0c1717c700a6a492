"""Sweeps: grid parsing and validation, executors, retry and resume, ED50 fits, determinism.

The fast tests use the engine stand-in (in-process executor). The determinism test
runs the real engine (cpp_standalone, scale 0.1, short windows) on three executors:
in process (1 worker), 2 spawned local workers, and a Dask LocalCluster of 2 workers
on 127.0.0.1; windows come from the shared test cache after the first run.
"""

from __future__ import annotations

import math

import h5py
import numpy as np
import pytest

import raphe

import test_microdialysis_standin as standin
from raphe.errors import RapheInputError
from raphe.experiments import cli
from raphe.io import store
from raphe.experiments import sweep as S
from raphe.experiments.executors import DaskExecutor, InlineExecutor, LocalExecutor, make_executor

DOSE = "group.0.doses.0.amount"
FAST = ["circuit.scale=0.1", "microdialysis.duration=40 min", "engine.warmup=0.5 s",
        "engine.window=1 s", "engine.grid_step=0.6"]


# ---------------------------------------------------------------- grid and config


def test_parse_grid_reads_values_like_set():
    assert S.parse_grid("group.0.doses.0.amount=0.3 mg/kg, 1 mg/kg") == (DOSE, ["0.3 mg/kg", "1 mg/kg"])
    assert S.parse_grid("cohort.n=1,2,3") == ("cohort.n", [1, 2, 3])
    assert S.parse_grid('microdialysis.regions=["PFC", "NAc"],["DRN"]') == \
        ("microdialysis.regions", [["PFC", "NAc"], ["DRN"]])


@pytest.mark.parametrize("text, field", [
    ("cohort.n", "--grid"), ("=1,2", "--grid"), ("cohort n=1,2", "--grid"),
    ("cohort.n=1,,2", "--grid cohort.n"), ("cohort.n=", "--grid cohort.n"),
    ("cohort.n=1,1", "--grid cohort.n")])
def test_malformed_grid_is_one_line_error(text, field):
    with pytest.raises(RapheInputError) as err:
        S.parse_grid(text)
    assert err.value.field == field and "\n" not in str(err.value)


def test_builtin_dose_response_is_log_spaced_sertraline():
    sw = S.load_sweep("dose-response")
    doses = [float(p.values[DOSE].split()[0]) for p in sw.points]
    assert doses[0] == 0.3 and doses[-1] == 30 and len(doses) >= 5
    assert np.allclose(np.diff(np.log10(doses)), np.log10(doses[-1] / doses[0]) / (len(doses) - 1),
                       atol=0.03)
    assert all(c.groups[0].doses[0].drug == "sertraline" and c.groups[0].doses[0].route == "ip"
               for c in sw.configs)
    assert sw.readouts == ["NAc/5-HT", "PFC/5-HT", "NAc/DA"]


def test_product_zip_and_point_seeds():
    sw = S.load_sweep("dose-response", grid=[f"{DOSE}=1 mg/kg,10 mg/kg", "cohort.n=1,2"])
    assert [tuple(p.values.values()) for p in sw.points] == \
        [("1 mg/kg", 1), ("1 mg/kg", 2), ("10 mg/kg", 1), ("10 mg/kg", 2)]
    assert sw.n_tasks == 1 + 2 + 1 + 2
    seeds = [p.seed for p in sw.points]
    assert len(set(seeds)) == 4 and seeds == [S.point_seed(sw.seed, i) for i in range(4)]
    z = S.load_sweep("dose-response", grid=[f"{DOSE}=1 mg/kg,10 mg/kg", "cohort.n=1,2"], zip_=True)
    assert [tuple(p.values.values()) for p in z.points] == [("1 mg/kg", 1), ("10 mg/kg", 2)]
    # another run seed, other point seeds; same seed, same points
    assert S.load_sweep("dose-response", seed=1).points[0].seed != sw.points[0].seed
    assert S.load_sweep("dose-response", seed=1).points[0].seed == S.point_seed(1, 0)


@pytest.mark.parametrize("grid, overrides, field", [
    ([f"{DOSE}=1 mg/kg,banana"], [], "group[0].doses[0].amount"),
    (["group.0.doses.0.amont=1 mg/kg"], [], "group[0].doses[0].amont"),
    (["cohort.nn=1,2"], [], "cohort.nn"),
    (["group.4.doses.0.amount=1 mg/kg"], [], "--grid group.4.doses.0.amount"),
    ([], ["sweep.zip=true"], "--set sweep.zip"),
])
def test_bad_grid_key_or_value_names_the_field(grid, overrides, field):
    with pytest.raises(RapheInputError) as err:
        S.load_sweep("dose-response", grid=grid, overrides=overrides)
    assert err.value.field == field


def test_zip_needs_equal_lengths(tmp_path):
    with pytest.raises(RapheInputError) as err:
        S.load_sweep("dose-response", grid=["cohort.n=1,2"], zip_=True)
    assert err.value.field == "--zip"


def test_sweep_table_in_toml(tmp_path):
    cfg = tmp_path / "s.toml"
    text = (S.C.configs_dir() / "dose-response.toml").read_text()
    cfg.write_text(text.replace('fit = "hill"', 'fit = "logistic"\nzip = true')
                   + '"cohort.n" = [1, 2, 3, 4, 5]\n')
    sw = S.load_sweep(str(cfg))
    assert sw.zip and sw.fit == "logistic" and len(sw.points) == 5
    assert sw.points[4].values == {DOSE: "30 mg/kg", "cohort.n": 5}
    cfg.write_text(text + "bogus = 1\n")
    with pytest.raises(RapheInputError) as err:
        S.load_sweep(str(cfg))
    assert err.value.field == "sweep.grid.bogus"


def test_cli_errors_exit_2_before_running(tmp_path, capsys):
    out = tmp_path / "x.h5"
    for args in (["--grid", "cohort.nn=1,2"], ["--grid", "nonsense"],
                 ["--scheduler", "not-an-address"], ["--set", "circuit.scale=9"]):
        assert cli.main(["sweep", "dose-response", "--out", str(out), "--quiet", *args]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("raphe sweep: error:")
    assert not out.exists() and not store.parts_dir(out).exists()


def test_unreachable_scheduler_is_input_error():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with pytest.raises(RapheInputError) as err:
        DaskExecutor(scheduler=f"tcp://127.0.0.1:{port}", timeout=2)
    assert err.value.field == "--scheduler" and "reachable" in str(err.value)


def test_make_executor_choices():
    assert isinstance(make_executor(jobs=1), InlineExecutor)
    ex = make_executor(jobs=2)
    try:
        assert isinstance(ex, LocalExecutor) and ex.workers == 2
    finally:
        ex.close()
    with pytest.raises(RapheInputError):
        make_executor(jobs=2, dask_local=2)


# ---------------------------------------------------------------- ED50 fits


@pytest.mark.parametrize("model", ["hill", "logistic"])
def test_fit_recovers_ed50(model):
    from raphe.analysis import sweep as A

    rng = np.random.default_rng(1)  # 95 % CI coverage is 94.5 % over 200 seeds
    dose = np.repeat([0.3, 1, 3, 10, 30, 100], 4)
    y = A.hill(dose, 4000.0, 4.0, 1.2) + rng.normal(0, 60, dose.size)
    fit = A.fit_ed50(dose, y, model=model, units="mg/kg")
    assert fit.ed50 == pytest.approx(4.0, rel=0.25)
    assert fit.ed50_ci[0] < 4.0 < fit.ed50_ci[1] and fit.in_range and fit.r2 > 0.95
    assert fit.units == "mg/kg"
    with pytest.raises(ValueError):
        A.fit_ed50([1, 2], [1, 2])


# ---------------------------------------------------------------- retry, failure, resume


def _flaky(fail: dict):
    """A stand-in engine failing ``fail[amount]`` times for doses of ``amount`` mg/kg."""
    import brian2

    def simulate(**kw):
        amount = float(kw["regimen"].doses[0].amount / (brian2.mgram / brian2.kgram)) \
            if kw["regimen"] is not None else 0.0
        key = round(amount, 6)
        if fail.get(key, 0) > 0:
            fail[key] -= 1
            raise RuntimeError(f"simulated failure at {amount:g} mg/kg")
        return standin.fake_simulate_subject(**kw)
    return simulate


def _sweep(**kw):
    return S.load_sweep("dose-response", grid=[f"{DOSE}=1 mg/kg,3 mg/kg,10 mg/kg"],
                        overrides=["microdialysis.duration=60 min"], seed=5, subjects=2, **kw)


def test_failed_task_retried_once_then_reported_and_resumed(tmp_path, monkeypatch, caplog):
    from raphe.experiments.protocols import microdialysis as proto

    standin.install(monkeypatch)
    out = tmp_path / "dr.h5"
    # 3 mg/kg fails once (retried, succeeds); 10 mg/kg fails for both of its subjects, twice each
    monkeypatch.setattr(proto, "_simulate", _flaky({3.0: 1, 10.0: 4}))
    with pytest.raises(S.SweepFailed) as err, caplog.at_level("WARNING", logger="raphe.experiments.sweep"):
        S.run_sweep(_sweep(), out, executor=InlineExecutor())
    msg = str(err.value)
    assert "2 task(s) failed twice" in msg and "group.0.doses.0.amount=10 mg/kg" in msg
    assert "simulated failure at 10 mg/kg" in msg and "p002/sertraline-01" in msg
    assert "retrying" in caplog.text and "3 mg/kg" in caplog.text
    assert not out.exists()
    parts = store.parts_dir(out)
    assert len(store.finished_parts(parts / "p000")) == 2 and len(store.finished_parts(parts / "p001")) == 2
    # resume runs only the two failed tasks
    calls = []

    def counting(**kw):
        calls.append(1)
        return standin.fake_simulate_subject(**kw)
    monkeypatch.setattr(proto, "_simulate", counting)
    res = S.run_sweep(_sweep(), out, executor=InlineExecutor(), resume=True)
    assert len(calls) == 2 and res.n_resumed == 4 and res.n_tasks == 6
    assert out.exists() and not parts.exists()
    # same as a sweep run in one go
    full = tmp_path / "full.h5"
    S.run_sweep(_sweep(), full, executor=InlineExecutor())
    assert _datasets(out) == _datasets(full)


def test_resume_of_another_sweep_is_refused(tmp_path, monkeypatch):
    from raphe.experiments.protocols import microdialysis as proto

    standin.install(monkeypatch)
    out = tmp_path / "dr.h5"
    monkeypatch.setattr(proto, "_simulate", _flaky({10.0: 4}))
    with pytest.raises(S.SweepFailed):
        S.run_sweep(_sweep(), out, executor=InlineExecutor())
    with pytest.raises(RapheInputError) as err:
        other = S.load_sweep("dose-response", grid=[f"{DOSE}=1 mg/kg,3 mg/kg"], seed=5, subjects=2)
        S.run_sweep(other, out, executor=InlineExecutor(), resume=True)
    assert err.value.field == "--resume"


def test_layout_table_and_fits(tmp_path, monkeypatch):
    from raphe.io import read as load
    from raphe.analysis import sweep as A

    standin.install(monkeypatch)
    out = tmp_path / "dr.h5"
    sw = S.load_sweep("dose-response", overrides=["microdialysis.duration=60 min"], seed=2, subjects=2)
    S.run_sweep(sw, out, executor=InlineExecutor())
    with h5py.File(out, "r") as h5:
        assert h5.attrs["complete"] and h5.attrs["protocol"] == "sweep"
        t = h5["summary/sweep"]
        assert list(t[DOSE][()]) == [0.3, 1, 3, 10, 30] and t[DOSE].attrs["units"] == "mg/kg"
        assert t["auc_NAc_5-HT"].attrs["units"] == "percent*min"
        assert t["peak_PFC_5-HT"].attrs["units"] == "percent"
        assert len(t["subjects/subject"]) == 10
        for p in h5["points"]:
            for g in load.REQUIRED_GROUPS["microdialysis"]:
                assert g in h5["points"][p], (p, g)
        assert "fits/sertraline/NAc_5-HT" in t
    frame = raphe.load(out).summary  # every column with a unit has a unit column beside it
    assert set(frame[f"{DOSE}_unit"]) == {"mg/kg"} and set(frame["auc_unit"]) == {"percent*min"}
    assert set(frame["peak_unit"]) == {"percent"} and "n_unit" not in frame
    table = A.read_table(out)
    assert table.keys == [DOSE] and table.readouts() == ["NAc/5-HT", "NAc/DA", "PFC/5-HT"]
    auc = table.columns["auc_NAc_5-HT"]
    assert np.all(np.diff(auc) > 0)  # more sertraline, more 5-HT
    fit = A.fit_readout(table, "NAc", "5-HT")
    assert 0.3 < fit.ed50 < 30 and fit.units == "mg/kg"
    png = tmp_path / "dr.png"
    A.plot(str(out), str(png))
    assert png.stat().st_size > 10_000


# ---------------------------------------------------------------- determinism (real engine)


def _datasets(path) -> dict:
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            v = obj[()]
            out[name] = v.tobytes() if isinstance(v, np.ndarray) and v.dtype.kind != "O" else repr(v)
    with h5py.File(path, "r") as h5:
        h5.visititems(visit)
    return out


def test_same_datasets_with_1_and_2_local_workers_and_dask(tmp_path):
    sw = S.load_sweep("dose-response", grid=[f"{DOSE}=1 mg/kg,3 mg/kg,10 mg/kg,30 mg/kg"], overrides=FAST,
                      seed=3, subjects=1)
    files = {}
    for name, make in (("inline", lambda: make_executor(jobs=1)),
                       ("local2", lambda: make_executor(jobs=2)),
                       ("dask2", lambda: make_executor(dask_local=2))):
        out = tmp_path / f"{name}.h5"
        with make() as ex:
            res = S.run_sweep(sw, out, executor=ex)
        assert res.n_tasks == 4 and res.executor.startswith(("local", "dask LocalCluster"))
        files[name] = _datasets(out)
    assert files["inline"].keys() == files["local2"].keys() == files["dask2"].keys()
    assert len(files["inline"]) > 50
    for name in ("local2", "dask2"):
        diff = [k for k in files["inline"] if files["inline"][k] != files[name][k]]
        assert not diff, (name, diff[:5])
    with h5py.File(tmp_path / "inline.h5", "r") as h5:
        auc = h5["summary/sweep/auc_NAc_5-HT"][()]
        assert np.all(np.isfinite(auc)) and auc[-1] > auc[0] > 0
        assert not math.isnan(h5["summary/sweep/fits/sertraline/NAc_5-HT"].attrs["ed50"])


def _die_once(marker):
    """Kill the worker process the first time (a segfault-like crash), then succeed."""
    import os

    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(3)
    return 42


def test_local_pool_restarts_after_a_worker_crash(tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    with LocalExecutor(1) as ex:
        f = ex.submit(_die_once, str(tmp_path / "m"))
        done, _ = ex.wait([f])
        assert isinstance(f.exception(), BrokenProcessPool)
        assert ex.recover(f) and not ex.recover(f)  # restarts once per broken pool
        g = ex.submit(_die_once, str(tmp_path / "m"))
        ex.wait([g])
        assert g.result() == 42


def test_cli_sweep_end_to_end_with_standin(tmp_path, monkeypatch, capsys):
    standin.install(monkeypatch)
    out = tmp_path / "dr.h5"
    rc = cli.main(["sweep", "dose-response", "--jobs", "1", "--subjects", "1", "--seed", "4",
                   "--grid", f"{DOSE}=0.3 mg/kg,1 mg/kg,3 mg/kg,10 mg/kg", "--set",
                   "microdialysis.duration=60 min", "--out", str(out), "--quiet"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "results:" in text and "4 task(s)" in text
    assert out.with_suffix(".png").stat().st_size > 10_000
    assert cli.main(["inspect", str(out)]) == 0
