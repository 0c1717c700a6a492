"""``raphe.memo``: a pure function's result is read back bit for bit by its exact inputs, any
other input calls the function, and a rerun of the pharmacokinetics, a Welch test and a
dose-response fit in a fresh interpreter imports no scipy."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from raphe import memo


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPHE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "memo"


def _counting():
    calls = []

    def fn(a, b=1.0):
        calls.append((a, b))
        return np.asarray(a, dtype=float) * b, np.float64(b) / 3.0

    return fn, calls


def test_a_call_is_read_back_bit_for_bit(cache):
    fn, calls = _counting()
    a = np.array([0.1, 0.2, 1e-300])
    first = memo.call("f", fn, a, b=7.0)
    second = memo.call("f", fn, a, b=7.0)
    assert len(calls) == 1
    assert [x.tobytes() for x in first] == [x.tobytes() for x in second]
    assert second[1].shape == () and second[1][()] == np.float64(7.0) / 3.0
    assert len(list((cache / "f").glob("*.npz"))) == 1


@pytest.mark.parametrize("other", [
    ((np.array([0.1, 0.2, 1e-300]),), {"b": 7.000000000000001}),  # one bit of a float
    ((np.array([0.1, 0.2, 1e-300], dtype=np.float32),), {"b": 7.0}),  # another dtype
    ((np.array([0.1, 0.2]),), {"b": 7.0}),  # another shape
    (([0.1, 0.2, 1e-300],), {"b": 7.0}),  # a list, not an array
    ((np.array([0.1, 0.2, 1e-300]),), {"b": 7}),  # an int, not a float
])
def test_any_other_input_calls_the_function(cache, other):
    fn, calls = _counting()
    memo.call("f", fn, np.array([0.1, 0.2, 1e-300]), b=7.0)
    args, kwargs = other
    memo.call("f", fn, *args, **kwargs)
    memo.call("f", fn, np.array([0.1, 0.2, 1e-300]), b=7.0, code=b"another version")
    memo.call("g", fn, np.array([0.1, 0.2, 1e-300]), b=7.0)  # another name
    assert len(calls) == 4


def test_inputs_without_an_exact_form_and_an_unwritable_cache_only_mean_calling(tmp_path, monkeypatch):
    fn, calls = _counting()
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("RAPHE_CACHE", str(blocker))
    for _ in range(2):
        memo.call("f", fn, 1.0)
    monkeypatch.setenv("RAPHE_CACHE", str(tmp_path / "cache"))
    for _ in range(2):
        memo.call("f", lambda x: np.zeros(1), object())  # no exact digest: not cached
    assert len(calls) == 2 and not (tmp_path / "cache" / "memo").exists()


def test_errors_are_not_cached(cache):
    calls = []

    def fails(x):
        calls.append(x)
        raise RuntimeError("no convergence")

    for _ in range(2):
        with pytest.raises(RuntimeError):
            memo.call("f", fails, 1.0)
    assert len(calls) == 2


def test_a_damaged_result_is_computed_again(cache, caplog):
    fn, calls = _counting()
    with caplog.at_level("WARNING", logger="raphe"):
        memo.call("f", fn, 2.0)
    assert not caplog.records  # a first computation is no news
    (path,) = (cache / "f").glob("*.npz")
    path.write_bytes(b"not a zip file")
    with caplog.at_level("WARNING", logger="raphe"):
        again = memo.call("f", fn, 2.0)
    assert len(calls) == 2 and again[0][()] == 2.0
    (record,) = caplog.records  # recomputed, and the log says so
    assert "damaged cache entry" in record.getMessage() and path.name in record.getMessage()


def test_the_newest_results_are_kept(cache, monkeypatch):
    monkeypatch.setattr(memo, "KEEP", 3)
    monkeypatch.setattr(memo, "_pruned", set())
    fn, _ = _counting()
    for k in range(5):
        memo.call("f", fn, float(k))
    assert len(list((cache / "f").glob("*.npz"))) == 5  # pruned once per process, at the first store
    monkeypatch.setattr(memo, "_pruned", set())
    memo.call("f", fn, 99.0)
    assert len(list((cache / "f").glob("*.npz"))) == 3


def test_a_rerun_imports_no_scipy_and_gives_the_same_bits(tmp_path):
    """Pharmacokinetics (matrix exponentials), a Welch test (t tail) and a suppression ED50
    (logistic fit), twice in fresh interpreters: the second imports no scipy module and every
    number is the same to the bit."""
    code = textwrap.dedent("""
        import sys
        import numpy as np
        from raphe import brian2_deferred
        brian2_deferred.defer()
        import brian2
        from raphe.circuits.pharmacology import Dose, Regimen, simulate_pk
        from raphe.analysis import ephys, metrics
        regimen = Regimen(doses=[Dose("citalopram", "10 mg/kg", "sc", "0 h")])
        pk = simulate_pk(regimen, times=np.linspace(0, 6, 61) * 3600 * brian2.second)
        w = metrics.welch([1.0, 2.5, 3.1, 2.2], [0.4, 0.9, 1.1])
        fit = ephys.fit_ed50([0.5, 1, 2, 4, 8, 16], [95.0, 80, 55, 30, 12, 5])
        values = [float(v) for c in pk.brain_free_nM.values() for v in np.ravel(c)] + [w.t, w.p, fit.ed50, fit.hill]
        print(" ".join(float.hex(float(v)) for v in values))
        print(sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "sympy", "matplotlib"}))
    """)
    env = dict(os.environ, RAPHE_CACHE=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
            for _ in range(2)]
    for r in runs:
        assert r.returncode == 0, r.stderr[-3000:]
    (values1, modules1), (values2, modules2) = (r.stdout.strip().splitlines() for r in runs)
    assert modules1 == "['scipy']" and modules2 == "[]"
    assert values1 == values2 and len(values1.split()) > 60
