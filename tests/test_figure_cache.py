"""The report figure cache: a page drawn before is copied byte for byte, anything that could
change a pixel draws it again, and a copied page never imports matplotlib's drawing modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import h5py
import matplotlib
import pytest

from raphe.analysis import figure_cache, report

import test_microdialysis_standin as standin
from test_cli_run import TINY


@pytest.fixture
def tiny_results(tmp_path, monkeypatch):
    out = standin.run_tiny(tmp_path, monkeypatch, TINY)
    monkeypatch.setenv("RAPHE_CACHE", str(tmp_path / "cache"))  # an empty figure cache
    return out


def _drawn(monkeypatch) -> list:
    """Pages drawn (not copied) from now on."""
    calls = []
    draw = report._draw

    def counting(*args, **kwargs):
        calls.append(args[1])
        return draw(*args, **kwargs)

    monkeypatch.setattr(report, "_draw", counting)
    return calls


def test_same_page_is_copied_byte_for_byte(tiny_results, tmp_path, monkeypatch):
    drawn = _drawn(monkeypatch)
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    report.microdialysis_report(tiny_results, first)
    report.microdialysis_report(tiny_results, second)
    assert drawn == [first]
    assert second.read_bytes() == first.read_bytes()
    assert len(list((tmp_path / "cache" / "figures").glob("*.png"))) == 1


def test_anything_that_changes_a_pixel_draws_again(tiny_results, tmp_path, monkeypatch):
    drawn = _drawn(monkeypatch)
    report.microdialysis_report(tiny_results, tmp_path / "a.png")
    # other data: one value of one subject's drug concentration
    other = tmp_path / "other.h5"
    shutil.copyfile(tiny_results, other)
    with h5py.File(other, "r+") as h5:
        sg = next(iter(h5["subjects"].values()))
        ds = next(ds for ds in sg["pk/brain_free_nM"].values())
        values = ds[()]
        values[values.argmax()] *= 1.5  # the peak (a drug is at zero before the dose)
        ds[...] = values
    report.microdialysis_report(other, tmp_path / "b.png")
    report.microdialysis_report(tiny_results, tmp_path / "c.png", dpi=100)  # another resolution
    with matplotlib.rc_context({"lines.linewidth": 3.0}):  # another matplotlib setting
        report.microdialysis_report(tiny_results, tmp_path / "d.png")
    report.microdialysis_report(tiny_results, tmp_path / "e.png", cache=False)  # cache off
    assert [p.name for p in drawn] == ["a.png", "b.png", "c.png", "d.png", "e.png"]
    report.microdialysis_report(tiny_results, tmp_path / "f.png")
    assert len(drawn) == 5 and (tmp_path / "f.png").read_bytes() == (tmp_path / "a.png").read_bytes()


def test_digest_refuses_values_without_an_exact_form(tmp_path):
    assert figure_cache.digest("page", {"x": [1.0, "a"]}, []) is not None
    assert figure_cache.digest("page", {"x": object()}, []) is None
    assert figure_cache.digest("page", [1], []) != figure_cache.digest("page", [1.0], [])
    assert figure_cache.digest("page", ["ab", "c"], []) != figure_cache.digest("page", ["a", "bc"], [])
    figure_cache.keep(None, tmp_path / "absent.png")  # no key: nothing stored, no error
    assert not figure_cache.fetch(None, tmp_path / "x.png")


def test_unwritable_cache_only_means_drawing(tiny_results, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("RAPHE_CACHE", str(blocker))
    drawn = _drawn(monkeypatch)
    for name in ("a.png", "b.png"):
        report.microdialysis_report(tiny_results, tmp_path / name)
    assert [p.name for p in drawn] == ["a.png", "b.png"]
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_copied_page_does_not_import_matplotlib_drawing(tiny_results, tmp_path):
    """Invariant of a warm run's figure, in fresh interpreters with Brian2 deferred as the
    ``raphe`` command does: the first draws, the second copies without importing
    ``matplotlib.figure``."""
    code = ("import sys; from raphe import brian2_deferred; brian2_deferred.defer(); "
            "from raphe.analysis import report; "
            "report.microdialysis_report(sys.argv[1], sys.argv[2]); "
            "print('matplotlib.figure' in sys.modules)")
    env = dict(os.environ, RAPHE_CACHE=str(tmp_path / "cache"))
    out = []
    for name in ("first.png", "second.png"):
        run = subprocess.run([sys.executable, "-c", code, str(tiny_results), str(tmp_path / name)],
                             capture_output=True, text=True, env=env, check=True)
        out.append(run.stdout.strip())
    assert out == ["True", "False"]
    assert (tmp_path / "first.png").read_bytes() == (tmp_path / "second.png").read_bytes()


def _chronic_file(path):
    """A results file holding only what the chronic figure reads (made-up numbers: the figure
    is under test, not the model)."""
    import numpy as np

    days = np.array([0.0, 7.0, 14.0, 21.0])
    with h5py.File(path, "w") as h5:
        for k, (name, label) in enumerate((("vehicle", "vehicle"), ("citalopram", "citalopram 10 mg/kg/day"))):
            g = h5.create_group(f"summary/chronic/{name}")
            g.attrs["label"] = label
            g["day"] = days
            for key in ("firing_percent_control", "PFC_5HT_percent_control", "sensitivity_5HT1A_auto", "CREB"):
                g[f"{key}_mean"] = 100.0 - k * np.array([0.0, 40.0, 20.0, 5.0])
                g[f"{key}_sem"] = np.full(4, 5.0)
            g["course_day"] = np.linspace(0, 21, 50)
            g["sensitivity_5HT1A_auto_course"] = 1.0 - 0.01 * k * np.linspace(0, 21, 50)
            c = g.create_group("agonist_challenge")
            c.attrs.update({"drug": "8-OH-DPAT", "dose_unit": "ug/kg", "day": 21, "ed50": 0.3 + 2 * k,
                            "ed50_extrapolated": False})
            c["dose"] = np.array([0.25, 1.0, 4.0, 16.0])
            c["percent_baseline_mean"] = np.array([90.0, 60.0, 20.0, 5.0]) + 5 * k
            c["percent_baseline_sem"] = np.full(4, 4.0)
    return path


def test_chronic_figure_is_copied_once_drawn(tmp_path, monkeypatch):
    from raphe.analysis import ephys

    monkeypatch.setenv("RAPHE_CACHE", str(tmp_path / "cache"))
    results = _chronic_file(tmp_path / "chronic.h5")
    drawn = []
    draw = ephys._draw_chronic
    monkeypatch.setattr(ephys, "_draw_chronic", lambda *a: (drawn.append(a[-1]), draw(*a)))
    for name in ("a.png", "b.png"):
        ephys.chronic_figure(results, tmp_path / name)
    ephys.chronic_figure(results, tmp_path / "c.png", cache=False)
    assert [p.name for p in drawn] == ["a.png", "c.png"]
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes() == (tmp_path / "c.png").read_bytes()


def test_digest_without_matplotlib_reads_its_settings_files(tmp_path):
    """Without matplotlib imported, the digest hashes the files its settings would come from
    (never importing it): a ``matplotlibrc`` in the working directory or in ``$MPLCONFIGDIR``
    changes the digest."""
    code = ("import sys; from raphe.analysis import figure_cache; "
            "print(figure_cache.digest('page', {'x': [1.0]}, []), 'matplotlib' in sys.modules)")

    def digest(cwd, **env):
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd,
                             env={**os.environ, "MPLCONFIGDIR": str(tmp_path / "config"), **env})
        key, imported = run.stdout.split()
        assert imported == "False"
        return key

    (tmp_path / "config").mkdir()
    plain = tmp_path / "plain"
    plain.mkdir()
    styled = tmp_path / "styled"
    styled.mkdir()
    (styled / "matplotlibrc").write_text("lines.linewidth: 3\n")
    base = digest(plain)
    assert digest(plain) == base
    assert digest(styled) != base
    (tmp_path / "config" / "matplotlibrc").write_text("font.size: 14\n")
    assert digest(plain) != base


def test_a_run_that_imported_matplotlib_finds_the_figures_of_one_that_did_not(tmp_path):
    """A cold run imports matplotlib (through Brian2), a warm one does not: with the settings
    unchanged since matplotlib read its files, both digest a page alike; a changed setting
    gives another digest."""
    code = ("import sys; from raphe.analysis import figure_cache as fc; d = lambda: fc.digest('page', [1.0], []); "
            "before = d(); import matplotlib; same = d(); matplotlib.rcParams['lines.linewidth'] = 3.0; "
            "print(before == same, d() != same)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MPLCONFIGDIR": str(tmp_path)})
    assert run.stdout.split() == ["True", "True"]
