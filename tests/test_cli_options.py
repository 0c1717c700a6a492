"""Command-line options: every bad value is one line naming the option, exit code 2."""

from __future__ import annotations

import pytest

from raphe.experiments import cli


@pytest.mark.parametrize("args, flag", [
    (["run", "acute-microdialysis", "--subjects", "-3"], "--subjects"),
    (["run", "acute-microdialysis", "--subjects", "three"], "--subjects"),
    (["run", "acute-microdialysis", "--seed", "-1"], "--seed"),
    (["run", "acute-microdialysis", "--jobs", "0"], "--jobs"),
    (["sweep", "dose-response", "--jobs", "-2"], "--jobs"),
    (["sweep", "dose-response", "--dask-local", "0"], "--dask-local"),
    (["pk", "sertraline", "--dose", "-10mg/kg"], "--dose"),
    (["pk", "sertraline", "--dose", "-10 mg/kg"], "--dose"),
    (["pk", "sertraline", "--days", "-2"], "--days"),
    (["pk", "sertraline", "--hours", "many"], "--hours"),
    (["pk", "sertraline", "--rows", "0"], "--rows"),
    (["pk", "sertraline", "--route", "nasal"], "--route"),
])
def test_bad_option_is_one_line_naming_it(args, flag, capsys):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"raphe {args[0]}: error: {flag}:"), err
    assert "_positive_int" not in err and "usage" not in err


@pytest.mark.parametrize("args, words", [
    (["run", "acute-microdialysis", "--set", "group.1.doses.0.drug=sertralin"], "did you mean 'sertraline'?"),
    (["pk", "sertralin"], "did you mean 'sertraline'?"),
    (["schema", "microdialysys"], "did you mean 'microdialysis'?"),
    (["list", "drugz"], "did you mean 'drugs'?"),
    (["inspect", "missing.h5"], "no such file"),
    (["plot", "missing.h5"], "no such file"),
    (["export", "missing.h5", "--nwb"], "no such file"),
    (["sweep", "no-such-experiment"], "experiment"),
    (["window", "--seconds", "abc"], "--seconds"),
    (["validate", "--only", "no-such-target"], "--only"),
])
def test_every_command_exits_2_on_bad_input_with_one_line(args, words, capsys, tmp_path, monkeypatch):
    """The README: bad input is one line naming the field and exit code 2, for every command."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert "Traceback" not in err


def test_negative_value_is_kept_with_its_option():
    assert cli._join_negative_values(["pk", "x", "--dose", "-10mg/kg", "--days", "3"]) == \
        ["pk", "x", "--dose=-10mg/kg", "--days", "3"]
    assert cli._join_negative_values(["run", "x", "--set", "a=-1"]) == ["run", "x", "--set", "a=-1"]


def test_every_population_has_its_own_colour():
    from raphe.analysis.plots import population_colours
    from raphe.circuits.populations import load_all

    colours = population_colours()
    assert set(colours) == set(load_all().names())
    assert len(set(colours.values())) == len(colours)


@pytest.mark.parametrize("fails", [False, True])
def test_imports_uncollected_restores_the_collector(fails):
    """`raphe run` imports with cycle collection paused, then freezes what it holds and
    collects again (whether the block fails or not); a paused collector stays paused."""
    import gc

    from raphe.experiments import commands

    assert gc.isenabled()
    try:
        with commands.imports_uncollected():
            assert not gc.isenabled()
            kept = [object()]
            if fails:
                raise ValueError("bad input")
    except ValueError:
        assert fails
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()
    gc.disable()
    try:
        with commands.imports_uncollected():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
    assert kept
