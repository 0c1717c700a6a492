"""Surface windows run side by side in helper processes (``EngineSettings.workers``, ``raphe run --jobs``).

Windows are deterministic given the circuit, its seed and the inputs, so the
number of processes must change nothing in the results; a helper that dies
must cost time, not results.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import h5py
import numpy as np
import pytest

from raphe.errors import RapheInputError
from raphe.experiments import cli, engine
from raphe.io import store
from raphe.experiments.cohort import run_cohort
from raphe.experiments.engine import EngineSettings, ResponseSurface, fresh_surface_cache
from raphe.experiments.protocols import RunContext

#: SERT occupancy 0, 0.6, 0.8: four surface nodes (-log10(1 - occ) = 0, 0.3, 0.6, 0.9)
TRAJECTORY = {"occupancy.SERT": np.array([0.0, 0.6, 0.8])}
FIELDS = ("rates_hz", "concentrations_nM", "receptor_activation")


@pytest.fixture(scope="module")
def reference(small_circuit):
    """The trajectory's readouts from windows run one after another in this process."""
    surface = ResponseSurface(small_circuit, EngineSettings(cache=False))
    out = surface.interpolate(TRAJECTORY)
    assert surface.windows_run == 4
    return out


@pytest.fixture()
def helpers():
    yield
    engine.shutdown_helpers()


def _assert_same(a, b):
    for f in FIELDS:
        assert a[f].keys() == b[f].keys()
        for k in a[f]:
            np.testing.assert_array_equal(a[f][k], b[f][k], err_msg=f"{f}[{k}]")


def test_two_processes_give_identical_readouts_and_fill_the_cache(small_circuit, reference, tmp_path,
                                                                   helpers):
    cache = fresh_surface_cache(tmp_path / "cache")
    settings = EngineSettings(workers=2, cache_dir=cache)
    parallel = ResponseSurface(small_circuit, settings)
    out = parallel.interpolate(TRAJECTORY)
    _assert_same(out, reference)
    assert parallel.windows_run == 4 and parallel.cache_hits == 0
    assert 1 in engine.active_helper_pools()  # the helper pool was used
    # the helper wrote its windows to the shared cache: a new one-process surface runs nothing
    again = ResponseSurface(small_circuit, EngineSettings(cache_dir=cache))
    _assert_same(again.interpolate(TRAJECTORY), reference)
    assert again.windows_run == 0 and again.cache_hits == 4


def test_a_dead_helper_costs_time_not_results(small_circuit, reference, helpers):
    pool = engine.helper_pool(1)
    pid = pool.submit(os.getpid).result()
    os.kill(pid, signal.SIGKILL)
    surface = ResponseSurface(small_circuit, EngineSettings(workers=2, cache=False))
    _assert_same(surface.interpolate(TRAJECTORY), reference)
    assert surface.windows_run == 4
    assert engine.active_helper_pools().get(1) is not pool  # the broken pool was dropped


@pytest.mark.parametrize("value", [0, -1, 2.5, True, 65, "2"])
def test_bad_workers_named_in_error(value):
    with pytest.raises(RapheInputError, match=r"engine\.workers: got .*expected a whole number"):
        EngineSettings(workers=value)


def test_bad_workers_in_config_is_exit_2(tmp_path, capsys):
    rc = cli.main(["run", "acute-microdialysis", "--out", str(tmp_path / "x.h5"),
                   "--set", "engine.workers=0", "--quiet"])
    assert rc == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "engine.workers" in err[0] and "0" in err[0]
    assert not (tmp_path / "x.h5").exists()


@dataclasses.dataclass(frozen=True)
class _Config:
    circuit: dict
    engine: dict


@dataclasses.dataclass(frozen=True)
class _Subject:
    id: str


def _record_subject(cfg, subject, seed, parts_dir):
    """A stand-in ``run_subject``: writes a part saying which process ran it with which settings."""
    def fill(h5):
        h5.attrs["workers"] = cfg.engine["settings"].workers
        h5.attrs["pid"] = os.getpid()

    store.write_part(Path(parts_dir), subject.id, fill)


@pytest.mark.parametrize("individual", [False, True])
def test_run_cohort_jobs_policy(tmp_path, individual):
    """Shared circuit: subjects here, windows in ``jobs`` processes; individual circuits: subjects in parallel."""
    cfg = _Config({"individual": individual}, {"settings": EngineSettings()})
    ctx = RunContext(h5=None, seed=1, jobs=2, progress=lambda n: None, cache_dir=None,
                     options={"parts_dir": str(tmp_path)})
    parts = run_cohort(cfg, ctx, [_Subject("a"), _Subject("b"), _Subject("c")], _record_subject)
    facts = []
    for p in parts:
        with h5py.File(p, "r") as h5:
            facts.append((int(h5.attrs["workers"]), int(h5.attrs["pid"])))
    if individual:
        assert {w for w, _ in facts} == {1}
        assert os.getpid() not in {pid for _, pid in facts}
    else:
        assert facts == [(2, os.getpid())] * 3


def _datasets(path):
    out = {}
    with h5py.File(path, "r") as h5:
        h5.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset)
                      else None)
    return out


def test_run_jobs_2_equals_jobs_1(tmp_path):
    """A shared-circuit cohort with ``--jobs 2`` (windows in 2 processes) writes the same data."""
    files = {}
    for jobs in (1, 2):
        cache = fresh_surface_cache(tmp_path / f"cache-{jobs}")  # empty: both arms run their windows
        out = tmp_path / f"jobs-{jobs}.h5"
        rc = cli.main(["run", "acute-microdialysis", "--out", str(out), "--subjects", "1", "--seed", "7",
                       "--set", "circuit.scale=0.25", "--set", "microdialysis.duration=20 min",
                       "--set", "microdialysis.spike_windows=[]", "--jobs", str(jobs),
                       "--cache-dir", str(cache), "--no-plot", "--quiet"])
        assert rc == 0
        files[jobs] = _datasets(out)
    assert files[1].keys() == files[2].keys()
    for name, value in files[1].items():
        if value.dtype.kind == "f":
            np.testing.assert_array_equal(value, files[2][name], err_msg=name)
        else:
            assert np.array_equal(value, files[2][name]), name
    with h5py.File(tmp_path / "jobs-2.h5", "r") as h5:
        assert sum(int(h5[f"subjects/{s}/engine_stats"].attrs["windows_run"]) for s in h5["subjects"]) > 0
