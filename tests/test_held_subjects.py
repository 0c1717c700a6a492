"""Held subjects: a subject cheap to simulate skips its part file; the results file is the same.

:func:`raphe.experiments.cohort.run_cohort` keeps the writer of a subject simulated in less
than ``HOLD_BELOW_SECONDS`` in memory and the gather step calls it on the results file; with
the threshold at 0 every subject goes through a part file (the behaviour the held path must
reproduce exactly). Stand-in engine (fast).
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from raphe.experiments import cli, cohort
from raphe.experiments.protocols import microdialysis as proto
from raphe.io import store

import test_microdialysis_standin as standin
from test_cli_run import TINY

#: root attributes that differ between any two runs (the clock)
CLOCK = {"created"}


@pytest.fixture()
def tiny(tmp_path, monkeypatch):
    standin.install(monkeypatch)
    path = tmp_path / "tiny.toml"
    path.write_text(TINY)
    return path


@pytest.fixture()
def parts_written(monkeypatch):
    """The ids of the part files written (in order)."""
    written = []
    real = store.write_part

    def spy(directory, key, fill):
        written.append(key)
        return real(directory, key, fill)

    monkeypatch.setattr(store, "write_part", spy)
    return written


def _run(config, out, *extra):
    return cli.main(["run", str(config), "--out", str(out), "--quiet", "--no-plot", *extra])


def _content(path) -> dict:
    """Every attribute and dataset of a file: ``{(path, attr or None): value}``."""
    out = {}

    def add(name, obj):
        for k, v in obj.attrs.items():
            if not (name == "/" and k in CLOCK):
                out[(name, k)] = np.asarray(v)
        if isinstance(obj, h5py.Dataset):
            out[(name, None)] = obj[()]

    with h5py.File(path, "r") as h5:
        add("/", h5)
        h5.visititems(add)
    return out


def _assert_identical(a, b):
    ca, cb = _content(a), _content(b)
    assert ca.keys() == cb.keys()
    for k in ca:
        x, y = np.asarray(ca[k]), np.asarray(cb[k])
        assert x.dtype == y.dtype and x.shape == y.shape, k
        np.testing.assert_array_equal(x, y, err_msg=str(k))  # NaN equals NaN here


def _reference(tiny, tmp_path, monkeypatch):
    """The run with every subject written to a part and copied."""
    monkeypatch.setattr(cohort, "HOLD_BELOW_SECONDS", 0.0)
    ref = tmp_path / "ref.h5"
    assert _run(tiny, ref) == 0
    return ref


def test_every_subject_held_writes_no_part_and_the_same_file(tiny, tmp_path, monkeypatch, parts_written):
    ref = _reference(tiny, tmp_path, monkeypatch)
    assert len(parts_written) == 4
    parts_written.clear()
    monkeypatch.setattr(cohort, "HOLD_BELOW_SECONDS", 1e9)
    out = tmp_path / "held.h5"
    assert _run(tiny, out) == 0
    assert parts_written == []
    _assert_identical(ref, out)


@pytest.mark.parametrize("max_subjects, max_seconds, n_parts", [(3, float("inf"), 3), (64, 0.0, 4)])
def test_the_bound_flushes_held_subjects_to_parts(tiny, tmp_path, monkeypatch, parts_written, max_subjects,
                                                  max_seconds, n_parts):
    """At most ``HOLD_MAX_SUBJECTS`` held, or simulation time summed over them up to
    ``HOLD_MAX_SECONDS`` (0 s: every subject is flushed at once)."""
    ref = _reference(tiny, tmp_path, monkeypatch)
    parts_written.clear()
    monkeypatch.setattr(cohort, "HOLD_BELOW_SECONDS", 1e9)
    monkeypatch.setattr(cohort, "HOLD_MAX_SUBJECTS", max_subjects)
    monkeypatch.setattr(cohort, "HOLD_MAX_SECONDS", max_seconds)
    out = tmp_path / "bounded.h5"
    assert _run(tiny, out) == 0
    order = ["vehicle-01", "vehicle-02", "citalopram-01", "citalopram-02"]
    assert parts_written == order[:n_parts]
    _assert_identical(ref, out)


def _fail_at(k: int):
    calls = {"n": 0}

    def fake(**kw):
        calls["n"] += 1
        if calls["n"] == k:
            raise RuntimeError("solver blew up")
        return standin.fake_simulate_subject(**kw)
    return fake


@pytest.mark.parametrize("threshold, n_kept", [(0.0, 2), (1e9, 0)])
def test_interrupted_run_keeps_expensive_subjects_and_resume_gives_the_same_file(
        tiny, tmp_path, monkeypatch, threshold, n_kept):
    """Failure at subject 3: the two finished subjects are kept as parts if they were expensive
    (threshold 0), not if they were held; ``--resume`` finishes the same file either way."""
    ref = _reference(tiny, tmp_path, monkeypatch)
    monkeypatch.setattr(cohort, "HOLD_BELOW_SECONDS", threshold)
    out = tmp_path / "r.h5"
    monkeypatch.setattr(proto, "_simulate", _fail_at(3))
    with pytest.raises(RuntimeError, match="solver blew up"):
        _run(tiny, out)
    assert not out.exists()
    assert sorted(store.finished_parts(store.parts_dir(out))) == sorted(["vehicle-01", "vehicle-02"][:n_kept])
    monkeypatch.setattr(proto, "_simulate", standin.fake_simulate_subject)
    assert _run(tiny, out, "--resume") == 0
    with h5py.File(out, "r") as h5:
        assert h5.attrs["resumed_parts"] == n_kept
    # resumed_parts says how the file was made; everything else is the same
    ca, cb = _content(ref), _content(out)
    ca.pop(("/", "resumed_parts")), cb.pop(("/", "resumed_parts"))
    assert ca.keys() == cb.keys()
    for k in ca:
        np.testing.assert_array_equal(ca[k], cb[k], err_msg=str(k))


def _writer(i: int):
    """A writer touching what :func:`store.copy_part` treats specially: the part's own (root)
    attributes (not copied), attributes of a group that exists already (merged), a dataset
    replaced."""
    def fill(h5):
        h5.attrs["complete"] = True
        h5.attrs[f"only_in_part_{i}"] = i
        h5.attrs["seed"] = -1
        shared = h5.require_group("shared")
        shared.attrs["last"] = i
        shared.attrs[f"from_{i}"] = float(i) / 3
        store.write_array(shared, "latest", np.arange(i + 1.0), "s")
        store.write_array(h5.create_group(f"subjects/s{i}"), "x", np.full(300, i, dtype=float), "nM")
    return fill


@pytest.mark.parametrize("point", [None, "points/p000"])
def test_held_writers_give_what_copied_parts_give(tmp_path, point):
    """Into a file or a sweep point's group, in cohort order, held and copied mixed."""
    files = {}
    (tmp_path / "parts").mkdir()
    for how in ("parts", "held", "mixed"):
        path = tmp_path / f"{how}.h5"
        with h5py.File(path, "w") as h5:
            h5.attrs["seed"] = np.int64(7)
            h5.attrs["complete"] = False
            target = h5.create_group(point) if point else h5
            target.attrs["label"] = "p"
            entries = []
            for i in range(4):
                fill = _writer(i)
                if how == "parts" or (how == "mixed" and i % 2):
                    fill = store.write_part(tmp_path / "parts", f"{how}{i}", fill)
                entries.append(fill)
            store.gather_parts(entries, target)
        files[how] = path
    _assert_identical(files["parts"], files["held"])
    _assert_identical(files["parts"], files["mixed"])
    with h5py.File(files["held"], "r") as h5:
        target = h5[point] if point else h5
        assert dict(target.attrs) == {"label": "p"} | ({} if point else {"seed": 7, "complete": False})
        assert dict(h5.attrs) == {"seed": 7, "complete": False} | ({} if point else {"label": "p"})
        assert target["shared"].attrs["last"] == 3 and list(target["shared/latest"][()]) == [0, 1, 2, 3]
