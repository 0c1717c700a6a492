"""`raphe window` and `raphe list` from the command line."""

import json

import pytest

from raphe.experiments import cli


def test_window_json_has_the_documented_keys(capsys):
    rc = cli.main(["window", "--backend", "numpy", "--scale", "0.05", "--seconds", "0.5", "--warmup", "0.2",
                   "--input", "occupancy.SERT=0.5", "--json"])
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"rates_hz", "concentrations_nM", "receptor_activation", "drn_isi_cv"}
    assert set(data["rates_hz"]) == {"DRN_5HT", "DRN_GABA", "PFC_E", "PFC_I", "NAc_D1", "NAc_D2",
                                     "VTA_DA", "LC_NE"}
    assert all(0.0 <= v <= 1.0 for v in data["receptor_activation"].values())


def test_list_inputs(capsys):
    assert cli.main(["window", "--list-inputs"]) == 0
    out = capsys.readouterr().out
    assert "occupancy.SERT" in out and "competitor.5-HT1A" in out


@pytest.mark.parametrize("args, field", [
    (["--input", "occupancy.SERT=1.5"], "occupancy.SERT"),
    (["--input", "SERT=0.5"], "SERT"),
    (["--input", "occupancy.SERT"], "--input"),
    (["--scale", "-2"], "circuit.scale"),
    (["--seconds", "abc"], "--seconds"),
    (["--backend", "gpu"], "backend"),
])
def test_window_bad_input_is_one_line_exit_2(capsys, args, field):
    rc = cli.main(["window", *args])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert field in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("what", ["populations", "receptors", "drugs", "experiments", "protocols", "inputs"])
def test_list_registries(capsys, what):
    assert cli.main(["list", what]) == 0
    assert capsys.readouterr().out.strip()


def test_list_unknown_lists_valid_names(capsys):
    assert cli.main(["list", "drug"]) == 2
    assert "drugs" in capsys.readouterr().err
