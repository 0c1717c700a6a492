"""Bad input to the pharmacology layer and `raphe pk`: one-line errors naming field and value."""

from __future__ import annotations

import json
import math

import brian2
import numpy as np
import pytest

from raphe.circuits.pharmacology import TARGETS, DRUGS, Dose, Regimen, simulate_pk
from raphe.errors import RapheInputError, UnknownNameError
from raphe.experiments.cli import main

hour = 3600 * brian2.second
T = np.linspace(0, 2, 9) * hour


def test_unknown_drug_lists_valid_names():
    with pytest.raises(UnknownNameError) as err:
        Dose("sertralin", "10 mg/kg")
    msg = str(err.value)
    assert "sertralin" in msg and "sertraline" in msg and "citalopram" in msg
    assert err.value.field == "dose.drug"


@pytest.mark.parametrize("amount, fragment", [
    ("10", "units"),                     # no units
    (10, "units"),                       # bare Python number
    ("-1 mg/kg", "zero or more"),         # negative
    ("nan mg/kg", "nan"),                 # non-finite text is not a number
    (math.nan * brian2.mgram, "finite"),  # non-finite quantity
    (math.inf * brian2.mgram, "finite"),
    ("10 mV", "wrong kind of unit"),
    ("10 furlongs", "unknown unit"),
    (None, "dose"),
])
def test_bad_amount(amount, fragment):
    with pytest.raises(RapheInputError) as err:
        Dose("sertraline", amount)
    assert err.value.field == "dose.amount"
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_bad_schedule_fields():
    with pytest.raises(UnknownNameError, match="dose.route"):
        Dose("sertraline", "10 mg/kg", route="intranasal")
    with pytest.raises(RapheInputError, match="dose.duration"):
        Dose("sertraline", "10 mg/kg", route="iv_infusion")
    with pytest.raises(RapheInputError, match="dose.duration"):
        Dose("sertraline", "10 mg/kg/day", route="minipump")
    with pytest.raises(RapheInputError, match="dose.duration"):
        Dose("sertraline", "10 mg/kg", route="ip", duration="1 h")
    with pytest.raises(RapheInputError, match="dose.amount"):
        Dose("sertraline", "10 mg/kg", route="minipump", duration="14 days")
    with pytest.raises(RapheInputError, match="dose.amount"):
        Dose("sertraline", "10 mg/kg/day", route="ip")
    with pytest.raises(RapheInputError, match="dose.every"):
        Dose("sertraline", "10 mg/kg", count=3)
    with pytest.raises(RapheInputError, match="dose.every"):
        Dose("sertraline", "10 mg/kg", every="-24 h", count=3)
    with pytest.raises(RapheInputError, match="dose.count"):
        Dose("sertraline", "10 mg/kg", every="24 h", count=0)
    with pytest.raises(RapheInputError, match="dose.time"):
        Dose("sertraline", "10 mg/kg", time="20")
    with pytest.raises(RapheInputError, match="dose.salt"):
        Dose("sertraline", "10 mg/kg", salt="yes")
    with pytest.raises(RapheInputError, match="regimen.doses"):
        Regimen(())


def test_species_dependent_errors_before_running():
    with pytest.raises(RapheInputError) as err:   # mg for a rat dose in mg/kg
        simulate_pk(Dose("sertraline", "10 mg"), species="rat", times=T)
    assert err.value.field == "dose.amount" and err.value.value == "10 mg"
    with pytest.raises(RapheInputError, match="dose.amount"):  # mg/kg for a human
        simulate_pk(Dose("sertraline", "50 mg/kg", route="po"), species="human", times=T)
    with pytest.raises(RapheInputError, match="dose.route.*'ip'"):  # route the record lacks
        simulate_pk(Dose("sertraline", "50 mg", route="ip"), species="human", times=T)
    with pytest.raises(RapheInputError, match="species"):  # no human record
        simulate_pk(Dose("WAY-100635", "1 mg", route="iv"), species="human", times=T)
    with pytest.raises(UnknownNameError, match="species"):
        simulate_pk(Dose("sertraline", "10 mg/kg"), species="mouse", times=T)


@pytest.mark.parametrize("kwargs, field", [
    ({"times": np.linspace(0, 2, 5)}, "times"),
    ({"times": np.array([0.0, math.nan]) * hour}, "times"),
    ({"body_weight": 0.3}, "body_weight"),
    ({"body_weight": -0.3 * brian2.kgram}, "body_weight"),
    ({"pk_scale": {"clearence": 1.1}}, "pk_scale"),
    ({"pk_scale": {"clearance": -1}}, "pk_scale.clearance"),
    ({"pk_scale": {"volume": math.inf}}, "pk_scale.volume"),
    ({"affinities": {("sertraline", "SERTT"): 1 * brian2.nmolar}}, "affinities.target"),
    ({"affinities": {("sertralin", "SERT"): 1 * brian2.nmolar}}, "affinities.drug"),
    ({"affinities": {("sertraline", "SERT"): 1.0}}, "affinities[sertraline, SERT]"),
    ({"affinities": {("sertraline", "SERT"): -1 * brian2.nmolar}}, "affinities[sertraline, SERT]"),
])
def test_bad_simulation_arguments(kwargs, field):
    kw = {"times": T, **kwargs}
    with pytest.raises(RapheInputError) as err:
        simulate_pk(Dose("sertraline", "10 mg/kg"), **kw)
    assert err.value.field == field


# --------------------------------------------------------------------------- CLI
def test_cli_json(capsys):
    assert main(["pk", "sertraline", "--json", "--hours", "6", "--points", "13"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"time_h", "plasma_ng_per_ml", "brain_free_nM", "occupancy"} <= set(out)
    assert len(out["time_h"]) == 13 and out["time_h"][-1] == 6
    assert set(out["plasma_ng_per_ml"]) == {"sertraline", "desmethylsertraline"}
    assert set(out["occupancy"]) == set(TARGETS)
    assert max(out["occupancy"]["SERT"]) > 0.9  # default: rat 10 mg/kg i.p.


def test_cli_table_repeated_human(capsys):
    assert main(["pk", "Zoloft", "--species", "human", "--dose", "50mg", "--every", "24h",
                 "--days", "14", "--rows", "5"]) == 0
    out = capsys.readouterr().out
    assert "sertraline 50 mg po every 24 h x 14" in out
    assert "last dosing interval" in out and "SERT occ (%)" in out


def test_cli_plot(tmp_path, capsys):
    png = tmp_path / "pk.png"
    assert main(["pk", "citalopram", "--dose", "20mg/kg/day", "--route", "minipump",
                 "--days", "3", "--plot", str(png)]) == 0
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize("argv", [
    ["pk", "sertralin"],
    ["pk", "sertraline", "--dose", "10mg"],
    ["pk", "sertraline", "--dose", "10"],
    ["pk", "sertraline", "--dose=-1mg/kg"],
    ["pk", "sertraline", "--dose", "nan mg/kg"],
    ["pk", "sertraline", "--species", "human", "--route", "ip"],
    ["pk", "sertraline", "--species", "dog"],
    ["pk", "WAY-100635", "--species", "human"],
    ["pk", "sertraline", "--route", "iv_infusion"],
    ["pk", "sertraline", "--hours", "0"],
    ["pk", "sertraline", "--every", "0h"],
    ["pk", "sertraline", "--plot", "/nonexistent/dir/x.png"],
])
def test_cli_bad_input_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("raphe pk: error:") and "\n" not in err


def test_registry_has_every_alias_case_insensitively():
    for name, d in DRUGS.items():
        for alias in (name, *d.aliases):
            assert DRUGS.get(alias.upper()) is d
